package dev.agent.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent.chat.ChatException;
import dev.agent.chat.ChatRequest;
import dev.agent.chat.Message;
import dev.agent.config.AuthCommand;
import dev.agent.config.AuthScheme;
import dev.agent.config.ProviderConfig;
import dev.agent.testing.RecordingListener;
import dev.agent.testing.StreamBodies;
import dev.agent.testing.TestClock;
import dev.agent.testing.TestProviders;
import dev.agent.testing.TestServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key printed by a command ({@code [model_providers.ID.auth]} as a table): run only when a
 * request needs it, cached, renewed on its interval and once after a 401, and never shown.
 */
class KeyCommandTest {
  private static final ChatRequest REQUEST = new ChatRequest("gpt-4o", List.of(Message.user("Hi")));

  @StartStop private final MockWebServer server = TestServers.failFast();
  @TempDir Path dir;

  private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final List<String> log = Collections.synchronizedList(new ArrayList<>());

  /** A script that counts its runs and prints {@code tok-N} for its Nth run, with a blank line. */
  private Path countingScript() throws Exception {
    return script(
        "tokens",
        "echo run >> '"
            + runsFile()
            + "'\n"
            + "printf '  tok-%s\\n\\n' \"$(wc -l < '"
            + runsFile()
            + "' | tr -d ' ')\"\n");
  }

  private Path runsFile() {
    return dir.resolve("runs");
  }

  private int runs() throws Exception {
    return Files.exists(runsFile()) ? Files.readAllLines(runsFile()).size() : 0;
  }

  private Path script(String name, String body) throws Exception {
    Path script = dir.resolve(name);
    Files.writeString(script, "#!/bin/sh\n" + body, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  private ProviderConfig provider(Path script, Duration timeout, Duration interval) {
    return provider(script, timeout, interval, AuthScheme.BEARER);
  }

  private ProviderConfig provider(
      Path script, Duration timeout, Duration interval, AuthScheme scheme) {
    return TestProviders.builder("corp")
        .baseUrl(server.url("/v1").toString())
        .defaultModel("gpt-4o")
        .requestMaxRetries(2)
        .authCommand(new AuthCommand(script.toString(), List.of(), timeout, interval, "", scheme))
        .build();
  }

  private ProviderConfig provider(Path script) {
    return provider(script, AuthCommand.DEFAULT_TIMEOUT, AuthCommand.DEFAULT_REFRESH_INTERVAL);
  }

  private ProviderRegistry registry(ProviderConfig provider) {
    return new ProviderRegistry(
        TestProviders.config(provider),
        Map.of(),
        ProviderRegistry.defaultHttpClient(),
        new Backoff(TestTimer.immediate(), clock, () -> 0.5),
        warning -> {},
        log::add);
  }

  /** One reply from {@code provider} through a registry of its own, closed after. */
  private List<String> streamOnce(ProviderConfig provider) throws Exception {
    try (ProviderRegistry registry = registry(provider)) {
      return stream(registry.client(provider));
    }
  }

  private static List<String> stream(ChatClient client) throws Exception {
    RecordingListener listener = new RecordingListener();
    client.stream(REQUEST, listener);
    return listener.awaitEnd();
  }

  private static String last(List<String> events) {
    return events.get(events.size() - 1);
  }

  @Test
  void theTrimmedOutputReachesTheServerAsTheKeyAndIsRunOnceForTwoRequests() throws Exception {
    server.enqueue(StreamBodies.replay("openai-chat.sse"));
    server.enqueue(StreamBodies.replay("openai-chat.sse"));
    ProviderConfig provider = provider(countingScript());

    try (ProviderRegistry registry = registry(provider)) {
      ChatClient client = registry.client(provider);
      assertEquals(0, runs(), "a client alone runs nothing");
      assertTrue(last(stream(client)).startsWith("completed:"));
      assertTrue(last(stream(client)).startsWith("completed:"));
    }

    assertEquals("Bearer tok-1", server.takeRequest().getHeaders().get("Authorization"));
    assertEquals("Bearer tok-1", server.takeRequest().getHeaders().get("Authorization"));
    assertEquals(1, runs());
  }

  @Test
  void theSchemeInTheTableSaysWhichHeaderCarriesIt() throws Exception {
    server.enqueue(StreamBodies.replay("openai-chat.sse"));
    ProviderConfig provider =
        provider(
            countingScript(),
            AuthCommand.DEFAULT_TIMEOUT,
            AuthCommand.DEFAULT_REFRESH_INTERVAL,
            AuthScheme.API_KEY);

    try (ProviderRegistry registry = registry(provider)) {
      stream(registry.client(provider));
    }

    var headers = server.takeRequest().getHeaders();
    assertEquals("tok-1", headers.get("api-key"));
    assertEquals(null, headers.get("Authorization"));
  }

  @Test
  void theKeyIsRenewedOnceItsIntervalHasPassed() throws Exception {
    for (int i = 0; i < 3; i++) {
      server.enqueue(StreamBodies.replay("openai-chat.sse"));
    }
    ProviderConfig provider =
        provider(countingScript(), AuthCommand.DEFAULT_TIMEOUT, Duration.ofMinutes(5));

    try (ProviderRegistry registry = registry(provider)) {
      ChatClient client = registry.client(provider);
      stream(client);
      clock.advance(Duration.ofMinutes(5).minusMillis(1));
      stream(client);
      clock.advance(Duration.ofMillis(1));
      stream(client);
    }

    assertEquals("Bearer tok-1", server.takeRequest().getHeaders().get("Authorization"));
    assertEquals("Bearer tok-1", server.takeRequest().getHeaders().get("Authorization"));
    assertEquals("Bearer tok-2", server.takeRequest().getHeaders().get("Authorization"));
    assertEquals(2, runs());
  }

  @Test
  void after401TheKeyIsRenewedOnceAndTheRequestSentOnceMore() throws Exception {
    server.enqueue(StreamBodies.error(401, "{\"error\":{\"message\":\"token expired\"}}"));
    server.enqueue(StreamBodies.replay("openai-chat.sse"));
    ProviderConfig provider = provider(countingScript());

    List<String> events = streamOnce(provider);

    assertTrue(last(events).startsWith("completed:"), events.toString());
    assertEquals(2, server.getRequestCount());
    assertEquals("Bearer tok-1", server.takeRequest().getHeaders().get("Authorization"));
    assertEquals("Bearer tok-2", server.takeRequest().getHeaders().get("Authorization"));
    assertEquals(2, runs());
  }

  @Test
  void aKeyRefusedAgainAfterItsRenewalFailsWithoutMoreTries() throws Exception {
    server.enqueue(StreamBodies.error(401, "{\"error\":{\"message\":\"no\"}}"));
    server.enqueue(StreamBodies.error(401, "{\"error\":{\"message\":\"still no\"}}"));
    Path script = countingScript();
    ProviderConfig provider = provider(script);

    List<String> events = streamOnce(provider);

    assertEquals(
        List.of(
            "failed:AUTH:corp: the key printed by '"
                + script
                + "' was rejected (HTTP 401: still no, also after running it again); check that"
                + " the command gives a key for this service"),
        events);
    assertEquals(2, server.getRequestCount());
    assertEquals(2, runs());
  }

  @Test
  void aFailingCommandIsOneLineWithoutItsOutputAndIsNotRetried() throws Exception {
    Path script =
        script(
            "fails",
            "echo run >> '"
                + runsFile()
                + "'\necho secret-output-123\necho secret-error-456 >&2\nexit 3\n");
    ProviderConfig provider = provider(script);

    List<String> events = streamOnce(provider);

    assertEquals(
        List.of(
            "failed:SETUP:corp: the key command '"
                + script
                + "' failed (exit 3); run it yourself to see why"),
        events);
    assertEquals(0, server.getRequestCount());
    assertEquals(1, runs(), "a failing key command is not run again by the retries");
  }

  @Test
  void aCommandThatDoesNotFinishIsKilledAtItsTimeout() throws Exception {
    Path script = script("hangs", "echo secret-output-123\nsleep 30\necho tok\n");
    ProviderConfig provider = provider(script, Duration.ofMillis(300), Duration.ZERO);

    long start = System.nanoTime();
    List<String> events = streamOnce(provider);

    assertEquals(
        List.of("failed:SETUP:corp: the key command '" + script + "' did not finish within 300 ms"),
        events);
    assertTrue(
        Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0,
        "the command and its sleeping child were killed");
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void aCommandThatPrintsNothingIsOneLine() throws Exception {
    Path script = script("empty", "printf '  \\n\\n'\necho secret-error-456 >&2\n");
    ProviderConfig provider = provider(script);

    List<String> events = streamOnce(provider);

    assertEquals(
        List.of(
            "failed:SETUP:corp: the key command '"
                + script
                + "' printed nothing; run it yourself to see why"),
        events);
  }

  @Test
  void aCommandThatCannotBeStartedIsOneLine() throws Exception {
    Path missing = dir.resolve("no-such-command");
    ProviderConfig provider = provider(missing);

    List<String> events = streamOnce(provider);

    assertEquals(
        List.of(
            "failed:SETUP:corp: the key command '"
                + missing
                + "' could not be started (not installed, not on PATH, or not executable); check"
                + " [model_providers.corp.auth]"),
        events);
  }

  @Test
  void aCommandThatPrintsSeveralLinesIsRefusedWithoutShowingThem() throws Exception {
    Path script = script("lines", "echo secret-line-1\necho secret-line-2\n");
    ProviderConfig provider = provider(script);

    List<String> events = streamOnce(provider);

    assertEquals(
        List.of(
            "failed:SETUP:corp: the key command '"
                + script
                + "' printed more than one line, or characters a header cannot carry; it must"
                + " print the key alone"),
        events);
  }

  @Test
  void theKeyNeverAppearsInAMessageOrTheRequestLog() throws Exception {
    server.enqueue(
        StreamBodies.error(400, "{\"error\":{\"message\":\"bad request for key tok-1\"}}"));
    ProviderConfig provider = provider(countingScript());

    List<String> events = streamOnce(provider);

    assertEquals(1, events.size(), events.toString());
    assertTrue(events.get(0).contains("bad request for key ****"), events.get(0));
    assertTrue(log.contains("corp   Authorization: ****"), log.toString());
    for (String line : log) {
      assertFalse(line.contains("tok-1"), line);
    }
  }

  @Test
  void aModelListGetsTheKeyAndAFailingCommandIsAChatException() throws Exception {
    server.enqueue(StreamBodies.json("{\"data\":[{\"id\":\"gpt-4o\"}]}"));
    ProviderConfig provider = provider(countingScript());
    ProviderConfig failing = provider(script("fails", "exit 1\n"));

    try (ProviderRegistry registry = registry(provider)) {
      assertEquals(1, registry.client(provider).listModels().size());
    }
    ChatException e;
    try (ProviderRegistry registry = registry(failing)) {
      e = assertThrows(ChatException.class, () -> registry.client(failing).listModels());
    }

    assertEquals("Bearer tok-1", server.takeRequest().getHeaders().get("Authorization"));
    assertEquals(ChatException.Kind.SETUP, e.kind());
    assertTrue(e.getMessage().endsWith("failed (exit 1); run it yourself to see why"));
  }

  @Test
  void theKeyStatusSaysItComesFromACommandWithoutRunningIt() throws Exception {
    ProviderConfig provider = provider(countingScript());

    try (ProviderRegistry registry = registry(provider)) {
      assertEquals(KeyStatus.COMMAND, registry.keyStatus(provider));
    }
    assertEquals(0, runs());
  }
}
