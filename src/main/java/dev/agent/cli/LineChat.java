package dev.agent.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;

/**
 * The chat as plain lines, for a terminal that shows no screen ({@code TERM=dumb}: Emacs's {@code
 * M-x shell}, a serial console): a line read from standard input is a prompt, and its reply streams
 * to standard output as {@link OneShotReply} streams one, with no escape sequence at all (control
 * characters in a reply are shown as {@code ^[} and the like, as on any terminal). Every reply is
 * one more exchange of the same conversation, saved as the chat saves one. End of input (Ctrl+D, or
 * {@code C-c C-d} in Emacs) ends it.
 */
final class LineChat {
  private final Console console;
  private final OneShotReply replies;
  private final String header;

  /**
   * @param replies the conversation, each of whose replies is streamed to standard output
   * @param header what to say first: who answers, and how to end
   */
  LineChat(Console console, OneShotReply replies, String header) {
    this.console = requireNonNull(console, "console");
    this.replies = requireNonNull(replies, "replies");
    this.header = requireNonNull(header, "header");
  }

  /**
   * Reads prompts until standard input ends, streaming each reply; returns 0, or the exit code of a
   * reply that could not go on (standard output closed, the process interrupted). A reply that
   * fails is said on standard error, and the next prompt can follow it.
   */
  int run() throws IOException {
    console.printErrorLine(header);
    BufferedReader lines = new BufferedReader(new InputStreamReader(console.in(), UTF_8));
    while (true) {
      console.out().print("> ");
      console.out().flush();
      String line = lines.readLine();
      if (line == null) {
        console.out().println();
        console.out().flush();
        return ExitCodes.OK;
      }
      if (line.isBlank()) {
        continue;
      }
      int code = replies.run(line.strip());
      if (code == ExitCodes.OUTPUT_CLOSED || code == ExitCodes.INTERRUPTED) {
        return code;
      }
      console.out().println();
    }
  }
}
