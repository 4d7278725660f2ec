package dev.agent.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent.chat.ChatException;
import dev.agent.chat.ChatRequest;
import dev.agent.chat.Message;
import dev.agent.chat.Role;
import dev.agent.chat.StreamEvent;
import dev.agent.chat.StreamListener;
import dev.agent.chat.Usage;
import dev.agent.config.ModelSettings;
import dev.agent.config.ProviderConfig;
import dev.agent.provider.JsonChunkReader.Token;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/** Anthropic messages ({@code POST /messages} with {@code stream: true}). */
final class AnthropicMessagesClient extends HttpChatClient {
  /**
   * The reply limit when the configuration sets none (the API requires one), for every model but
   * the Claude 3 ones below: what Claude 3.5 Sonnet and Haiku take at most, and well within what
   * later models take.
   */
  static final int DEFAULT_MAX_TOKENS = 8192;

  /** The most Claude 3 Haiku, Sonnet and Opus take as {@code max_tokens}. */
  static final int CLAUDE_3_MAX_TOKENS = 4096;

  /** The model families whose limit is {@link #CLAUDE_3_MAX_TOKENS}. */
  private static final List<String> CLAUDE_3_FAMILIES =
      List.of("claude-3-haiku", "claude-3-sonnet", "claude-3-opus");

  /**
   * The thinking budget of each reasoning effort: LiteLLM's mapping ({@code litellm/constants.py},
   * {@code DEFAULT_REASONING_EFFORT_*_THINKING_BUDGET}), with {@code minimal} raised to the API's
   * smallest budget, 1024 tokens, as LiteLLM also does for Anthropic. {@code none} thinks not at
   * all.
   */
  private static final Map<String, Integer> THINKING_BUDGETS =
      Map.of("minimal", 1024, "low", 1024, "medium", 2048, "high", 4096, "xhigh", 8192);

  /** A bound on model-list pages, in case a server keeps saying {@code has_more}. */
  private static final int MAX_MODEL_PAGES = 50;

  AnthropicMessagesClient(
      Endpoint endpoint,
      OkHttpClient http,
      Supplier<ObjectMapper> json,
      Backoff backoff,
      RequestLog requestLog) {
    super(endpoint, http, json, backoff, requestLog);
  }

  @Override
  public ChatCall stream(ChatRequest request, StreamListener listener) {
    HttpUrl url = endpoint.messagesUrl();
    // Anthropic requires max_tokens, and agent adds nothing else on its own that a server refuses.
    return stream(
        url,
        request.model(),
        body(request),
        List.of(),
        listener,
        () -> new Decoder(json, failures, endpoint.provider()));
  }

  /**
   * System messages are hoisted into {@code system}, since the API takes them only there. With a
   * thinking budget (see {@link #thinkingBudget}) the request asks for thinking, and {@code
   * max_tokens}, which must be above the budget, becomes the budget plus the limit when it is not.
   * The limit is the model table's, else the provider's; the model's {@code extra_body} goes over
   * all of it.
   */
  ObjectNode body(ChatRequest request) {
    ModelSettings settings = endpoint.provider().settingsFor(request.model());
    ObjectNode body = newObject();
    body.put("model", request.model());
    int configured = settings.maxTokens();
    int limit = configured > 0 ? configured : defaultMaxTokens(request.model());
    int budget =
        thinkingBudget(request.reasoningEffort(), endpoint.provider().thinkingBudgetTokens());
    if (budget > 0 && limit <= budget) {
      limit = (int) Math.min(Integer.MAX_VALUE, (long) budget + limit);
    }
    body.put("max_tokens", limit);
    if (budget > 0) {
      body.putObject("thinking").put("type", "enabled").put("budget_tokens", budget);
    }
    ArrayNode messages = body.putArray("messages");
    List<String> system = new ArrayList<>();
    for (Message message : request.messages()) {
      if (message.role() == Role.SYSTEM) {
        system.add(message.text());
      } else {
        messages
            .addObject()
            .put("role", message.role().name().toLowerCase(Locale.ROOT))
            .put("content", message.text());
      }
    }
    if (!system.isEmpty()) {
      body.put("system", String.join("\n\n", system));
    }
    body.put("stream", true);
    overlay(body, settings.extraBody());
    return body;
  }

  /** The limit sent when the configuration sets none: one the model accepts. */
  static int defaultMaxTokens(String model) {
    String name = model.toLowerCase(Locale.ROOT);
    for (String family : CLAUDE_3_FAMILIES) {
      if (name.contains(family)) {
        return CLAUDE_3_MAX_TOKENS;
      }
    }
    return DEFAULT_MAX_TOKENS;
  }

  /**
   * The thinking budget to send; 0 to send no {@code thinking}. {@code none} never thinks; a
   * configured budget ({@code thinking_budget_tokens}) is sent as it is, with any other effort or
   * none given; otherwise the effort's budget from {@link #THINKING_BUDGETS}, and no thinking when
   * no effort is given.
   */
  static int thinkingBudget(String effort, int configuredBudget) {
    if (effort.equals("none")) {
      return 0;
    }
    if (configuredBudget > 0) {
      return configuredBudget;
    }
    return THINKING_BUDGETS.getOrDefault(effort, 0);
  }

  /** {@code GET /models?limit=1000}, following {@code has_more} with {@code after_id}. */
  @Override
  public List<String> listModels() throws ChatException {
    TreeSet<String> ids = new TreeSet<>();
    String after = "";
    for (int page = 0; page < MAX_MODEL_PAGES; page++) {
      HttpUrl.Builder builder =
          endpoint.modelsUrl().newBuilder().setQueryParameter("limit", "1000");
      if (!after.isEmpty()) {
        builder.setQueryParameter("after_id", after);
      }
      HttpUrl url = builder.build();
      JsonNode root = getJson(url);
      ids.addAll(names(root, "data", "id", url));
      String last = root.path("last_id").asText("");
      if (!root.path("has_more").asBoolean(false) || last.isEmpty() || last.equals(after)) {
        break;
      }
      after = last;
    }
    return List.copyOf(ids);
  }

  /**
   * Decodes one attempt of a messages stream. A {@code thinking} block's {@code thinking_delta}s
   * are reasoning and its {@code signature_delta} is kept with it; a {@code redacted_thinking}
   * block is shown as {@link StreamEvent.ReasoningDelta#REDACTED}. Blocks of reasoning after the
   * first are set apart by a blank line.
   */
  static final class Decoder extends StreamDecoder {
    private String stopWord = "";
    private boolean toolCalled;
    private final LinkedHashSet<String> tools = new LinkedHashSet<>();
    private long inputTokens = -1;
    private long outputTokens = -1;

    /** Whether the last delta {@link #textDelta} read was a {@code thinking_delta}. */
    private boolean thinkingDelta;

    Decoder(Supplier<ObjectMapper> json, HttpFailures failures, ProviderConfig provider) {
      super(json, failures, provider);
    }

    @Override
    void onData(String type, String data) throws JsonProcessingException {
      if (type == null || type.equals("content_block_delta")) {
        String delta = textDelta(type, data);
        if (delta != null) {
          if (thinkingDelta) {
            reasoning(delta);
          } else {
            answer(delta);
          }
          return;
        }
      }
      onTree(type, data);
    }

    /**
     * The text of a {@code content_block_delta} event that carries a {@code text_delta} or a {@code
     * thinking_delta} (which one, {@link #thinkingDelta} says), read with Jackson's streaming
     * parser ({@link JsonChunkReader}) instead of a tree (building a tree per token was most of the
     * cost of a fast stream); where fields repeat, the last one counts, as in a tree. Null for
     * every other event and for anything unusual (a field of another type, malformed JSON), which
     * {@link #onTree} then handles.
     */
    private String textDelta(String type, String data) {
      try (JsonChunkReader reader = new JsonChunkReader(data)) {
        if (reader.next() != Token.START_OBJECT) {
          return null;
        }
        String kind = type;
        String deltaType = null;
        String text = null;
        String thinking = null;
        for (String field = reader.nextFieldName(); field != null; field = reader.nextFieldName()) {
          Token value = reader.next();
          if (field.equals("type") && type == null) {
            kind = value == Token.STRING ? reader.text() : null;
          } else if (field.equals("delta")) {
            if (value != Token.START_OBJECT) {
              return null;
            }
            deltaType = null;
            text = null;
            thinking = null;
            for (String inner = reader.nextFieldName();
                inner != null;
                inner = reader.nextFieldName()) {
              Token innerValue = reader.next();
              if (inner.equals("type") || inner.equals("text") || inner.equals("thinking")) {
                if (innerValue != Token.STRING) {
                  return null;
                }
                switch (inner) {
                  case "type" -> deltaType = reader.text();
                  case "text" -> text = reader.text();
                  default -> thinking = reader.text();
                }
              }
              reader.skipChildren();
            }
          }
          reader.skipChildren();
        }
        if (!"content_block_delta".equals(kind)) {
          return null;
        }
        thinkingDelta = "thinking_delta".equals(deltaType);
        if (thinkingDelta) {
          return thinking;
        }
        return "text_delta".equals(deltaType) ? text : null;
      } catch (JsonChunkReader.Unsupported e) {
        return null;
      }
    }

    /**
     * The same as {@link #onData}, from a parsed tree: the way for every event but a text delta,
     * and for anything unusual.
     */
    void onTree(String type, String data) throws JsonProcessingException {
      JsonNode event = parse(data);
      String kind = type != null ? type : event.path("type").asText("");
      switch (kind) {
        case "message_start" -> usage(event.path("message").path("usage"));
        case "content_block_start" -> {
          JsonNode block = event.path("content_block");
          String blockType = block.path("type").asText("");
          if (blockType.equals("text")) {
            answer(block.path("text").asText(""));
          } else if (blockType.equals("thinking") || blockType.equals("redacted_thinking")) {
            if (reasoningSent()) {
              reasoning("\n\n");
            }
            reasoning(
                blockType.equals("thinking")
                    ? block.path("thinking").asText("")
                    : StreamEvent.ReasoningDelta.REDACTED);
          } else if (blockType.equals("tool_use")) {
            // A tool for the client to run; agent runs none, so only its name is kept, to say so.
            toolCalled = true;
            String name = block.path("name").asText("");
            if (!name.isBlank()) {
              tools.add(MessageText.oneLine(name, 80));
            }
          }
        }
        case "content_block_delta" -> {
          // input_json_delta (a tool's arguments) is not reply text.
          JsonNode delta = event.path("delta");
          switch (delta.path("type").asText("")) {
            case "text_delta" -> answer(delta.path("text").asText(""));
            case "thinking_delta" -> reasoning(delta.path("thinking").asText(""));
            case "signature_delta" -> reasoningSignature(delta.path("signature").asText(""));
            default -> {}
          }
        }
        case "message_delta" -> {
          JsonNode stop = event.path("delta").path("stop_reason");
          if (stop.isTextual()) {
            stopWord = stop.asText();
          }
          usage(event.path("usage"));
        }
        case "message_stop" ->
            finish(
                new StreamEvent.Completed(
                    usage(),
                    StopWords.ending(stopWord, false, toolCalled, List.copyOf(tools), "tool_use")));
        case "error" -> {
          JsonNode error = event.has("error") ? event.get("error") : event;
          finish(new StreamEvent.Failed(failures.inStream(error)));
        }
        default -> {
          // ping, content_block_stop, and event types added after this was written.
        }
      }
    }

    @Override
    StreamEvent unterminated() {
      return new StreamEvent.Failed(failures.endedEarly("message_stop"));
    }

    private void usage(JsonNode usage) {
      JsonNode input = usage.path("input_tokens");
      if (input.isIntegralNumber()) {
        inputTokens = input.asLong();
      }
      JsonNode output = usage.path("output_tokens");
      if (output.isIntegralNumber()) {
        outputTokens = output.asLong();
      }
    }

    private Usage usage() {
      return inputTokens < 0 && outputTokens < 0
          ? Usage.UNKNOWN
          : new Usage(inputTokens, outputTokens);
    }
  }
}
