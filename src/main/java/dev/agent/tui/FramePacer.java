package dev.agent.tui;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When the next frame of a streaming reply is due. A text delta only marks a frame pending ({@link
 * #streamGrew}); the loop draws it once the frame interval has passed since the last frame drawn,
 * so a fast stream costs a bounded number of frames. After a frame that showed more of a stream,
 * the loop sleeps out the interval even with nothing pending yet, so that the stream's next token
 * finds it sleeping until its frame is due and need not wake it ({@link LoopSleep#wakeUnlessSoon}):
 * at 50 tokens a second, one pass of the loop per frame instead of one per token and one per frame.
 * Used on the UI thread only.
 */
final class FramePacer {
  private final LongSupplier nanoClock;
  private final long frameNanos;
  private boolean pending;
  private boolean streamShown;
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
    streamShown = pending;
    pending = false;
    lastFrameAt = nanoClock.getAsLong();
  }

  /**
   * How long the loop may sleep, at most {@code idle}: less when a pending frame is due sooner, and
   * no longer than the rest of the frame interval after a frame that showed more of a stream.
   */
  long nanosToWait(long idle) {
    long due = lastFrameAt + frameNanos - nanoClock.getAsLong();
    if (!pending && (!streamShown || due <= 0)) {
      return idle;
    }
    return Math.max(0, Math.min(idle, due));
  }
}
