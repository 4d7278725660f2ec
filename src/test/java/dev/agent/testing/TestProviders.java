package dev.agent.testing;

import dev.agent.config.AgentConfig;
import dev.agent.config.AuthScheme;
import dev.agent.config.MaxTokensField;
import dev.agent.config.ProviderConfig;
import dev.agent.config.WireApi;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Provider records for tests. {@link #builtIn} is each built-in as the config loader builds it
 * without a config file, written out here as the documentation gives it so that the loader's tests
 * compare against a copy of their own. The others are providers with the tests' timeouts and no
 * retries ({@link #IDLE}, {@link #RETRIES}, {@link #CONNECT}): the built-ins at their real
 * addresses or pointed at a test server, or any provider from {@link #builder}.
 */
public final class TestProviders {
  public static final Duration IDLE = Duration.ofSeconds(5);

  /**
   * No retries: most tests assert the exact events of one attempt. Retries have tests of their own,
   * which set {@code request_max_retries} themselves.
   */
  public static final int RETRIES = 0;

  public static final Duration CONNECT = Duration.ofSeconds(10);

  private static final ProviderConfig.Hints OLLAMA_HINTS =
      new ProviderConfig.Hints("start it with `ollama serve`", "ollama pull", "");

  private static final ProviderConfig.Hints LMSTUDIO_HINTS =
      new ProviderConfig.Hints(
          "start LM Studio's local server (Developer tab, or `lms server start`)", "", "");

  private static final ProviderConfig.Hints AZURE_HINTS =
      new ProviderConfig.Hints(
          "",
          "",
          "no endpoint configured; set AZURE_OPENAI_ENDPOINT=https://NAME.openai.azure.com or"
              + " base_url under [model_providers.azure] in config.toml");

  private TestProviders() {}

  /**
   * The built-in {@code id} (anthropic, openai, ollama, lmstudio or azure) as the config loader
   * builds it without a config file: a five-minute stream idle timeout, two retries, a ten-second
   * connect timeout, and for azure no base URL (no {@code AZURE_OPENAI_ENDPOINT}).
   */
  public static ProviderConfig builtIn(String id) {
    return identity(id)
        .streamIdleTimeout(Duration.ofMinutes(5))
        .requestMaxRetries(2)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  /** The built-in anthropic at its real address, with the tests' timeouts. */
  public static ProviderConfig anthropic() {
    return anthropic(builtIn("anthropic").baseUrl());
  }

  /** The built-in openai at its real address, with the tests' timeouts. */
  public static ProviderConfig openai() {
    return openai(builtIn("openai").baseUrl());
  }

  /** The built-in ollama at its real address, with the tests' timeouts. */
  public static ProviderConfig ollama() {
    return ollama(builtIn("ollama").baseUrl());
  }

  public static ProviderConfig anthropic(String baseUrl) {
    return at("anthropic", baseUrl).build();
  }

  public static ProviderConfig openai(String baseUrl) {
    return at("openai", baseUrl).build();
  }

  public static ProviderConfig ollama(String baseUrl) {
    return at("ollama", baseUrl).build();
  }

  public static ProviderConfig lmstudio(String baseUrl) {
    return at("lmstudio", baseUrl).build();
  }

  public static ProviderConfig azure(String baseUrl, Map<String, String> httpHeaders) {
    return at("azure", baseUrl).httpHeaders(httpHeaders).build();
  }

  /** {@link ProviderConfig#builder} with the tests' timeouts and no retries. */
  public static ProviderConfig.Builder builder(String id) {
    return withTestTimeouts(ProviderConfig.builder(id));
  }

  /** A configuration of these providers, in this order, with nothing chosen. */
  public static AgentConfig config(ProviderConfig... providers) {
    Map<String, ProviderConfig> byId = new LinkedHashMap<>();
    for (ProviderConfig provider : providers) {
      byId.put(provider.id(), provider);
    }
    return new AgentConfig("", "", "", "", true, true, byId, List.of());
  }

  private static ProviderConfig.Builder at(String id, String baseUrl) {
    return withTestTimeouts(identity(id)).baseUrl(baseUrl);
  }

  private static ProviderConfig.Builder withTestTimeouts(ProviderConfig.Builder builder) {
    return builder.streamIdleTimeout(IDLE).requestMaxRetries(RETRIES).connectTimeout(CONNECT);
  }

  /** What makes each built-in itself; the timeouts and retries are left to the caller. */
  private static ProviderConfig.Builder identity(String id) {
    return switch (id) {
      case "anthropic" ->
          identity(
              "anthropic",
              "Anthropic",
              "https://api.anthropic.com/v1",
              "ANTHROPIC_API_KEY",
              "claude-sonnet-4-20250514",
              WireApi.ANTHROPIC,
              AuthScheme.X_API_KEY);
      case "openai" ->
          identity(
                  "openai",
                  "OpenAI",
                  "https://api.openai.com/v1",
                  "OPENAI_API_KEY",
                  "gpt-4o",
                  WireApi.CHAT,
                  AuthScheme.BEARER)
              .maxTokensField(MaxTokensField.MAX_COMPLETION_TOKENS);
      case "ollama" ->
          identity(
                  "ollama",
                  "Ollama (Local)",
                  "http://localhost:11434/v1",
                  "",
                  "llama3.2",
                  WireApi.CHAT,
                  AuthScheme.NONE)
              .hints(OLLAMA_HINTS);
      case "lmstudio" ->
          identity(
                  "lmstudio",
                  "LM Studio (Local)",
                  "http://localhost:1234/v1",
                  "",
                  "local-model",
                  WireApi.CHAT,
                  AuthScheme.NONE)
              .hints(LMSTUDIO_HINTS);
      case "azure" ->
          identity(
                  "azure",
                  "Azure OpenAI",
                  "",
                  "AZURE_OPENAI_API_KEY",
                  "gpt-4o",
                  WireApi.CHAT,
                  AuthScheme.API_KEY)
              .hints(AZURE_HINTS)
              .maxTokensField(MaxTokensField.MAX_COMPLETION_TOKENS);
      default -> throw new IllegalArgumentException("no built-in provider " + id);
    };
  }

  private static ProviderConfig.Builder identity(
      String id,
      String name,
      String baseUrl,
      String envKey,
      String defaultModel,
      WireApi wireApi,
      AuthScheme auth) {
    return ProviderConfig.builder(id)
        .name(name)
        .baseUrl(baseUrl)
        .envKey(envKey)
        .defaultModel(defaultModel)
        .wireApi(wireApi)
        .auth(auth);
  }
}
