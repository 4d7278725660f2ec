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
 * output and error, and java.util.logging's console handlers (where OkHttp reports, say, a leaked
 * connection), all go to the diagnostic log until {@link #restore()}.
 */
public final class StandardStreams {
  private final PrintStream out;
  private final PrintStream err;
  private final List<Handler> consoleHandlers;
  private final Handler logHandler;

  private StandardStreams(
      PrintStream out, PrintStream err, List<Handler> consoleHandlers, Handler logHandler) {
    this.out = out;
    this.err = err;
    this.consoleHandlers = consoleHandlers;
    this.logHandler = logHandler;
  }

  /** Sends standard output, standard error and console logging to {@code log}. */
  public static StandardStreams redirectTo(DiagnosticLog log) {
    requireNonNull(log, "log");
    // Asked for first: java.util.logging makes its console handler when its handlers are first
    // asked for, on the standard error of that moment, which must not be the log.
    Logger root = Logger.getLogger("");
    Handler[] handlers = root.getHandlers();
    PrintStream out = System.out;
    PrintStream err = System.err;
    PrintStream toLog = log.asPrintStream();
    System.setOut(toLog);
    System.setErr(toLog);
    List<Handler> consoleHandlers = new ArrayList<>();
    for (Handler handler : handlers) {
      if (handler instanceof ConsoleHandler) {
        consoleHandlers.add(handler);
        root.removeHandler(handler);
      }
    }
    Handler logHandler =
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
    return new StandardStreams(out, err, consoleHandlers, logHandler);
  }

  /** Puts the streams and handlers back as they were. */
  public void restore() {
    System.setOut(out);
    System.setErr(err);
    Logger root = Logger.getLogger("");
    root.removeHandler(logHandler);
    for (Handler handler : consoleHandlers) {
      root.addHandler(handler);
    }
  }
}
