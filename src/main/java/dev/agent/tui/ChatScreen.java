package dev.agent.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.Scrollable;
import com.googlecode.lanterna.graphics.TextImage;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.Terminal;
import java.io.IOException;
import java.util.EnumSet;

/**
 * Lanterna's screen, drawing its frames itself, with two economies over Lanterna's own delta
 * refresh:
 *
 * <ul>
 *   <li>When a block of rows moved up or down (the transcript following a stream, or scrolled by a
 *       key), the terminal is told to scroll them, a few bytes, before the changed cells are
 *       written, instead of being sent every cell of every row that moved. The block is found by
 *       comparing the frame with the last one row by row, so no view has to say what it scrolled;
 *       where no block moved, nothing changes.
 *   <li>The cells are compared and written as Lanterna would, but a character below U+1100 is known
 *       to be one column wide without Lanterna's test for wide characters, which looks up the
 *       Unicode block of each cell several times and was most of the cost of a frame.
 * </ul>
 *
 * A complete refresh (the first frame, after a resize, Ctrl+L) is left to Lanterna.
 */
final class ChatScreen extends TerminalScreen {
  /** Fewer rows saved than this is not worth a scroll. */
  static final int MIN_ROWS_SAVED = 2;

  /** Whether Lanterna has a complete refresh to do (its own flag is private). */
  private boolean completeRefreshPending = true;

  private boolean started;

  ChatScreen(Terminal terminal) throws IOException {
    super(terminal);
  }

  @Override
  public synchronized void startScreen() throws IOException {
    super.startScreen();
    started = true;
    completeRefreshPending = true;
  }

  @Override
  public synchronized void stopScreen() throws IOException {
    super.stopScreen();
    started = false;
  }

  @Override
  public synchronized void clear() {
    super.clear();
    completeRefreshPending = true;
  }

  @Override
  public synchronized TerminalSize doResizeIfNecessary() {
    TerminalSize size = super.doResizeIfNecessary();
    if (size != null) {
      completeRefreshPending = true;
    }
    return size;
  }

  @Override
  public synchronized void refresh(RefreshType type) throws IOException {
    if (!started || type == RefreshType.COMPLETE || completeRefreshPending) {
      completeRefreshPending = false;
      super.refresh(type == RefreshType.DELTA ? RefreshType.AUTOMATIC : type);
      return;
    }
    TextImage before = getFrontBuffer();
    TextImage after = getBackBuffer();
    if (getTerminal() instanceof Scrollable scrollable
        && before.getSize().equals(after.getSize())) {
      Scroll scroll = Scroll.find(rowHashes(before), rowHashes(after), blankRowHash(after));
      if (scroll != null) {
        scrollable.scrollLines(scroll.first(), scroll.last(), scroll.distance());
        before.scrollLines(scroll.first(), scroll.last(), scroll.distance());
      }
    }
    writeChanges(before, after);
    after.copyTo(before);
    placeCursor(before);
    getTerminal().flush();
  }

  /**
   * Writes the cells where {@code after} differs from {@code before}, row by row, as Lanterna's
   * delta refresh does: the cursor moves only to skip cells, colours and styles change only when
   * they differ from the cell written before; a wide character's padding cell is skipped, and the
   * cell after a wide character that went away is cleared.
   */
  private void writeChanges(TextImage before, TextImage after) throws IOException {
    Terminal terminal = getTerminal();
    TerminalSize size = after.getSize();
    int columns = size.getColumns();
    TextCharacter[] changes = new TextCharacter[columns];
    boolean first = true;
    int atRow = -1;
    int atColumn = -1;
    TextColor foreground = null;
    TextColor background = null;
    EnumSet<SGR> styles = EnumSet.noneOf(SGR.class);
    for (int row = 0; row < size.getRows(); row++) {
      boolean any = false;
      for (int column = 0; column < columns; column++) {
        TextCharacter now = after.getCharacterAt(column, row);
        TextCharacter was = before.getCharacterAt(column, row);
        if (!now.equals(was)) {
          changes[column] = now;
          any = true;
        }
        if (isWide(now)) {
          column++; // its padding cell
        } else if (isWide(was) && column + 1 < columns) {
          changes[column + 1] = was.withCharacter(' ');
          any = true;
        }
      }
      if (!any) {
        continue;
      }
      for (int column = 0; column < columns; column++) {
        TextCharacter cell = changes[column];
        if (cell == null) {
          continue;
        }
        changes[column] = null;
        if (first) {
          first = false;
          terminal.setCursorPosition(column, row);
          terminal.resetColorAndSGR();
          styles = cell.getModifiers();
          for (SGR style : styles) {
            terminal.enableSGR(style);
          }
          foreground = cell.getForegroundColor();
          background = cell.getBackgroundColor();
          terminal.setForegroundColor(foreground);
          terminal.setBackgroundColor(background);
        } else if (row != atRow || column != atColumn) {
          terminal.setCursorPosition(column, row);
        }
        if (!foreground.equals(cell.getForegroundColor())) {
          foreground = cell.getForegroundColor();
          terminal.setForegroundColor(foreground);
        }
        if (!background.equals(cell.getBackgroundColor())) {
          background = cell.getBackgroundColor();
          terminal.setBackgroundColor(background);
        }
        EnumSet<SGR> wanted = cell.getModifiers();
        if (!wanted.equals(styles)) {
          for (SGR style : SGR.values()) {
            if (styles.contains(style) && !wanted.contains(style)) {
              terminal.disableSGR(style);
            } else if (!styles.contains(style) && wanted.contains(style)) {
              terminal.enableSGR(style);
            }
          }
          styles = wanted;
        }
        terminal.putString(cell.getCharacterString());
        atRow = row;
        atColumn = column + (isWide(cell) ? 2 : 1);
      }
    }
  }

  /** Shows the cursor where the screen wants it, or hides it, as Lanterna's refresh does. */
  private void placeCursor(TextImage shown) throws IOException {
    Terminal terminal = getTerminal();
    TerminalPosition cursor = getCursorPosition();
    if (cursor == null) {
      terminal.setCursorVisible(false);
      return;
    }
    terminal.setCursorVisible(true);
    // On the padding of a wide character, the cursor goes on the character itself.
    if (cursor.getColumn() > 0 && isWide(shown.getCharacterAt(cursor.withRelativeColumn(-1)))) {
      terminal.setCursorPosition(cursor.getColumn() - 1, cursor.getRow());
    } else {
      terminal.setCursorPosition(cursor.getColumn(), cursor.getRow());
    }
  }

  /**
   * Lanterna's {@link TextCharacter#isDoubleWidth()}, which for a single character below U+1100
   * (the first block it takes to be wide) is always false.
   */
  static boolean isWide(TextCharacter cell) {
    String text = cell.getCharacterString();
    return (text.length() != 1 || text.charAt(0) >= 0x1100) && cell.isDoubleWidth();
  }

  /**
   * A hash of each row's cells: equal rows have equal hashes. Styles are left out (hashing them
   * allocates); rows that differ only in style may then look alike, which costs at most a scroll
   * that the cell comparison then corrects.
   */
  static long[] rowHashes(TextImage image) {
    TerminalSize size = image.getSize();
    long[] hashes = new long[size.getRows()];
    for (int row = 0; row < hashes.length; row++) {
      long hash = 1;
      for (int column = 0; column < size.getColumns(); column++) {
        hash = hash * 1_000_003 + cellHash(image.getCharacterAt(column, row));
      }
      hashes[row] = hash;
    }
    return hashes;
  }

  private static int cellHash(TextCharacter cell) {
    return (cell.getCharacterString().hashCode() * 31 + cell.getForegroundColor().hashCode()) * 31
        + cell.getBackgroundColor().hashCode();
  }

  /** The hash of a row that a scroll leaves blank: default characters, as Lanterna fills it. */
  private static long blankRowHash(TextImage image) {
    long hash = 1;
    int blank = cellHash(DEFAULT_CHARACTER);
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
