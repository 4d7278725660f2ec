package dev.agent.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agent.chat.ChatException;
import dev.agent.chat.ChatRequest;
import dev.agent.chat.Message;
import dev.agent.chat.StopReason;
import dev.agent.chat.StreamEvent;
import dev.agent.chat.Usage;
import dev.agent.config.AuthScheme;
import dev.agent.config.ProviderConfig;
import dev.agent.config.WireApi;
import dev.agent.testing.RecordingListener;
import dev.agent.testing.StreamBodies;
import dev.agent.testing.TestProviders;
import dev.agent.testing.TestServers;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** Chat completions against each built-in that speaks it, replaying recorded streams. */
class ChatCompletionsClientTest {
  private static final String OPENAI_KEY = "sk-proj-test-0123456789abcdef";
  private static final String AZURE_KEY = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
  private static final Map<String, String> ENV =
      Map.of(
          "OPENAI_API_KEY",
          OPENAI_KEY,
          "AZURE_OPENAI_API_KEY",
          AZURE_KEY,
          "CUSTOM_API_KEY",
          "custom-key-77",
          "CUSTOM_ORG",
          "org-42");

  /** A conversation with a system prompt and one earlier exchange: the whole of it is sent. */
  private static final List<Message> CONVERSATION =
      List.of(
          Message.system("Be brief."),
          Message.user("Hi"),
          Message.assistant("Hello."),
          Message.user("How are you?"));

  private static final String MESSAGES_JSON =
      "[{\"role\":\"system\",\"content\":\"Be brief.\"},"
          + "{\"role\":\"user\",\"content\":\"Hi\"},"
          + "{\"role\":\"assistant\",\"content\":\"Hello.\"},"
          + "{\"role\":\"user\",\"content\":\"How are you?\"}]";

  private final ObjectMapper json = new ObjectMapper();
  @StartStop private final MockWebServer server = TestServers.failFast();

  private String base(String path) {
    String url = server.url(path).toString();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private ChatClient client(ProviderConfig provider) throws ChatException {
    return new ProviderRegistry(TestProviders.config(provider), ENV).client(provider);
  }

  private RecordingListener stream(ProviderConfig provider, String model) throws Exception {
    RecordingListener listener = new RecordingListener();
    client(provider).stream(new ChatRequest(model, CONVERSATION), listener);
    listener.awaitEnd();
    return listener;
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertFalse(request == null, "no request reached the server");
    return request;
  }

  private void assertBody(String expected, RecordedRequest request) throws Exception {
    assertEquals(json.readTree(expected), json.readTree(request.getBody().utf8()));
  }

  @Test
  void openaiStreamsTheReplyWithUsageAndStopReason() throws Exception {
    server.enqueue(StreamBodies.replay("openai-chat.sse"));

    RecordingListener listener = stream(TestProviders.openai(base("/v1")), "gpt-4o");

    assertEquals(
        List.of(
            "text:Hello",
            "text:!",
            "text: How",
            "text: can",
            "text: I",
            "text: help",
            "text: you",
            "text: today",
            "text:?",
            "completed:19/10:stop"),
        listener.described());
    RecordedRequest request = take();
    assertEquals("POST", request.getMethod());
    assertEquals("/v1/chat/completions", request.getUrl().encodedPath());
    assertNull(request.getUrl().query());
    assertEquals("Bearer " + OPENAI_KEY, request.getHeaders().get("Authorization"));
    assertNull(request.getHeaders().get("x-api-key"));
    assertEquals("agent/0.1.0", request.getHeaders().get("User-Agent"));
    assertEquals("text/event-stream", request.getHeaders().get("Accept"));
    assertEquals("application/json", request.getHeaders().get("Content-Type"));
    assertBody(
        "{\"model\":\"gpt-4o\",\"messages\":"
            + MESSAGES_JSON
            + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}",
        request);
  }

  @Test
  void ollamaNeedsNoKeyAndReassemblesMultibyteTextSplitAcrossChunks() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("Content-Type", "text/event-stream")
            .chunkedBody(new Buffer().writeUtf8(StreamBodies.recorded("ollama-chat.sse")), 7)
            .build());

    RecordingListener listener = stream(TestProviders.ollama(base("/v1")), "llama3.2");

    assertEquals("Grüße aus Köln — ✓ 🙂", listener.text());
    assertEquals(
        List.of(
            "text:Gr",
            "text:üße",
            "text: aus",
            "text: Köln",
            "text: —",
            "text: ✓",
            "text: 🙂",
            "completed:26/8:stop"),
        listener.described());
    RecordedRequest request = take();
    assertEquals("POST", request.getMethod());
    assertEquals("/v1/chat/completions", request.getUrl().encodedPath());
    assertNull(request.getUrl().query());
    assertNull(request.getHeaders().get("Authorization"));
    assertBody(
        "{\"model\":\"llama3.2\",\"messages\":"
            + MESSAGES_JSON
            + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}",
        request);
  }

  @Test
  void lmStudioRoleOnlyFirstDeltaAndMaxTokens() throws Exception {
    server.enqueue(StreamBodies.replay("lmstudio-chat.sse"));
    ProviderConfig limited = TestProviders.lmstudio(base("/v1")).toBuilder().maxTokens(512).build();

    RecordingListener listener = stream(limited, "qwen2.5-7b-instruct");

    assertEquals("Sure, here is a haiku:\n\nQuiet keys at night", listener.text());
    assertEquals(
        List.of(
            "text:Sure",
            "text:,",
            "text: here",
            "text: is",
            "text: a",
            "text: haiku",
            "text::\n\n",
            "text:Quiet",
            "text: keys",
            "text: at",
            "text: night",
            "completed:12/11:stop"),
        listener.described());
    RecordedRequest request = take();
    assertEquals("POST", request.getMethod());
    assertEquals("/v1/chat/completions", request.getUrl().encodedPath());
    assertNull(request.getHeaders().get("Authorization"));
    assertBody(
        "{\"model\":\"qwen2.5-7b-instruct\",\"messages\":"
            + MESSAGES_JSON
            + ",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"max_tokens\":512}",
        request);
  }

  @Test
  void azureResourceEndpointTakesApiVersionFromTheHeaderTableAsQuery() throws Exception {
    // The specification's example: http_headers = { "api-version" = "2024-02-01" }.
    server.enqueue(StreamBodies.replay("azure-chat.sse"));

    RecordingListener listener =
        stream(TestProviders.azure(base(""), Map.of("api-version", "2024-02-01")), "gpt-4o");

    assertEquals(
        List.of("text:Azure", "text: says", "text: hello", "text:.", "completed:-1/-1:stop"),
        listener.described());
    RecordedRequest request = take();
    assertEquals("POST", request.getMethod());
    assertEquals("/openai/deployments/gpt-4o/chat/completions", request.getUrl().encodedPath());
    assertEquals("api-version=2024-02-01", request.getUrl().query());
    assertEquals(AZURE_KEY, request.getHeaders().get("api-key"));
    assertNull(request.getHeaders().get("api-version"));
    assertNull(request.getHeaders().get("Authorization"));
    // api-version 2024-02-01 refuses stream_options, so usage is not asked for.
    assertBody(
        "{\"model\":\"gpt-4o\",\"messages\":" + MESSAGES_JSON + ",\"stream\":true}", request);
  }

  @Test
  void azureResourceEndpointDefaultsToCurrentGaApiVersionAndAsksForUsage() throws Exception {
    server.enqueue(StreamBodies.replay("azure-v1-chat.sse"));

    RecordingListener listener = stream(TestProviders.azure(base(""), Map.of()), "my-gpt4o");

    assertEquals(
        List.of("text:From", "text: the", "text: v1", "text: API", "text:.", "completed:14/5:stop"),
        listener.described());
    RecordedRequest request = take();
    assertEquals(AZURE_KEY, request.getHeaders().get("api-key"));
    assertEquals("/openai/deployments/my-gpt4o/chat/completions", request.getUrl().encodedPath());
    assertEquals("api-version=2024-10-21", request.getUrl().query());
    assertBody(
        "{\"model\":\"my-gpt4o\",\"messages\":"
            + MESSAGES_JSON
            + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}",
        request);
  }

  @Test
  void azureQueryParamApiVersionWinsOverTheHeader() throws Exception {
    server.enqueue(StreamBodies.replay("azure-chat.sse"));
    ProviderConfig azure =
        TestProviders.azure(base(""), Map.of("api-version", "2024-02-01")).toBuilder()
            .queryParams(Map.of("api-version", "2025-01-01-preview"))
            .build();

    stream(azure, "gpt-4o");

    RecordedRequest request = take();
    assertEquals("api-version=2025-01-01-preview", request.getUrl().query());
    assertNull(request.getHeaders().get("api-version"));
  }

  @Test
  void azureV1BaseUsesPlainChatCompletionsPath() throws Exception {
    server.enqueue(StreamBodies.replay("azure-v1-chat.sse"));

    RecordingListener listener =
        stream(TestProviders.azure(base("/openai/v1"), Map.of()), "gpt-4o");

    assertEquals(
        List.of("text:From", "text: the", "text: v1", "text: API", "text:.", "completed:14/5:stop"),
        listener.described());
    RecordedRequest request = take();
    assertEquals("/openai/v1/chat/completions", request.getUrl().encodedPath());
    assertNull(request.getUrl().query());
    assertEquals(AZURE_KEY, request.getHeaders().get("api-key"));
    assertBody(
        "{\"model\":\"gpt-4o\",\"messages\":"
            + MESSAGES_JSON
            + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}",
        request);
  }

  @Test
  void azureContentFilterFinishCompletesWithThatReason() throws Exception {
    server.enqueue(StreamBodies.replay("azure-content-filter.sse"));

    RecordingListener listener =
        stream(TestProviders.azure(base(""), Map.of("api-version", "2024-02-01")), "gpt-4o");

    assertEquals(
        List.of(
            "text:The",
            "text: duel",
            "text: ended",
            "text: when",
            "completed:-1/-1:content_filter"),
        listener.described());
    assertEquals(
        new StreamEvent.Completed(
            Usage.UNKNOWN, new StopReason(StopReason.Kind.CONTENT_FILTER, "content_filter")),
        listener.events().get(4));
  }

  @Test
  void refusalDeltasAreTheReplyAndMarkItARefusal() throws Exception {
    server.enqueue(StreamBodies.replay("openai-refusal.sse"));

    RecordingListener listener = stream(TestProviders.openai(base("/v1")), "gpt-4o");

    // The word becomes "refusal" (the server said "stop") so that a saved reply reads back the
    // same.
    assertEquals(
        List.of("text:I'm sorry,", "text: I can't help with that.", "completed:21/9:refusal"),
        listener.described());
    assertEquals(
        new StreamEvent.Completed(
            new Usage(21, 9), new StopReason(StopReason.Kind.REFUSAL, "refusal")),
        listener.events().get(2));
  }

  @Test
  void aReplyThatIsOnlyAToolCallCompletesNamingTheTool() throws Exception {
    server.enqueue(StreamBodies.replay("openai-tool-call.sse"));

    RecordingListener listener = stream(TestProviders.openai(base("/v1")), "gpt-4o");

    assertEquals(
        List.of(
            new StreamEvent.Completed(
                new Usage(57, 15),
                new StopReason(StopReason.Kind.TOOL_CALL, "tool_calls", List.of("get_weather")))),
        listener.events());
  }

  @Test
  void toolCallsUnderAPlainStopStillCountAsAToolCall() throws Exception {
    server.enqueue(
        StreamBodies.eventStream(
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Checking.\","
                + "\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_time\",\"arguments\":\"{}\"}},"
                + "{\"index\":1,\"id\":\"call_2\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}]}}]}\n\n"
                + StreamBodies.CHAT_STOP
                + StreamBodies.DONE));

    RecordingListener listener = stream(TestProviders.openai(base("/v1")), "gpt-4o");

    assertEquals(
        List.of(
            new StreamEvent.TextDelta("Checking."),
            new StreamEvent.Completed(
                Usage.UNKNOWN,
                new StopReason(
                    StopReason.Kind.TOOL_CALL, "tool_calls", List.of("get_time", "get_weather")))),
        listener.events());
  }

  @Test
  void aStreamWithNoTextIsAnEmptyReply() throws Exception {
    server.enqueue(StreamBodies.eventStream(StreamBodies.CHAT_STOP + StreamBodies.DONE));

    RecordingListener listener = stream(TestProviders.openai(base("/v1")), "gpt-4o");

    assertEquals(
        List.of("failed:SERVER:openai: the server sent an empty reply"), listener.described());
  }

  @Test
  void anEmptyReplyClosedWithoutDoneAndAnUnknownWordSaysTheWord() throws Exception {
    server.enqueue(
        StreamBodies.eventStream(
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},"
                + "\"finish_reason\":\"pause\"}]}\n\n"));

    RecordingListener listener = stream(TestProviders.openai(base("/v1")), "gpt-4o");

    assertEquals(
        List.of("failed:SERVER:openai: the server sent an empty reply (stop reason 'pause')"),
        listener.described());
  }

  @Test
  void customProviderSendsHeadersEnvHeadersAndQueryParams() throws Exception {
    server.enqueue(StreamBodies.replay("gateway-chat.sse"));
    ProviderConfig custom =
        TestProviders.builder("custom")
            .name("My Custom Provider")
            .baseUrl(base("/v1"))
            .envKey("CUSTOM_API_KEY")
            .defaultModel("custom-model")
            .wireApi(WireApi.CHAT)
            .auth(AuthScheme.BEARER)
            .httpHeaders(Map.of("X-Custom-Header", "value"))
            .envHttpHeaders(Map.of("X-Org-Id", "CUSTOM_ORG", "X-Project", "UNSET_PROJECT"))
            .queryParams(Map.of("tenant", "acme"))
            .build();

    RecordingListener listener = stream(custom, "custom-model");

    // CRLF lines, keep-alive comments, no [DONE] after a finish_reason: still a completed reply.
    assertEquals(
        List.of("text:Custom", "text: gateway", "text: reply", "completed:-1/-1:length"),
        listener.described());
    RecordedRequest request = take();
    assertEquals("/v1/chat/completions", request.getUrl().encodedPath());
    assertEquals("tenant=acme", request.getUrl().query());
    assertEquals("Bearer custom-key-77", request.getHeaders().get("Authorization"));
    assertEquals("value", request.getHeaders().get("X-Custom-Header"));
    assertEquals("org-42", request.getHeaders().get("X-Org-Id"));
    assertNull(request.getHeaders().get("X-Project"));
  }

  @Test
  void errorChunkMidStreamFailsAfterTheTextSoFar() throws Exception {
    server.enqueue(StreamBodies.replay("openai-error-chunk.sse"));

    RecordingListener listener = stream(TestProviders.openai(base("/v1")), "gpt-4o");

    assertEquals(
        List.of(
            "text:The",
            "text: answer",
            "text: is",
            "failed:SERVER:openai: the server reported an error during the reply (server_error:"
                + " The server had an error while processing your request. Sorry about that!);"
                + " try again"),
        listener.described());
  }

  @Test
  void errorObjectOfVllmStyleServersFails() throws Exception {
    server.enqueue(
        StreamBodies.eventStream(
            "data: {\"object\":\"error\",\"message\":\"This model's maximum context length"
                + " is 4096 tokens.\",\"type\":\"BadRequestError\",\"param\":null,"
                + "\"code\":400}\n\n"
                + "data: [DONE]\n\n"));

    RecordingListener listener = stream(TestProviders.openai(base("/v1")), "gpt-4o");

    assertEquals(
        List.of(
            "failed:BAD_REQUEST:openai: the server reported an error during the reply"
                + " (BadRequestError: This model's maximum context length is 4096 tokens.); check"
                + " the model name and the provider's settings"),
        listener.described());
  }

  @Test
  void streamThatEndsWithoutFinishOrDoneIsIncomplete() throws Exception {
    server.enqueue(StreamBodies.replay("openai-cut-off.sse"));

    RecordingListener listener = stream(TestProviders.openai(base("/v1")), "gpt-4o");

    assertEquals(
        List.of(
            "text:Once",
            "text: upon",
            "text: a",
            "failed:INCOMPLETE:openai: the stream ended before the reply finished (no data:"
                + " [DONE]); the reply may be cut short, try again"),
        listener.described());
  }

  @Test
  void malformedJsonInADataLineIsAProtocolError() throws Exception {
    server.enqueue(StreamBodies.replay("openai-malformed.sse"));

    RecordingListener listener = stream(TestProviders.openai(base("/v1")), "gpt-4o");

    assertEquals("text:Hi", listener.described().get(0));
    assertEquals(ChatException.Kind.PROTOCOL, listener.failure().error().kind());
    assertEquals(2, listener.described().size());
  }

  @Test
  void unauthorizedNamesTheKeyVariableAndTheProvidersMessage() throws Exception {
    server.enqueue(
        StreamBodies.error(
            401,
            "{\"error\":{\"message\":\"Incorrect API key provided: sk-proj-****cdef.\","
                + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}"));

    RecordingListener listener = stream(TestProviders.openai(base("/v1")), "gpt-4o");

    assertEquals(
        List.of(
            "failed:AUTH:openai: the API key was rejected (HTTP 401: Incorrect API key provided:"
                + " sk-proj-****cdef.); check OPENAI_API_KEY"),
        listener.described());
    assertEquals(401, listener.failure().error().httpStatus());
  }

  @Test
  void notFoundNamesTheModelAndTheUrl() throws Exception {
    server.enqueue(
        StreamBodies.error(
            404,
            "{\"error\":{\"message\":\"The model `gpt-5-nope` does not exist or you do not have"
                + " access to it.\",\"type\":\"invalid_request_error\",\"param\":null,"
                + "\"code\":\"model_not_found\"}}"));

    RecordingListener listener = stream(TestProviders.openai(base("/v1")), "gpt-5-nope");

    assertEquals(
        List.of(
            "failed:NOT_FOUND:openai: model 'gpt-5-nope' or its URL "
                + base("/v1")
                + "/chat/completions was not found (HTTP 404: The model `gpt-5-nope` does not"
                + " exist or you do not have access to it.); check the model name (`agent models"
                + " -p openai`) and base_url"),
        listener.described());
  }

  @Test
  void azureDeploymentNotFoundShowsTheUrlWithoutItsQuery() throws Exception {
    server.enqueue(
        StreamBodies.error(
            404,
            "{\"error\":{\"code\":\"DeploymentNotFound\",\"message\":\"The API deployment for this"
                + " resource does not exist.\"}}"));

    RecordingListener listener =
        stream(TestProviders.azure(base(""), Map.of("api-version", "2024-02-01")), "gpt-4o");

    assertEquals(
        "failed:NOT_FOUND:azure: model 'gpt-4o' or its URL "
            + base("")
            + "/openai/deployments/gpt-4o/chat/completions was not found (HTTP 404: The API"
            + " deployment for this resource does not exist.); check the model name (`agent"
            + " models -p azure`) and base_url",
        listener.described().get(0));
  }

  @Test
  void ollamaModelNotPulledSaysHowToPullIt() throws Exception {
    server.enqueue(
        StreamBodies.error(
            404,
            "{\"error\":{\"message\":\"model \\\"llama9\\\" not found, try pulling it first\","
                + "\"type\":\"api_error\",\"param\":null,\"code\":null}}"));

    RecordingListener listener = stream(TestProviders.ollama(base("/v1")), "llama9");

    assertEquals(
        List.of(
            "failed:NOT_FOUND:ollama: model 'llama9' was not found at "
                + base("/v1")
                + "/chat/completions (HTTP 404: model \"llama9\" not found, try pulling it first);"
                + " pull it with `ollama pull llama9` or pick one from `agent models -p ollama`"),
        listener.described());
  }

  @Test
  void quotaSpentIsToldApartFromRateLimiting() throws Exception {
    server.enqueue(
        StreamBodies.error(
            429,
            "{\"error\":{\"message\":\"You exceeded your current quota, please check your plan and"
                + " billing details.\",\"type\":\"insufficient_quota\",\"param\":null,"
                + "\"code\":\"insufficient_quota\"}}"));
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .setHeader("Content-Type", "application/json")
            .setHeader("Retry-After", "20")
            .body(
                "{\"error\":{\"message\":\"Rate limit reached for gpt-4o on requests per min"
                    + " (RPM): Limit 3, Used 3, Requested 1.\",\"type\":\"requests\","
                    + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}")
            .build());

    RecordingListener quota = stream(TestProviders.openai(base("/v1")), "gpt-4o");
    RecordingListener limited = stream(TestProviders.openai(base("/v1")), "gpt-4o");

    assertEquals(
        List.of(
            "failed:RATE_LIMITED:openai: the account's quota is spent (HTTP 429: You exceeded"
                + " your current quota, please check your plan and billing details.); check its"
                + " plan and billing"),
        quota.described());
    assertEquals(
        List.of(
            "failed:RATE_LIMITED:openai: too many requests (HTTP 429: Rate limit reached for"
                + " gpt-4o on requests per min (RPM): Limit 3, Used 3, Requested 1.); wait 20 s"
                + " and try again"),
        limited.described());
  }

  @Test
  void serverErrorsAndBadRequests() throws Exception {
    server.enqueue(
        StreamBodies.error(
            500,
            "{\"error\":{\"message\":\"The server had an error while processing your request."
                + " Sorry about that!\",\"type\":\"server_error\",\"param\":null,\"code\":null}}"));
    server.enqueue(
        StreamBodies.error(
            400,
            "{\"error\":{\"message\":\"Invalid 'messages[1].content': string too long.\","
                + "\"type\":\"invalid_request_error\",\"param\":\"messages[1].content\","
                + "\"code\":\"string_above_max_length\"}}"));
    server.enqueue(
        new MockResponse.Builder()
            .code(502)
            .setHeader("Content-Type", "text/html")
            .body(
                "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502"
                    + " Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n")
            .build());

    RecordingListener failed = stream(TestProviders.openai(base("/v1")), "gpt-4o");
    RecordingListener refused = stream(TestProviders.openai(base("/v1")), "gpt-4o");
    RecordingListener gateway = stream(TestProviders.openai(base("/v1")), "gpt-4o");

    assertEquals(
        List.of(
            "failed:SERVER:openai: the server failed (HTTP 500: The server had an error while"
                + " processing your request. Sorry about that!); try again later"),
        failed.described());
    assertEquals(
        List.of(
            "failed:BAD_REQUEST:openai: the request was refused (HTTP 400: Invalid"
                + " 'messages[1].content': string too long.)"),
        refused.described());
    assertEquals(
        List.of(
            "failed:SERVER:openai: the server failed (HTTP 502: 502 Bad Gateway 502 Bad"
                + " Gateway); try again later"),
        gateway.described());
  }

  @Test
  void okButNotAnEventStreamIsAProtocolError() throws Exception {
    server.enqueue(
        StreamBodies.json(
            "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},"
                + "\"finish_reason\":\"stop\"}]}"));

    RecordingListener listener = stream(TestProviders.openai(base("/v1")), "gpt-4o");

    assertEquals(
        List.of(
            "failed:PROTOCOL:openai: "
                + base("/v1")
                + "/chat/completions answered with application/json instead of an event stream;"
                + " check base_url and wire_api"),
        listener.described());
  }

  @Test
  void listsModelsSortedWithoutDuplicates() throws Exception {
    server.enqueue(
        StreamBodies.json(
            "{\"object\":\"list\",\"data\":["
                + "{\"id\":\"gpt-4o\",\"object\":\"model\",\"created\":1715367049,\"owned_by\":\"system\"},"
                + "{\"id\":\"dall-e-3\",\"object\":\"model\",\"created\":1698785189,\"owned_by\":\"system\"},"
                + "{\"id\":\"gpt-4o-mini\",\"object\":\"model\",\"created\":1721172741,\"owned_by\":\"system\"},"
                + "{\"id\":\"gpt-4o\",\"object\":\"model\",\"created\":1715367049,\"owned_by\":\"system\"}]}"));

    List<String> models = client(TestProviders.openai(base("/v1"))).listModels();

    assertEquals(List.of("dall-e-3", "gpt-4o", "gpt-4o-mini"), models);
    RecordedRequest request = take();
    assertEquals("GET", request.getMethod());
    assertEquals("/v1/models", request.getUrl().encodedPath());
    assertEquals("Bearer " + OPENAI_KEY, request.getHeaders().get("Authorization"));
  }

  /**
   * A server that closes a kept-alive connection after answering (uvicorn, under vLLM and LiteLLM,
   * does after 5 s idle; a plain HTTP/1.0 server after each answer): the next listing finds the
   * pooled connection dead. A GET costs nothing to send again, so it is, on a new connection,
   * instead of the list or the context window failing.
   */
  @Test
  void aListingOnAConnectionTheServerClosedIsSentAgainOnANewOne() throws Exception {
    String list = "{\"object\":\"list\",\"data\":[{\"id\":\"m1\",\"object\":\"model\"}]}";
    server.enqueue(
        StreamBodies.json(list).newBuilder().onResponseEnd(new SocketEffect.CloseSocket()).build());
    server.enqueue(StreamBodies.json(list));
    ChatClient client = client(TestProviders.openai(base("/v1")));

    assertEquals(List.of("m1"), client.listModels());
    assertEquals(List.of("m1"), client.listModels());
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void ollamaModelsFallBackToApiTags() throws Exception {
    server.enqueue(StreamBodies.error(404, "404 page not found"));
    server.enqueue(
        StreamBodies.json(
            "{\"models\":[{\"name\":\"qwen2.5:7b\",\"model\":\"qwen2.5:7b\",\"size\":4683087332},"
                + "{\"name\":\"llama3.2:latest\",\"model\":\"llama3.2:latest\",\"size\":2019393189}]}"));

    List<String> models = client(TestProviders.ollama(base("/v1"))).listModels();

    assertEquals(List.of("llama3.2:latest", "qwen2.5:7b"), models);
    assertEquals("/v1/models", take().getUrl().encodedPath());
    assertEquals("/api/tags", take().getUrl().encodedPath());
  }

  @Test
  void localServerThatFailsModelsAndTagsReportsTheFirstFailure() throws Exception {
    server.enqueue(StreamBodies.error(500, "{\"error\":\"llama runner process has terminated\"}"));
    server.enqueue(StreamBodies.error(500, "{\"error\":\"still broken\"}"));

    ChatException e =
        assertThrows(
            ChatException.class, () -> client(TestProviders.ollama(base("/v1"))).listModels());

    assertEquals(ChatException.Kind.SERVER, e.kind());
    assertEquals(
        "ollama: the server failed (HTTP 500: llama runner process has terminated); try again"
            + " later",
        e.getMessage());
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void azureModelsUseEachUrlStyle() throws Exception {
    String list = "{\"data\":[{\"id\":\"gpt-4o\"},{\"id\":\"gpt-35-turbo\"}],\"object\":\"list\"}";
    server.enqueue(StreamBodies.json(list));
    server.enqueue(StreamBodies.json(list));

    List<String> endpoint =
        client(TestProviders.azure(base(""), Map.of("api-version", "2024-02-01"))).listModels();
    List<String> v1 = client(TestProviders.azure(base("/openai/v1"), Map.of())).listModels();

    assertEquals(List.of("gpt-35-turbo", "gpt-4o"), endpoint);
    assertEquals(endpoint, v1);
    RecordedRequest first = take();
    assertEquals("/openai/models", first.getUrl().encodedPath());
    assertEquals("api-version=2024-02-01", first.getUrl().query());
    assertEquals(AZURE_KEY, first.getHeaders().get("api-key"));
    RecordedRequest second = take();
    assertEquals("/openai/v1/models", second.getUrl().encodedPath());
    assertNull(second.getUrl().query());
  }

  @Test
  void modelsRefusedKeyIsAnAuthError() throws Exception {
    server.enqueue(
        StreamBodies.error(
            401,
            "{\"error\":{\"message\":\"Incorrect API key provided.\",\"type\":"
                + "\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}"));

    ChatException e =
        assertThrows(
            ChatException.class, () -> client(TestProviders.openai(base("/v1"))).listModels());

    assertEquals(ChatException.Kind.AUTH, e.kind());
    assertEquals(
        "openai: the API key was rejected (HTTP 401: Incorrect API key provided.); check"
            + " OPENAI_API_KEY",
        e.getMessage());
  }
}
