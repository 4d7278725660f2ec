package dev.agent.tui;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When the next frame of a streaming reply is due. A text delta only marks a frame pending ({@link
 * #streamGrew}); the loop draws it once the frame interval has passed since the last frame drawn,
 * so a fast stream costs a bounded number of frames. Used on the UI thread only.
 */
final class FramePacer {
  private final LongSupplier nanoClock;
  private final long frameNanos;
  private boolean pending;
  private long lastFrameAt;

  FramePacer(LongSupplier nanoClock, Duration frameInterval) {
    this.nanoClock = requireNonNull(nanoClock, "nanoClock");
    this.frameNanos = frameInterval.toNanos();
    this.lastFrameAt = nanoClock.getAsLong();
  }

  /** The reply has more text than the screen shows. */
  void streamGrew() {
    pending = true;
  }

  /** Whether text arrived that no frame has drawn yet. */
  boolean pending() {
    return pending;
  }

  /** Whether a pending frame is due now. */
  boolean due() {
    return pending && nanoClock.getAsLong() - lastFrameAt >= frameNanos;
  }

  /** A frame was drawn just now, for whatever reason: it showed all the text there was. */
  void drawn() {
    pending = false;
    lastFrameAt = nanoClock.getAsLong();
  }

  /** How long the loop may sleep, at most {@code idle}: less when a pending frame is due sooner. */
  long nanosToWait(long idle) {
    if (!pending) {
      return idle;
    }
    long due = lastFrameAt + frameNanos - nanoClock.getAsLong();
    return Math.max(0, Math.min(idle, due));
  }
}
