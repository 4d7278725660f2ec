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
import dev.agent.config.ModelSettings;
import dev.agent.config.ProviderConfig;
import dev.agent.provider.JsonChunkReader.Token;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * OpenAI chat completions ({@code POST /chat/completions} with {@code stream: true}), as spoken by
 * OpenAI, Azure OpenAI (both URL styles), Ollama, LM Studio and other compatible servers.
 */
final class ChatCompletionsClient extends HttpChatClient {

  ChatCompletionsClient(
      Endpoint endpoint,
      OkHttpClient http,
      Supplier<ObjectMapper> json,
      Backoff backoff,
      RequestLog requestLog) {
    super(endpoint, http, json, backoff, requestLog);
  }

  @Override
  public ChatCall stream(ChatRequest request, StreamListener listener) {
    HttpUrl url = endpoint.chatCompletionsUrl(request.model());
    return stream(
        url,
        request.model(),
        body(request),
        List.of("stream_options", endpoint.provider().maxTokensField().configName()),
        listener,
        () -> new Decoder(json, failures, endpoint.provider()));
  }

  /**
   * The limit (the model table's, else the provider's) goes in the provider's {@code
   * max_tokens_field}; the effort, when one is asked for, as {@code reasoning_effort}, which
   * OpenAI, Groq, vLLM and Ollama all read; then the model's {@code extra_body} over all of it.
   */
  ObjectNode body(ChatRequest request) {
    ModelSettings settings = endpoint.provider().settingsFor(request.model());
    ObjectNode body = newObject();
    body.put("model", request.model());
    ArrayNode messages = body.putArray("messages");
    for (Message message : request.messages()) {
      messages
          .addObject()
          .put("role", message.role().name().toLowerCase(Locale.ROOT))
          .put("content", message.text());
    }
    body.put("stream", true);
    if (endpoint.asksForUsage()
        && endpoint.provider().streamUsage()
        && !refused("stream_options")) {
      body.putObject("stream_options").put("include_usage", true);
    }
    int maxTokens = settings.maxTokens();
    String maxTokensField = endpoint.provider().maxTokensField().configName();
    if (maxTokens > 0 && !refused(maxTokensField)) {
      body.put(maxTokensField, maxTokens);
    }
    if (!request.reasoningEffort().isEmpty()) {
      body.put("reasoning_effort", request.reasoningEffort());
    }
    overlay(body, settings.extraBody());
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

  /**
   * Decodes one attempt of a chat completions stream. Reasoning comes in whichever field the server
   * uses: {@code delta.reasoning_content} (DeepSeek, llama.cpp, LM Studio, LiteLLM, vLLM before
   * 0.11), {@code delta.reasoning} (Ollama since 0.12.4, vLLM since 0.11, OpenRouter, Groq), {@code
   * delta.reasoning_details} (OpenRouter; read only when neither of the others is there, since
   * OpenRouter sends the same text in both), a {@code thinking} part of a content list (Mistral's
   * Magistral), or a {@code <think>} block in the content ({@link ThinkTagSplitter}).
   */
  static final class Decoder extends StreamDecoder {
    private String stopWord = "";
    private boolean stopSeen;
    private boolean refused;
    private boolean toolCalled;
    private final LinkedHashSet<String> tools = new LinkedHashSet<>();
    private long inputTokens = -1;
    private long outputTokens = -1;

    Decoder(Supplier<ObjectMapper> json, HttpFailures failures, ProviderConfig provider) {
      super(json, failures, provider);
    }

    @Override
    void onData(String type, String data) throws JsonProcessingException {
      if (data.strip().equals("[DONE]")) {
        finish(completed());
        return;
      }
      Chunk chunk = "error".equals(type) ? null : scan(data);
      if (chunk == null) {
        onTree(type, data);
        return;
      }
      if (chunk.usageIsObject) {
        inputTokens = chunk.promptTokens != null ? chunk.promptTokens : inputTokens;
        outputTokens = chunk.completionTokens != null ? chunk.completionTokens : outputTokens;
      }
      for (Choice choice : chunk.choices) {
        if (choice.index != 0) {
          continue;
        }
        if (choice.reasoning != null) {
          reasoning(choice.reasoning);
        }
        if (choice.content != null) {
          answer(choice.content);
        }
        if (choice.finishReason != null) {
          stopWord = choice.finishReason;
          stopSeen = true;
        }
      }
    }

    /**
     * The same as {@link #onData}, from a parsed tree: the way for every chunk {@link #scan} does
     * not take (an error, a value of an unusual type, malformed JSON, and the rare deltas that
     * carry a refusal or tool calls).
     */
    void onTree(String type, String data) throws JsonProcessingException {
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
        JsonNode delta = choice.path("delta");
        reasoning(reasoningOf(delta));
        JsonNode content = delta.get("content");
        if (content != null && content.isTextual()) {
          answer(content.asText());
        } else if (content != null && content.isArray()) {
          contentParts(content);
        }
        // A refusal is what the model says instead of a reply, so it is shown as the reply.
        JsonNode refusal = delta.get("refusal");
        if (refusal != null && refusal.isTextual()) {
          refused = true;
          text(refusal.asText());
        }
        toolCalls(delta.get("tool_calls"));
        JsonNode finishReason = choice.get("finish_reason");
        if (finishReason != null && finishReason.isTextual()) {
          stopWord = finishReason.asText();
          stopSeen = true;
        }
      }
    }

    /**
     * The reasoning of a delta, from the first of {@code reasoning_content}, {@code reasoning} and
     * {@code reasoning_details} that holds some; empty when none does.
     */
    private static String reasoningOf(JsonNode delta) {
      for (String field : REASONING_FIELDS) {
        JsonNode value = delta.get(field);
        if (value != null && value.isTextual() && !value.asText().isEmpty()) {
          return value.asText();
        }
      }
      JsonNode details = delta.get("reasoning_details");
      if (details == null || !details.isArray()) {
        return "";
      }
      // OpenRouter: {type: "reasoning.text", text} and {type: "reasoning.summary", summary}; a
      // "reasoning.encrypted" entry holds data no one can read, and is not text.
      StringBuilder text = new StringBuilder();
      for (JsonNode detail : details) {
        String type = detail.path("type").asText("");
        JsonNode value =
            switch (type) {
              case "reasoning.text" -> detail.get("text");
              case "reasoning.summary" -> detail.get("summary");
              default -> null;
            };
        if (value != null && value.isTextual()) {
          text.append(value.asText());
        }
      }
      return text.toString();
    }

    /**
     * A content given as a list of typed parts (Mistral's Magistral): {@code {type: "text", text}}
     * is answer, {@code {type: "thinking", thinking: [{type: "text", text}]}} is reasoning.
     */
    private void contentParts(JsonNode parts) {
      for (JsonNode part : parts) {
        switch (part.path("type").asText("")) {
          case "text" -> answer(part.path("text").asText(""));
          case "thinking" -> {
            JsonNode thinking = part.get("thinking");
            if (thinking != null && thinking.isTextual()) {
              reasoning(thinking.asText());
            } else if (thinking != null && thinking.isArray()) {
              for (JsonNode chunk : thinking) {
                reasoning(chunk.isTextual() ? chunk.asText() : chunk.path("text").asText(""));
              }
            }
          }
          default -> {}
        }
      }
    }

    /**
     * Notes the tool calls of a delta: {@code [{index, id, type: "function", function: {name,
     * arguments}}]}, the name only in a call's first chunk. The calls themselves are not kept:
     * agent runs no tools.
     */
    private void toolCalls(JsonNode calls) {
      if (calls == null || !calls.isArray()) {
        return;
      }
      for (JsonNode call : calls) {
        if (!call.isObject()) {
          continue;
        }
        toolCalled = true;
        JsonNode name = call.path("function").get("name");
        if (name != null && name.isTextual() && !name.asText().isBlank()) {
          tools.add(MessageText.oneLine(name.asText(), 80));
        }
      }
    }

    /**
     * Reads an ordinary chunk with Jackson's streaming parser ({@link JsonChunkReader}), without
     * building a tree: a tree per token was most of the cost of a fast stream. Where fields repeat,
     * the last one counts, as in a tree. Returns null for anything else (an error, a value whose
     * meaning the tree path defines, malformed JSON), which {@link #onTree} then handles.
     */
    private Chunk scan(String data) {
      try (JsonChunkReader reader = new JsonChunkReader(data)) {
        if (reader.next() != Token.START_OBJECT) {
          return null;
        }
        Chunk chunk = new Chunk();
        boolean error = false;
        boolean objectIsError = false;
        for (String field = reader.nextFieldName(); field != null; field = reader.nextFieldName()) {
          Token value = reader.next();
          switch (field) {
            case "error" -> error = value != Token.NULL;
            case "object" -> objectIsError = value == Token.STRING && reader.text().equals("error");
            case "usage" -> chunk.usage(reader, value);
            case "choices" -> {
              chunk.choices.clear();
              if (value == Token.START_ARRAY) {
                choices(reader, chunk.choices);
              }
            }
            default -> {}
          }
          reader.skipChildren();
        }
        return error || objectIsError ? null : chunk;
      } catch (JsonChunkReader.Unsupported e) {
        return null;
      }
    }

    /** Reads the choices array, up to its end. */
    private static void choices(JsonChunkReader reader, List<Choice> into)
        throws JsonChunkReader.Unsupported {
      for (Token item = reader.next(); item != Token.END_ARRAY; item = reader.next()) {
        if (item != Token.START_OBJECT) {
          reader.skipChildren(); // a choice that is not an object says nothing
          continue;
        }
        Choice choice = new Choice();
        for (String field = reader.nextFieldName(); field != null; field = reader.nextFieldName()) {
          Token value = reader.next();
          switch (field) {
            case "index" -> choice.index = index(reader, value);
            case "delta" -> {
              choice.content = null;
              choice.reasoning = null;
              if (value == Token.START_OBJECT) {
                delta(reader, choice);
              }
            }
            case "finish_reason" ->
                choice.finishReason = value == Token.STRING ? reader.text() : null;
            default -> {}
          }
          reader.skipChildren();
        }
        into.add(choice);
      }
    }

    /** A choice's index: an int, or the tree path decides what it means. */
    private static int index(JsonChunkReader reader, Token value)
        throws JsonChunkReader.Unsupported {
      long index = reader.longValue();
      if (value != Token.INTEGER || index != (int) index) {
        throw new JsonChunkReader.Unsupported();
      }
      return (int) index;
    }

    /**
     * Reads a delta object to its end into {@code choice}: the last textual {@code content}, and
     * the reasoning as {@link #reasoningOf} would read it. A delta with a refusal string, a tool
     * calls array, a content list, reasoning that is not a string, or only {@code
     * reasoning_details} is left to the tree path.
     */
    private static void delta(JsonChunkReader reader, Choice choice)
        throws JsonChunkReader.Unsupported {
      String content = null;
      String reasoningContent = null;
      String reasoning = null;
      boolean details = false;
      for (String field = reader.nextFieldName(); field != null; field = reader.nextFieldName()) {
        Token value = reader.next();
        switch (field) {
          case "content" -> {
            if (value == Token.START_ARRAY) {
              throw new JsonChunkReader.Unsupported();
            }
            content = value == Token.STRING ? reader.text() : null;
          }
          case "reasoning_content" -> reasoningContent = reasoningText(reader, value);
          case "reasoning" -> reasoning = reasoningText(reader, value);
          case "reasoning_details" -> details = value == Token.START_ARRAY;
          case "refusal" -> {
            if (value == Token.STRING) {
              throw new JsonChunkReader.Unsupported();
            }
          }
          case "tool_calls" -> {
            if (value == Token.START_ARRAY) {
              throw new JsonChunkReader.Unsupported();
            }
          }
          default -> {}
        }
        reader.skipChildren();
      }
      choice.content = content;
      choice.reasoning =
          reasoningContent != null && !reasoningContent.isEmpty() ? reasoningContent : reasoning;
      if ((choice.reasoning == null || choice.reasoning.isEmpty()) && details) {
        throw new JsonChunkReader.Unsupported();
      }
    }

    /** A reasoning field's string, null when it is null; any other value is for the tree. */
    private static String reasoningText(JsonChunkReader reader, Token value)
        throws JsonChunkReader.Unsupported {
      return switch (value) {
        case STRING -> reader.text();
        case NULL -> null;
        default -> throw new JsonChunkReader.Unsupported();
      };
    }

    /** Some compatible servers close the stream after the last choice without {@code [DONE]}. */
    @Override
    StreamEvent unterminated() {
      return stopSeen ? completed() : new StreamEvent.Failed(failures.endedEarly("data: [DONE]"));
    }

    private StreamEvent completed() {
      Usage usage =
          inputTokens < 0 && outputTokens < 0
              ? Usage.UNKNOWN
              : new Usage(inputTokens, outputTokens);
      return new StreamEvent.Completed(
          usage, StopWords.ending(stopWord, refused, toolCalled, List.copyOf(tools), "tool_calls"));
    }

    private static long count(JsonNode node, long otherwise) {
      return node != null && node.isIntegralNumber() ? node.asLong() : otherwise;
    }
  }

  /** What {@link Decoder#scan} found in an ordinary chunk. */
  private static final class Chunk {
    final List<Choice> choices = new ArrayList<>(1);
    boolean usageIsObject;
    Long promptTokens;
    Long completionTokens;

    /** Reads a {@code usage} value, replacing any earlier one. */
    void usage(JsonChunkReader reader, Token value) throws JsonChunkReader.Unsupported {
      usageIsObject = value == Token.START_OBJECT;
      promptTokens = null;
      completionTokens = null;
      if (!usageIsObject) {
        return;
      }
      for (String field = reader.nextFieldName(); field != null; field = reader.nextFieldName()) {
        Token count = reader.next();
        if (count == Token.OTHER_NUMBER) {
          throw new JsonChunkReader.Unsupported(); // a fraction or a huge integer: for the tree
        }
        Long tokens = count == Token.INTEGER ? reader.longValue() : null;
        switch (field) {
          case "prompt_tokens" -> promptTokens = tokens;
          case "completion_tokens" -> completionTokens = tokens;
          default -> {}
        }
        reader.skipChildren();
      }
    }
  }

  /** The fields that may hold a delta's reasoning as a string, in the order they are preferred. */
  private static final List<String> REASONING_FIELDS = List.of("reasoning_content", "reasoning");

  /** One element of {@code choices}. */
  private static final class Choice {
    int index;
    String content;
    String reasoning;
    String finishReason;
  }
}
