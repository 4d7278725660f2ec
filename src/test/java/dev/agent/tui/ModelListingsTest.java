package dev.agent.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent.provider.ContextWindow;
import dev.agent.testing.TestProviders;
import dev.agent.tui.terminal.DiagnosticLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
    String printed =
        standardErrorOf(
            () -> {
              try (ModelListings listings =
                  new ModelListings(
                      provider -> {
                        throw sneaky(new InterruptedException());
                      },
                      new DiagnosticLog(home.resolve("agent.log")),
                      Runnable::run)) {
                listings.fetch(TestProviders.ollama(), models -> {}, () -> {});
                awaitSettled(listings);
              }
            });
    assertEquals("", printed);
    assertEquals(List.of("listing the models of ollama failed: null"), logLines());
  }

  @Test
  void aWindowLookupThatEndsInAnUndeclaredCheckedExceptionArrivesAsUnknown() throws Exception {
    List<Optional<ContextWindow>> arrived = new ArrayList<>();
    String printed =
        standardErrorOf(
            () -> {
              try (ModelListings listings =
                  askingForAWindow(
                      (provider, model) -> {
                        throw sneaky(new InterruptedException());
                      },
                      arrived)) {
                awaitSettled(listings);
              }
            });
    assertEquals("", printed);
    assertEquals(List.of(Optional.empty()), arrived);
    assertEquals(
        List.of("asking ollama for its context window failed: java.lang.InterruptedException"),
        logLines());
  }

  /**
   * The chat closes while it asks for a context window (on quitting just after a reply): the
   * lookup, interrupted, ends in OkHttp's undeclared InterruptedException, after which nothing may
   * print on the terminal the chat hands back, nor write to the log.
   */
  @Test
  void aWindowLookupCutShortByCloseLeavesNoTrace() throws Exception {
    CountDownLatch asking = new CountDownLatch(1);
    AtomicReference<Thread> lookupThread = new AtomicReference<>();
    List<Optional<ContextWindow>> arrived = new ArrayList<>();
    String printed =
        standardErrorOf(
            () -> {
              ModelListings listings =
                  askingForAWindow(
                      (provider, model) -> {
                        lookupThread.set(Thread.currentThread());
                        asking.countDown();
                        try {
                          new CountDownLatch(1).await();
                        } catch (InterruptedException e) {
                          throw sneaky(e);
                        }
                        return Optional.empty();
                      },
                      arrived);
              assertTrue(asking.await(5, TimeUnit.SECONDS));
              listings.close();
              // The thread's uncaught exception, if any, prints once it has left the pool.
              lookupThread.get().join(5_000);
            });
    assertEquals("", printed);
    assertEquals(List.of(), arrived);
    assertFalse(Files.exists(home.resolve("agent.log")));
  }

  /** Listings that ask {@code lookup} for the window of ollama's model "m", to {@code arrived}. */
  private ModelListings askingForAWindow(
      ChatBackend.WindowLookup lookup, List<Optional<ContextWindow>> arrived) {
    ModelListings listings =
        new ModelListings(
            provider -> List.of(), new DiagnosticLog(home.resolve("agent.log")), Runnable::run);
    listings.window(lookup, TestProviders.ollama(), "m", arrived::add);
    return listings;
  }

  private List<String> logLines() throws IOException {
    return Files.readAllLines(home.resolve("agent.log")).stream()
        .map(line -> line.substring(line.indexOf(' ') + 1))
        .toList();
  }

  private static void awaitSettled(ModelListings listings) throws InterruptedException {
    for (int i = 0; i < 500 && !listings.settled(); i++) {
      Thread.sleep(10);
    }
    assertTrue(listings.settled());
  }

  /** What {@code action} prints on standard error, from any thread. */
  private static String standardErrorOf(ThrowingRunnable action) throws Exception {
    PrintStream realErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(realErr);
    }
    return err.toString(StandardCharsets.UTF_8);
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }
}
