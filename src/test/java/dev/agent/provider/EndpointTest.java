package dev.agent.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent.chat.ChatException;
import dev.agent.config.AuthScheme;
import dev.agent.config.ProviderConfig;
import dev.agent.config.WireApi;
import dev.agent.testing.TestProviders;
import java.util.List;
import java.util.Map;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class EndpointTest {
  private static final Map<String, String> ENV = Map.of("KEY", "secret-key-value");

  private static ProviderConfig provider(
      String id,
      String baseUrl,
      WireApi wire,
      AuthScheme auth,
      Map<String, String> headers,
      Map<String, String> query) {
    return TestProviders.builder(id)
        .name(id)
        .baseUrl(baseUrl)
        .envKey("KEY")
        .defaultModel("m")
        .wireApi(wire)
        .auth(auth)
        .httpHeaders(headers)
        .queryParams(query)
        .build();
  }

  private static Endpoint azure(String id, String baseUrl, Map<String, String> headers)
      throws ChatException {
    return Endpoint.resolve(
        provider(id, baseUrl, WireApi.CHAT, AuthScheme.API_KEY, headers, Map.of()), ENV);
  }

  private static Headers headers(Endpoint endpoint) {
    return endpoint.request(HttpUrl.get("http://localhost/")).build().headers();
  }

  @Test
  void azureIsRecognisedByItsHostsWhateverTheProviderIsCalled() throws Exception {
    for (String host :
        List.of(
            "my-res.openai.azure.com",
            "my-res.cognitiveservices.azure.com",
            "my-hub.services.ai.azure.com")) {
      Endpoint endpoint = azure("work", "https://" + host, Map.of());

      assertEquals(
          "https://" + host + "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21",
          endpoint.chatCompletionsUrl("gpt-4o").toString());
      assertEquals(
          "https://" + host + "/openai/models?api-version=2024-10-21",
          endpoint.modelsUrl().toString());
      assertNull(endpoint.ollamaTagsUrl());
    }
  }

  @Test
  void azureResourceEndpointGivenWithOpenaiSuffixOrSlashIsTheSame() throws Exception {
    for (String base :
        List.of(
            "https://r.openai.azure.com",
            "https://r.openai.azure.com/",
            "https://r.openai.azure.com/openai",
            "https://r.openai.azure.com/openai/")) {
      assertEquals(
          "https://r.openai.azure.com/openai/deployments/d%20one/chat/completions"
              + "?api-version=2024-02-01",
          azure("azure", base, Map.of("api-version", "2024-02-01"))
              .chatCompletionsUrl("d one")
              .toString(),
          base);
    }
  }

  @Test
  void azureV1BaseAddsApiVersionOnlyWhenGiven() throws Exception {
    Endpoint plain = azure("azure", "https://r.openai.azure.com/openai/v1/", Map.of());
    Endpoint preview =
        azure("azure", "https://r.openai.azure.com/openai/v1", Map.of("API-Version", "preview"));

    assertEquals(
        "https://r.openai.azure.com/openai/v1/chat/completions",
        plain.chatCompletionsUrl("gpt-4o").toString());
    assertEquals("https://r.openai.azure.com/openai/v1/models", plain.modelsUrl().toString());
    assertEquals(
        "https://r.openai.azure.com/openai/v1/chat/completions?api-version=preview",
        preview.chatCompletionsUrl("gpt-4o").toString());
    assertNull(headers(preview).get("api-version"));
  }

  @Test
  void usageIsAskedOfAzureOnlyFromTheApiVersionThatAcceptsIt() throws Exception {
    assertFalse(
        azure("azure", "https://r.openai.azure.com", Map.of("api-version", "2024-02-01"))
            .asksForUsage());
    assertFalse(
        azure("azure", "https://r.openai.azure.com", Map.of("api-version", "2024-08-01-preview"))
            .asksForUsage());
    assertTrue(azure("azure", "https://r.openai.azure.com", Map.of()).asksForUsage());
    assertTrue(
        azure("azure", "https://r.openai.azure.com", Map.of("api-version", "2025-01-01-preview"))
            .asksForUsage());
    assertTrue(azure("azure", "https://r.openai.azure.com/openai/v1", Map.of()).asksForUsage());
  }

  @Test
  void apiVersionHeaderStaysAHeaderForOtherProviders() throws Exception {
    Endpoint endpoint =
        Endpoint.resolve(
            provider(
                "custom",
                "https://api.example.com/v1",
                WireApi.CHAT,
                AuthScheme.BEARER,
                Map.of("api-version", "7"),
                Map.of()),
            ENV);

    assertEquals("7", headers(endpoint).get("api-version"));
    assertEquals(
        "https://api.example.com/v1/chat/completions", endpoint.chatCompletionsUrl("m").toString());
  }

  @Test
  void eachAuthSchemeWritesItsHeader() throws Exception {
    Map<AuthScheme, List<String>> expected =
        Map.of(
            AuthScheme.BEARER, List.of("Authorization", "Bearer secret-key-value"),
            AuthScheme.X_API_KEY, List.of("x-api-key", "secret-key-value"),
            AuthScheme.API_KEY, List.of("api-key", "secret-key-value"));
    for (Map.Entry<AuthScheme, List<String>> entry : expected.entrySet()) {
      Headers headers =
          headers(
              Endpoint.resolve(
                  provider(
                      "p",
                      "https://api.example.com",
                      WireApi.CHAT,
                      entry.getKey(),
                      Map.of(),
                      Map.of()),
                  ENV));

      assertEquals(1, headers.size(), entry.getKey().name());
      assertEquals(entry.getValue().get(1), headers.get(entry.getValue().get(0)));
    }
    Headers none =
        headers(
            Endpoint.resolve(
                provider(
                    "p",
                    "http://localhost:8080",
                    WireApi.CHAT,
                    AuthScheme.NONE,
                    Map.of(),
                    Map.of()),
                Map.of()));
    assertEquals(0, none.size());
  }

  @Test
  void anthropicVersionIsSentOnceAndCanBeOverridden() throws Exception {
    Headers defaulted =
        headers(
            Endpoint.resolve(
                provider(
                    "anthropic",
                    "https://api.anthropic.com/v1",
                    WireApi.ANTHROPIC,
                    AuthScheme.X_API_KEY,
                    Map.of(),
                    Map.of()),
                ENV));
    Headers overridden =
        headers(
            Endpoint.resolve(
                provider(
                    "anthropic",
                    "https://api.anthropic.com/v1",
                    WireApi.ANTHROPIC,
                    AuthScheme.X_API_KEY,
                    Map.of("Anthropic-Version", "2099-01-01"),
                    Map.of()),
                ENV));

    assertEquals(List.of("2023-06-01"), defaulted.values("anthropic-version"));
    assertEquals(List.of("2099-01-01"), overridden.values("anthropic-version"));
  }

  @Test
  void ollamaTagsSitBesideV1() throws Exception {
    for (String base :
        List.of(
            "http://localhost:11434/v1", "http://localhost:11434/v1/", "http://localhost:11434")) {
      assertEquals(
          "http://localhost:11434/api/tags",
          Endpoint.resolve(
                  provider("ollama", base, WireApi.CHAT, AuthScheme.NONE, Map.of(), Map.of()),
                  Map.of())
              .ollamaTagsUrl()
              .toString(),
          base);
    }
  }

  @Test
  void urlsInMessagesLoseCredentialsAndQuery() {
    assertEquals(
        "https://gw.example.com/v1/chat/completions",
        Endpoint.display(
            HttpUrl.get("https://user:pw@gw.example.com/v1/chat/completions?key=abc#x")));
  }

  @Test
  void missingBaseUrlSaysWhereToSetIt() {
    ChatException azure =
        assertThrows(
            ChatException.class,
            () ->
                Endpoint.resolve(
                    provider("azure", "", WireApi.CHAT, AuthScheme.API_KEY, Map.of(), Map.of())
                        .toBuilder()
                        .hints(TestProviders.builtIn("azure").hints())
                        .build(),
                    ENV));
    ChatException custom =
        assertThrows(
            ChatException.class,
            () ->
                Endpoint.resolve(
                    provider("mine", " ", WireApi.CHAT, AuthScheme.BEARER, Map.of(), Map.of()),
                    ENV));

    assertEquals(ChatException.Kind.SETUP, azure.kind());
    assertEquals(
        "azure: no endpoint configured; set AZURE_OPENAI_ENDPOINT=https://NAME.openai.azure.com"
            + " or base_url under [model_providers.azure] in config.toml",
        azure.getMessage());
    assertEquals(
        "mine: no base_url configured; set base_url under [model_providers.mine] in config.toml",
        custom.getMessage());
  }

  @Test
  void unusableBaseUrlIsShownWithoutItsQuery() {
    ChatException e =
        assertThrows(
            ChatException.class,
            () ->
                Endpoint.resolve(
                    provider(
                        "mine",
                        "api.example.com/v1?token=abc",
                        WireApi.CHAT,
                        AuthScheme.BEARER,
                        Map.of(),
                        Map.of()),
                    ENV));

    assertEquals(
        "mine: base_url 'api.example.com/v1' is not an http or https URL; fix it under"
            + " [model_providers.mine] in config.toml",
        e.getMessage());
  }

  @Test
  void headerValueFromTheEnvironmentThatCannotBeSentIsRefusedWithoutShowingIt() {
    ProviderConfig provider =
        TestProviders.builder("mine")
            .name("Mine")
            .baseUrl("https://api.example.com")
            .defaultModel("m")
            .wireApi(WireApi.CHAT)
            .auth(AuthScheme.NONE)
            .envHttpHeaders(Map.of("X-Token", "TOKEN"))
            .build();

    ChatException e =
        assertThrows(
            ChatException.class,
            () -> Endpoint.resolve(provider, Map.of("TOKEN", "tok-123\nInjected: yes")));

    assertEquals(ChatException.Kind.SETUP, e.kind());
    assertEquals(
        "mine: header 'X-Token' (from TOKEN) has a name or value a header cannot carry; remove"
            + " control characters",
        e.getMessage());
  }

  @Test
  void keyWithALineBreakIsRefusedWithoutShowingIt() {
    ChatException e =
        assertThrows(
            ChatException.class,
            () ->
                Endpoint.resolve(
                    provider(
                        "openai",
                        "https://api.openai.com/v1",
                        WireApi.CHAT,
                        AuthScheme.BEARER,
                        Map.of(),
                        Map.of()),
                    Map.of("KEY", "sk-abc\u0000def")));

    assertFalse(e.getMessage().contains("sk-abc"), e.getMessage());
    assertEquals(ChatException.Kind.SETUP, e.kind());
  }

  @Test
  void redactsKeysAndSecretHeaderValuesButNotShortFlags() throws Exception {
    ProviderConfig provider =
        TestProviders.builder("mine")
            .name("Mine")
            .baseUrl("https://api.example.com")
            .envKey("KEY")
            .defaultModel("m")
            .wireApi(WireApi.CHAT)
            .auth(AuthScheme.BEARER)
            .envHttpHeaders(Map.of("X-Token", "TOKEN", "X-Debug", "DEBUG"))
            .build();
    Endpoint endpoint =
        Endpoint.resolve(
            provider, Map.of("KEY", "secret-key-value", "TOKEN", "tok-12345678", "DEBUG", "1"));

    assertEquals(
        "got **** and **** (HTTP 401)",
        endpoint.redact("got secret-key-value and tok-12345678 (HTTP 401)"));
    assertEquals("1", headers(endpoint).get("X-Debug"));
    assertFalse(endpoint.toString().contains("secret-key-value"));
  }
}
