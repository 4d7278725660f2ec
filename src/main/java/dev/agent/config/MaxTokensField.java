package dev.agent.config;

/** The request field that carries the output limit; {@code max_tokens_field} in the config file. */
public enum MaxTokensField {
  /** {@code max_tokens}: what most servers and the Anthropic API take. */
  MAX_TOKENS("max_tokens"),
  /** {@code max_completion_tokens}: what OpenAI's reasoning models require instead. */
  MAX_COMPLETION_TOKENS("max_completion_tokens");

  private final String configName;

  MaxTokensField(String configName) {
    this.configName = configName;
  }

  /** The word used in the config file, and the field's name in the request. */
  public String configName() {
    return configName;
  }
}
