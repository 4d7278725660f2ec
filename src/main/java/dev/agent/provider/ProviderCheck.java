package dev.agent.provider;

import static java.util.Objects.requireNonNull;

/**
 * What {@code agent providers --check} learned of one provider.
 *
 * @param status the verdict
 * @param detail one line for the user: the model count when ok, else what went wrong
 */
public record ProviderCheck(Status status, String detail) {
  /** The verdict of a check. */
  public enum Status {
    /** It answered and accepted the key. */
    OK,
    /** No connection, or no answer within the timeout. */
    UNREACHABLE,
    /** It answered 401 or 403. */
    KEY_REFUSED,
    /** The key is not set, or no base URL is configured; nothing was sent. */
    NOT_CONFIGURED,
    /** It answered with another error. */
    ERROR
  }

  public ProviderCheck {
    requireNonNull(status, "status");
    requireNonNull(detail, "detail");
  }
}
