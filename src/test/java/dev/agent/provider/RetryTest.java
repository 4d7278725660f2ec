package dev.agent.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent.chat.ChatException;
import dev.agent.chat.ChatRequest;
import dev.agent.chat.Message;
import dev.agent.config.ProviderConfig;
import dev.agent.testing.RecordingListener;
import dev.agent.testing.ScriptedSockets;
import dev.agent.testing.StreamBodies;
import dev.agent.testing.TestProviders;
import dev.agent.testing.TestServers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.Dispatcher;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Retries of a request that failed before any text: which failures, how long between them, what the
 * listener hears, and what is never sent twice. The timer does not wait, so the delays are checked
 * as computed.
 */
class RetryTest {
  private static final String KEY = "sk-ant-api03-retry-test-0123456789";
  private static final Map<String, String> ENV =
      Map.of("ANTHROPIC_API_KEY", KEY, "OPENAI_API_KEY", KEY);
  private static final ChatRequest REQUEST =
      new ChatRequest("claude-sonnet-4-20250514", List.of(Message.user("Hi")));
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final String OVERLOADED =
      "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}";
  private static final List<String> HELLO =
      List.of(
          "text:Hello", "text:! How can I", "text: help you today?", "completed:25/15:end_turn");

  @StartStop private final MockWebServer server = TestServers.failFast();
  private final OkHttpClient http = ProviderRegistry.defaultHttpClient();
  private TestTimer timer = TestTimer.immediate();

  @AfterEach
  void stop() {
    timer.close();
  }

  private ProviderConfig anthropic(int retries) {
    return TestProviders.anthropic(server.url("/v1").toString()).toBuilder()
        .requestMaxRetries(retries)
        .build();
  }

  private Backoff backoff() {
    return new Backoff(timer, Clock.fixed(NOW, ZoneOffset.UTC), () -> 0.0);
  }

  private ChatCall stream(ProviderConfig provider, OkHttpClient client, RecordingListener listener)
      throws ChatException {
    return new ProviderRegistry(TestProviders.config(provider), ENV, client, backoff())
        .client(provider).stream(REQUEST, listener);
  }

  private List<String> events(ProviderConfig provider) throws Exception {
    RecordingListener listener = new RecordingListener();
    stream(provider, http, listener);
    return listener.awaitEnd();
  }

  private static MockResponse status(int code, String body, String... headers) {
    MockResponse.Builder response =
        new MockResponse.Builder()
            .code(code)
            .setHeader("Content-Type", "application/json")
            .body(body);
    for (int i = 0; i < headers.length; i += 2) {
      response.setHeader(headers[i], headers[i + 1]);
    }
    return response.build();
  }

  @Test
  void overloadedAndUnavailableAreRetriedWithDoublingDelaysThenTheReplyStreams() throws Exception {
    server.enqueue(status(529, OVERLOADED));
    server.enqueue(status(503, "upstream connect error"));
    server.enqueue(StreamBodies.replay("anthropic-messages.sse"));

    List<String> events = events(anthropic(2));

    assertEquals(
        List.of(
            "retrying:2/3:500ms:HTTP 529: Overloaded",
            "retrying:3/3:1000ms:HTTP 503: upstream connect error"),
        events.subList(0, 2));
    assertEquals(HELLO, events.subList(2, events.size()));
    assertEquals(3, server.getRequestCount());
    // every attempt is the same request, key included
    for (int i = 0; i < 3; i++) {
      assertEquals(KEY, server.takeRequest().getHeaders().get("x-api-key"));
    }
  }

  @Test
  void everyTransientStatusIsRetried() throws Exception {
    for (int code : new int[] {408, 409, 429, 500, 502, 503, 504, 529}) {
      server.enqueue(status(code, ""));
      server.enqueue(StreamBodies.replay("anthropic-messages.sse"));

      List<String> events = events(anthropic(1));

      assertEquals("retrying:2/2:500ms:HTTP " + code, events.get(0), "HTTP " + code);
      assertEquals(HELLO, events.subList(1, events.size()), "HTTP " + code);
    }
  }

  @Test
  void jitterTakesUpToAQuarterOffTheDelay() {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    Backoff none = new Backoff(timer, clock, () -> 0.0);
    Backoff most = new Backoff(timer, clock, () -> 0.999);

    assertEquals(
        List.of(500L, 1000L, 2000L, 4000L, 8000L, 8000L, 8000L),
        List.of(1, 2, 3, 4, 5, 6, 40).stream().map(n -> none.delay(n).toMillis()).toList());
    assertEquals(
        List.of(375L, 750L, 1501L, 3001L, 6002L),
        List.of(1, 2, 3, 4, 5).stream().map(n -> most.delay(n).toMillis()).toList());
  }

  @Test
  void theServersWaitIsHonouredInMillisecondsSecondsOrAsADate() throws Exception {
    String inSevenSeconds =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(7).atOffset(ZoneOffset.UTC));
    server.enqueue(status(429, "", "retry-after-ms", "1500", "retry-after", "2"));
    server.enqueue(status(503, "", "retry-after", "3"));
    server.enqueue(status(500, "", "retry-after", inSevenSeconds));
    server.enqueue(status(500, "", "retry-after", "soon"));
    server.enqueue(StreamBodies.replay("anthropic-messages.sse"));

    List<String> events = events(anthropic(4));

    assertEquals(
        List.of(
            "retrying:2/5:1500ms:HTTP 429",
            "retrying:3/5:3000ms:HTTP 503",
            "retrying:4/5:7000ms:HTTP 500",
            "retrying:5/5:4000ms:HTTP 500"),
        events.subList(0, 4));
    assertEquals(
        List.of(
            Duration.ofMillis(1500),
            Duration.ofSeconds(3),
            Duration.ofSeconds(7),
            Duration.ofSeconds(4)),
        timer.delays());
  }

  @Test
  void aServerWaitBeyondTheCapIsNotWaitedForAndTheMessageSaysWhen() throws Exception {
    server.enqueue(
        status(
            429,
            "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Slow"
                + " down\"}}",
            "retry-after",
            "120"));
    server.enqueue(status(503, OVERLOADED, "retry-after", "3600"));

    assertEquals(
        List.of(
            "failed:RATE_LIMITED:anthropic: too many requests (HTTP 429: Slow down); wait 120 s"
                + " and try again"),
        events(anthropic(2)));
    assertEquals(
        List.of(
            "failed:SERVER:anthropic: the server is overloaded (HTTP 503: Overloaded); try again"
                + " in 60 min"),
        events(anthropic(2)));
    assertEquals(List.of(), timer.delays());
  }

  @Test
  void whatWaitingCannotCureIsNeverRetried() throws Exception {
    List<MockResponse> answers =
        List.of(
            status(400, "{\"error\":{\"message\":\"bad\"}}"),
            status(401, "{\"error\":{\"message\":\"bad key\"}}"),
            status(403, "{\"error\":{\"message\":\"forbidden\"}}"),
            status(404, "{\"error\":{\"message\":\"no model\"}}"),
            status(
                429,
                "{\"error\":{\"message\":\"You exceeded your current quota\",\"type\":"
                    + "\"insufficient_quota\",\"code\":\"insufficient_quota\"}}"),
            status(500, "", "x-should-retry", "false"));
    ProviderConfig openai =
        TestProviders.openai(server.url("/v1").toString()).toBuilder().requestMaxRetries(2).build();

    for (MockResponse answer : answers) {
      server.enqueue(answer);
      int before = server.getRequestCount();

      List<String> events = events(openai);

      assertEquals(1, events.size(), events.toString());
      assertTrue(events.get(0).startsWith("failed:"), events.toString());
      assertEquals(before + 1, server.getRequestCount(), events.toString());
    }
    assertEquals(List.of(), timer.delays());
  }

  @Test
  void whenTheRetriesRunOutTheLastFailureSaysHowManyAttemptsThereWere() throws Exception {
    server.enqueue(status(500, ""));
    server.enqueue(status(500, ""));
    server.enqueue(status(502, ""));

    assertEquals(
        List.of(
            "retrying:2/3:500ms:HTTP 500",
            "retrying:3/3:1000ms:HTTP 500",
            "failed:SERVER:anthropic: the server failed (HTTP 502); try again later (3 attempts)"),
        events(anthropic(2)));
  }

  @Test
  void zeroRetriesSendsTheRequestOnce() throws Exception {
    server.enqueue(status(529, OVERLOADED));

    assertEquals(
        List.of(
            "failed:SERVER:anthropic: the server is overloaded (HTTP 529: Overloaded); try again"
                + " in a moment"),
        events(anthropic(0)));
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void aRefusedConnectionIsRetried() throws Exception {
    int port = TestServers.closedPort();
    ProviderConfig ollama =
        TestProviders.ollama("http://127.0.0.1:" + port + "/v1").toBuilder()
            .requestMaxRetries(1)
            .build();

    List<String> events = events(ollama);

    assertEquals(2, events.size(), events.toString());
    assertTrue(events.get(0).startsWith("retrying:2/2:500ms:no connection ("), events.get(0));
    assertEquals(
        "failed:UNREACHABLE:ollama: no server answers at http://127.0.0.1:"
            + port
            + "/v1 (connection refused); start it with `ollama serve` (2 attempts)",
        events.get(1));
  }

  @Test
  void aConnectTimeoutIsRetriedButNotAnAnswerThatTakesTooLong() throws Exception {
    ScriptedSockets firstConnectTimesOut = new ScriptedSockets(1);
    server.enqueue(StreamBodies.replay("anthropic-messages.sse"));
    RecordingListener listener = new RecordingListener();

    stream(anthropic(2), http.newBuilder().socketFactory(firstConnectTimesOut).build(), listener);

    List<String> events = listener.awaitEnd();
    assertEquals("retrying:2/3:500ms:no connection (Connect timed out)", events.get(0));
    assertEquals(HELLO, events.subList(1, events.size()));
    assertEquals(2, firstConnectTimesOut.timeouts().size());
  }

  @Test
  void noAnswerWithinTheIdleTimeoutIsNotSentAgain() throws Exception {
    server.enqueue(
        StreamBodies.eventStreamBuilder(StreamBodies.recorded("anthropic-messages.sse"))
            .headersDelay(2, TimeUnit.SECONDS)
            .build());
    ProviderConfig provider =
        anthropic(2).toBuilder().streamIdleTimeout(Duration.ofMillis(300)).build();

    List<String> events = events(provider);

    assertEquals(1, events.size(), events.toString());
    assertTrue(events.get(0).startsWith("failed:TIMEOUT:"), events.get(0));
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void aStreamThatBrokeBeforeAnyTextIsRetried() throws Exception {
    server.enqueue(
        StreamBodies.eventStreamBuilder(StreamBodies.recorded("anthropic-messages.sse"))
            .onResponseBody(new SocketEffect.CloseSocket())
            .build());
    server.enqueue(StreamBodies.replay("anthropic-messages.sse"));

    List<String> events = events(anthropic(2));

    assertTrue(
        events.get(0).startsWith("retrying:2/3:500ms:the stream broke off before any text ("),
        events.get(0));
    assertEquals(HELLO, events.subList(1, events.size()));
  }

  private MockResponse brokenStream() {
    return StreamBodies.eventStreamBuilder(StreamBodies.recorded("anthropic-messages.sse"))
        .onResponseBody(new SocketEffect.CloseSocket())
        .build();
  }

  @Test
  void streamMaxRetriesCountsBrokenStreamsApartFromFailedRequests() throws Exception {
    server.enqueue(status(500, ""));
    server.enqueue(brokenStream());
    server.enqueue(brokenStream());
    server.enqueue(StreamBodies.replay("anthropic-messages.sse"));
    ProviderConfig provider = anthropic(1).toBuilder().streamMaxRetries(OptionalInt.of(2)).build();

    List<String> events = events(provider);

    assertEquals("retrying:2/2:500ms:HTTP 500", events.get(0));
    assertTrue(
        events.get(1).startsWith("retrying:3/4:1000ms:the stream broke off before any text ("),
        events.get(1));
    assertTrue(
        events.get(2).startsWith("retrying:4/4:2000ms:the stream broke off before any text ("),
        events.get(2));
    assertEquals(HELLO, events.subList(3, events.size()));
    assertEquals(4, server.getRequestCount());
  }

  @Test
  void streamRetriesDoNotStandInForRequestRetries() throws Exception {
    server.enqueue(status(500, ""));
    ProviderConfig provider = anthropic(0).toBuilder().streamMaxRetries(OptionalInt.of(5)).build();

    assertEquals(
        List.of("failed:SERVER:anthropic: the server failed (HTTP 500); try again later"),
        events(provider));
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void zeroStreamRetriesEndsABrokenStreamAtOnceWhateverTheRequestRetries() throws Exception {
    server.enqueue(brokenStream());
    ProviderConfig provider = anthropic(3).toBuilder().streamMaxRetries(OptionalInt.of(0)).build();

    List<String> events = events(provider);

    assertEquals(1, events.size(), events.toString());
    assertTrue(events.get(0).startsWith("failed:"), events.get(0));
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void aStreamThatAlreadyProducedTextIsNeverRetried() throws Exception {
    String body = StreamBodies.recorded("anthropic-messages.sse");
    server.enqueue(
        StreamBodies.eventStreamBuilder(
                body.substring(0, body.indexOf("event: content_block_stop")))
            .onResponseEnd(new SocketEffect.CloseSocket())
            .build());

    List<String> events = events(anthropic(2));

    assertEquals(HELLO.subList(0, 3), events.subList(0, 3));
    assertEquals(4, events.size(), events.toString());
    assertTrue(events.get(3).startsWith("failed:INCOMPLETE:"), events.get(3));
    assertEquals(1, server.getRequestCount());
    assertEquals(List.of(), timer.delays());
  }

  @Test
  void cancelDuringTheWaitStopsTheRetryAndNothingMoreArrives() throws Exception {
    timer = TestTimer.held();
    server.enqueue(status(529, OVERLOADED));
    server.enqueue(StreamBodies.replay("anthropic-messages.sse"));
    RecordingListener listener = new RecordingListener();

    ChatCall call = stream(anthropic(2), http, listener);
    listener.awaitRetrying();
    call.cancel();
    timer.release(); // the timer fires anyway, as a real one might in that instant

    assertEquals(List.of("retrying:2/3:500ms:HTTP 529: Overloaded"), listener.described());
    assertEquals(1, timer.cancelled());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void closingTheRegistryDuringAWaitEndsTheReplyWithAFailure() throws Exception {
    server.enqueue(status(503, "", "retry-after", "30"));
    ProviderConfig provider = anthropic(2);
    ProviderRegistry registry =
        new ProviderRegistry(TestProviders.config(provider), ENV); // the real timer
    RecordingListener listener = new RecordingListener();

    registry.client(provider).stream(REQUEST, listener);
    listener.awaitRetrying();
    registry.close();

    List<String> events = listener.awaitEnd();
    assertEquals("retrying:2/3:30000ms:HTTP 503", events.get(0));
    assertEquals(2, events.size(), events.toString());
    assertTrue(events.get(1).startsWith("failed:"), events.get(1));
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void aWaitingRetryHoldsNoOkHttpThread() throws Exception {
    server.enqueue(status(429, "", "retry-after-ms", "30000"));
    server.enqueue(StreamBodies.replay("anthropic-messages.sse"));
    ProviderConfig provider = anthropic(2);
    OkHttpClient oneThread =
        http.newBuilder().dispatcher(new Dispatcher(Executors.newSingleThreadExecutor())).build();
    RecordingListener waiting = new RecordingListener();
    RecordingListener other = new RecordingListener();

    try (ProviderRegistry registry =
        new ProviderRegistry(TestProviders.config(provider), ENV, oneThread, Backoff.system())) {
      ChatCall call = registry.client(provider).stream(REQUEST, waiting);
      waiting.awaitRetrying();
      registry.client(provider).stream(REQUEST, other);

      assertEquals(HELLO, other.awaitEnd());
      call.cancel();
    }
    assertEquals(List.of("retrying:2/3:30000ms:HTTP 429"), waiting.described());
  }

  @Test
  void serverWaitParsing() {
    Headers none = Headers.of();
    assertEquals(Optional.empty(), Backoff.serverWait(none, NOW));
    assertEquals(
        Optional.of(Duration.ofMillis(2500)),
        Backoff.serverWait(Headers.of("retry-after", "2.5"), NOW));
    assertEquals(Optional.empty(), Backoff.serverWait(Headers.of("retry-after", "0"), NOW));
    assertEquals(
        Optional.empty(),
        Backoff.serverWait(Headers.of("retry-after", "Sun, 01 Mar 2026 11:59:00 GMT"), NOW));
    assertEquals(
        Optional.of(Duration.ofSeconds(90)),
        Backoff.serverWait(Headers.of("retry-after", "Sun, 01 Mar 2026 12:01:30 GMT"), NOW));
    assertEquals("45 s", Backoff.describe(Duration.ofMillis(44_001)));
    assertEquals("3 min", Backoff.describe(Duration.ofSeconds(121)));
    assertEquals("120 min", Backoff.describe(Duration.ofHours(2)));
    assertEquals("3 h", Backoff.describe(Duration.ofMinutes(150)));
  }
}
