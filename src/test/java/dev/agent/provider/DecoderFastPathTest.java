package dev.agent.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agent.Fuzz;
import dev.agent.chat.StreamEvent;
import dev.agent.config.ProviderConfig;
import dev.agent.testing.TestProviders;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Each decoder reads ordinary events on a fast path and leaves the rest to its tree path; on any
 * sequence of events, both paths must tell the same story: the same text, the same end, the same
 * malformed line.
 */
class DecoderFastPathTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A provider with every decoder setting at its default ({@code think_tags = "auto"}). */
  private static final ProviderConfig PROVIDER =
      TestProviders.openai("https://api.example.test/v1");

  /** One SSE event: its {@code event:} field (null when none) and its data. */
  private record Line(String type, String data) {
    @Override
    public String toString() {
      return (type == null ? "" : "event: " + type + " ") + "data: " + Fuzz.show(data);
    }
  }

  /** What a decoder said about a sequence of events. */
  private static List<String> story(StreamDecoder decoder, boolean fast, List<Line> lines)
      throws Exception {
    List<String> said = new ArrayList<>();
    boolean[] ended = new boolean[1];
    decoder.bind(
        new StreamDecoder.Sink() {
          @Override
          public void text(String text) {
            said.add("text:" + text);
          }

          @Override
          public void reasoning(String text) {
            said.add("reasoning:" + text);
          }

          @Override
          public void reasoningSignature(String signature) {
            said.add("signature:" + signature);
          }

          @Override
          public void textWasReasoning() {
            said.add("text was reasoning");
          }

          @Override
          public void finish(StreamEvent terminal) {
            said.add("end:" + describe(terminal));
            ended[0] = true;
          }
        });
    for (Line line : lines) {
      try {
        if (fast || line.data().strip().equals("[DONE]")) {
          decoder.onData(line.type(), line.data());
        } else if (decoder instanceof ChatCompletionsClient.Decoder chat) {
          chat.onTree(line.type(), line.data());
        } else {
          ((AnthropicMessagesClient.Decoder) decoder).onTree(line.type(), line.data());
        }
      } catch (JsonProcessingException e) {
        said.add("malformed");
        return said;
      }
      if (ended[0]) {
        return said;
      }
    }
    said.add("closed:" + describe(decoder.onEndWithoutTerminator()));
    return said;
  }

  private static String describe(StreamEvent event) {
    if (event instanceof StreamEvent.Failed failed) {
      return "failed " + failed.error().kind() + " " + failed.error().getMessage();
    }
    return event.toString();
  }

  private static HttpFailures failures(String id) throws Exception {
    var provider =
        id.equals("anthropic")
            ? TestProviders.anthropic("https://api.example.test/v1")
            : TestProviders.openai("https://api.example.test/v1");
    Endpoint endpoint =
        Endpoint.resolve(
            provider, Map.of("ANTHROPIC_API_KEY", "sk-ant-x", "OPENAI_API_KEY", "sk-x"));
    return new HttpFailures(endpoint, () -> JSON, Clock.systemUTC());
  }

  private static final List<String> VALUES =
      List.of(
          "null",
          "0",
          "1",
          "-1",
          "2147483648",
          "99999999999999999999",
          "1.0",
          "1e2",
          "true",
          "\"0\"",
          "\"stop\"",
          "\"length\"",
          "\"error\"",
          "\"text_delta\"",
          "\"thinking_delta\"",
          "\"content_block_delta\"",
          "{}",
          "[]",
          "[1]",
          "\"tool_calls\"",
          "\"refusal\"",
          "[{\"index\":0,\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]",
          "{\"message\":\"boom\"}",
          "\"<think>\"",
          "\"</think>\"",
          "\"<thi\"",
          "[{\"type\":\"reasoning.text\",\"text\":\"r\"},{\"type\":\"reasoning.encrypted\"}]",
          "[{\"type\":\"thinking\",\"thinking\":[{\"type\":\"text\",\"text\":\"t\"}]}]");

  private static String anyValue(Random random) {
    return random.nextInt(3) == 0 ? string(random) : Fuzz.pick(random, VALUES);
  }

  private static String string(Random random) {
    StringBuilder json = new StringBuilder("\"");
    for (char c : Fuzz.anyText(random, 6).toCharArray()) {
      if (c == '"' || c == '\\' || c < 0x20) {
        json.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      } else {
        json.append(c);
      }
    }
    return json.append('"').toString();
  }

  /**
   * An object of some of {@code fields}, repeats allowed, each with a value from {@code values}.
   */
  private static String object(Random random, List<String> fields, List<String> values) {
    StringBuilder json = new StringBuilder("{");
    for (int n = random.nextInt(fields.size() + 2); n > 0; n--) {
      json.append('"').append(Fuzz.pick(random, fields)).append("\":");
      json.append(Fuzz.pick(random, values)).append(n > 1 ? "," : "");
    }
    return json.append('}').toString();
  }

  private static String chatChunk(Random random) {
    List<String> deltas = new ArrayList<>(VALUES);
    for (int i = 0; i < 4; i++) {
      deltas.add(
          object(
              random,
              List.of(
                  "content",
                  "role",
                  "refusal",
                  "tool_calls",
                  "reasoning_content",
                  "reasoning",
                  "reasoning_details"),
              alsoStrings(random)));
    }
    List<String> choiceValues = new ArrayList<>(VALUES);
    choiceValues.addAll(deltas);
    List<String> choices = new ArrayList<>(VALUES);
    for (int i = 0; i < 3; i++) {
      StringBuilder array = new StringBuilder("[");
      for (int n = random.nextInt(3); n > 0; n--) {
        array.append(
            random.nextInt(5) == 0
                ? anyValue(random)
                : object(random, List.of("index", "delta", "finish_reason"), choiceValues));
        array.append(n > 1 ? "," : "");
      }
      choices.add(array.append(']').toString());
    }
    List<String> usage = new ArrayList<>(VALUES);
    usage.add(object(random, List.of("prompt_tokens", "completion_tokens", "total"), VALUES));
    List<String> top = new ArrayList<>();
    top.addAll(choices);
    top.addAll(usage);
    return object(random, List.of("id", "object", "choices", "usage", "error", "model"), top);
  }

  private static String anthropicEvent(Random random) {
    List<String> deltas = new ArrayList<>(VALUES);
    for (int i = 0; i < 4; i++) {
      deltas.add(
          object(
              random,
              List.of("type", "text", "thinking", "signature", "stop_reason"),
              alsoStrings(random)));
    }
    return object(random, List.of("type", "index", "delta", "usage"), deltas);
  }

  private static List<String> alsoStrings(Random random) {
    List<String> values = new ArrayList<>(VALUES);
    for (int i = 0; i < 6; i++) {
      values.add(string(random));
    }
    return values;
  }

  /** Sometimes breaks the JSON with one edit, so both paths must agree on what is malformed. */
  private static String maybeBroken(Random random, String json) {
    if (random.nextInt(4) != 0 || json.isEmpty()) {
      return json;
    }
    int at = random.nextInt(json.length());
    return switch (random.nextInt(3)) {
      case 0 -> json.substring(0, at) + json.substring(at + 1);
      case 1 ->
          json.substring(0, at) + Fuzz.pick(random, List.of("}", "\"", ",", "\\", "x")) + json;
      default -> json.substring(0, at);
    };
  }

  private static List<Line> chatLines(Random random) {
    List<Line> lines = new ArrayList<>();
    for (int n = 1 + random.nextInt(6); n > 0; n--) {
      String type = random.nextInt(8) == 0 ? Fuzz.pick(random, List.of("error", "chunk")) : null;
      String data = random.nextInt(10) == 0 ? "[DONE]" : maybeBroken(random, chatChunk(random));
      lines.add(new Line(type, data.isBlank() ? "{}" : data));
    }
    return lines;
  }

  private static List<Line> anthropicLines(Random random) {
    List<Line> lines = new ArrayList<>();
    for (int n = 1 + random.nextInt(6); n > 0; n--) {
      String type =
          random.nextInt(3) == 0
              ? null
              : Fuzz.pick(
                  random,
                  List.of("content_block_delta", "content_block_delta", "message_stop", "ping"));
      String data = maybeBroken(random, anthropicEvent(random));
      lines.add(new Line(type, data.isBlank() ? "{}" : data));
    }
    return lines;
  }

  @Test
  void chatCompletionsFastPathTellsTheTreesStory() throws Exception {
    HttpFailures failures = failures("openai");
    Fuzz.forAll(
        3_000,
        DecoderFastPathTest::chatLines,
        Object::toString,
        lines ->
            assertEquals(
                story(
                    new ChatCompletionsClient.Decoder(() -> JSON, failures, PROVIDER),
                    false,
                    lines),
                story(
                    new ChatCompletionsClient.Decoder(() -> JSON, failures, PROVIDER),
                    true,
                    lines)));
  }

  @Test
  void anthropicFastPathTellsTheTreesStory() throws Exception {
    HttpFailures failures = failures("anthropic");
    Fuzz.forAll(
        3_000,
        DecoderFastPathTest::anthropicLines,
        Object::toString,
        lines ->
            assertEquals(
                story(
                    new AnthropicMessagesClient.Decoder(() -> JSON, failures, PROVIDER),
                    false,
                    lines),
                story(
                    new AnthropicMessagesClient.Decoder(() -> JSON, failures, PROVIDER),
                    true,
                    lines)));
  }

  @Test
  void ordinaryEventsGiveTheirText() throws Exception {
    List<Line> chat =
        List.of(
            new Line(
                null,
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                    + "\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}]}"),
            new Line(null, "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"}}]}"),
            new Line(
                null,
                "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}"),
            new Line(null, "[DONE]"));
    assertEquals(
        List.of(
            "text:Hel",
            "text:lo",
            "end:Completed[usage=Usage[inputTokens=3, outputTokens=2],"
                + " stopReason=StopReason[kind=END_TURN, word=stop, tools=[]]]"),
        story(
            new ChatCompletionsClient.Decoder(() -> JSON, failures("openai"), PROVIDER),
            true,
            chat));
    List<Line> anthropic =
        List.of(
            new Line(
                "content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":0,"
                    + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}"),
            new Line(
                null,
                "{\"type\":\"content_block_delta\",\"index\":0,"
                    + "\"delta\":{\"type\":\"text_delta\",\"text\":\" you\"}}"));
    List<String> said =
        story(
            new AnthropicMessagesClient.Decoder(() -> JSON, failures("anthropic"), PROVIDER),
            true,
            anthropic);
    assertEquals(List.of("text:Hi", "text: you"), said.subList(0, 2));
    assertTrue(said.get(2).startsWith("closed:failed INCOMPLETE"), said.get(2));
  }
}
