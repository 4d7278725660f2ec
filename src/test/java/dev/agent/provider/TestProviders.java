package dev.agent.provider;

import dev.agent.config.AgentConfig;
import dev.agent.config.AuthScheme;
import dev.agent.config.ProviderConfig;
import dev.agent.config.WireApi;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.QueueDispatcher;

/** The built-in providers as the config loader will build them, pointed at a test server. */
final class TestProviders {
  static final Duration IDLE = Duration.ofSeconds(5);

  /**
   * No retries: most tests assert the exact events of one attempt. Retries have tests of their own,
   * which set {@code request_max_retries} themselves.
   */
  static final int RETRIES = 0;

  static final Duration CONNECT = Duration.ofSeconds(10);

  private TestProviders() {}

  static ProviderConfig anthropic(String baseUrl) {
    return new ProviderConfig(
        "anthropic",
        "Anthropic",
        baseUrl,
        "ANTHROPIC_API_KEY",
        "",
        "claude-sonnet-4-20250514",
        WireApi.ANTHROPIC,
        AuthScheme.X_API_KEY,
        Map.of(),
        Map.of(),
        Map.of(),
        0,
        IDLE,
        RETRIES,
        CONNECT,
        "");
  }

  static ProviderConfig openai(String baseUrl) {
    return chat("openai", "OpenAI", baseUrl, "OPENAI_API_KEY", "gpt-4o", AuthScheme.BEARER);
  }

  static ProviderConfig ollama(String baseUrl) {
    return chat("ollama", "Ollama (Local)", baseUrl, "", "llama3.2", AuthScheme.BEARER);
  }

  static ProviderConfig lmstudio(String baseUrl) {
    return chat("lmstudio", "LM Studio (Local)", baseUrl, "", "local-model", AuthScheme.BEARER);
  }

  static ProviderConfig azure(String baseUrl, Map<String, String> httpHeaders) {
    return new ProviderConfig(
        "azure",
        "Azure OpenAI",
        baseUrl,
        "AZURE_OPENAI_API_KEY",
        "",
        "gpt-4o",
        WireApi.CHAT,
        AuthScheme.API_KEY,
        httpHeaders,
        Map.of(),
        Map.of(),
        0,
        IDLE,
        RETRIES,
        CONNECT,
        "");
  }

  static ProviderConfig chat(
      String id, String name, String baseUrl, String envKey, String model, AuthScheme auth) {
    return new ProviderConfig(
        id,
        name,
        baseUrl,
        envKey,
        "",
        model,
        WireApi.CHAT,
        auth,
        Map.of(),
        Map.of(),
        Map.of(),
        0,
        IDLE,
        RETRIES,
        CONNECT,
        "");
  }

  /** {@code p} with another {@code stream_idle_timeout_ms}. */
  static ProviderConfig withIdleTimeout(ProviderConfig p, Duration idle) {
    return new ProviderConfig(
        p.id(),
        p.name(),
        p.baseUrl(),
        p.envKey(),
        p.envKeyInstructions(),
        p.defaultModel(),
        p.wireApi(),
        p.auth(),
        p.httpHeaders(),
        p.envHttpHeaders(),
        p.queryParams(),
        p.maxTokens(),
        idle,
        p.requestMaxRetries(),
        p.connectTimeout(),
        p.caFile());
  }

  /** {@code p} with another {@code connect_timeout_ms}. */
  static ProviderConfig withConnectTimeout(ProviderConfig p, Duration connect) {
    return new ProviderConfig(
        p.id(),
        p.name(),
        p.baseUrl(),
        p.envKey(),
        p.envKeyInstructions(),
        p.defaultModel(),
        p.wireApi(),
        p.auth(),
        p.httpHeaders(),
        p.envHttpHeaders(),
        p.queryParams(),
        p.maxTokens(),
        p.streamIdleTimeout(),
        p.requestMaxRetries(),
        connect,
        p.caFile());
  }

  /** {@code p} with another {@code request_max_retries}. */
  static ProviderConfig withRetries(ProviderConfig p, int retries) {
    return new ProviderConfig(
        p.id(),
        p.name(),
        p.baseUrl(),
        p.envKey(),
        p.envKeyInstructions(),
        p.defaultModel(),
        p.wireApi(),
        p.auth(),
        p.httpHeaders(),
        p.envHttpHeaders(),
        p.queryParams(),
        p.maxTokens(),
        p.streamIdleTimeout(),
        retries,
        p.connectTimeout(),
        p.caFile());
  }

  /** A response queue that answers a request nobody expected with 418 instead of hanging. */
  static QueueDispatcher failFastQueue() {
    QueueDispatcher queue = new QueueDispatcher();
    queue.setFailFast(new MockResponse.Builder().code(418).body("no response queued").build());
    return queue;
  }

  static AgentConfig config(ProviderConfig... providers) {
    Map<String, ProviderConfig> byId = new LinkedHashMap<>();
    for (ProviderConfig provider : providers) {
      byId.put(provider.id(), provider);
    }
    return new AgentConfig("", "", "", byId, List.of());
  }
}
