package dev.agent.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent.chat.ChatRequest;
import dev.agent.chat.Message;
import dev.agent.config.AuthScheme;
import dev.agent.config.ProviderConfig;
import dev.agent.config.WireApi;
import dev.agent.testing.RecordingListener;
import dev.agent.testing.StreamBodies;
import dev.agent.testing.TestProviders;
import dev.agent.testing.TestServers;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * Keys and auth headers go only to the provider's own origin, are never logged, and travelling in
 * the clear is warned about.
 */
class CredentialsTest {
  private static final String KEY = "sk-ant-api03-credentials-0123456789";
  private static final String TOKEN = "org-token-abcdef123456";
  private static final Map<String, String> ENV =
      Map.of("ANTHROPIC_API_KEY", KEY, "ORG_TOKEN", TOKEN);
  private static final ChatRequest REQUEST =
      new ChatRequest("claude-sonnet-4-20250514", List.of(Message.user("Hi")));

  /** No name resolves, so that nothing leaves this machine. */
  private static final OkHttpClient NO_DNS =
      ProviderRegistry.defaultHttpClient()
          .newBuilder()
          .dns(
              host -> {
                throw new UnknownHostException(host);
              })
          .build();

  @StartStop private final MockWebServer server = TestServers.failFast();
  @StartStop private final MockWebServer elsewhere = TestServers.failFast();

  /** Anthropic wire format with an extra secret header and a query parameter. */
  private static ProviderConfig gateway(String baseUrl) {
    return TestProviders.builder("gateway")
        .name("Gateway")
        .baseUrl(baseUrl)
        .envKey("ANTHROPIC_API_KEY")
        .defaultModel("claude-sonnet-4-20250514")
        .wireApi(WireApi.ANTHROPIC)
        .auth(AuthScheme.X_API_KEY)
        .httpHeaders(Map.of("X-Team", "research"))
        .envHttpHeaders(Map.of("X-Org-Token", "ORG_TOKEN"))
        .queryParams(Map.of("key", "query-secret-42"))
        .build();
  }

  private ProviderConfig gateway() {
    return gateway(server.url("/v1").toString());
  }

  private static MockResponse redirect(int code, String location) {
    return new MockResponse.Builder().code(code).setHeader("Location", location).build();
  }

  private List<String> stream(ProviderConfig provider) throws Exception {
    RecordingListener listener = new RecordingListener();
    new ProviderRegistry(TestProviders.config(provider), ENV)
        .client(provider).stream(REQUEST, listener);
    return listener.awaitEnd();
  }

  @Test
  void aRedirectToAnotherServerIsNotFollowedSoItNeverSeesTheKey() throws Exception {
    String target = elsewhere.url("/v1/messages").toString();
    server.enqueue(redirect(307, target));

    List<String> events = stream(gateway());

    assertEquals(
        List.of(
            "failed:PROTOCOL:gateway: "
                + server.url("/v1/messages")
                + " redirects to "
                + target
                + " (HTTP 307), another server, which is not sent the key; if it is the right one,"
                + " set base_url to match it"),
        events);
    assertEquals(0, elsewhere.getRequestCount());
  }

  @Test
  void aRedirectWithinTheOriginIsFollowedWithEveryHeader() throws Exception {
    server.enqueue(redirect(307, "/v2/messages?key=query-secret-42"));
    server.enqueue(StreamBodies.replay("anthropic-messages.sse"));

    List<String> events = stream(gateway());

    assertEquals("completed:25/15:end_turn", events.get(events.size() - 1));
    server.takeRequest();
    RecordedRequest followed = server.takeRequest();
    assertEquals("POST", followed.getMethod());
    assertEquals("/v2/messages", followed.getUrl().encodedPath());
    assertEquals(KEY, followed.getHeaders().get("x-api-key"));
    assertEquals(TOKEN, followed.getHeaders().get("X-Org-Token"));
  }

  @Test
  void aRedirectFromHttpsToHttpOrToAnotherPortIsAnotherOrigin() {
    HttpUrl https = HttpUrl.get("https://api.example.test/v1/messages");
    assertFalse(SameOriginRedirects.sameOrigin(https, HttpUrl.get("http://api.example.test/v1")));
    assertFalse(
        SameOriginRedirects.sameOrigin(https, HttpUrl.get("https://api.example.test:8443/v1")));
    assertFalse(SameOriginRedirects.sameOrigin(https, HttpUrl.get("https://evil.example/v1")));
    assertTrue(SameOriginRedirects.sameOrigin(https, HttpUrl.get("https://api.example.test/v2")));
  }

  @Test
  void aPostThatWouldTurnIntoAGetIsNotFollowedButExplained() throws Exception {
    server.enqueue(redirect(301, "/v2/messages"));

    List<String> events = stream(gateway());

    assertEquals(
        List.of(
            "failed:PROTOCOL:gateway: "
                + server.url("/v1/messages")
                + " redirects to "
                + server.url("/v2/messages")
                + " (HTTP 301); set base_url to match it"),
        events);
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void aModelListRedirectedWithinTheOriginIsFollowed() throws Exception {
    server.enqueue(redirect(301, "/v2/models?limit=1000"));
    server.enqueue(StreamBodies.json("{\"data\":[{\"id\":\"claude-x\"}],\"has_more\":false}"));
    ProviderConfig provider = gateway();

    List<String> models =
        new ProviderRegistry(TestProviders.config(provider), ENV).client(provider).listModels();

    assertEquals(List.of("claude-x"), models);
    server.takeRequest();
    assertEquals(KEY, server.takeRequest().getHeaders().get("x-api-key"));
  }

  @Test
  void aKeyOverPlainHttpToAnotherMachineIsWarnedAboutOnce() throws Exception {
    List<String> warnings = new ArrayList<>();
    ProviderConfig remote = gateway("http://gpu-box.lan:8000/v1");
    ProviderConfig secure = gateway("https://api.example.test/v1");
    ProviderConfig local = gateway("http://127.0.0.1:8000/v1");
    ProviderConfig keyless = TestProviders.ollama("http://gpu-box.lan:11434/v1");
    for (ProviderConfig provider : List.of(remote, secure, local, keyless)) {
      ProviderRegistry registry =
          new ProviderRegistry(
              TestProviders.config(provider),
              ENV,
              NO_DNS,
              Backoff.system(),
              warnings::add,
              RequestLog.NONE);
      registry.client(provider);
      registry.client(provider);
      registry.check(
          provider,
          provider.defaultModel(),
          Duration.ofSeconds(1)); // a client of its own, same registry
      registry.close();
    }

    assertEquals(
        List.of(
            "gateway: the API key goes over plain http:// to gpu-box.lan, readable by anyone on"
                + " the way; use an https:// base_url if the server offers one"),
        warnings);
  }

  @Test
  void theRequestLogShowsMethodUrlAndHeadersWithEveryCredentialBlanked() throws Exception {
    server.enqueue(StreamBodies.replay("anthropic-messages.sse"));
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    ProviderConfig provider = gateway();
    RecordingListener listener = new RecordingListener();

    try (ProviderRegistry registry =
        new ProviderRegistry(TestProviders.config(provider), ENV, warning -> {}, log::add)) {
      registry.client(provider).stream(REQUEST, listener);
      listener.awaitEnd();
    }

    String url = server.url("/v1/messages").toString();
    assertTrue(log.get(0).startsWith("gateway → POST " + url + "?key=****"), log.get(0));
    assertTrue(log.contains("gateway   x-api-key: ****"), log.toString());
    assertTrue(log.contains("gateway   X-Org-Token: ****"), log.toString());
    assertTrue(log.contains("gateway   X-Team: research"), log.toString());
    assertTrue(log.contains("gateway   anthropic-version: 2023-06-01"), log.toString());
    assertTrue(
        log.stream().anyMatch(line -> line.startsWith("gateway ← 200 OK (")), log.toString());
    for (String line : log) {
      assertFalse(line.contains(KEY.substring(0, 16)), line);
      assertFalse(line.contains(TOKEN), line);
      assertFalse(line.contains("query-secret-42"), line);
      assertFalse(line.contains("Hi"), line); // no body: it is the conversation
    }
  }

  @Test
  void theLogBlanksBearerTokensAndProxyCredentials() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(407)
            .setHeader("Proxy-Authenticate", "Basic realm=\"corp\"")
            .build());
    server.enqueue(StreamBodies.replay("openai-chat.sse"));
    ProviderConfig openai = TestProviders.openai("http://api.example.test/v1");
    Map<String, String> env =
        Map.of(
            "OPENAI_API_KEY",
            KEY,
            "HTTP_PROXY",
            "http://alice:proxy-password-9@127.0.0.1:" + server.getPort());
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    RecordingListener listener = new RecordingListener();

    try (ProviderRegistry registry =
        new ProviderRegistry(TestProviders.config(openai), env, warning -> {}, log::add)) {
      registry.client(openai).stream(REQUEST, listener);
      listener.awaitEnd();
    }

    assertTrue(log.stream().anyMatch(l -> l.startsWith("openai ← 407 ")), log.toString());
    assertEquals(2, log.stream().filter(l -> l.equals("openai   Authorization: ****")).count());
    assertEquals(
        1, log.stream().filter(l -> l.equals("openai   Proxy-Authorization: ****")).count());
    for (String line : log) {
      assertFalse(line.contains(KEY.substring(0, 16)), line);
      assertFalse(line.contains("proxy-password-9"), line);
      assertFalse(line.contains(Credentials.basic("alice", "proxy-password-9")), line);
    }
  }
}
