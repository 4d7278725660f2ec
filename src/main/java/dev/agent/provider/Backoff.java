package dev.agent.provider;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import okhttp3.Headers;

/**
 * How long to wait before a request is sent again, and the waiting itself. The delays are those of
 * the OpenAI and Anthropic SDKs: 0.5 s doubling up to 8 s, less up to a quarter at random so that
 * many clients do not retry in step; a server that says how long to wait ({@code retry-after-ms},
 * {@code retry-after} in seconds or as an HTTP date) is obeyed up to {@link #MAX_SERVER_WAIT}.
 *
 * <p>The wait never blocks a thread: the next attempt is scheduled on one timer thread, which only
 * starts it (an OkHttp call is asynchronous). One per registry; thread-safe.
 */
final class Backoff implements AutoCloseable {
  static final Duration INITIAL_DELAY = Duration.ofMillis(500);
  static final Duration MAX_DELAY = Duration.ofSeconds(8);

  /** The longest wait a server may ask for and still be retried automatically. */
  static final Duration MAX_SERVER_WAIT = Duration.ofSeconds(60);

  /** Runs a task after a delay. */
  interface Timer extends AutoCloseable {
    /**
     * Runs {@code task} once {@code delay} has passed.
     *
     * @return stops the task if it has not started; idempotent
     * @throws RejectedExecutionException once the timer is closed
     */
    Runnable schedule(Runnable task, Duration delay);

    /** Stops the timer; tasks still waiting run at once, so that no reply is left hanging. */
    @Override
    void close();
  }

  private final Timer timer;
  private final Clock clock;
  private final DoubleSupplier random;

  /**
   * @param random numbers in {@code [0, 1)} for the jitter
   */
  Backoff(Timer timer, Clock clock, DoubleSupplier random) {
    this.timer = requireNonNull(timer, "timer");
    this.clock = requireNonNull(clock, "clock");
    this.random = requireNonNull(random, "random");
  }

  /** Real time, a daemon timer thread and a random jitter. */
  static Backoff system() {
    return new Backoff(
        new ThreadTimer(), Clock.systemUTC(), () -> ThreadLocalRandom.current().nextDouble());
  }

  /** The delay before retry number {@code retry} (1 for the first) when the server named none. */
  Duration delay(int retry) {
    long base = INITIAL_DELAY.toMillis() << Math.min(retry - 1, 10);
    double capped = Math.min(base, MAX_DELAY.toMillis());
    return Duration.ofMillis(Math.round(capped * (1 - 0.25 * random.getAsDouble())));
  }

  /**
   * The wait the server asked for: {@code retry-after-ms} (OpenAI), else {@code retry-after} as
   * seconds or as an HTTP date; empty when it named none, or zero or a date in the past.
   */
  Optional<Duration> serverWait(Headers headers) {
    return serverWait(headers, clock.instant());
  }

  static Optional<Duration> serverWait(Headers headers, Instant now) {
    Optional<Duration> wait =
        parseMillis(headers.get("retry-after-ms")).or(() -> parseRetryAfter(headers, now));
    return wait.filter(d -> !d.isNegative() && !d.isZero());
  }

  private static Optional<Duration> parseMillis(String value) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      double millis = Double.parseDouble(value.strip());
      return Double.isFinite(millis) && millis < 1e12
          ? Optional.of(Duration.ofMillis((long) Math.ceil(millis)))
          : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<Duration> parseRetryAfter(Headers headers, Instant now) {
    String value = headers.get("retry-after");
    if (value == null) {
      return Optional.empty();
    }
    String text = value.strip();
    if (text.matches("\\d{1,9}(\\.\\d{1,6})?")) {
      return Optional.of(Duration.ofMillis((long) Math.ceil(Double.parseDouble(text) * 1000)));
    }
    try {
      Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return Optional.of(Duration.between(now, at));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The clock that {@code retry-after} dates are read against. */
  Clock clock() {
    return clock;
  }

  /**
   * Runs {@code task} after {@code delay} on the timer.
   *
   * @return cancels the task if it has not started
   * @throws RejectedExecutionException once the registry is closed
   */
  Runnable schedule(Runnable task, Duration delay) {
    return timer.schedule(task, delay);
  }

  @Override
  public void close() {
    timer.close();
  }

  /** How a wait reads in a message: {@code 45 s}, {@code 3 min}, {@code 2 h}, rounded up. */
  static String describe(Duration wait) {
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    if (seconds <= 120) {
      return seconds + " s";
    }
    long minutes = (seconds + 59) / 60;
    if (minutes <= 120) {
      return minutes + " min";
    }
    return (minutes + 59) / 60 + " h";
  }

  /** One daemon thread that starts delayed attempts. */
  private static final class ThreadTimer implements Timer {
    private final ScheduledThreadPoolExecutor executor;

    /** Tasks scheduled and neither run nor cancelled, to be run at once on close. */
    private final Set<Task> waiting = ConcurrentHashMap.newKeySet();

    ThreadTimer() {
      executor =
          new ScheduledThreadPoolExecutor(
              1,
              task -> {
                Thread thread = new Thread(task, "agent-retry");
                thread.setDaemon(true);
                return thread;
              });
      executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public Runnable schedule(Runnable work, Duration delay) {
      Task task = new Task(work);
      waiting.add(task);
      ScheduledFuture<?> future;
      try {
        future = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        waiting.remove(task);
        throw e;
      }
      return () -> {
        if (task.claim()) {
          future.cancel(false);
        }
      };
    }

    @Override
    public void close() {
      // The executor would cancel what it still holds; those tasks run here instead.
      executor.shutdownNow();
      for (Task task : waiting) {
        task.run();
      }
    }

    /** A task that runs at most once, whether the timer or close() gets to it first. */
    private final class Task implements Runnable {
      private final Runnable work;
      private final AtomicBoolean claimed = new AtomicBoolean();

      Task(Runnable work) {
        this.work = work;
      }

      boolean claim() {
        waiting.remove(this);
        return claimed.compareAndSet(false, true);
      }

      @Override
      public void run() {
        if (claim()) {
          work.run();
        }
      }
    }
  }
}
