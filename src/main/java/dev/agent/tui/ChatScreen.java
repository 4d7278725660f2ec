package dev.agent.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.Scrollable;
import com.googlecode.lanterna.graphics.TextImage;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.Terminal;
import java.io.IOException;

/**
 * Lanterna's screen, which sends the terminal only the cells that changed since the last frame,
 * with one more economy: when a block of rows moved up or down (the transcript following a stream,
 * or scrolled by a key), the terminal is told to scroll them, a few bytes, before the changed cells
 * are written, instead of being sent every cell of every row that moved. The block is found by
 * comparing the frame with the last one row by row, so no view has to say what it scrolled; where
 * no block moved, nothing changes.
 */
final class ChatScreen extends TerminalScreen {
  /** Fewer rows saved than this is not worth a scroll. */
  static final int MIN_ROWS_SAVED = 2;

  ChatScreen(Terminal terminal) throws IOException {
    super(terminal);
  }

  @Override
  public synchronized void refresh(RefreshType type) throws IOException {
    if (type != RefreshType.COMPLETE && getTerminal() instanceof Scrollable scrollable) {
      TextImage before = getFrontBuffer();
      TextImage after = getBackBuffer();
      if (before.getSize().equals(after.getSize())) {
        Scroll scroll = Scroll.find(rowHashes(before), rowHashes(after), blankRowHash(after));
        if (scroll != null) {
          scrollable.scrollLines(scroll.first(), scroll.last(), scroll.distance());
          before.scrollLines(scroll.first(), scroll.last(), scroll.distance());
        }
      }
    }
    super.refresh(type);
  }

  /** A hash of each row's cells: equal rows have equal hashes. */
  static long[] rowHashes(TextImage image) {
    TerminalSize size = image.getSize();
    long[] hashes = new long[size.getRows()];
    for (int row = 0; row < hashes.length; row++) {
      long hash = 1;
      for (int column = 0; column < size.getColumns(); column++) {
        hash = hash * 1_000_003 + image.getCharacterAt(column, row).hashCode();
      }
      hashes[row] = hash;
    }
    return hashes;
  }

  /** The hash of a row that a scroll leaves blank: default characters, as Lanterna fills it. */
  private static long blankRowHash(TextImage image) {
    long hash = 1;
    int blank = DEFAULT_CHARACTER.hashCode();
    for (int column = 0; column < image.getSize().getColumns(); column++) {
      hash = hash * 1_000_003 + blank;
    }
    return hash;
  }

  /**
   * Rows {@code first} to {@code last} (inclusive) move up by {@code distance} rows, or down when
   * it is negative; the rows they leave are blank.
   */
  record Scroll(int first, int last, int distance) {
    /**
     * The scroll that spares the terminal the most rewritten rows, going from rows {@code before}
     * to rows {@code after} (given as {@link #rowHashes}): the rows of a moved block that changed
     * count for it, the rows it would blank that needed no change count against it. Null when none
     * spares at least {@link #MIN_ROWS_SAVED}.
     */
    static Scroll find(long[] before, long[] after, long blank) {
      int rows = after.length;
      Scroll best = null;
      int bestSaved = MIN_ROWS_SAVED - 1;
      for (int distance = 1 - rows; distance < rows; distance++) {
        if (distance == 0) {
          continue;
        }
        int end = Math.min(rows, rows - distance);
        int row = Math.max(0, -distance);
        while (row < end) {
          if (after[row] != before[row + distance]) {
            row++;
            continue;
          }
          int start = row;
          int saved = 0;
          for (; row < end && after[row] == before[row + distance]; row++) {
            if (after[row] != before[row]) {
              saved++;
            }
          }
          // Rows start..row-1 take the content of rows start+distance..row-1+distance.
          int first = distance > 0 ? start : start + distance;
          int last = distance > 0 ? row - 1 + distance : row - 1;
          int blankFrom = distance > 0 ? row : first;
          int blankTo = distance > 0 ? last : start - 1;
          for (int b = blankFrom; b <= blankTo; b++) {
            if (after[b] == before[b] && after[b] != blank) {
              saved--; // right before, rewritten after the scroll
            }
          }
          if (saved > bestSaved) {
            bestSaved = saved;
            best = new Scroll(first, last, distance);
          }
        }
      }
      return best;
    }
  }
}
