package dev.agent.tui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The cost of one frame of a streaming reply at 80x24, 200x60 and 400x120, for one conversation of
 * {@code messages} messages set up at 80x24 and then resized ({@link StreamingFrames}): at each
 * size, frames to warm up, then frames timed one by one; prints the median and mean time and the
 * cells written per frame. A plain loop beside {@link FrameBenchmark}, for where JMH is not at
 * hand; the commands are in docs/performance.md.
 *
 * <p>Arguments: messages, frames to warm up, frames timed (e.g. {@code 10000 300 600}).
 */
public final class FrameSizes {
  private FrameSizes() {}

  public static void main(String[] args) throws Exception {
    int messages = Integer.parseInt(args[0]);
    int warmUp = Integer.parseInt(args[1]);
    int timed = Integer.parseInt(args[2]);
    Path home = Files.createTempDirectory("agent-frame-sizes");
    long start = System.nanoTime();
    try (StreamingFrames frames = new StreamingFrames(80, 24, messages, home)) {
      System.out.printf(
          Locale.ROOT,
          "messages %d: set up at 80x24 in %.1f s%n",
          messages,
          (System.nanoTime() - start) / 1e9);
      for (int[] size : new int[][] {{80, 24}, {200, 60}, {400, 120}}) {
        if (size[0] != 80) {
          frames.resize(size[0], size[1]);
        }
        measure(frames, size, warmUp, timed);
      }
    } finally {
      Files.deleteIfExists(home.resolve("agent.log"));
      Files.deleteIfExists(home);
    }
  }

  private static void measure(StreamingFrames frames, int[] size, int warmUp, int timed)
      throws IOException {
    for (int i = 0; i < warmUp; i++) {
      frames.frame();
    }
    long[] nanos = new long[timed];
    long cells = frames.cellsWritten();
    for (int i = 0; i < timed; i++) {
      long before = System.nanoTime();
      frames.frame();
      nanos[i] = System.nanoTime() - before;
    }
    Arrays.sort(nanos);
    System.out.printf(
        Locale.ROOT,
        "  %dx%d: median %.3f ms, mean %.3f ms, cells written/frame %.0f%n",
        size[0],
        size[1],
        nanos[timed / 2] / 1e6,
        Arrays.stream(nanos).average().orElse(0) / 1e6,
        (frames.cellsWritten() - cells) / (double) timed);
  }
}
