package dev.agent.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent.testing.TestProviders;
import dev.agent.tui.terminal.DiagnosticLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelListingsTest {
  @TempDir Path home;

  /** Throws {@code t} though it is checked and undeclared, as Kotlin code (OkHttp) may. */
  @SuppressWarnings("unchecked")
  private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
    throw (T) t;
  }

  @Test
  void aListingThatEndsInAnUndeclaredCheckedExceptionPrintsNothingAndSettles() throws Exception {
    CountDownLatch thrown = new CountDownLatch(1);
    PrintStream realErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try (ModelListings listings =
        new ModelListings(
            provider -> {
              thrown.countDown();
              throw sneaky(new InterruptedException());
            },
            new DiagnosticLog(home.resolve("agent.log")),
            Runnable::run)) {
      listings.fetch(TestProviders.ollama(), models -> {}, () -> {});
      assertTrue(thrown.await(5, TimeUnit.SECONDS));
      for (int i = 0; i < 100 && !listings.settled(); i++) {
        Thread.sleep(10);
      }
      assertTrue(listings.settled());
    } finally {
      System.setErr(realErr);
    }
    assertEquals("", err.toString(StandardCharsets.UTF_8));
    assertEquals(
        List.of("listing the models of ollama failed: null"),
        Files.readAllLines(home.resolve("agent.log")).stream()
            .map(line -> line.substring(line.indexOf(' ') + 1))
            .toList());
  }
}
