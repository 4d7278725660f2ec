package dev.agent.tui.terminal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Handler;
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
}
