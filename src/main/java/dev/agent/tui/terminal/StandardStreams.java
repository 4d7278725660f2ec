package dev.agent.tui.terminal;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Keeps everything that would print to the terminal off the screen while the UI owns it: standard
 * output and error go to the diagnostic log from {@link #redirectTo}, and java.util.logging's
 * console handlers (where OkHttp reports, say, a leaked connection) from {@link #quietLogging},
 * until {@link #restore()}. The two are apart because setting up java.util.logging costs a start
 * about 30 ms (its configuration is read and its classes loaded): the chat does it after its first
 * frame, before it first uses the network.
 */
public final class StandardStreams {
  private final PrintStream out;
  private final PrintStream err;
  private final DiagnosticLog log;
  private final List<Handler> consoleHandlers = new ArrayList<>();
  private Handler logHandler;

  private StandardStreams(PrintStream out, PrintStream err, DiagnosticLog log) {
    this.out = out;
    this.err = err;
    this.log = log;
  }

  /** Sends standard output and standard error to {@code log}. */
  public static StandardStreams redirectTo(DiagnosticLog log) {
    requireNonNull(log, "log");
    PrintStream out = System.out;
    PrintStream err = System.err;
    PrintStream toLog = log.asPrintStream();
    System.setOut(toLog);
    System.setErr(toLog);
    return new StandardStreams(out, err, log);
  }

  /** Sends java.util.logging's console logging to the log too; once, on the thread that made it. */
  public void quietLogging() {
    if (logHandler != null) {
      return;
    }
    Logger root = Logger.getLogger("");
    for (Handler handler : root.getHandlers()) {
      if (handler instanceof ConsoleHandler) {
        consoleHandlers.add(handler);
        root.removeHandler(handler);
      }
    }
    logHandler =
        new Handler() {
          private final SimpleFormatter formatter = new SimpleFormatter();

          @Override
          public void publish(LogRecord record) {
            if (isLoggable(record)) {
              log.write(formatter.format(record).strip());
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    root.addHandler(logHandler);
  }

  /** Puts the streams and handlers back as they were. */
  public void restore() {
    System.setOut(out);
    System.setErr(err);
    if (logHandler == null) {
      return;
    }
    Logger root = Logger.getLogger("");
    root.removeHandler(logHandler);
    for (Handler handler : consoleHandlers) {
      root.addHandler(handler);
    }
  }
}
