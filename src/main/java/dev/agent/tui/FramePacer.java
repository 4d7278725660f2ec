package dev.agent.tui;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When the next frame of a streaming reply is due. A text delta only marks a frame pending ({@link
 * #streamGrew}); the loop draws it when it is due: at once for text that arrives a frame interval
 * or more after the last frame (a quiet stream's token shows without delay), otherwise a frame
 * interval after the oldest text not yet drawn, so the frame shows all the text that arrives in
 * that time. No text waits longer than a frame interval, and a fast stream costs fewer frames than
 * one drawn every interval: at 50 tokens a second about 23 a second rather than 30. Used on the UI
 * thread only.
 */
final class FramePacer {
  private final LongSupplier nanoClock;
  private final long frameNanos;
  private boolean pending;
  private long lastFrameAt;
  private long dueAt;

  FramePacer(LongSupplier nanoClock, Duration frameInterval) {
    this.nanoClock = requireNonNull(nanoClock, "nanoClock");
    this.frameNanos = frameInterval.toNanos();
    this.lastFrameAt = nanoClock.getAsLong() - frameNanos;
  }

  /**
   * The reply has more text than the screen shows, which arrived at {@code arrivedAt} (the clock's
   * time when it came off the network, which may be a little before the UI thread took it).
   */
  void streamGrew(long arrivedAt) {
    if (pending) {
      return; // the frame due already shows this text too, and no later than it must
    }
    pending = true;
    dueAt = arrivedAt - lastFrameAt >= frameNanos ? arrivedAt : arrivedAt + frameNanos;
  }

  /** Whether text arrived that no frame has drawn yet. */
  boolean pending() {
    return pending;
  }

  /** Whether a pending frame is due now. */
  boolean due() {
    return pending && nanoClock.getAsLong() - dueAt >= 0;
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
    return Math.max(0, Math.min(idle, dueAt - nanoClock.getAsLong()));
  }
}
