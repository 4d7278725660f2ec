package dev.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent.Main;
import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exit codes a signal gives, as docs/commands.md lists them: 128 + the signal's number, what
 * the shell reports for any program a signal ends (143 for SIGTERM, 129 for SIGHUP), in a real
 * process whose request the server holds.
 */
class SignalExitTest {
  @TempDir Path home;

  private int exitAfter(String signal) throws Exception {
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      String baseUrl = "http://127.0.0.1:" + server.getLocalPort() + "/v1";
      ProcessBuilder builder =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  Main.class.getName(),
                  "-c",
                  "model_providers.held.base_url=\"" + baseUrl + "\"",
                  "-p",
                  "held",
                  "-m",
                  "m",
                  "Hello")
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD);
      builder.environment().put("AGENT_HOME", home.toString());
      Process process = builder.start();
      try {
        server.setSoTimeout(30_000);
        try (Socket held = server.accept()) {
          // The request is on its way: the process is in the middle of a run.
          assertTrue(held.isConnected());
          Process kill =
              new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                  .redirectErrorStream(true)
                  .start();
          assertEquals(0, kill.waitFor());
          assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the process ended");
          return process.exitValue();
        }
      } finally {
        process.destroyForcibly();
      }
    }
  }

  @Test
  void sigtermEndsARunWith143() throws Exception {
    assertEquals(143, exitAfter("TERM"));
  }

  @Test
  void sighupEndsARunWith129() throws Exception {
    assertEquals(129, exitAfter("HUP"));
  }

  @Test
  void theExitCodesAreListedInTheDocs() throws Exception {
    String commands = Files.readString(Path.of("docs", "commands.md"));
    for (String row : new String[] {"| 129 |", "| 130 |", "| 141 |", "| 143 |"}) {
      assertTrue(commands.contains(row), row + " in docs/commands.md");
    }
  }
}
