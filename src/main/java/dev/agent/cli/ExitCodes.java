package dev.agent.cli;

import dev.agent.chat.ChatException;

/** The exit codes of {@code agent}, in one place. */
final class ExitCodes {
  static final int OK = 0;
  static final int REQUEST_FAILED = 1;
  static final int USAGE = 2;
  static final int INTERRUPTED = 130;

  private ExitCodes() {}

  /** Setup problems (no key, no endpoint) are the user's configuration; the rest are requests. */
  static int of(ChatException e) {
    return e.kind() == ChatException.Kind.SETUP ? USAGE : REQUEST_FAILED;
  }
}
