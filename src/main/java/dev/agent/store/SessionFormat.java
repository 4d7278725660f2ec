package dev.agent.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent.chat.ChatException;
import dev.agent.chat.Role;
import dev.agent.chat.Usage;
import dev.agent.session.Turn;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The lines of a session file (see {@code docs/sessions.md}): a header, then one JSON object per
 * message. A message's {@code reasoning} and {@code text} are written last, so a listing can read
 * the provider and model of the last message without decoding either.
 */
final class SessionFormat {
  static final String FORMAT = "agent-session";
  static final int VERSION = 1;

  /** The store's one mapper; thread-safe. */
  static final ObjectMapper JSON = new ObjectMapper();

  private SessionFormat() {}

  /** A line that is not what it should be; the message says what is wrong, for the user. */
  static final class BadLine extends Exception {
    private static final long serialVersionUID = 1L;

    BadLine(String message) {
      super(message);
    }
  }

  /** The parts of a header line. */
  record Header(String id, Instant created, String title) {}

  static byte[] header(Header header) {
    ObjectNode node = JSON.createObjectNode();
    node.put("format", FORMAT);
    node.put("version", VERSION);
    node.put("id", header.id());
    node.put("created", header.created().toString());
    node.put("title", header.title());
    return line(node);
  }

  static byte[] message(StoredMessage message) {
    return line(messageNode(message));
  }

  /**
   * A message as a JSON object, its {@code reasoning} (when there is any) and {@code text} last.
   */
  static ObjectNode messageNode(StoredMessage message) {
    ObjectNode node = JSON.createObjectNode();
    node.put("role", message.role().name().toLowerCase(Locale.ROOT));
    node.put("provider", message.provider());
    node.put("model", message.model());
    node.put("time", message.time().toString());
    node.put("status", message.status().name().toLowerCase(Locale.ROOT));
    if (!message.stopReason().word().isEmpty()) {
      node.put("stop_reason", message.stopReason().word());
    }
    Usage usage = message.usage();
    if (usage.inputTokens() >= 0 || usage.outputTokens() >= 0) {
      ObjectNode counts = node.putObject("usage");
      if (usage.inputTokens() >= 0) {
        counts.put("input_tokens", usage.inputTokens());
      }
      if (usage.outputTokens() >= 0) {
        counts.put("output_tokens", usage.outputTokens());
      }
    }
    if (message.errorKind() != null) {
      node.put("error", message.error());
      node.put("error_kind", message.errorKind().name().toLowerCase(Locale.ROOT));
    }
    if (!message.reasoningSignature().isEmpty()) {
      node.put("reasoning_signature", message.reasoningSignature());
    }
    if (!message.reasoning().isEmpty()) {
      node.put("reasoning", message.reasoning());
    }
    node.put("text", message.text());
    return node;
  }

  /** {@code node} on one line, UTF-8, ending in a line feed (Jackson escapes those in strings). */
  private static byte[] line(ObjectNode node) {
    try {
      return (JSON.writeValueAsString(node) + "\n").getBytes(UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree of strings and numbers always writes", e);
    }
  }

  static Header readHeader(byte[] line) throws BadLine {
    JsonNode node = object(line);
    if (!FORMAT.equals(node.path("format").asText())) {
      throw new BadLine(
          "not an agent session (its first line has no \"format\":\"" + FORMAT + "\")");
    }
    int version = node.path("version").asInt(0);
    if (version < 1) {
      throw new BadLine("no format version in the header");
    }
    if (version > VERSION) {
      throw new BadLine(
          "written by a newer agent (format version " + version + "); update agent to read it");
    }
    return new Header(
        node.path("id").asText(""), instant(node, "created"), node.path("title").asText(""));
  }

  static StoredMessage readMessage(byte[] line) throws BadLine {
    JsonNode node = object(line);
    Role role = named(Role.class, node, "role");
    JsonNode text = node.get("text");
    if (text == null || !text.isTextual()) {
      throw new BadLine("a message without \"text\"");
    }
    Turn.Status status =
        node.has("status") ? named(Turn.Status.class, node, "status") : Turn.Status.DONE;
    if (status == Turn.Status.STREAMING) {
      throw new BadLine("a message saved while streaming");
    }
    ChatException.Kind kind = null;
    if (status == Turn.Status.FAILED) {
      kind =
          node.has("error_kind")
              ? named(ChatException.Kind.class, node, "error_kind")
              : ChatException.Kind.SERVER;
    }
    JsonNode usage = node.path("usage");
    String reasoning = optionalText(node, "reasoning");
    String reasoningSignature = optionalText(node, "reasoning_signature");
    return new StoredMessage(
        role,
        text.asText(),
        node.path("provider").asText(""),
        node.path("model").asText(""),
        instant(node, "time"),
        status,
        kind == null ? "" : node.path("error").asText(""),
        kind,
        Turn.savedStopReason(node.path("stop_reason").asText("")),
        new Usage(usage.path("input_tokens").asLong(-1), usage.path("output_tokens").asLong(-1)),
        reasoning,
        reasoningSignature);
  }

  /** A string field that files written before it existed lack: empty when absent or null. */
  private static String optionalText(JsonNode node, String field) throws BadLine {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return "";
    }
    if (!value.isTextual()) {
      throw new BadLine("\"" + field + "\" is not a string");
    }
    return value.asText();
  }

  /** Whether {@code bytes} hold one whole JSON object: a line that only lacks its line feed. */
  static boolean isWholeObject(byte[] bytes) {
    try {
      return JSON.readTree(bytes) instanceof ObjectNode;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The {@code provider} and {@code model} of a message line, read from its start without decoding
   * the rest: {@code prefix} may be cut anywhere after them. Empty strings for what is not there.
   */
  static String[] providerAndModel(byte[] prefix) {
    String provider = "";
    String model = "";
    try (JsonParser parser = JSON.getFactory().createParser(prefix)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return new String[] {provider, model};
      }
      int depth = 0;
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
          depth++;
        } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
          if (depth-- == 0) {
            break;
          }
        } else if (depth == 0 && token == JsonToken.VALUE_STRING) {
          String field = parser.currentName();
          if ("provider".equals(field)) {
            provider = parser.getText();
          } else if ("model".equals(field)) {
            model = parser.getText();
          }
          if (!provider.isEmpty() && !model.isEmpty()) {
            break;
          }
        }
      }
    } catch (IOException e) {
      // A prefix cut inside the text, or a damaged line: keep what was read before it.
    }
    return new String[] {provider, model};
  }

  private static JsonNode object(byte[] line) throws BadLine {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new BadLine("not JSON (" + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      throw new BadLine("not JSON (" + e.getMessage() + ")");
    }
    if (!(node instanceof ObjectNode)) {
      throw new BadLine("not a JSON object");
    }
    return node;
  }

  private static <E extends Enum<E>> E named(Class<E> type, JsonNode node, String field)
      throws BadLine {
    String value = node.path(field).asText("");
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BadLine(
          value.isEmpty() ? "no \"" + field + "\"" : "unknown " + field + " '" + value + "'");
    }
  }

  private static Instant instant(JsonNode node, String field) throws BadLine {
    String value = node.path(field).asText("");
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new BadLine(
          value.isEmpty() ? "no \"" + field + "\"" : "bad " + field + " '" + value + "'");
    }
  }
}
