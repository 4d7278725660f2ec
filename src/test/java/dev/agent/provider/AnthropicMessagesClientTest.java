package dev.agent.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** Anthropic messages, replaying recorded streams. */
class AnthropicMessagesClientTest {
  private static final String KEY = "sk-ant-api03-test-key-0123456789";
  private static final Map<String, String> ENV = Map.of("ANTHROPIC_API_KEY", KEY);

  private final ObjectMapper json = new ObjectMapper();
  @StartStop private final MockWebServer server = TestServers.failFast();

  private ProviderConfig anthropic() {
    String url = server.url("/v1").toString();
    return TestProviders.anthropic(url);
  }

  private ChatClient client(ProviderConfig provider) throws ChatException {
    return new ProviderRegistry(TestProviders.config(provider), ENV).client(provider);
  }

  private RecordingListener stream(ProviderConfig provider, List<Message> messages)
      throws Exception {
    RecordingListener listener = new RecordingListener();
    client(provider).stream(new ChatRequest("claude-sonnet-4-20250514", messages), listener);
    listener.awaitEnd();
    return listener;
  }

  private RecordingListener stream(String fixture) throws Exception {
    server.enqueue(StreamBodies.replay(fixture));
    return stream(anthropic(), List.of(Message.user("Hi")));
  }

  private RecordingListener failWith(int code, String body) throws Exception {
    server.enqueue(StreamBodies.error(code, body));
    return stream(anthropic(), List.of(Message.user("Hi")));
  }

  @Test
  void streamsTheReplyWithUsageAndStopReason() throws Exception {
    server.enqueue(StreamBodies.replay("anthropic-messages.sse"));

    RecordingListener listener =
        stream(
            anthropic(),
            List.of(
                Message.system("Be brief."),
                Message.user("Hi"),
                Message.assistant("Hello."),
                Message.system("Answer in English."),
                Message.user("How are you?")));

    assertEquals(
        List.of(
            "text:Hello", "text:! How can I", "text: help you today?", "completed:25/15:end_turn"),
        listener.described());
    assertEquals(
        new StreamEvent.Completed(
            new Usage(25, 15), new StopReason(StopReason.Kind.END_TURN, "end_turn")),
        listener.events().get(3));
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertEquals("POST", request.getMethod());
    assertEquals("/v1/messages", request.getUrl().encodedPath());
    assertNull(request.getUrl().query());
    assertEquals(KEY, request.getHeaders().get("x-api-key"));
    assertEquals("2023-06-01", request.getHeaders().get("anthropic-version"));
    assertNull(request.getHeaders().get("Authorization"));
    assertEquals("agent/0.1.0", request.getHeaders().get("User-Agent"));
    // System messages are hoisted; the rest keep their order.
    assertEquals(
        json.readTree(
            "{\"model\":\"claude-sonnet-4-20250514\",\"max_tokens\":8192,\"messages\":["
                + "{\"role\":\"user\",\"content\":\"Hi\"},"
                + "{\"role\":\"assistant\",\"content\":\"Hello.\"},"
                + "{\"role\":\"user\",\"content\":\"How are you?\"}],"
                + "\"system\":\"Be brief.\\n\\nAnswer in English.\",\"stream\":true}"),
        json.readTree(request.getBody().utf8()));
  }

  @Test
  void maxTokensAndHeadersFromTheConfigurationAreSent() throws Exception {
    server.enqueue(StreamBodies.replay("anthropic-messages.sse"));
    ProviderConfig gateway =
        TestProviders.builder("gateway")
            .name("Self-hosted Anthropic gateway")
            .baseUrl(server.url("/anthropic/v1").toString())
            .envKey("GATEWAY_TOKEN")
            .defaultModel("claude-sonnet-4-20250514")
            .wireApi(WireApi.ANTHROPIC)
            .auth(AuthScheme.BEARER)
            .httpHeaders(
                Map.of(
                    "anthropic-version", "2024-01-01", "anthropic-beta", "output-128k-2025-02-19"))
            .queryParams(Map.of("team", "core"))
            .maxTokens(1024)
            .build();
    RecordingListener listener = new RecordingListener();
    new ProviderRegistry(TestProviders.config(gateway), Map.of("GATEWAY_TOKEN", "gw-token"))
        .client(gateway).stream(
            new ChatRequest("claude-sonnet-4-20250514", List.of(Message.user("Hi"))), listener);

    listener.awaitEnd();

    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertEquals("/anthropic/v1/messages", request.getUrl().encodedPath());
    assertEquals("team=core", request.getUrl().query());
    assertEquals("Bearer gw-token", request.getHeaders().get("Authorization"));
    assertNull(request.getHeaders().get("x-api-key"));
    assertEquals(List.of("2024-01-01"), request.getHeaders().values("anthropic-version"));
    assertEquals("output-128k-2025-02-19", request.getHeaders().get("anthropic-beta"));
    assertEquals(1024, json.readTree(request.getBody().utf8()).get("max_tokens").asInt());
    assertTrue(json.readTree(request.getBody().utf8()).path("system").isMissingNode());
  }

  @Test
  void thinkingIsReasoningAndItsSignatureIsKept() throws Exception {
    RecordingListener listener = stream("anthropic-thinking.sse");

    assertEquals(
        List.of(
            "reasoning:The user wants 27 * 453. 27 * 453 = 12231.",
            "signature:EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds",
            "text:27 * 453 = **12,231**",
            "completed:25/52:end_turn"),
        listener.described());
  }

  @Test
  void toolUseBlockCompletesNamingTheTool() throws Exception {
    RecordingListener listener = stream("anthropic-tool-use.sse");

    assertEquals(
        List.of(
            new StreamEvent.TextDelta("Let me check the weather."),
            new StreamEvent.Completed(
                new Usage(472, 89),
                new StopReason(StopReason.Kind.TOOL_CALL, "tool_use", List.of("get_weather")))),
        listener.events());
  }

  @Test
  void aMessageWithNoTextIsAnEmptyReply() throws Exception {
    server.enqueue(StreamBodies.eventStream(emptyMessage("end_turn")));

    RecordingListener listener = stream(anthropic(), List.of(Message.user("Hi")));

    assertEquals(
        List.of("failed:SERVER:anthropic: the server sent an empty reply"), listener.described());
  }

  @Test
  void aRefusalWithNoTextIsARefusalNotAnEmptyReply() throws Exception {
    server.enqueue(StreamBodies.eventStream(emptyMessage("refusal")));

    RecordingListener listener = stream(anthropic(), List.of(Message.user("Hi")));

    assertEquals(
        List.of(
            new StreamEvent.Completed(
                new Usage(10, 0), new StopReason(StopReason.Kind.REFUSAL, "refusal"))),
        listener.events());
  }

  /** A messages stream with no content blocks, ending with {@code stopReason}. */
  private static String emptyMessage(String stopReason) {
    return "event: message_start\n"
        + "data: {\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":10,"
        + "\"output_tokens\":0}}}\n\n"
        + "event: message_delta\n"
        + "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\""
        + stopReason
        + "\"},\"usage\":{\"output_tokens\":0}}\n\n"
        + "event: message_stop\n"
        + "data: {\"type\":\"message_stop\"}\n\n";
  }

  @Test
  void unknownEventTypesAreIgnored() throws Exception {
    RecordingListener listener = stream("anthropic-unknown-event.sse");

    assertEquals(
        List.of("text:Still", "text: fine", "completed:25/2:max_tokens"), listener.described());
  }

  @Test
  void overloadedErrorEventMidStreamFails() throws Exception {
    RecordingListener listener = stream("anthropic-overloaded.sse");

    assertEquals(
        List.of(
            "text:Partial",
            "failed:SERVER:anthropic: the server reported an error during the reply"
                + " (overloaded_error: Overloaded); try again"),
        listener.described());
  }

  @Test
  void errorEventTypesMapToKinds() throws Exception {
    for (String[] typeAndKind :
        new String[][] {
          {"rate_limit_error", "RATE_LIMITED"},
          {"authentication_error", "AUTH"},
          {"api_error", "SERVER"},
          {"invalid_request_error", "BAD_REQUEST"},
          {"not_found_error", "NOT_FOUND"}
        }) {
      server.enqueue(
          StreamBodies.eventStream(
              "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\""
                  + typeAndKind[0]
                  + "\",\"message\":\"m\"}}\n\n"));

      RecordingListener listener = stream(anthropic(), List.of(Message.user("Hi")));

      assertEquals(typeAndKind[1], listener.failure().error().kind().name(), typeAndKind[0]);
    }
  }

  @Test
  void streamWithoutMessageStopIsIncomplete() throws Exception {
    RecordingListener listener = stream("anthropic-no-message-stop.sse");

    assertEquals(
        List.of(
            "text:Almost",
            "failed:INCOMPLETE:anthropic: the stream ended before the reply finished (no"
                + " message_stop); the reply may be cut short, try again"),
        listener.described());
  }

  @Test
  void unauthorizedNamesTheKeyVariable() throws Exception {
    RecordingListener listener =
        failWith(
            401,
            "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":"
                + "\"invalid x-api-key\"},\"request_id\":\"req_011CSHoEeqs5C35K2UUqR7Fy\"}");

    assertEquals(
        List.of(
            "failed:AUTH:anthropic: the API key was rejected (HTTP 401: invalid x-api-key); check"
                + " ANTHROPIC_API_KEY"),
        listener.described());
  }

  @Test
  void unknownModel() throws Exception {
    RecordingListener listener =
        failWith(
            404,
            "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"model:"
                + " claude-sonnet-4-20250514\"},\"request_id\":\"req_011CSHpXk1\"}");

    assertEquals(
        List.of(
            "failed:NOT_FOUND:anthropic: model 'claude-sonnet-4-20250514' or its URL "
                + server.url("/v1/messages")
                + " was not found (HTTP 404: model: claude-sonnet-4-20250514); check the model"
                + " name (`agent models -p anthropic`) and base_url"),
        listener.described());
  }

  @Test
  void rateLimitedWithRetryAfter() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .setHeader("Content-Type", "application/json")
            .setHeader("retry-after", "7")
            .body(
                "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"This"
                    + " request would exceed the rate limit for your organization of 50 requests"
                    + " per minute.\"}}")
            .build());

    RecordingListener listener = stream(anthropic(), List.of(Message.user("Hi")));

    assertEquals(
        List.of(
            "failed:RATE_LIMITED:anthropic: too many requests (HTTP 429: This request would"
                + " exceed the rate limit for your organization of 50 requests per minute.); wait"
                + " 7 s and try again"),
        listener.described());
  }

  @Test
  void internalErrorAndOverloaded() throws Exception {
    RecordingListener failed =
        failWith(
            500,
            "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Internal server"
                + " error\"}}");
    RecordingListener overloaded =
        failWith(
            529,
            "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":"
                + "\"Overloaded\"},\"request_id\":null}");

    assertEquals(
        List.of(
            "failed:SERVER:anthropic: the server failed (HTTP 500: Internal server error); try"
                + " again later"),
        failed.described());
    assertEquals(
        List.of(
            "failed:SERVER:anthropic: the server is overloaded (HTTP 529: Overloaded); try again"
                + " in a moment"),
        overloaded.described());
    assertEquals(529, overloaded.failure().error().httpStatus());
  }

  @Test
  void listsModelsAcrossPages() throws Exception {
    server.enqueue(
        StreamBodies.json(
            "{\"data\":[{\"type\":\"model\",\"id\":\"claude-sonnet-4-20250514\",\"display_name\":"
                + "\"Claude Sonnet 4\",\"created_at\":\"2025-05-22T00:00:00Z\"},"
                + "{\"type\":\"model\",\"id\":\"claude-opus-4-20250514\",\"display_name\":"
                + "\"Claude Opus 4\",\"created_at\":\"2025-05-22T00:00:00Z\"}],"
                + "\"has_more\":true,\"first_id\":\"claude-sonnet-4-20250514\","
                + "\"last_id\":\"claude-opus-4-20250514\"}"));
    server.enqueue(
        StreamBodies.json(
            "{\"data\":[{\"type\":\"model\",\"id\":\"claude-3-5-haiku-20241022\",\"display_name\":"
                + "\"Claude Haiku 3.5\",\"created_at\":\"2024-10-22T00:00:00Z\"}],"
                + "\"has_more\":false,\"first_id\":\"claude-3-5-haiku-20241022\","
                + "\"last_id\":\"claude-3-5-haiku-20241022\"}"));

    List<String> models = client(anthropic()).listModels();

    assertEquals(
        List.of("claude-3-5-haiku-20241022", "claude-opus-4-20250514", "claude-sonnet-4-20250514"),
        models);
    RecordedRequest first = server.takeRequest(5, TimeUnit.SECONDS);
    assertEquals("GET", first.getMethod());
    assertEquals("/v1/models", first.getUrl().encodedPath());
    assertEquals("limit=1000", first.getUrl().query());
    assertEquals(KEY, first.getHeaders().get("x-api-key"));
    assertEquals("2023-06-01", first.getHeaders().get("anthropic-version"));
    RecordedRequest second = server.takeRequest(5, TimeUnit.SECONDS);
    assertEquals("limit=1000&after_id=claude-opus-4-20250514", second.getUrl().query());
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void modelsWithARefusedKey() throws Exception {
    server.enqueue(
        StreamBodies.error(
            401,
            "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":"
                + "\"invalid x-api-key\"}}"));

    ChatException e = assertThrows(ChatException.class, () -> client(anthropic()).listModels());

    assertEquals(ChatException.Kind.AUTH, e.kind());
    assertEquals(
        "anthropic: the API key was rejected (HTTP 401: invalid x-api-key); check"
            + " ANTHROPIC_API_KEY",
        e.getMessage());
  }
}
