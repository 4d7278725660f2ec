package dev.agent.tui.terminal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.agent.config.AgentFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Where the UI's diagnostics go while the screen belongs to it: a file under the agent's home,
 * created owner-only ({@link AgentFiles#append}) on the first line written. Thread-safe; never
 * throws, since there is nowhere left to report a failure to write a report.
 */
public final class DiagnosticLog {
  private final Path file;

  public DiagnosticLog(Path file) {
    this.file = requireNonNull(file, "file");
  }

  /** Appends one line, time-stamped. */
  public void write(String message) {
    append(Instant.now() + " " + message + System.lineSeparator());
  }

  /** Appends one line and the stack trace of {@code error}. */
  public void write(String message, Throwable error) {
    StringWriter trace = new StringWriter();
    error.printStackTrace(new PrintWriter(trace));
    append(Instant.now() + " " + message + System.lineSeparator() + trace);
  }

  /** A stream into the log, to stand in for standard output and error while the screen is up. */
  PrintStream asPrintStream() {
    return new PrintStream(
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] bytes, int offset, int length) {
            append(new String(bytes, offset, length, UTF_8));
          }
        },
        true,
        UTF_8);
  }

  private synchronized void append(String text) {
    try {
      AgentFiles.append(file, text);
    } catch (IOException | RuntimeException e) {
      // Nowhere to say it: the screen is the UI's and standard error is this log.
    }
  }
}
