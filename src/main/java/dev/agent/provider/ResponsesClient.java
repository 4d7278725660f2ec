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
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * OpenAI's Responses API ({@code POST /responses} with {@code stream: true}), what Codex CLI
 * speaks: OpenAI, Azure OpenAI (its v1 base, and a resource endpoint's {@code /openai/responses}),
 * and the servers that copy it. The conversation goes as input items, system messages as {@code
 * instructions}; nothing is stored on the server ({@code store: false}).
 */
final class ResponsesClient extends HttpChatClient {

  ResponsesClient(
      Endpoint endpoint,
      OkHttpClient http,
      Supplier<ObjectMapper> json,
      Backoff backoff,
      RequestLog requestLog) {
    super(endpoint, http, json, backoff, requestLog);
  }

  @Override
  public ChatCall stream(ChatRequest request, StreamListener listener) {
    return stream(
        endpoint.responsesUrl(),
        request.model(),
        body(request),
        List.of("max_output_tokens"),
        listener,
        () -> new Decoder(json, failures, endpoint.provider()));
  }

  /**
   * {@code instructions} from the system messages, {@code input} as message items (user text as
   * {@code input_text}, replies as {@code output_text}, as Codex sends them), the limit as {@code
   * max_output_tokens}, and {@code reasoning: {effort, summary: "auto"}} when an effort is asked
   * for, so that the model's reasoning summary streams; then the model's {@code extra_body} over
   * all of it ({@code store = true} there keeps the response on OpenAI's side).
   */
  ObjectNode body(ChatRequest request) {
    ModelSettings settings = endpoint.provider().settingsFor(request.model());
    ObjectNode body = newObject();
    body.put("model", request.model());
    List<String> system = new ArrayList<>();
    ArrayNode input = newObject().arrayNode();
    for (Message message : request.messages()) {
      if (message.role() == Role.SYSTEM) {
        system.add(message.text());
        continue;
      }
      boolean user = message.role() == Role.USER;
      ObjectNode item = input.addObject();
      item.put("type", "message");
      item.put("role", user ? "user" : "assistant");
      item.putArray("content")
          .addObject()
          .put("type", user ? "input_text" : "output_text")
          .put("text", message.text());
    }
    if (!system.isEmpty()) {
      body.put("instructions", String.join("\n\n", system));
    }
    body.set("input", input);
    body.put("stream", true);
    body.put("store", false);
    int maxTokens = settings.maxTokens();
    if (maxTokens > 0 && !refused("max_output_tokens")) {
      body.put("max_output_tokens", maxTokens);
    }
    if (!request.reasoningEffort().isEmpty()) {
      body.putObject("reasoning").put("effort", request.reasoningEffort()).put("summary", "auto");
    }
    return body;
  }

  /** {@code GET /models}, as for chat completions. */
  @Override
  public List<String> listModels() throws ChatException {
    HttpUrl url = endpoint.modelsUrl();
    return names(getJson(url), "data", "id", url);
  }

  /**
   * Decodes one attempt of a Responses stream. Answer text is {@code response.output_text.delta};
   * reasoning is {@code response.reasoning_summary_text.delta} (OpenAI's summaries, a blank line
   * between parts) and {@code response.reasoning_text.delta} (open-weight models' raw reasoning);
   * {@code response.completed} and {@code response.incomplete} end the reply with usage and a stop
   * reason; {@code response.failed} and {@code error} fail it. Every other event (created, item and
   * part boundaries, web searches, tool calls) is passed over.
   */
  static final class Decoder extends StreamDecoder {
    private boolean refused;
    private boolean toolCalled;
    private final LinkedHashSet<String> tools = new LinkedHashSet<>();
    private String summaryPart = "";

    Decoder(Supplier<ObjectMapper> json, HttpFailures failures, ProviderConfig provider) {
      super(json, failures, provider);
    }

    @Override
    void onData(String type, String data) throws JsonProcessingException {
      if ("response.output_text.delta".equals(type)) {
        String delta = delta(data);
        if (delta != null) {
          answer(delta);
          return;
        }
      }
      onTree(type, data);
    }

    /**
     * The {@code delta} string of an event, read with Jackson's streaming parser ({@link
     * JsonChunkReader}) rather than a tree; null for anything unusual, which {@link #onTree} then
     * handles.
     */
    private static String delta(String data) {
      try (JsonChunkReader reader = new JsonChunkReader(data)) {
        if (reader.next() != Token.START_OBJECT) {
          return null;
        }
        String delta = null;
        for (String field = reader.nextFieldName(); field != null; field = reader.nextFieldName()) {
          Token value = reader.next();
          if (field.equals("delta")) {
            delta = value == Token.STRING ? reader.text() : null;
          } else if (field.equals("type")) {
            // The event line said a text delta; a body that says otherwise is for the tree.
            if (value != Token.STRING || !reader.text().equals("response.output_text.delta")) {
              return null;
            }
          }
          reader.skipChildren();
        }
        return delta;
      } catch (JsonChunkReader.Unsupported e) {
        return null;
      }
    }

    /** The same as {@link #onData}, from a parsed tree: every event but a plain text delta. */
    void onTree(String type, String data) throws JsonProcessingException {
      JsonNode event = parse(data);
      String kind = event.path("type").asText(type == null ? "" : type);
      switch (kind) {
        case "response.output_text.delta" -> answer(event.path("delta").asText(""));
        case "response.refusal.delta" -> {
          refused = true;
          text(event.path("delta").asText(""));
        }
        case "response.reasoning_summary_text.delta" -> {
          String part = event.path("item_id").asText("") + "/" + event.path("summary_index");
          if (!part.equals(summaryPart) && reasoningSent()) {
            reasoning("\n\n");
          }
          summaryPart = part;
          reasoning(event.path("delta").asText(""));
        }
        case "response.reasoning_text.delta" -> reasoning(event.path("delta").asText(""));
        case "response.output_item.added" -> {
          JsonNode item = event.path("item");
          if (item.path("type").asText("").equals("function_call")) {
            // A tool for the client to run; agent runs none, so only its name is kept, to say so.
            toolCalled = true;
            String name = item.path("name").asText("");
            if (!name.isBlank()) {
              tools.add(MessageText.oneLine(name, 80));
            }
          }
        }
        case "response.completed", "response.incomplete" -> finish(ended(event.path("response")));
        case "response.failed" -> {
          JsonNode error = event.path("response").path("error");
          finish(new StreamEvent.Failed(failures.inStream(error.isObject() ? error : event)));
        }
        case "error" -> {
          JsonNode error = event.has("error") ? event.get("error") : event;
          finish(new StreamEvent.Failed(failures.inStream(error)));
        }
        default -> {
          // created, in_progress, item and part boundaries, *.done, web searches, tool call
          // arguments, annotations, and event types added after this was written.
        }
      }
    }

    /** What a completed or incomplete response says: its usage and why it stopped. */
    private StreamEvent ended(JsonNode response) {
      JsonNode usage = response.path("usage");
      JsonNode input = usage.path("input_tokens");
      JsonNode output = usage.path("output_tokens");
      Usage counted =
          input.isIntegralNumber() || output.isIntegralNumber()
              ? new Usage(
                  input.isIntegralNumber() ? input.asLong() : -1,
                  output.isIntegralNumber() ? output.asLong() : -1)
              : Usage.UNKNOWN;
      String status = response.path("status").asText("");
      String reason = response.path("incomplete_details").path("reason").asText("");
      String word = status.equals("incomplete") && !reason.isEmpty() ? reason : status;
      return new StreamEvent.Completed(
          counted,
          StopWords.ending(word, refused, toolCalled, List.copyOf(tools), "function_call"));
    }

    @Override
    StreamEvent unterminated() {
      return new StreamEvent.Failed(failures.endedEarly("response.completed"));
    }
  }
}
