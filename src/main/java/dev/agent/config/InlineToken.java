package dev.agent.config;

import static java.util.Objects.requireNonNull;

/**
 * A key written in the config file ({@code experimental_bearer_token}, Codex's name). {@link
 * #toString()} is {@code ****}, like the provider layer's {@code Secret}, so that a {@link
 * ProviderConfig} printed whole, a log line or an exception message never shows it; only {@link
 * #reveal()} does, when the provider layer turns it into its {@code Secret}.
 */
public final class InlineToken {
  private final String value;

  InlineToken(String value) {
    this.value = requireNonNull(value, "value");
  }

  /** The token itself; only for the provider layer, to make its {@code Secret}. */
  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "****";
  }
}
