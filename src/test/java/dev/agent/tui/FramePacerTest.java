package dev.agent.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Frames for a stream: no token waits longer than a frame interval, a quiet stream's token shows at
 * once, and a fast stream's frames each gather the tokens of a whole interval.
 */
class FramePacerTest {
  private static final long MS = 1_000_000L;
  private static final Duration FRAME = Duration.ofMillis(33);

  /** What a second of tokens, one every {@code everyMs}, cost: frames, and the longest wait. */
  private record Run(int frames, long longestWaitMs, List<Long> waitsMs) {}

  /** The loop, a millisecond at a time: tokens arrive, and a frame is drawn when due. */
  private static Run stream(long everyMs) {
    AtomicLong clock = new AtomicLong(1_000 * MS);
    FramePacer pacer = new FramePacer(clock::get, FRAME);
    List<Long> waiting = new ArrayList<>();
    List<Long> waits = new ArrayList<>();
    int frames = 0;
    long start = clock.get();
    for (long ms = 0; ms < 1_000; ms++) {
      clock.set(start + ms * MS);
      if (ms % everyMs == 0) {
        pacer.streamGrew(clock.get());
        waiting.add(clock.get());
      }
      if (pacer.due()) {
        pacer.drawn();
        frames++;
        for (long at : waiting) {
          waits.add((clock.get() - at) / MS);
        }
        waiting.clear();
      }
    }
    return new Run(frames, waits.stream().mapToLong(Long::longValue).max().orElse(0), waits);
  }

  @Test
  void aQuietStreamsTokenShowsAtOnce() {
    Run run = stream(100);
    assertEquals(10, run.frames());
    assertEquals(0, run.longestWaitMs(), "waits: " + run.waitsMs());
  }

  @Test
  void noTokenOfAFastStreamWaitsLongerThanAFrameInterval() {
    for (long every : new long[] {1, 5, 10, 20, 25, 30, 34, 50}) {
      Run run = stream(every);
      assertTrue(run.longestWaitMs() <= 33, every + " ms: " + run.waitsMs());
    }
  }

  @Test
  void aStreamOf50TokensASecondCostsFewerFramesThanOneEachInterval() {
    // A frame each interval would be 30; each frame waits an interval after the first token it
    // holds, which comes up to a token's gap after the last frame: 0, 53, 93, 133... (40 ms apart)
    assertEquals(25, stream(20).frames());
    assertEquals(29, stream(5).frames(), "200 tokens a second: about one frame each interval");
  }
}
