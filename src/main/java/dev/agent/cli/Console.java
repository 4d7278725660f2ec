package dev.agent.cli;

import static java.util.Objects.requireNonNull;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * The process's streams and environment, as one value a command can be given instead of reaching
 * for {@code System}.
 *
 * @param in standard input
 * @param out standard output, where replies and listings go
 * @param err standard error, where messages go
 * @param env the environment variables
 * @param stdinIsTerminal whether standard input is a terminal (else it is piped or a file)
 * @param stdoutIsTerminal whether standard output is a terminal
 * @param stderrIsTerminal whether standard error is a terminal
 */
public record Console(
    InputStream in,
    PrintStream out,
    PrintStream err,
    Map<String, String> env,
    boolean stdinIsTerminal,
    boolean stdoutIsTerminal,
    boolean stderrIsTerminal) {
  public Console {
    requireNonNull(in, "in");
    requireNonNull(out, "out");
    requireNonNull(err, "err");
    env = Map.copyOf(env);
  }

  /** A console whose standard error is not a terminal. */
  public Console(
      InputStream in,
      PrintStream out,
      PrintStream err,
      Map<String, String> env,
      boolean stdinIsTerminal,
      boolean stdoutIsTerminal) {
    this(in, out, err, env, stdinIsTerminal, stdoutIsTerminal, false);
  }

  /**
   * Prints {@code line} and a line feed on standard output. Whatever came from outside (a server's
   * model ids, a saved conversation, the config file) goes through here: on a terminal every
   * control character in it is shown instead of obeyed ({@link TerminalText}); piped, where it is
   * data, it stays byte for byte.
   */
  public void printLine(String line) {
    out.println(stdoutIsTerminal ? TerminalText.neutralise(line) : line);
  }

  /** Prints {@code text} on standard output as {@link #printLine} does, with no line feed. */
  public void print(String text) {
    out.print(stdoutIsTerminal ? TerminalText.neutralise(text) : text);
  }

  /**
   * Prints {@code line} and a line feed on standard error, with every control character shown
   * instead of obeyed when it is a terminal: for messages that quote something from outside.
   */
  public void printErrorLine(String line) {
    err.println(stderrIsTerminal ? TerminalText.neutralise(line) : line);
  }

  /** Whether the full-screen UI can run here: both ends are a terminal. */
  public boolean interactive() {
    return stdinIsTerminal && stdoutIsTerminal;
  }
}
