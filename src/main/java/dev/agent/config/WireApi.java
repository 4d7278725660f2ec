package dev.agent.config;

/** The wire format a provider speaks; {@code wire_api} in the config file. */
public enum WireApi {
  /** OpenAI chat completions ({@code POST /chat/completions}); {@code "chat"}. */
  CHAT("chat"),
  /** Anthropic messages ({@code POST /messages}); {@code "anthropic"}. */
  ANTHROPIC("anthropic"),
  /**
   * OpenAI's Responses API ({@code POST /responses}), what Codex CLI speaks; {@code "responses"}.
   */
  RESPONSES("responses");

  private final String configName;

  WireApi(String configName) {
    this.configName = configName;
  }

  /** The word used in the config file. */
  public String configName() {
    return configName;
  }
}
