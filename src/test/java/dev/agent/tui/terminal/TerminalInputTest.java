package dev.agent.tui.terminal;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Keys read ahead by a process, a wake-up for each arrival, and the terminal freed on pause. */
class TerminalInputTest {
  private static TerminalInput reading(String script) {
    return new TerminalInput(List.of("/bin/sh", "-c", script));
  }

  private static String take(TerminalInput input, int count) throws IOException {
    byte[] bytes = new byte[count];
    int taken = 0;
    while (taken < count) {
      int read = input.read(bytes, taken, count - taken);
      if (read < 0) {
        break;
      }
      taken += read;
    }
    return new String(bytes, 0, taken, US_ASCII);
  }

  @Test
  void eachArrivalWakesTheListenerAndIsReadWithoutBlocking() throws Exception {
    try (TerminalInput input = reading("printf ab; sleep 0.3; printf c; exec sleep 30")) {
      Semaphore wakes = new Semaphore(0);
      input.onInput(wakes::release);
      input.resume();
      assertTrue(wakes.tryAcquire(5, TimeUnit.SECONDS), "woken by the first bytes");
      assertEquals(2, input.available());
      assertEquals("ab", take(input, 2));
      assertEquals(0, input.available(), "nothing more yet: a poll would not block");
      assertTrue(wakes.tryAcquire(5, TimeUnit.SECONDS), "woken again by the next");
      assertEquals("c", take(input, 1));
    }
  }

  @Test
  void theStreamEndsWhenTheTerminalDoes() throws Exception {
    try (TerminalInput input = reading("printf x")) {
      Semaphore wakes = new Semaphore(0);
      input.onInput(wakes::release);
      input.resume();
      assertEquals("x", take(input, 1));
      assertEquals(-1, input.read());
      assertTrue(wakes.tryAcquire(5, TimeUnit.SECONDS));
    }
  }

  @Test
  void pausingEndsTheReaderAtOnceWithoutEndingTheStreamAndResumingReadsAgain() throws Exception {
    try (TerminalInput input = reading("printf ab; exec sleep 30")) {
      input.resume();
      assertEquals("a", take(input, 1));
      long started = System.nanoTime();
      input.pause();
      assertTrue(
          System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5),
          "pause waits for the reader to end, not for its 30 s");
      assertEquals("b", take(input, 1), "what was read before the pause stays");
      input.resume();
      assertEquals("ab", take(input, 2), "a new reader after the pause");
    }
  }

  @Test
  void holdsAtMostItsCapacityAndPassesEverythingOn() throws Exception {
    int total = TerminalInput.CAPACITY * 8;
    try (TerminalInput input = reading("head -c " + total + " /dev/zero")) {
      input.resume();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (input.available() < TerminalInput.CAPACITY && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      Thread.sleep(100);
      assertEquals(TerminalInput.CAPACITY, input.available(), "full, and no fuller");
      assertEquals(total, take(input, total + 1).length());
      assertEquals(-1, input.read());
    }
  }
}
