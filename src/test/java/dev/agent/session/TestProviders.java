package dev.agent.session;

import dev.agent.config.AuthScheme;
import dev.agent.config.ProviderConfig;
import dev.agent.config.WireApi;

/**
 * Only for the UI tests until they import {@link dev.agent.testing.TestProviders}, which this
 * forwards to; nothing else should use it, and it goes once they have moved.
 */
public final class TestProviders {
  private TestProviders() {}

  public static ProviderConfig anthropic() {
    return dev.agent.testing.TestProviders.anthropic();
  }

  public static ProviderConfig openai() {
    return dev.agent.testing.TestProviders.openai();
  }

  public static ProviderConfig ollama() {
    return dev.agent.testing.TestProviders.ollama();
  }

  public static ProviderConfig provider(
      String id,
      String name,
      String baseUrl,
      String envKey,
      String defaultModel,
      WireApi wireApi,
      AuthScheme auth) {
    return dev.agent.testing.TestProviders.builder(id)
        .name(name)
        .baseUrl(baseUrl)
        .envKey(envKey)
        .defaultModel(defaultModel)
        .wireApi(wireApi)
        .auth(auth)
        .build();
  }
}
