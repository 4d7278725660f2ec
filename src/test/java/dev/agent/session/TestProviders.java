package dev.agent.session;

import dev.agent.config.AuthScheme;
import dev.agent.config.ProviderConfig;
import dev.agent.config.WireApi;
import java.time.Duration;

/** Provider records built by hand, the way the built-ins look, for tests that need a few. */
public final class TestProviders {
  private TestProviders() {}

  public static ProviderConfig anthropic() {
    return provider(
        "anthropic",
        "Anthropic",
        "https://api.anthropic.com/v1",
        "ANTHROPIC_API_KEY",
        "claude-sonnet-4-20250514",
        WireApi.ANTHROPIC,
        AuthScheme.X_API_KEY);
  }

  public static ProviderConfig openai() {
    return provider(
        "openai",
        "OpenAI",
        "https://api.openai.com/v1",
        "OPENAI_API_KEY",
        "gpt-4o",
        WireApi.CHAT,
        AuthScheme.BEARER);
  }

  public static ProviderConfig ollama() {
    return provider(
        "ollama",
        "Ollama (Local)",
        "http://localhost:11434/v1",
        "",
        "llama3.2",
        WireApi.CHAT,
        AuthScheme.NONE);
  }

  public static ProviderConfig provider(
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
        .auth(auth)
        .streamIdleTimeout(Duration.ofSeconds(60))
        .requestMaxRetries(0)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }
}
