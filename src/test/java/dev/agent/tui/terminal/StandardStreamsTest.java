package dev.agent.tui.terminal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StandardStreamsTest {
  @TempDir Path home;

  @Test
  void whileTheScreenIsUpPrintsAndConsoleLoggingGoToTheLog() throws Exception {
    PrintStream out = System.out;
    PrintStream err = System.err;
    List<Handler> handlers = List.of(Logger.getLogger("").getHandlers());
    Path file = home.resolve("agent.log");
    StandardStreams streams = StandardStreams.redirectTo(new DiagnosticLog(file));
    try {
      System.out.println("printed to standard output");
      System.err.println("printed to standard error");
      Logger.getLogger("okhttp3.OkHttpClient").warning("A connection was leaked");
    } finally {
      streams.restore();
    }
    String log = Files.readString(file, UTF_8);
    assertTrue(log.contains("printed to standard output"), log);
    assertTrue(log.contains("printed to standard error"), log);
    assertTrue(log.contains("A connection was leaked"), log);
    assertSame(out, System.out);
    assertSame(err, System.err);
    assertTrue(List.of(Logger.getLogger("").getHandlers()).containsAll(handlers));
  }

  /**
   * java.util.logging makes its console handler when first asked for it, and the handler keeps the
   * standard error of that moment. Made while the streams went to the log, it would go on writing
   * there after {@link StandardStreams#restore()}: into the log of a chat that has ended, in a
   * folder perhaps deleted.
   */
  @Test
  void consoleLoggingMadeDuringTheRedirectionWritesToStandardErrorAfterIt() throws Exception {
    PrintStream err = System.err;
    ByteArrayOutputStream standardError = new ByteArrayOutputStream();
    Path file = home.resolve("agent.log");
    try {
      System.setErr(new PrintStream(standardError, true, UTF_8));
      // As in a fresh JVM: the console handler is made when the root logger's handlers are next
      // asked for.
      LogManager.getLogManager().readConfiguration();
      StandardStreams.redirectTo(new DiagnosticLog(file)).restore();
      Logger.getLogger("okhttp3.OkHttpClient").warning("logged after the chat");
    } finally {
      System.setErr(err);
      LogManager.getLogManager().readConfiguration();
    }
    assertTrue(
        standardError.toString(UTF_8).contains("logged after the chat"),
        standardError.toString(UTF_8));
    assertFalse(
        Files.exists(file) && Files.readString(file, UTF_8).contains("logged after the chat"),
        "logged into the ended chat's log");
  }
}
