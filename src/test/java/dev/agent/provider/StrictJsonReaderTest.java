package dev.agent.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agent.Fuzz;
import dev.agent.provider.StrictJsonReader.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The strict reader reads ordinary chunks, and leaves to Jackson everything it does not read
 * exactly as Jackson does: on every input it accepts, Jackson gives the same tokens and values.
 */
class StrictJsonReaderTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The tokens of the first value, each with its text or number, as the strict reader sees them.
   */
  private static List<String> strictTokens(String json) throws StrictJsonReader.Unsupported {
    StrictJsonReader reader = new StrictJsonReader(json);
    List<String> tokens = new ArrayList<>();
    for (Token token = reader.next(); token != null; token = reader.next()) {
      tokens.add(
          switch (token) {
            case FIELD_NAME -> "name:" + reader.text();
            case STRING -> "string:" + reader.text();
            case INTEGER -> "int:" + reader.longValue();
            case OTHER_NUMBER -> "number";
            default -> token.name();
          });
    }
    return tokens;
  }

  /** The same from Jackson, which reads the first value only, as a tree would. */
  private static List<String> jacksonTokens(String json) throws Exception {
    List<String> tokens = new ArrayList<>();
    try (JsonParser parser = JSON.createParser(json)) {
      int depth = 0;
      do {
        JsonToken token = parser.nextToken();
        if (token == null) {
          break;
        }
        tokens.add(
            switch (token) {
              case FIELD_NAME -> "name:" + parser.currentName();
              case VALUE_STRING -> "string:" + parser.getText();
              // The strict reader calls an integer of more than 18 digits just a number.
              case VALUE_NUMBER_INT ->
                  parser.getText().replace("-", "").length() > 18
                      ? "number"
                      : "int:" + parser.getLongValue();
              case VALUE_NUMBER_FLOAT -> "number";
              case VALUE_TRUE -> "TRUE";
              case VALUE_FALSE -> "FALSE";
              case VALUE_NULL -> "NULL";
              default -> token.name();
            });
        if (token.isStructStart()) {
          depth++;
        } else if (token.isStructEnd()) {
          depth--;
        }
      } while (depth > 0);
    }
    return tokens;
  }

  @Test
  void readsAnOrdinaryChunk() throws Exception {
    String chunk =
        "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi \\\"there\\\"\\n"
            + "\\u00e9\"},\"finish_reason\":null}],\"usage\":{\"prompt_tokens\":12,\"x\":-1.5e3}}";
    assertEquals(
        List.of(
            "START_OBJECT",
            "name:id",
            "string:c1",
            "name:choices",
            "START_ARRAY",
            "START_OBJECT",
            "name:index",
            "int:0",
            "name:delta",
            "START_OBJECT",
            "name:content",
            "string:Hi \"there\"\né",
            "END_OBJECT",
            "name:finish_reason",
            "NULL",
            "END_OBJECT",
            "END_ARRAY",
            "name:usage",
            "START_OBJECT",
            "name:prompt_tokens",
            "int:12",
            "name:x",
            "number",
            "END_OBJECT",
            "END_OBJECT"),
        strictTokens(chunk));
    assertEquals(jacksonTokens(chunk), strictTokens(chunk));
  }

  @Test
  void skipsChildrenToTheEndOfTheirValue() throws Exception {
    StrictJsonReader reader = new StrictJsonReader("{\"a\":{\"b\":[1,{\"c\":2}]},\"d\":true}");
    assertEquals(Token.START_OBJECT, reader.next());
    assertEquals("a", reader.nextFieldName());
    assertEquals(Token.START_OBJECT, reader.next());
    reader.skipChildren();
    assertEquals(Token.END_OBJECT, reader.current());
    assertEquals("d", reader.nextFieldName());
    assertEquals(Token.TRUE, reader.next());
    assertEquals(null, reader.nextFieldName());
    assertEquals(null, reader.next());
  }

  @Test
  void leavesToJacksonWhatItDoesNotReadWithoutDoubt() {
    for (String json :
        List.of(
            "",
            "  ",
            "{\"a\":01}",
            "{\"a\":1,}",
            "[1,]",
            "{\"a\" 1}",
            "{'a':1}",
            "{\"a\":NaN}",
            "{\"a\":.5}",
            "{\"a\":1.}",
            "{\"a\":1e}",
            "{\"a\":tru}",
            "{\"a\":\"\\x\"}",
            "{\"a\":\"\\u12\"}",
            "{\"a\":\"\\u\u0661\u0662\u0663\u0664\"}",
            "{\"a\":\"tab\there\"}",
            "{\"\\u0061\":1}",
            "{\"a\":1 /* c */}",
            "\ufeff{}",
            "{\"a\":\"unterminated}",
            "[".repeat(StrictJsonReader.MAX_DEPTH + 1) + "]".repeat(StrictJsonReader.MAX_DEPTH + 1),
            "{\"" + "n".repeat(StrictJsonReader.MAX_NAME + 1) + "\":1}",
            "{\"a\":" + "9".repeat(StrictJsonReader.MAX_NUMBER + 1) + "}")) {
      assertThrows(StrictJsonReader.Unsupported.class, () -> strictTokens(json), json);
    }
  }

  @Test
  void readsTheFirstValueOnlyAsJacksonDoes() throws Exception {
    assertEquals(List.of("START_OBJECT", "END_OBJECT"), strictTokens("{} trailing {"));
    assertEquals(jacksonTokens("{} trailing {"), strictTokens("{} trailing {"));
  }

  private static final List<String> PIECES =
      List.of(
          "{",
          "}",
          "[",
          "]",
          ",",
          ":",
          "\"",
          "\\",
          "\\u00",
          "0",
          "-",
          "1",
          ".",
          "e",
          "E",
          "+",
          "9",
          "true",
          "false",
          "null",
          " ",
          "\n",
          "\t",
          "\r",
          "\u0000",
          "\u00e9",
          "\ud83d",
          "\"a\"",
          "\"content\"",
          "\"index\"",
          "\"\\n\"",
          "12345678901234567890",
          "1.5e300");

  /**
   * Half the inputs are JSON values, some with one piece put in at random; the others are mixes of
   * JSON pieces, mostly near misses.
   */
  private static String anyJsonish(Random random) {
    if (random.nextBoolean()) {
      StringBuilder json = new StringBuilder();
      anyValue(random, json, 0);
      if (random.nextInt(3) == 0) {
        json.insert(random.nextInt(json.length() + 1), Fuzz.pick(random, PIECES));
      }
      return json.toString();
    }
    StringBuilder json = new StringBuilder(random.nextBoolean() ? "{" : "");
    for (int n = random.nextInt(30); n > 0; n--) {
      json.append(random.nextInt(8) == 0 ? Fuzz.anyText(random, 2) : Fuzz.pick(random, PIECES));
    }
    return json.toString();
  }

  private static void anyValue(Random random, StringBuilder json, int depth) {
    space(random, json);
    int kind = random.nextInt(depth > 3 ? 4 : 6);
    switch (kind) {
      case 0 -> json.append(Fuzz.pick(random, List.of("true", "false", "null")));
      case 1 ->
          json.append(
              Fuzz.pick(
                  random,
                  List.of(
                      "0", "-0", "7", "-12", "1.25", "-0.5e-3", "6E+2", "9223372036854775807")));
      case 2, 3 -> anyString(random, json);
      case 4 -> {
        json.append('[');
        for (int n = random.nextInt(4); n > 0; n--) {
          anyValue(random, json, depth + 1);
          json.append(n > 1 ? "," : "");
        }
        space(random, json);
        json.append(']');
      }
      default -> {
        json.append('{');
        for (int n = random.nextInt(4); n > 0; n--) {
          space(random, json);
          json.append('"')
              .append(Fuzz.pick(random, List.of("a", "content", "index", "é")))
              .append('"');
          space(random, json);
          json.append(':');
          anyValue(random, json, depth + 1);
          json.append(n > 1 ? "," : "");
        }
        space(random, json);
        json.append('}');
      }
    }
    space(random, json);
  }

  /** A JSON string of any text, escaped in every way JSON allows. */
  private static void anyString(Random random, StringBuilder json) {
    json.append('"');
    for (char c : Fuzz.anyText(random, 8).toCharArray()) {
      if (c == '"' || c == '\\' || c < 0x20 || random.nextInt(6) == 0) {
        String shortEscape =
            switch (c) {
              case '"' -> "\\\"";
              case '\\' -> "\\\\";
              case '/' -> "\\/";
              case '\n' -> "\\n";
              case '\t' -> "\\t";
              default -> null;
            };
        json.append(
            shortEscape != null && random.nextBoolean()
                ? shortEscape
                : String.format(
                    java.util.Locale.ROOT, random.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
      } else {
        json.append(c);
      }
    }
    json.append('"');
  }

  private static void space(Random random, StringBuilder json) {
    if (random.nextInt(4) == 0) {
      json.append(Fuzz.pick(random, List.of(" ", "\n", "\t", "\r\n", "  ")));
    }
  }

  @Test
  void whateverItAcceptsJacksonReadsTheSame() {
    int[] accepted = new int[1];
    Fuzz.forAll(
        20_000,
        StrictJsonReaderTest::anyJsonish,
        Fuzz::show,
        json -> {
          List<String> strict;
          try {
            strict = strictTokens(json);
          } catch (StrictJsonReader.Unsupported e) {
            return;
          }
          accepted[0]++;
          List<String> jackson;
          try {
            jackson = jacksonTokens(json);
          } catch (JsonProcessingException e) {
            throw new AssertionError("accepted what Jackson refuses: " + e.getMessage(), e);
          }
          assertEquals(jackson, strict);
        });
    // The property says nothing unless a fair share of the inputs is accepted.
    assertEquals(true, accepted[0] > 500, "accepted only " + accepted[0]);
  }
}
