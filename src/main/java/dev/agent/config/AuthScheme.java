package dev.agent.config;

/** How the API key travels; {@code auth} in the config file. */
public enum AuthScheme {
  /** {@code Authorization: Bearer KEY}; {@code "bearer"}. */
  BEARER("bearer"),
  /** {@code x-api-key: KEY} (Anthropic); {@code "x-api-key"}. */
  X_API_KEY("x-api-key"),
  /** {@code api-key: KEY} (Azure OpenAI); {@code "api-key"}. */
  API_KEY("api-key"),
  /** No key is sent; {@code "none"}. */
  NONE("none");

  private final String configName;

  AuthScheme(String configName) {
    this.configName = configName;
  }

  /** The word used in the config file. */
  public String configName() {
    return configName;
  }
}
