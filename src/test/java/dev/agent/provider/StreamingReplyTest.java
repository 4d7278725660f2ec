package dev.agent.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent.chat.ChatException;
import dev.agent.chat.ChatRequest;
import dev.agent.chat.Message;
import dev.agent.config.AuthScheme;
import dev.agent.config.ProviderConfig;
import dev.agent.config.WireApi;
import dev.agent.testing.RecordingListener;
import dev.agent.testing.ScriptedSockets;
import dev.agent.testing.StreamBodies;
import dev.agent.testing.TestProviders;
import dev.agent.testing.TestServers;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** What every stream promises, whatever its wire format: cancel, one end, failures as events. */
class StreamingReplyTest {
  private static final String KEY = "sk-proj-never-show-me-5f3a9c";
  private static final Map<String, String> ENV = Map.of("OPENAI_API_KEY", KEY);
  private static final ChatRequest REQUEST = new ChatRequest("gpt-4o", List.of(Message.user("Hi")));

  @StartStop private final MockWebServer server = TestServers.failFast();
  private final OkHttpClient http = ProviderRegistry.defaultHttpClient();

  private String base() {
    return server.url("/v1").toString();
  }

  private ChatCall stream(ProviderConfig provider, RecordingListener listener)
      throws ChatException {
    return new ProviderRegistry(TestProviders.config(provider), ENV, http)
        .client(provider).stream(REQUEST, listener);
  }

  /** Waits until okhttp has returned from every listener callback of every call. */
  private void awaitOkHttpIdle() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (http.dispatcher().runningCallsCount() > 0) {
      assertTrue(System.nanoTime() < deadline, "okhttp calls still running after 10 s");
      Thread.sleep(10);
    }
  }

  /** {@code openai-chat.sse} whose first event ("Hello") comes at once and the rest 2 s later. */
  private static MockResponse helloThenSilence() {
    String body = StreamBodies.recorded("openai-chat.sse");
    int firstEvent =
        body.substring(0, body.indexOf("\n\n", body.indexOf("\"Hello\"")) + 2)
            .getBytes(StandardCharsets.UTF_8)
            .length;
    return StreamBodies.eventStreamBuilder(body)
        .throttleBody(firstEvent, 2, TimeUnit.SECONDS)
        .build();
  }

  @Test
  void afterCancelReturnsTheListenerHearsNothingMore() throws Exception {
    server.enqueue(helloThenSilence());
    RecordingListener listener = new RecordingListener();

    ChatCall call = stream(TestProviders.openai(base()), listener);
    listener.awaitFirstText();
    call.cancel();
    call.cancel();
    awaitOkHttpIdle();

    // okhttp reports the cancelled call as a failure; that must not reach the listener.
    assertEquals(List.of("text:Hello"), listener.described());
  }

  @Test
  void cancelBeforeTheServerAnswersDeliversNothing() throws Exception {
    server.enqueue(
        StreamBodies.eventStreamBuilder(StreamBodies.recorded("openai-chat.sse"))
            .headersDelay(500, TimeUnit.MILLISECONDS)
            .build());
    RecordingListener listener = new RecordingListener();

    stream(TestProviders.openai(base()), listener).cancel();
    awaitOkHttpIdle();

    assertEquals(List.of(), listener.described());
  }

  @Test
  void cancelAfterTheEndChangesNothing() throws Exception {
    server.enqueue(StreamBodies.replay("openai-chat.sse"));
    RecordingListener listener = new RecordingListener();

    ChatCall call = stream(TestProviders.openai(base()), listener);
    List<String> events = listener.awaitEnd();
    call.cancel();
    awaitOkHttpIdle();

    assertEquals(events, listener.described());
    assertEquals("completed:19/10:stop", events.get(events.size() - 1));
  }

  @Test
  void refusedConnectionToOllamaSaysToStartIt() throws Exception {
    String url = "http://localhost:" + TestServers.closedPort() + "/v1";
    RecordingListener listener = new RecordingListener();

    stream(TestProviders.ollama(url), listener);

    assertEquals(
        List.of(
            "failed:UNREACHABLE:ollama: no server answers at "
                + url
                + " (connection refused); start it with `ollama serve`"),
        listener.awaitEnd());
  }

  @Test
  void refusedConnectionToLmStudioSaysToStartItsServer() throws Exception {
    String url = "http://127.0.0.1:" + TestServers.closedPort() + "/v1";
    RecordingListener listener = new RecordingListener();

    stream(TestProviders.lmstudio(url), listener);

    assertEquals(
        List.of(
            "failed:UNREACHABLE:lmstudio: no server answers at "
                + url
                + " (connection refused); start LM Studio's local server (Developer tab, or `lms"
                + " server start`)"),
        listener.awaitEnd());
  }

  @Test
  void unknownHostNamesTheHost() throws Exception {
    OkHttpClient noDns =
        http.newBuilder()
            .dns(
                host -> {
                  throw new UnknownHostException(host);
                })
            .build();
    ProviderConfig openai = TestProviders.openai("https://api.openai.example/v1");
    RecordingListener listener = new RecordingListener();

    new ProviderRegistry(TestProviders.config(openai), ENV, noDns)
        .client(openai).stream(REQUEST, listener);

    assertEquals(
        List.of(
            "failed:UNREACHABLE:openai: cannot find host api.openai.example; check base_url and"
                + " your network connection"),
        listener.awaitEnd());
  }

  @Test
  void silenceMidStreamLongerThanTheIdleTimeoutIsATimeout() throws Exception {
    server.enqueue(helloThenSilence());
    RecordingListener listener = new RecordingListener();

    stream(
        TestProviders.openai(base()).toBuilder().streamIdleTimeout(Duration.ofMillis(300)).build(),
        listener);

    assertEquals(
        List.of(
            "text:Hello",
            "failed:TIMEOUT:openai: the server sent nothing for 300 ms in the middle of the reply;"
                + " try again"),
        listener.awaitEnd());
  }

  @Test
  void noAnswerWithinTheIdleTimeoutIsATimeout() throws Exception {
    server.enqueue(
        StreamBodies.eventStreamBuilder(StreamBodies.recorded("openai-chat.sse"))
            .headersDelay(2, TimeUnit.SECONDS)
            .build());
    RecordingListener listener = new RecordingListener();

    stream(
        TestProviders.openai(base()).toBuilder().streamIdleTimeout(Duration.ofMillis(300)).build(),
        listener);

    assertEquals(
        List.of(
            "failed:TIMEOUT:openai: no answer from "
                + base()
                + "/chat/completions in time; check the server and try again"),
        listener.awaitEnd());
  }

  @Test
  void theConnectTimeoutIsTheProvidersAndItsExpiryIsReportedAsSuch() throws Exception {
    ScriptedSockets neverConnects = new ScriptedSockets(Integer.MAX_VALUE);
    ProviderConfig openai =
        TestProviders.openai(base()).toBuilder().connectTimeout(Duration.ofMillis(2500)).build();
    RecordingListener listener = new RecordingListener();

    new ProviderRegistry(
            TestProviders.config(openai),
            ENV,
            http.newBuilder().socketFactory(neverConnects).build())
        .client(openai).stream(REQUEST, listener);

    assertEquals(
        List.of(
            "failed:TIMEOUT:openai: cannot connect to "
                + base()
                + "/chat/completions within 2.5 s; check base_url, your network and proxy"
                + " settings"),
        listener.awaitEnd());
    assertEquals(List.of(2500), neverConnects.timeouts());
  }

  @Test
  void theDefaultConnectTimeoutIsTenSeconds() throws Exception {
    ScriptedSockets sockets = new ScriptedSockets(0);
    server.enqueue(StreamBodies.replay("openai-chat.sse"));
    ProviderConfig openai = TestProviders.openai(base());
    RecordingListener listener = new RecordingListener();

    new ProviderRegistry(
            TestProviders.config(openai), ENV, http.newBuilder().socketFactory(sockets).build())
        .client(openai).stream(REQUEST, listener);

    assertEquals("completed:19/10:stop", listener.awaitEnd().get(listener.described().size() - 1));
    assertEquals(List.of(10_000), sockets.timeouts());
  }

  @Test
  void aStreamCutOffInTheMiddleOfALineEndsEarlyInsteadOfCrashingTheReader() throws Exception {
    // okhttp-sse alone throws ArrayIndexOutOfBoundsException on a body that ends mid-line.
    server.enqueue(
        StreamBodies.eventStream(
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"}}]}\n\n"
                + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"wor"));
    RecordingListener listener = new RecordingListener();

    stream(TestProviders.openai(base()), listener);

    assertEquals(
        List.of(
            "text:Hello",
            "failed:INCOMPLETE:openai: the stream ended before the reply finished (no data:"
                + " [DONE]); the reply may be cut short, try again"),
        listener.awaitEnd());
  }

  @Test
  void aStreamEndingInALoneCarriageReturnEndsInsteadOfSpinning() throws Exception {
    // okhttp-sse alone loops for ever, at full speed, on an unknown line ended by a final CR.
    server.enqueue(
        StreamBodies.eventStream(
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\r\r:x\r"));
    RecordingListener listener = new RecordingListener();

    stream(TestProviders.openai(base()), listener);

    assertEquals(
        List.of(
            "text:Hi",
            "failed:INCOMPLETE:openai: the stream ended before the reply finished (no data:"
                + " [DONE]); the reply may be cut short, try again"),
        listener.awaitEnd());
    awaitOkHttpIdle();
  }

  @Test
  void connectionBrokenMidStreamIsIncomplete() throws Exception {
    server.enqueue(
        StreamBodies.eventStreamBuilder(StreamBodies.recorded("openai-chat.sse"))
            .onResponseBody(new SocketEffect.CloseSocket())
            .build());
    RecordingListener listener = new RecordingListener();

    stream(TestProviders.openai(base()), listener);
    listener.awaitEnd();

    assertEquals(ChatException.Kind.INCOMPLETE, listener.failure().error().kind());
    assertTrue(
        listener
            .failure()
            .error()
            .getMessage()
            .startsWith("openai: the stream broke off before the reply finished ("),
        listener.failure().error().getMessage());
  }

  @Test
  void aDroppedPooledConnectionIsNotRetriedSoNothingIsBilledTwice() throws Exception {
    ProviderConfig openai = TestProviders.openai(base());
    ChatClient client =
        new ProviderRegistry(TestProviders.config(openai), ENV, http).client(openai);
    server.enqueue(StreamBodies.json("{\"data\":[{\"id\":\"gpt-4o\"}]}"));
    server.enqueue(
        new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(StreamBodies.replay("openai-chat.sse"));
    client.listModels(); // leaves a pooled connection that the server then drops

    RecordingListener listener = new RecordingListener();
    client.stream(REQUEST, listener);
    listener.awaitEnd();

    assertEquals(1, listener.described().size(), listener.described().toString());
    assertEquals(ChatException.Kind.UNREACHABLE, listener.failure().error().kind());
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void noFailureMessageEverShowsAKeyOrSecretEvenWhenTheServerEchoesIt() throws Exception {
    String token = "tok-8f8f8f8f8f";
    String querySecret = "query-secret-123";
    ProviderConfig custom =
        TestProviders.builder("custom")
            .name("Custom")
            .baseUrl(base())
            .envKey("OPENAI_API_KEY")
            .defaultModel("m")
            .wireApi(WireApi.CHAT)
            .auth(AuthScheme.BEARER)
            .envHttpHeaders(Map.of("X-Session-Token", "SESSION_TOKEN"))
            .queryParams(Map.of("key", querySecret))
            .build();
    String echo = KEY + " " + token;
    List<MockResponse> answers =
        List.of(
            StreamBodies.error(
                401, "{\"error\":{\"message\":\"Incorrect API key provided: " + echo + "\"}}"),
            StreamBodies.error(400, "bad session " + echo + " rejected"),
            StreamBodies.error(400, "x".repeat(179) + " " + echo),
            StreamBodies.error(404, "{\"error\":\"no model for " + echo + "\"}"),
            StreamBodies.error(429, "{\"error\":{\"message\":\"slow down " + echo + "\"}}"),
            StreamBodies.error(500, "<html><body>" + echo + "</body></html>"),
            StreamBodies.json("{\"error\":{\"message\":\"streaming off for " + echo + "\"}}"),
            StreamBodies.eventStream(
                "data: {\"error\":{\"message\":\"key " + echo + " is suspended\"}}\n\n"),
            StreamBodies.eventStream(
                "data: {\"choices\":[{\"delta\":{\"content\":\"" + echo + "\n\n"),
            StreamBodies.eventStream("event: error\ndata: {\"message\":\"" + echo + "\"}\n\n"));
    ProviderRegistry registry =
        new ProviderRegistry(
            TestProviders.config(custom),
            Map.of("OPENAI_API_KEY", KEY, "SESSION_TOKEN", token),
            http);

    for (MockResponse answer : answers) {
      server.enqueue(answer);
      RecordingListener listener = new RecordingListener();
      registry.client(custom).stream(REQUEST, listener);
      listener.awaitEnd();
      ChatException error = listener.failure().error();

      for (String text : List.of(error.getMessage(), error.toString())) {
        assertFalse(text.contains(KEY.substring(0, 12)), text);
        assertFalse(text.contains(token), text);
        assertFalse(text.contains(querySecret), text);
        assertTrue(text.contains("****"), text);
      }
    }
  }
}
