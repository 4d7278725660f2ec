package dev.agent.tui;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * How the chat's loop sleeps between passes, and how other threads wake it. Keys, notices and
 * signals wake it at once ({@link #wake}). Work handed over from another thread that can wait a
 * frame (a stream's events, a model list) wakes it only when it is not going to wake within that
 * time anyway ({@link #wakeUnlessSoon}): while a reply streams, the loop sleeps until the next
 * frame is due, and a token that arrives meanwhile is drawn in that frame whether it woke the loop
 * or not. At 200 tokens a second that is 30 passes of the loop a second instead of 230.
 */
final class LoopSleep {
  private final Thread loop;
  private final long patienceNanos;

  /** Whether the loop sleeps now, and wakes by itself within the patience. */
  private volatile boolean wakesSoon;

  /**
   * @param loop the thread that sleeps
   * @param patience how long work handed over may wait for the loop to wake by itself
   */
  LoopSleep(Thread loop, Duration patience) {
    this.loop = requireNonNull(loop, "loop");
    this.patienceNanos = patience.toNanos();
  }

  /**
   * Sleeps at most {@code nanos}, until woken. Call on the loop's thread, after a pass that took
   * every piece of work handed over until then.
   */
  void sleep(long nanos) {
    wakesSoon = nanos <= patienceNanos;
    try {
      LockSupport.parkNanos(nanos);
    } finally {
      wakesSoon = false;
    }
  }

  /** Wakes the loop now; from any thread. */
  void wake() {
    LockSupport.unpark(loop);
  }

  /**
   * Wakes the loop unless it sleeps and wakes by itself within the patience; from any thread, after
   * the work for it was handed over. While it is awake it is woken, so that a pass that already
   * looked for work does not sleep past it.
   */
  void wakeUnlessSoon() {
    if (!wakesSoon) {
      LockSupport.unpark(loop);
    }
  }
}
