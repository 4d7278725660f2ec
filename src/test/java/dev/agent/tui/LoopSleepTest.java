package dev.agent.tui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A stream's event wakes a loop that sleeps long; it leaves one that wakes within a frame asleep.
 */
class LoopSleepTest {
  private static final Duration FRAME = Duration.ofSeconds(1);

  /** Starts a thread that sleeps {@code nanos} once; returns when it ended, in nanoseconds. */
  private static CompletableFuture<Long> sleeper(long nanos, AtomicReference<LoopSleep> sleep)
      throws InterruptedException {
    CountDownLatch made = new CountDownLatch(1);
    CompletableFuture<Long> slept = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              sleep.set(new LoopSleep(Thread.currentThread(), FRAME));
              made.countDown();
              long start = System.nanoTime();
              sleep.get().sleep(nanos);
              slept.complete(System.nanoTime() - start);
            });
    thread.setDaemon(true);
    thread.start();
    made.await();
    return slept;
  }

  @Test
  void workHandedOverWakesALoopThatWouldSleepLong() throws Exception {
    AtomicReference<LoopSleep> sleep = new AtomicReference<>();
    CompletableFuture<Long> slept = sleeper(Duration.ofMinutes(5).toNanos(), sleep);
    Thread.sleep(50); // asleep by now, or the wake leaves a permit that ends the sleep at once
    sleep.get().wakeUnlessSoon();
    assertTrue(slept.get(10, TimeUnit.SECONDS) < Duration.ofSeconds(10).toNanos());
  }

  @Test
  void workHandedOverLeavesALoopThatWakesWithinAFrameAsleep() throws Exception {
    AtomicReference<LoopSleep> sleep = new AtomicReference<>();
    long frame = FRAME.toNanos();
    CompletableFuture<Long> slept = sleeper(frame, sleep);
    Thread.sleep(20);
    sleep.get().wakeUnlessSoon();
    long took = slept.get(10, TimeUnit.SECONDS);
    // parkNanos may return early for no reason, though rarely; woken, it would return at once.
    assertFalse(took < frame / 2, "woken after " + took / 1_000_000 + " ms");
  }

  @Test
  void aKeyWakesEvenALoopThatWakesWithinAFrame() throws Exception {
    AtomicReference<LoopSleep> sleep = new AtomicReference<>();
    long frame = FRAME.toNanos();
    CompletableFuture<Long> slept = sleeper(frame, sleep);
    Thread.sleep(20);
    sleep.get().wake();
    long took = slept.get(10, TimeUnit.SECONDS);
    assertTrue(took < frame / 2, "woken after " + took / 1_000_000 + " ms");
  }
}
