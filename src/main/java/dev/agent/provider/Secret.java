package dev.agent.provider;

import static java.util.Objects.requireNonNull;

/**
 * An API key. {@link #toString()} is {@code ****} so that a record, a log line or an exception
 * message built from it never shows the key; only {@link #reveal()} does, at the moment a header is
 * written.
 */
public final class Secret {
  private final String value;

  public Secret(String value) {
    this.value = requireNonNull(value, "value");
  }

  /** The key itself; use only to write the auth header. */
  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "****";
  }
}
