package dev.agent.tui.text;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Growing plain text as rows: the same rows however it arrives, at the cost of its last row. */
class StreamingTextTest {
  private static final TextLayout LAYOUT = new TextLayout(UTF_8);

  /** Text that grows as a test says; finished when the test says so. */
  private static final class Growing implements StreamingText.Source {
    final StringBuilder text = new StringBuilder();
    boolean finished;
    long handedOut;

    @Override
    public String textFrom(int start) {
      handedOut += text.length() - start;
      return text.substring(start);
    }

    @Override
    public boolean finished() {
      return finished;
    }
  }

  private static List<String> texts(List<Row> rows) {
    List<String> texts = new ArrayList<>();
    for (Row row : rows) {
      texts.add(row.text());
    }
    return texts;
  }

  /** The rows of {@code text} given whole, to a renderer that never saw a part of it. */
  private static List<String> whole(String text, boolean finished, int width) {
    Growing source = new Growing();
    source.text.append(text);
    source.finished = finished;
    return texts(new StreamingText(LAYOUT, TextStyle.REASONING).rows(source, width));
  }

  @Test
  void linesEndAtLfCrLfOrALoneCrAndBlankLinesAroundTheTextAreNotShown() {
    assertEquals(
        List.of("one", "two", "", "three", "four"),
        whole("\n\r\n  \none\r\ntwo\r\n\r\nthree\rfour\n\n\n", true, 20));
    assertEquals(List.of(), whole("\n \n", false, 20));
  }

  @Test
  void aCrAtTheEndWaitsForWhatFollowsItSoACrLfSplitAcrossDeltasIsOneLineEnd() {
    Growing source = new Growing();
    StreamingText text = new StreamingText(LAYOUT, TextStyle.REASONING);
    source.text.append("one\r");
    assertEquals(List.of("one"), texts(text.rows(source, 20)));
    source.text.append("\ntwo");
    assertEquals(List.of("one", "two"), texts(text.rows(source, 20)));
    source.text.append("\r");
    source.finished = true;
    assertEquals(List.of("one", "two"), texts(text.rows(source, 20)));
  }

  /**
   * Whatever the pieces, after each one the rows are those of the text so far given whole; so are
   * they after a change of width.
   */
  @Test
  void piecesOfAnySizeGiveTheRowsOfTheWholeText() {
    String full =
        "Let me think. The user wants a café near the Eiffel tower, e\u0301 not precomposed,"
            + " and 日本語 text that is wide.\r\n\r\nA very long word: "
            + "x".repeat(50)
            + " then more words follow here\rand\tsome \u001b[2J hostile bytes.\n\nDone";
    Random random = new Random(12);
    for (int round = 0; round < 200; round++) {
      Growing source = new Growing();
      StreamingText text = new StreamingText(LAYOUT, TextStyle.REASONING);
      int width = 8 + random.nextInt(30);
      int at = 0;
      while (at < full.length()) {
        int next = Math.min(full.length(), at + 1 + random.nextInt(12));
        source.text.append(full, at, next);
        at = next;
        if (random.nextInt(8) == 0) {
          width = 8 + random.nextInt(30);
        }
        assertEquals(
            whole(source.text.toString(), false, width),
            texts(text.rows(source, width)),
            "round " + round + " at " + at + " width " + width);
      }
      source.finished = true;
      assertEquals(whole(full, true, width), texts(text.rows(source, width)), "round " + round);
    }
  }

  @Test
  void eachFrameReadsWhatArrivedAndTheRowBeingWrittenNotTheWholeLine() {
    Growing source = new Growing();
    StreamingText text = new StreamingText(LAYOUT, TextStyle.REASONING);
    for (int i = 0; i < 5000; i++) {
      source.text.append("word ");
      text.rows(source, 40);
    }
    // 25,000 chars on one line: reading the line whole each frame would be 62.5 million.
    assertEquals(25_000, source.text.length());
    assertTrue(source.handedOut < 250_000, "handed out " + source.handedOut);
  }
}
