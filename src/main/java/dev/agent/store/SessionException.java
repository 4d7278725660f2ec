package dev.agent.store;

/**
 * A saved conversation cannot be found or used as asked: no such ID, an ambiguous prefix, a file
 * that is not a session. The message is one line for the user and says what to do.
 */
public final class SessionException extends Exception {
  private static final long serialVersionUID = 1L;

  public SessionException(String message) {
    super(message);
  }
}
