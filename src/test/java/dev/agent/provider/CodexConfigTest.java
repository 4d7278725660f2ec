package dev.agent.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent.chat.ChatException;
import dev.agent.chat.ChatRequest;
import dev.agent.chat.Message;
import dev.agent.config.AgentConfig;
import dev.agent.config.ConfigLoader;
import dev.agent.config.ProviderConfig;
import dev.agent.config.Selection;
import dev.agent.config.WireApi;
import dev.agent.testing.RecordingListener;
import dev.agent.testing.StreamBodies;
import dev.agent.testing.TestServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Codex CLI {@code config.toml} as Codex's own documentation writes it, loaded and used. */
class CodexConfigTest {
  private static final String KEY = "sk-proj-codex-env-0123456789";
  private static final String TOKEN = "sk-proj-codex-inline-0123456789";

  @StartStop private final MockWebServer server = TestServers.failFast();
  @TempDir Path dir;

  private Path file() {
    return dir.resolve("config.toml");
  }

  private String base() {
    String url = server.url("/v1").toString();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private AgentConfig load(String toml) throws Exception {
    Files.writeString(file(), toml, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-------"));
    return new ConfigLoader(Map.of()).load(file(), true, List.of());
  }

  /**
   * Put together from openai/codex docs/config.md ("model", "model_providers" with its "proxy"
   * example and the per-provider network tuning, "model_reasoning_effort", "approval_policy",
   * "sandbox_mode", "profiles", "mcp_servers", "tui") and docs/example-config.md; only base_url
   * points at the test server.
   */
  private static final String CODEX_CONFIG =
      """
      model = "gpt-4.1"
      model_provider = "proxy"
      model_reasoning_effort = "high"
      model_reasoning_summary = "detailed"
      approval_policy = "on-request"
      sandbox_mode = "workspace-write"

      [model_providers.proxy]
      name = "OpenAI using LLM proxy"
      base_url = "%s"
      env_key = "OPENAI_API_KEY"
      wire_api = "responses"
      query_params = { "tenant" = "blue" }
      http_headers = { "X-Example-Header" = "example-value" }
      env_http_headers = { "X-Example-Features" = "EXAMPLE_FEATURES" }
      request_max_retries = 4
      stream_max_retries = 10
      stream_idle_timeout_ms = 300000

      [profiles.o3]
      model = "o3"
      model_provider = "openai"
      approval_policy = "never"
      model_reasoning_effort = "high"

      [mcp_servers.server-name]
      command = "npx"
      args = ["-y", "mcp-server"]
      env = { "API_KEY" = "value" }

      [tui]
      notifications = true

      [sandbox_workspace_write]
      network_access = false
      """;

  @Test
  void aCodexConfigLoadsWithWarningsAndStreamsAReplyOverTheResponsesWire() throws Exception {
    AgentConfig config = load(CODEX_CONFIG.formatted(base()));

    assertEquals(
        List.of(
            file() + ":4: 'model_reasoning_summary' is a Codex key, not used by agent (ignored)",
            file() + ":5: 'approval_policy' is a Codex key, not used by agent (ignored)",
            file() + ":6: 'sandbox_mode' is a Codex key, not used by agent (ignored)",
            file() + ":26: 'mcp_servers' is a Codex key, not used by agent (ignored)",
            file() + ":31: 'tui' is a Codex key, not used by agent (ignored)",
            file() + ":34: 'sandbox_workspace_write' is a Codex key, not used by agent (ignored)",
            file()
                + ":23: unknown key 'approval_policy' in [profiles.o3] ignored (a Codex key, not"
                + " used by agent)"),
        config.warnings());
    Selection selection = config.select("", "");
    ProviderConfig proxy = selection.provider();
    assertEquals("proxy", proxy.id());
    assertEquals("gpt-4.1", selection.model());
    assertEquals(WireApi.RESPONSES, proxy.wireApi());
    assertEquals(4, proxy.requestMaxRetries());
    assertEquals(OptionalInt.of(10), proxy.streamMaxRetries());
    assertEquals("high", proxy.reasoningEffort());

    server.enqueue(StreamBodies.replayEventByEvent("responses-text.sse"));
    RecordingListener listener = new RecordingListener();
    try (ProviderRegistry registry =
        new ProviderRegistry(
            config, Map.of("OPENAI_API_KEY", KEY, "EXAMPLE_FEATURES", "search,files"))) {
      registry.client(proxy).stream(
          new ChatRequest(
              selection.model(),
              List.of(Message.user("What is 27 * 453?")),
              selection.reasoningEffort()),
          listener);
      List<String> events = listener.awaitEnd();
      assertTrue(events.get(events.size() - 1).startsWith("completed:"), events.toString());
      assertEquals(
          "27 * 453 = 12,231.",
          events.stream()
              .filter(event -> event.startsWith("text:"))
              .map(event -> event.substring("text:".length()))
              .reduce("", String::concat));
    }
    RecordedRequest request = server.takeRequest();
    assertEquals("/v1/responses", request.getUrl().encodedPath());
    assertEquals("blue", request.getUrl().queryParameter("tenant"));
    assertEquals("Bearer " + KEY, request.getHeaders().get("Authorization"));
    assertEquals("example-value", request.getHeaders().get("X-Example-Header"));
    assertEquals("search,files", request.getHeaders().get("X-Example-Features"));
    assertTrue(
        request.getBody().utf8().contains("\"reasoning\":{\"effort\":\"high\""),
        request.getBody().utf8());
  }

  @Test
  void requiresOpenaiAuthWithoutAKeySaysSoInOneLine() throws Exception {
    AgentConfig config =
        load(
            """
            [model_providers.proxy]
            base_url = "%s"
            wire_api = "responses"
            requires_openai_auth = true
            """
                .formatted(base()));

    try (ProviderRegistry registry = new ProviderRegistry(config, Map.of())) {
      ChatException e =
          assertThrows(ChatException.class, () -> registry.client(config.providers().get("proxy")));

      assertEquals(ChatException.Kind.SETUP, e.kind());
      assertEquals(
          "proxy: requires_openai_auth asks for a ChatGPT login, which agent does not support;"
              + " set env_key to the name of a variable holding an API key (e.g. env_key ="
              + " \"OPENAI_API_KEY\"), or give an [model_providers.proxy.auth] command that prints"
              + " one",
          e.getMessage());
    }
  }

  @Test
  void requiresOpenaiAuthWithEnvKeyUsesTheKey() throws Exception {
    AgentConfig config =
        load(
            """
            [model_providers.proxy]
            base_url = "%s"
            env_key = "OPENAI_API_KEY"
            wire_api = "responses"
            requires_openai_auth = true
            """
                .formatted(base()));
    server.enqueue(StreamBodies.replayEventByEvent("responses-text.sse"));

    stream(config, Map.of("OPENAI_API_KEY", KEY));

    assertEquals("Bearer " + KEY, server.takeRequest().getHeaders().get("Authorization"));
  }

  @Test
  void aBearerTokenIsSentAndBlankedOutOfMessages() throws Exception {
    AgentConfig config =
        load(
            """
            [model_providers.proxy]
            base_url = "%s"
            env_key = "OPENAI_API_KEY"
            wire_api = "responses"
            experimental_bearer_token = "%s"
            """
                .formatted(base(), TOKEN));
    server.enqueue(
        StreamBodies.error(
            401, "{\"error\":{\"message\":\"Incorrect API key provided: " + TOKEN + "\"}}"));

    List<String> events = stream(config, Map.of("OPENAI_API_KEY", KEY));

    assertEquals("Bearer " + TOKEN, server.takeRequest().getHeaders().get("Authorization"));
    assertEquals(1, events.size(), events.toString());
    assertTrue(events.get(0).startsWith("failed:"), events.get(0));
    assertFalse(events.get(0).contains(TOKEN), events.get(0));
    try (ProviderRegistry registry = new ProviderRegistry(config, Map.of())) {
      assertEquals(KeyStatus.IN_FILE, registry.keyStatus(config.providers().get("proxy")));
    }
  }

  private List<String> stream(AgentConfig config, Map<String, String> env) throws Exception {
    RecordingListener listener = new RecordingListener();
    try (ProviderRegistry registry = new ProviderRegistry(config, env)) {
      registry.client(config.providers().get("proxy")).stream(
          new ChatRequest("gpt-4.1", List.of(Message.user("Hi"))), listener);
      return listener.awaitEnd();
    }
  }
}
