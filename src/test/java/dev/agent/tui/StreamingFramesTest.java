package dev.agent.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A streamed token's frame, following the bottom, costs the terminal the same bytes however long
 * the conversation above it, and not many more than the token's own text. (What it costs in time is
 * measured by {@code bench/frame.py}, not here.)
 */
class StreamingFramesTest {
  @TempDir Path home;

  /** The bytes written by the frames of 240 tokens (10 lines), after 24 to warm up. */
  private long bytesOf240Tokens(int columns, int rows, int messages) throws Exception {
    try (StreamingFrames frames = new StreamingFrames(columns, rows, messages, home)) {
      for (int i = 0; i < 24; i++) {
        frames.frame();
      }
      long before = frames.bytesWritten();
      for (int i = 0; i < 240; i++) {
        assertTrue(frames.frame(), "token " + i + " drew no frame");
      }
      return frames.bytesWritten() - before;
    }
  }

  @Test
  void aFrameCostsTheSameBytesWithTenThousandMessagesAsWithAHundred() throws Exception {
    // A hundred messages fill the screen, so from there on each new line scrolls it, whatever the
    // length of the conversation above.
    assertEquals(bytesOf240Tokens(200, 60, 100), bytesOf240Tokens(200, 60, 10_000));
  }

  @Test
  void aFrameWritesTheCellsThatChangedNotTheWholeScreen() throws Exception {
    // A full screen of text at 120x40: each frame adds a token, and every 20 or so a row, which
    // scrolls the transcript (about 4,000 cells move); the rest of the screen stays as it was.
    try (StreamingFrames frames = new StreamingFrames(120, 40, 100, home)) {
      for (int i = 0; i < 24; i++) {
        frames.frame();
      }
      long before = frames.cellsWritten();
      for (int i = 0; i < 240; i++) {
        frames.frame();
      }
      long perFrame = (frames.cellsWritten() - before) / 240;
      assertTrue(perFrame < 800, perFrame + " cells written per frame of a 4,800-cell screen");
    }
  }

  /**
   * A frame's work is counted, not timed: the rows the transcript draws and the rows the screen
   * compares with what the terminal shows (or hashes) per token, over 240 tokens after 24 to warm
   * up, at 80x24 and then, resized, at 400x120, with 1 message and with 10,000. Each token changes
   * a row, and every 13 to 24 tokens a row comes in and the rows above move up, which the
   * transcript tells the screen instead of drawing them again: about one row drawn and one
   * compared, whatever the screen's height or the conversation's length; the top bar, the prompt
   * and the status line, unchanged, are not drawn again ({@link Drawing}). Drawing and comparing
   * the whole screen, they were 24 and 120 rows, twice that compared; drawing the bars every frame,
   * 4 rows compared.
   */
  @Test
  void aTokenDrawsAndComparesTheRowsThatChangedWhateverTheScreenAndTheConversation()
      throws Exception {
    List<Cost> costs = new ArrayList<>();
    for (int messages : new int[] {1, 10_000}) {
      try (StreamingFrames frames = new StreamingFrames(80, 24, messages, home)) {
        costs.add(rowsPerToken(frames, "80x24", messages));
        frames.resize(400, 120);
        costs.add(rowsPerToken(frames, "400x120", messages));
      }
    }
    for (Cost cost : costs) {
      assertTrue(cost.drawn() <= 1.5 && cost.compared() <= 1.5, costs.toString());
    }
  }

  /** Rows drawn and rows compared per token at a size with a number of messages. */
  private record Cost(double drawn, double compared, String size, int messages) {}

  /** The rows per token over 240 tokens, after 24. */
  private static Cost rowsPerToken(StreamingFrames frames, String size, int messages)
      throws Exception {
    for (int i = 0; i < 24; i++) {
      frames.frame();
    }
    long drawn = frames.rowsDrawn();
    long compared = frames.rowsCompared();
    for (int i = 0; i < 240; i++) {
      frames.frame();
    }
    return new Cost(
        (frames.rowsDrawn() - drawn) / 240.0,
        (frames.rowsCompared() - compared) / 240.0,
        size,
        messages);
  }

  @Test
  void aTokenPerFrameCostsAtMostThreeTimesItsText() throws Exception {
    long text = 240L * "token ".length();
    for (int[] size : new int[][] {{80, 24}, {200, 60}}) {
      long written = bytesOf240Tokens(size[0], size[1], 1);
      assertTrue(
          written <= 3 * text,
          size[0] + "x" + size[1] + ": " + written + " bytes for " + text + " bytes of text");
    }
  }
}
