package dev.agent.chat;

import static java.util.Objects.requireNonNull;

/**
 * A request to a provider failed in a way the user can act on. The message is one line written for
 * the user, names the provider, says what is wrong and how to fix it, and never contains a key.
 */
public final class ChatException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What kind of failure, for exit codes, styling and (later) retries. */
  public enum Kind {
    /** The provider cannot be used as configured: no key, no endpoint. The user must fix setup. */
    SETUP,
    /** The key was refused (HTTP 401, 403). */
    AUTH,
    /** The model or endpoint does not exist (HTTP 404). */
    NOT_FOUND,
    /** Too many requests or quota spent (HTTP 429). */
    RATE_LIMITED,
    /** The server refused the request as malformed (other 4xx). */
    BAD_REQUEST,
    /**
     * The server failed or is overloaded (5xx, Anthropic's 529, an error event mid-stream), or sent
     * a reply with nothing in it.
     */
    SERVER,
    /** No connection could be made: refused, unknown host, TLS failure. */
    UNREACHABLE,
    /** The server stopped answering for longer than the timeout allows. */
    TIMEOUT,
    /** The stream ended or broke before its terminator. */
    INCOMPLETE,
    /** The server sent something we cannot read. */
    PROTOCOL
  }

  private final Kind kind;
  private final int httpStatus;

  public ChatException(Kind kind, String message) {
    this(kind, 0, message, null);
  }

  public ChatException(Kind kind, int httpStatus, String message, Throwable cause) {
    super(requireNonNull(message, "message"), cause);
    this.kind = requireNonNull(kind, "kind");
    this.httpStatus = httpStatus;
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status that caused this, or 0 when there was none. */
  public int httpStatus() {
    return httpStatus;
  }
}
