package dev.agent.cli;

import dev.agent.chat.ChatException;

/** The exit codes of {@code agent}, in one place. */
final class ExitCodes {
  static final int OK = 0;
  static final int REQUEST_FAILED = 1;
  static final int USAGE = 2;
  static final int INTERRUPTED = 130;

  /**
   * Whoever read standard output stopped ({@code agent … | head}): 128 + SIGPIPE, what a program
   * the signal ends gives, so {@code set -o pipefail} reads it as it reads any other.
   */
  static final int OUTPUT_CLOSED = 141;

  private ExitCodes() {}

  /** Setup problems (no key, no endpoint) are the user's configuration; the rest are requests. */
  static int of(ChatException e) {
    return e.kind() == ChatException.Kind.SETUP ? USAGE : REQUEST_FAILED;
  }
}
