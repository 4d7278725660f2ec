package dev.agent.provider;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * A {@link Backoff.Timer} that records every delay asked of it and does not wait: each task runs at
 * once on a thread of its own (as the real timer would, later), or, when held, only on {@link
 * #release()}.
 */
final class TestTimer implements Backoff.Timer {
  private final boolean held;
  private final ExecutorService thread = Executors.newSingleThreadExecutor();
  private final List<Duration> delays = new ArrayList<>();
  private final List<Runnable> waiting = new ArrayList<>();
  private int cancelled;
  private boolean closed;

  private TestTimer(boolean held) {
    this.held = held;
  }

  /** Runs each task at once. */
  static TestTimer immediate() {
    return new TestTimer(false);
  }

  /** Keeps each task until {@link #release()}. */
  static TestTimer held() {
    return new TestTimer(true);
  }

  @Override
  public synchronized Runnable schedule(Runnable task, Duration delay) {
    if (closed) {
      throw new RejectedExecutionException("closed");
    }
    delays.add(delay);
    if (held) {
      waiting.add(task);
    } else {
      thread.execute(task);
    }
    // A cancelled task is still run by release(): the reply must cope with a timer that fires
    // just as it is cancelled.
    return () -> {
      synchronized (this) {
        cancelled++;
      }
    };
  }

  /** Runs every held task, cancelled or not, as if its time had come, on the timer's thread. */
  void release() throws Exception {
    List<Runnable> due;
    synchronized (this) {
      due = new ArrayList<>(waiting);
      waiting.clear();
    }
    thread
        .submit(
            () -> {
              for (Runnable task : due) {
                task.run();
              }
            })
        .get();
  }

  synchronized List<Duration> delays() {
    return List.copyOf(delays);
  }

  synchronized int cancelled() {
    return cancelled;
  }

  @Override
  public synchronized void close() {
    closed = true;
    thread.shutdown();
  }
}
