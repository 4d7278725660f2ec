package dev.agent.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent.chat.ChatException;
import dev.agent.config.AuthScheme;
import dev.agent.config.ExtraBody;
import dev.agent.config.ProviderConfig;
import dev.agent.config.WireApi;
import dev.agent.testing.StreamBodies;
import dev.agent.testing.TestProviders;
import dev.agent.testing.TestServers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class ProviderRegistryTest {
  private static final String ANTHROPIC_KEY = "sk-ant-api03-abcdefghijklmnop";
  private static final String OPENAI_KEY = "sk-proj-qrstuvwxyz012345";

  @StartStop private final MockWebServer server = TestServers.failFast();

  @Test
  void keyStatusFollowsTheEnvironment() {
    ProviderConfig anthropic = TestProviders.anthropic();
    ProviderConfig openai = TestProviders.openai();
    ProviderConfig ollama = TestProviders.ollama();
    ProviderConfig noAuth =
        TestProviders.builder("proxy")
            .name("Proxy")
            .baseUrl("http://localhost:4000")
            .envKey("PROXY_KEY")
            .defaultModel("m")
            .wireApi(WireApi.CHAT)
            .auth(AuthScheme.NONE)
            .build();
    ProviderRegistry registry =
        new ProviderRegistry(
            TestProviders.config(anthropic, openai, ollama, noAuth),
            Map.of("ANTHROPIC_API_KEY", ANTHROPIC_KEY, "OPENAI_API_KEY", "  "));

    assertEquals(KeyStatus.SET, registry.keyStatus(anthropic));
    assertEquals(KeyStatus.NOT_SET, registry.keyStatus(openai));
    assertEquals(KeyStatus.NOT_NEEDED, registry.keyStatus(ollama));
    assertEquals(KeyStatus.NOT_NEEDED, registry.keyStatus(noAuth));
    assertEquals(List.of(anthropic, openai, ollama, noAuth), registry.providers());
  }

  @Test
  void missingKeyNamesTheVariableAndHowToSetItButNoKey() {
    ProviderConfig anthropic = TestProviders.anthropic();
    Map<String, String> env =
        Map.of("OPENAI_API_KEY", OPENAI_KEY, "AZURE_OPENAI_API_KEY", "azure-key-123456");
    ProviderRegistry registry = new ProviderRegistry(TestProviders.config(anthropic), env);

    ChatException e = assertThrows(ChatException.class, () -> registry.client(anthropic));

    assertEquals(ChatException.Kind.SETUP, e.kind());
    assertEquals(
        "anthropic: ANTHROPIC_API_KEY is not set; set it with `export ANTHROPIC_API_KEY=…` (your"
            + " Anthropic API key); or use a local provider that needs no key: -p ollama or -p"
            + " lmstudio",
        e.getMessage());
    for (String value : env.values()) {
      assertFalse(e.getMessage().contains(value));
    }
  }

  @Test
  void blankKeySaysSoAndAddsTheProvidersInstructions() {
    ProviderConfig custom =
        TestProviders.builder("custom")
            .name("My Custom Provider")
            .baseUrl("https://api.my-provider.com/v1")
            .envKey("CUSTOM_API_KEY")
            .envKeyInstructions("Create one at https://my-provider.com/keys\n(team admins only)")
            .defaultModel("custom-model")
            .build();
    ProviderRegistry registry =
        new ProviderRegistry(TestProviders.config(custom), Map.of("CUSTOM_API_KEY", " "));

    ChatException e = assertThrows(ChatException.class, () -> registry.client(custom));

    assertEquals(
        "custom: CUSTOM_API_KEY is empty; set it with `export CUSTOM_API_KEY=…` (your My Custom"
            + " Provider API key); Create one at https://my-provider.com/keys (team admins only);"
            + " or use a local provider that needs no key: -p ollama or -p lmstudio",
        e.getMessage());
  }

  @Test
  void localProvidersNeedNoKey() throws Exception {
    ProviderConfig ollama = TestProviders.ollama();
    ProviderConfig lmstudio = TestProviders.lmstudio("http://localhost:1234/v1");
    ProviderRegistry registry =
        new ProviderRegistry(TestProviders.config(ollama, lmstudio), Map.of());

    assertTrue(registry.client(ollama) instanceof ChatCompletionsClient);
    assertTrue(registry.client(lmstudio) instanceof ChatCompletionsClient);
  }

  @Test
  void aProviderWithOtherSettingsUnderTheSameIdGetsItsOwnClient() throws Exception {
    ProviderConfig anthropic = TestProviders.anthropic();
    // What a profile picked in the chat makes: the same provider with its extra_body.
    ProviderConfig profiled =
        anthropic.toBuilder().extraBody(new ExtraBody(Map.of("metadata", "qa"))).build();
    ProviderRegistry registry =
        new ProviderRegistry(
            TestProviders.config(anthropic), Map.of("ANTHROPIC_API_KEY", ANTHROPIC_KEY));

    ChatClient client = registry.client(anthropic);

    assertNotSame(client, registry.client(profiled));
    assertSame(client, registry.client(anthropic.toBuilder().build()));
  }

  @Test
  void clientsAreCachedAndUseTheProvidersIdleTimeoutOnTheSharedClient() throws Exception {
    ProviderConfig anthropic =
        TestProviders.anthropic().toBuilder().streamIdleTimeout(Duration.ofSeconds(42)).build();
    OkHttpClient http = ProviderRegistry.defaultHttpClient();
    ProviderRegistry registry =
        new ProviderRegistry(
            TestProviders.config(anthropic), Map.of("ANTHROPIC_API_KEY", ANTHROPIC_KEY), http);

    ChatClient client = registry.client(anthropic);

    assertSame(client, registry.client(anthropic));
    assertTrue(client instanceof AnthropicMessagesClient);
    OkHttpClient providerHttp = ((HttpChatClient) client).http;
    assertEquals(42_000, providerHttp.readTimeoutMillis());
    assertSame(http.connectionPool(), providerHttp.connectionPool());
    assertSame(http.dispatcher(), providerHttp.dispatcher());
  }

  @Test
  void theHttpClientNeverRetriesAndConnectsWithinTenSeconds() {
    OkHttpClient http = ProviderRegistry.defaultHttpClient();

    assertFalse(http.retryOnConnectionFailure());
    assertEquals(10_000, http.connectTimeoutMillis());
  }

  @Test
  void checkCountsTheModels() throws Exception {
    server.enqueue(StreamBodies.json("{\"data\":[{\"id\":\"gpt-4o\"},{\"id\":\"gpt-4o-mini\"}]}"));
    ProviderConfig openai = TestProviders.openai(server.url("/v1").toString());

    ProviderCheck check =
        new ProviderRegistry(TestProviders.config(openai), Map.of("OPENAI_API_KEY", OPENAI_KEY))
            .check(openai, openai.defaultModel(), Duration.ofSeconds(5));

    assertEquals(new ProviderCheck(ProviderCheck.Status.OK, "2 models"), check);
  }

  @Test
  void aKeyEnteredReplacesTheEnvironmentsForTheNextClientAndIsNamedWhenRefused() throws Exception {
    server.enqueue(StreamBodies.json("{\"data\":[{\"id\":\"gpt-4o\"}]}"));
    server.enqueue(
        StreamBodies.error(
            401, "{\"error\":{\"message\":\"Incorrect API key provided: sk-entered-4567\"}}"));
    ProviderConfig openai = TestProviders.openai(server.url("/v1").toString());
    ProviderConfig ollama = TestProviders.ollama();
    ProviderRegistry registry =
        new ProviderRegistry(
            TestProviders.config(openai, ollama), Map.of("OPENAI_API_KEY", OPENAI_KEY));
    ChatClient before = registry.client(openai);

    registry.useKey(openai, new Secret("  sk-entered-4567\n"));

    assertEquals(KeyStatus.ENTERED, registry.keyStatus(openai));
    assertNotSame(before, registry.client(openai), "the client with the old key is dropped");
    registry.client(openai).listModels();
    assertEquals(
        "Bearer sk-entered-4567",
        server.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Authorization"));
    ChatException refused =
        assertThrows(ChatException.class, () -> registry.client(openai).listModels());
    assertEquals(
        "openai: the API key was rejected (HTTP 401: Incorrect API key provided: ****); check the"
            + " key entered with /key (/key again replaces it)",
        refused.getMessage());
    assertThrows(IllegalArgumentException.class, () -> registry.useKey(ollama, new Secret("sk-x")));
    assertThrows(IllegalArgumentException.class, () -> registry.useKey(openai, new Secret(" ")));
  }

  @Test
  void checkReportsARefusedKey() {
    server.enqueue(
        StreamBodies.error(
            401,
            "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":"
                + "\"invalid x-api-key\"}}"));
    ProviderConfig anthropic = TestProviders.anthropic(server.url("/v1").toString());

    ProviderCheck check =
        new ProviderRegistry(
                TestProviders.config(anthropic), Map.of("ANTHROPIC_API_KEY", ANTHROPIC_KEY))
            .check(anthropic, anthropic.defaultModel(), Duration.ofSeconds(5));

    assertEquals(
        new ProviderCheck(
            ProviderCheck.Status.KEY_REFUSED,
            "anthropic: the API key was rejected (HTTP 401: invalid x-api-key); check"
                + " ANTHROPIC_API_KEY"),
        check);
  }

  @Test
  void checkReportsAServerThatIsNotRunning() throws Exception {
    int port = TestServers.closedPort();
    ProviderConfig ollama = TestProviders.ollama("http://localhost:" + port + "/v1");

    ProviderCheck check =
        new ProviderRegistry(TestProviders.config(ollama), Map.of())
            .check(ollama, ollama.defaultModel(), Duration.ofSeconds(5));

    assertEquals(
        new ProviderCheck(
            ProviderCheck.Status.UNREACHABLE,
            "ollama: no server answers at http://localhost:"
                + port
                + "/v1 (connection refused); start it with `ollama serve`"),
        check);
  }

  @Test
  void checkGivesUpAfterItsTimeout() {
    server.enqueue(
        new MockResponse.Builder().body("{\"data\":[]}").headersDelay(3, TimeUnit.SECONDS).build());
    ProviderConfig openai = TestProviders.openai(server.url("/v1").toString());
    long started = System.nanoTime();

    ProviderCheck check =
        new ProviderRegistry(TestProviders.config(openai), Map.of("OPENAI_API_KEY", OPENAI_KEY))
            .check(openai, openai.defaultModel(), Duration.ofMillis(300));

    assertEquals(ProviderCheck.Status.UNREACHABLE, check.status());
    assertTrue(
        System.nanoTime() - started < TimeUnit.SECONDS.toNanos(2),
        "the check outlived its timeout");
  }

  @Test
  void checkSendsNothingWhenTheKeyIsMissing() {
    ProviderConfig openai = TestProviders.openai(server.url("/v1").toString());

    ProviderCheck check =
        new ProviderRegistry(TestProviders.config(openai), Map.of())
            .check(openai, openai.defaultModel(), Duration.ofSeconds(5));

    assertEquals(ProviderCheck.Status.NOT_CONFIGURED, check.status());
    assertTrue(check.detail().startsWith("openai: OPENAI_API_KEY is not set;"), check.detail());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void checkReportsOtherErrors() {
    server.enqueue(StreamBodies.error(500, "{\"error\":{\"message\":\"boom\"}}"));
    ProviderConfig openai = TestProviders.openai(server.url("/v1").toString());

    ProviderCheck check =
        new ProviderRegistry(TestProviders.config(openai), Map.of("OPENAI_API_KEY", OPENAI_KEY))
            .check(openai, openai.defaultModel(), Duration.ofSeconds(5));

    assertEquals(ProviderCheck.Status.ERROR, check.status());
    assertTrue(check.detail().startsWith("openai: the server failed (HTTP 500: boom)"));
  }

  @Test
  void closeLetsTheThreadsGo() {
    OkHttpClient http = ProviderRegistry.defaultHttpClient();
    ProviderRegistry registry = new ProviderRegistry(TestProviders.config(), Map.of(), http);

    registry.close();

    assertTrue(http.dispatcher().executorService().isShutdown());
  }
}
