package dev.agent.config;

/**
 * How a provider's answer text is searched for a {@code <think>…</think>} block of reasoning;
 * {@code think_tags} in the config file.
 */
public enum ThinkTags {
  /**
   * A {@code <think>} at the very start of the answer opens reasoning, and a {@code </think>} that
   * closes a block the model's template opened turns the text before it into reasoning; {@code
   * "auto"}, the default.
   */
  AUTO("auto"),
  /**
   * The reply starts inside a reasoning block the template opened, up to {@code </think>}; for
   * DeepSeek R1 distills on a server without a reasoning parser; {@code "open"}.
   */
  OPEN("open"),
  /** The text is the answer, tags and all; {@code "off"}. */
  OFF("off");

  private final String configName;

  ThinkTags(String configName) {
    this.configName = configName;
  }

  /** The word used in the config file. */
  public String configName() {
    return configName;
  }
}
