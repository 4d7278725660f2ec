package dev.agent.provider;

import dev.agent.config.AgentConfig;
import dev.agent.config.AuthScheme;
import dev.agent.config.ConfigException;
import dev.agent.config.ConfigLoader;
import dev.agent.config.ProviderConfig;
import dev.agent.config.WireApi;
import java.nio.file.Path;
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
    return ProviderConfig.builder("anthropic")
        .name("Anthropic")
        .baseUrl(baseUrl)
        .envKey("ANTHROPIC_API_KEY")
        .defaultModel("claude-sonnet-4-20250514")
        .wireApi(WireApi.ANTHROPIC)
        .auth(AuthScheme.X_API_KEY)
        .streamIdleTimeout(IDLE)
        .requestMaxRetries(RETRIES)
        .connectTimeout(CONNECT)
        .build();
  }

  static ProviderConfig openai(String baseUrl) {
    return chat("openai", "OpenAI", baseUrl, "OPENAI_API_KEY", "gpt-4o", AuthScheme.BEARER);
  }

  static ProviderConfig ollama(String baseUrl) {
    return chat("ollama", "Ollama (Local)", baseUrl, "", "llama3.2", AuthScheme.BEARER).toBuilder()
        .hints(builtInHints("ollama"))
        .build();
  }

  static ProviderConfig lmstudio(String baseUrl) {
    return chat("lmstudio", "LM Studio (Local)", baseUrl, "", "local-model", AuthScheme.BEARER)
        .toBuilder()
        .hints(builtInHints("lmstudio"))
        .build();
  }

  static ProviderConfig azure(String baseUrl, Map<String, String> httpHeaders) {
    return ProviderConfig.builder("azure")
        .name("Azure OpenAI")
        .baseUrl(baseUrl)
        .envKey("AZURE_OPENAI_API_KEY")
        .defaultModel("gpt-4o")
        .wireApi(WireApi.CHAT)
        .auth(AuthScheme.API_KEY)
        .httpHeaders(httpHeaders)
        .streamIdleTimeout(IDLE)
        .requestMaxRetries(RETRIES)
        .connectTimeout(CONNECT)
        .hints(builtInHints("azure"))
        .build();
  }

  /** The hints of the built-in {@code id}, as the config loader gives them. */
  static ProviderConfig.Hints builtInHints(String id) {
    try {
      AgentConfig builtIns =
          new ConfigLoader(Map.of()).load(Path.of("no-such-config.toml"), false, List.of());
      return builtIns.provider(id).hints();
    } catch (ConfigException e) {
      throw new AssertionError("the built-ins always load", e);
    }
  }

  static ProviderConfig chat(
      String id, String name, String baseUrl, String envKey, String model, AuthScheme auth) {
    return ProviderConfig.builder(id)
        .name(name)
        .baseUrl(baseUrl)
        .envKey(envKey)
        .defaultModel(model)
        .wireApi(WireApi.CHAT)
        .auth(auth)
        .streamIdleTimeout(IDLE)
        .requestMaxRetries(RETRIES)
        .connectTimeout(CONNECT)
        .build();
  }

  /** {@code p} with another {@code stream_idle_timeout_ms}. */
  static ProviderConfig withIdleTimeout(ProviderConfig p, Duration idle) {
    return ProviderConfig.builder(p.id())
        .name(p.name())
        .baseUrl(p.baseUrl())
        .envKey(p.envKey())
        .envKeyInstructions(p.envKeyInstructions())
        .defaultModel(p.defaultModel())
        .wireApi(p.wireApi())
        .auth(p.auth())
        .httpHeaders(p.httpHeaders())
        .envHttpHeaders(p.envHttpHeaders())
        .queryParams(p.queryParams())
        .maxTokens(p.maxTokens())
        .streamIdleTimeout(idle)
        .requestMaxRetries(p.requestMaxRetries())
        .connectTimeout(p.connectTimeout())
        .caFile(p.caFile())
        .hints(p.hints())
        .build();
  }

  /** {@code p} with another {@code connect_timeout_ms}. */
  static ProviderConfig withConnectTimeout(ProviderConfig p, Duration connect) {
    return ProviderConfig.builder(p.id())
        .name(p.name())
        .baseUrl(p.baseUrl())
        .envKey(p.envKey())
        .envKeyInstructions(p.envKeyInstructions())
        .defaultModel(p.defaultModel())
        .wireApi(p.wireApi())
        .auth(p.auth())
        .httpHeaders(p.httpHeaders())
        .envHttpHeaders(p.envHttpHeaders())
        .queryParams(p.queryParams())
        .maxTokens(p.maxTokens())
        .streamIdleTimeout(p.streamIdleTimeout())
        .requestMaxRetries(p.requestMaxRetries())
        .connectTimeout(connect)
        .caFile(p.caFile())
        .hints(p.hints())
        .build();
  }

  /** {@code p} with another {@code request_max_retries}. */
  static ProviderConfig withRetries(ProviderConfig p, int retries) {
    return ProviderConfig.builder(p.id())
        .name(p.name())
        .baseUrl(p.baseUrl())
        .envKey(p.envKey())
        .envKeyInstructions(p.envKeyInstructions())
        .defaultModel(p.defaultModel())
        .wireApi(p.wireApi())
        .auth(p.auth())
        .httpHeaders(p.httpHeaders())
        .envHttpHeaders(p.envHttpHeaders())
        .queryParams(p.queryParams())
        .maxTokens(p.maxTokens())
        .streamIdleTimeout(p.streamIdleTimeout())
        .requestMaxRetries(retries)
        .connectTimeout(p.connectTimeout())
        .caFile(p.caFile())
        .hints(p.hints())
        .build();
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
