package dev.agent.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent.chat.ChatException;
import dev.agent.chat.ChatRequest;
import dev.agent.chat.Message;
import dev.agent.chat.StreamEvent;
import dev.agent.chat.StreamListener;
import dev.agent.chat.Usage;
import java.util.List;
import java.util.Locale;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * OpenAI chat completions ({@code POST /chat/completions} with {@code stream: true}), as spoken by
 * OpenAI, Azure OpenAI (both URL styles), Ollama, LM Studio and other compatible servers.
 */
final class ChatCompletionsClient extends HttpChatClient {

  ChatCompletionsClient(Endpoint endpoint, OkHttpClient http, ObjectMapper json, Backoff backoff) {
    super(endpoint, http, json, backoff);
  }

  @Override
  public ChatCall stream(ChatRequest request, StreamListener listener) {
    HttpUrl url = endpoint.chatCompletionsUrl(request.model());
    return stream(url, request.model(), body(request), listener, () -> new Decoder(json, failures));
  }

  ObjectNode body(ChatRequest request) {
    ObjectNode body = json.createObjectNode();
    body.put("model", request.model());
    ArrayNode messages = body.putArray("messages");
    for (Message message : request.messages()) {
      messages
          .addObject()
          .put("role", message.role().name().toLowerCase(Locale.ROOT))
          .put("content", message.text());
    }
    body.put("stream", true);
    if (endpoint.asksForUsage()) {
      body.putObject("stream_options").put("include_usage", true);
    }
    int maxTokens = endpoint.provider().maxTokens();
    if (maxTokens > 0) {
      body.put("max_tokens", maxTokens);
    }
    return body;
  }

  /**
   * {@code GET /models}; when that is missing (older Ollama) or a local server answers it with an
   * error, Ollama's own {@code /api/tags}. A refused key or no connection would fail there too, so
   * those are reported as they are.
   */
  @Override
  public List<String> listModels() throws ChatException {
    HttpUrl url = endpoint.modelsUrl();
    try {
      return names(getJson(url), "data", "id", url);
    } catch (ChatException e) {
      HttpUrl tags = endpoint.ollamaTagsUrl();
      boolean fallBack = e.kind() == ChatException.Kind.NOT_FOUND || endpoint.provider().isLocal();
      if (tags == null || !fallBack) {
        throw e;
      }
      try {
        return names(getJson(tags), "models", "name", tags);
      } catch (ChatException fallbackFailed) {
        e.addSuppressed(fallbackFailed);
        throw e;
      }
    }
  }

  /** Decodes one attempt of a chat completions stream. */
  private static final class Decoder extends StreamDecoder {
    private String stopReason = "";
    private boolean stopSeen;
    private long inputTokens = -1;
    private long outputTokens = -1;

    Decoder(ObjectMapper json, HttpFailures failures) {
      super(json, failures);
    }

    @Override
    void onData(String type, String data) throws JsonProcessingException {
      if (data.strip().equals("[DONE]")) {
        finish(completed());
        return;
      }
      JsonNode chunk = parse(data);
      JsonNode error = chunk.get("error");
      if (error != null && !error.isNull()) {
        finish(new StreamEvent.Failed(failures.inStream(error)));
        return;
      }
      // vLLM and similar servers send {"object":"error","message":…}, some under "event: error".
      if ("error".equals(type) || chunk.path("object").asText("").equals("error")) {
        finish(new StreamEvent.Failed(failures.inStream(chunk)));
        return;
      }
      JsonNode usage = chunk.get("usage");
      if (usage != null && usage.isObject()) {
        inputTokens = count(usage.get("prompt_tokens"), inputTokens);
        outputTokens = count(usage.get("completion_tokens"), outputTokens);
      }
      JsonNode choices = chunk.get("choices");
      if (choices == null || !choices.isArray()) {
        return;
      }
      for (JsonNode choice : choices) {
        if (choice.path("index").asInt(0) != 0) {
          continue;
        }
        JsonNode content = choice.path("delta").get("content");
        if (content != null && content.isTextual()) {
          text(content.asText());
        }
        JsonNode finishReason = choice.get("finish_reason");
        if (finishReason != null && finishReason.isTextual()) {
          stopReason = finishReason.asText();
          stopSeen = true;
        }
      }
    }

    /** Some compatible servers close the stream after the last choice without {@code [DONE]}. */
    @Override
    StreamEvent onEndWithoutTerminator() {
      return stopSeen ? completed() : new StreamEvent.Failed(failures.endedEarly("data: [DONE]"));
    }

    private StreamEvent completed() {
      Usage usage =
          inputTokens < 0 && outputTokens < 0
              ? Usage.UNKNOWN
              : new Usage(inputTokens, outputTokens);
      return new StreamEvent.Completed(usage, stopReason);
    }

    private static long count(JsonNode node, long otherwise) {
      return node != null && node.isIntegralNumber() ? node.asLong() : otherwise;
    }
  }
}
