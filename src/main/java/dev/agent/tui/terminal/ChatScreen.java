package dev.agent.tui.terminal;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.AbstractTextGraphics;
import com.googlecode.lanterna.graphics.Scrollable;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.graphics.TextImage;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.Terminal;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;

/**
 * Lanterna's screen, drawing its frames itself, with these economies over Lanterna's own refresh:
 *
 * <ul>
 *   <li>Only the rows written to since the last frame (its damage) are compared with what the
 *       terminal shows and hashed: a frame costs the rows that changed, not the size of the screen.
 *       A row is written to when a {@link #setCharacter} changed a cell of it.
 *   <li>When a block of rows moved up or down (the transcript following a stream, or scrolled by a
 *       key), the terminal is told to scroll them, a few bytes, before the changed cells are
 *       written, instead of being sent every cell of every row that moved. A view that scrolled its
 *       rows says so with {@link #scrollLines}, which moves the rows of the frame being drawn, so
 *       it has only the rows that came in to draw; otherwise the block is found by comparing the
 *       hashes of the frame's rows with the last frame's; where no block moved, nothing changes.
 *   <li>The cells are compared and written as Lanterna would, but a character below U+1100 is known
 *       to be one column wide without Lanterna's test for wide characters, which looks up the
 *       Unicode block of each cell several times and was most of the cost of a frame.
 *   <li>Fewer bytes per frame, which over SSH is what a fast stream costs: the colours, styles and
 *       cursor visibility the terminal was left with by the last frame are remembered, and sent
 *       again only when they change (Lanterna resets and sends them every frame); a gap of a few
 *       unchanged cells between changed ones is written over rather than jumped with a cursor move;
 *       the cursor goes back to its place only when something moved it, and where the last frame's
 *       text left it is trusted only after printable ASCII.
 *   <li>A complete refresh (the first frame, after a resize, Ctrl+L) clears the terminal in the
 *       page's colour and writes only the cells that are not blank page.
 *   <li>Writes of a cell that would change nothing are skipped ({@link #setCharacter}).
 * </ul>
 *
 * The colour-filling economies assume a terminal that erases and scrolls in the current background
 * colour; without one ({@code backgroundColorErase} false), blanks are taken to be in the default
 * colours and written where they are not.
 *
 * <p>One class of about 700 lines: every economy reads and updates the same record of what the
 * terminal shows (the last frame's cells, its colours and styles, the cursor), which only a
 * subclass of Lanterna's screen can reach; split, each part would hand that record to the others.
 */
public final class ChatScreen extends TerminalScreen {
  private boolean fillsHeld;
  private long cellsWritten;
  private long rowsCompared;

  /**
   * The rows of the back buffer written to since the last frame; null when unknown (all are then
   * taken as written to).
   */
  private boolean[] damaged;

  /** The hash of each row the terminal shows (see {@link #rowHashes}); null when unknown. */
  private long[] shownHashes;

  /** The scrolls of the back buffer since the last frame, in order ({@link #scrollLines}). */
  private final List<Scroll> scrolled = new ArrayList<>();

  /** Fewer rows saved than this is not worth a scroll. */
  static final int MIN_ROWS_SAVED = 2;

  /** A gap of at most this many one-byte cells is cheaper to write than to jump over. */
  static final int MAX_GAP_WRITTEN = 4;

  /** Whether Lanterna has a complete refresh to do (its own flag is private). */
  private boolean completeRefreshPending = true;

  private boolean started;

  /**
   * The terminal's current colours and styles, as the last frame left them; all null when unknown
   * (before the first delta frame, after one of Lanterna's complete refreshes).
   */
  private TextColor shownForeground;

  private TextColor shownBackground;
  private EnumSet<SGR> shownStyles;

  /** Whether the terminal shows its cursor; null when unknown. */
  private Boolean cursorShown;

  /** Where the terminal's cursor is; null when unknown. */
  private TerminalPosition cursorAt;

  /** Whether the terminal fills the rows it scrolls in with the current background colour. */
  private final boolean backgroundColorErase;

  /**
   * A screen on {@code terminal}; {@code backgroundColorErase} says whether it fills the rows it
   * scrolls in with the current background colour, as xterm, tmux and nearly every terminal since
   * do (GNU screen only when told to).
   */
  public ChatScreen(Terminal terminal, boolean backgroundColorErase) throws IOException {
    super(terminal);
    this.backgroundColorErase = backgroundColorErase;
  }

  /** A screen on a terminal that fills the rows it scrolls in with the current background. */
  public ChatScreen(Terminal terminal) throws IOException {
    this(terminal, true);
  }

  @Override
  public synchronized void startScreen() throws IOException {
    super.startScreen();
    started = true;
    completeRefreshPending = true;
    forgetTerminalState();
  }

  private void forgetTerminalState() {
    shownForeground = null;
    shownBackground = null;
    shownStyles = null;
    cursorShown = null;
    cursorAt = null;
  }

  @Override
  public synchronized void stopScreen() throws IOException {
    super.stopScreen();
    started = false;
  }

  /**
   * Sets a cell of the back buffer, as Lanterna does, but leaves it alone when it already holds the
   * same narrow character: the views draw their whole area every frame, nearly all of it as it was,
   * and Lanterna's buffer tests both a cell and its left neighbour for a wide character, by Unicode
   * block, on every write. Skipped only where that write would change nothing: the cell is equal,
   * neither it nor its left neighbour is wide, and it is not a tab.
   */
  @Override
  public synchronized void setCharacter(int column, int row, TextCharacter character) {
    TextImage back = getBackBuffer();
    String text = character.getCharacterString();
    if (text.length() == 1
        && text.charAt(0) < 0x1100
        && text.charAt(0) != '\t'
        && character.equals(back.getCharacterAt(column, row))
        && (column == 0 || !isWide(back.getCharacterAt(column - 1, row)))) {
      return;
    }
    cellsWritten++;
    super.setCharacter(column, row, character);
    boolean[] rows = damage();
    if (row >= 0 && row < rows.length) {
      rows[row] = true;
    }
  }

  /**
   * Graphics onto the frame being drawn, as Lanterna's own, but for a {@code fill} while {@link
   * #holdFills} holds them.
   */
  @Override
  public TextGraphics newTextGraphics() {
    return new Graphics();
  }

  /**
   * While {@code held}, a {@code fill} of the graphics of {@link #newTextGraphics} does nothing; a
   * fill of graphics made from them (a view's area) fills as always. Lanterna's window clears its
   * whole area so before its views draw; the chat leaves that out where each view draws every cell
   * of its own area anyway (see {@code ChatTextGUI}).
   */
  public void holdFills(boolean held) {
    fillsHeld = held;
  }

  /**
   * Moves rows {@code firstLine} to {@code lastLine} of the frame being drawn up by {@code
   * distance} rows (down when negative), as Lanterna does, blanking the rows they leave; the next
   * refresh scrolls the terminal's rows the same way, a few bytes, and compares only the rows
   * written to since, so a view that scrolled need draw only the rows that came in.
   */
  @Override
  public synchronized void scrollLines(int firstLine, int lastLine, int distance) {
    int rows = getBackBuffer().getSize().getRows();
    int first = Math.max(0, firstLine);
    int last = Math.min(rows - 1, lastLine);
    if (distance == 0 || first >= last || Math.abs(distance) > last - first) {
      return;
    }
    super.scrollLines(first, last, distance);
    boolean[] damage = damage();
    scrollRows(damage, first, last, distance, true);
    scrolled.add(new Scroll(first, last, distance));
  }

  /**
   * Moves the entries {@code first} to {@code last} of {@code values} as rows scroll by {@code
   * distance}, setting those left behind to {@code left}.
   */
  private static void scrollRows(
      boolean[] values, int first, int last, int distance, boolean left) {
    shiftRows(values, first, last, distance);
    if (distance > 0) {
      Arrays.fill(values, last - distance + 1, last + 1, left);
    } else {
      Arrays.fill(values, first, first - distance, left);
    }
  }

  /**
   * Moves the entries {@code first} to {@code last} of the array {@code values} (one per row) as
   * rows scroll by {@code distance}; those left behind keep what they held.
   */
  private static void shiftRows(Object values, int first, int last, int distance) {
    if (distance > 0) {
      System.arraycopy(values, first + distance, values, first, last - first + 1 - distance);
    } else {
      System.arraycopy(values, first, values, first - distance, last - first + 1 + distance);
    }
  }

  /** The rows written to since the last frame, sized to the back buffer. */
  private boolean[] damage() {
    int rows = getBackBuffer().getSize().getRows();
    if (damaged == null || damaged.length != rows) {
      damaged = new boolean[rows];
      Arrays.fill(damaged, true);
      shownHashes = null;
    }
    return damaged;
  }

  /**
   * How many rows a refresh compared with what the terminal shows, or hashed, since the screen was
   * made: what a frame's comparing costs, for the tests that keep it to the rows that changed.
   */
  public synchronized long rowsCompared() {
    return rowsCompared;
  }

  /**
   * How many writes to the back buffer were not skipped as changing nothing, since the screen was
   * made: what a frame's drawing costs, for the tests and benchmarks that keep it to what changed.
   */
  public synchronized long cellsWritten() {
    return cellsWritten;
  }

  @Override
  public synchronized void clear() {
    super.clear();
    completeRefreshPending = true;
    damaged = null;
  }

  @Override
  public synchronized TerminalSize doResizeIfNecessary() {
    TerminalSize size = super.doResizeIfNecessary();
    if (size != null) {
      completeRefreshPending = true;
      damaged = null;
    }
    return size;
  }

  @Override
  public synchronized void refresh(RefreshType type) throws IOException {
    if (!started) {
      super.refresh(type);
      forgetTerminalState();
      forgetDamage();
      shownHashes = null;
      return;
    }
    TextImage before = getFrontBuffer();
    TextImage after = getBackBuffer();
    boolean[] damage = damage();
    if (type == RefreshType.COMPLETE
        || completeRefreshPending
        || shownHashes == null
        || !before.getSize().equals(after.getSize())) {
      completeRefreshPending = false;
      redrawFromScratch(before, after);
      forgetDamage();
      shownHashes = rowHashes(after);
      rowsCompared += shownHashes.length;
      return;
    }
    int rows = after.getSize().getRows();
    Scrollable scrollable = getTerminal() instanceof Scrollable s ? s : null;
    for (Scroll scroll : scrolled) {
      if (scrollable != null) {
        scroll(scrollable, scroll, before, after);
      } else {
        // The terminal's rows stay where they are: every row of the block is to be compared.
        Arrays.fill(damage, scroll.first(), scroll.last() + 1, true);
      }
    }
    long[] hashes = shownHashes.clone();
    for (int row = 0; row < rows; row++) {
      if (damage[row]) {
        hashes[row] = rowHash(after, row);
        rowsCompared++;
      }
    }
    if (scrolled.isEmpty() && scrollable != null && mayHaveMoved(shownHashes, hashes, damage)) {
      Scroll scroll = Scroll.find(shownHashes, hashes, blankRowHash(after));
      if (scroll != null) {
        scroll(scrollable, scroll, before, after);
        Arrays.fill(damage, scroll.first(), scroll.last() + 1, true);
      }
    }
    boolean wrote = writeChanges(before, after, damage);
    for (int row = 0; row < rows; row++) {
      if (damage[row]) {
        after.copyTo(before, row, 1, 0, after.getSize().getColumns(), row, 0);
      }
    }
    shownHashes = hashes;
    forgetDamage();
    placeCursor(before, wrote);
    getTerminal().flush();
  }

  /**
   * Whether at least {@link #MIN_ROWS_SAVED} rows written to now hold what another row held: else
   * no scroll would spare as many (only a row that changed counts for one), and looking for one,
   * which compares rows with rows, is left out.
   */
  private static boolean mayHaveMoved(long[] before, long[] after, boolean[] damage) {
    int found = 0;
    for (int row = 0; row < after.length && found < MIN_ROWS_SAVED; row++) {
      if (damage[row] && after[row] != before[row]) {
        for (long hash : before) {
          if (hash == after[row]) {
            found++;
            break;
          }
        }
      }
    }
    return found >= MIN_ROWS_SAVED;
  }

  /** After a frame: no row written to since, no scroll. */
  private void forgetDamage() {
    Arrays.fill(damage(), false);
    scrolled.clear();
  }

  /**
   * Draws the whole frame anew (the first frame, after a resize, Ctrl+L): the terminal is cleared
   * in the colours of the frame's blank page, which a terminal that erases in colour fills the
   * screen with, so only the cells that are not blank page are written, a tenth of the screen or
   * less, instead of every cell as Lanterna's complete refresh does.
   */
  private void redrawFromScratch(TextImage before, TextImage after) throws IOException {
    TerminalSize size = after.getSize();
    TextCharacter page = blankAt(after, size.getColumns() - 1, size.getRows() / 2);
    forgetTerminalState();
    useColoursOf(page);
    getTerminal().clearScreen();
    if (!before.getSize().equals(size)) {
      before = before.resize(size, page);
    }
    before.setAll(page);
    boolean wrote = writeChanges(before, after, null);
    after.copyTo(getFrontBuffer());
    placeCursor(after, wrote);
    getTerminal().flush();
  }

  /**
   * Scrolls the terminal's rows and the screen's record of them. A terminal fills the rows a scroll
   * leaves with the current background ("background colour erase"), so the colours are set first to
   * those of the blank cells the new frame has there (a theme's background, say), and those rows
   * need no writing after; where they are not blank cells of one colour, or the terminal does not
   * erase in colour, the colours are reset and the rows taken to be blank in the default colours.
   */
  private void scroll(Scrollable scrollable, Scroll scroll, TextImage before, TextImage after)
      throws IOException {
    int columns = after.getSize().getColumns();
    int from = scroll.distance() > 0 ? scroll.last() - scroll.distance() + 1 : scroll.first();
    int to = scroll.distance() > 0 ? scroll.last() : scroll.first() - scroll.distance() - 1;
    TextCharacter fill = blankAt(after, columns - 1, from);
    useColoursOf(fill);
    scrollable.scrollLines(scroll.first(), scroll.last(), scroll.distance());
    before.scrollLines(scroll.first(), scroll.last(), scroll.distance());
    for (int row = from; row <= to; row++) {
      for (int column = 0; column < columns; column++) {
        before.setCharacterAt(column, row, fill);
      }
    }
    if (shownHashes != null) {
      shiftRows(shownHashes, scroll.first(), scroll.last(), scroll.distance());
      for (int row = from; row <= to; row++) {
        shownHashes[row] = rowHash(before, row);
      }
    }
    cursorAt = null; // setting the scrolling region moves the cursor
  }

  /**
   * What the terminal is to clear or scroll in with: {@code image}'s cell at {@code column, row}
   * when it is a plain blank and the terminal erases in colour, else the default blank.
   */
  private TextCharacter blankAt(TextImage image, int column, int row) {
    TextCharacter cell = backgroundColorErase ? image.getCharacterAt(column, row) : null;
    if (cell == null || !cell.getCharacterString().equals(" ") || !cell.getModifiers().isEmpty()) {
      return DEFAULT_CHARACTER;
    }
    return cell;
  }

  /**
   * Gives the terminal the colours of {@code blank} and no styles, sending only what differs from
   * what it has (everything, from a reset, when that is unknown).
   */
  private void useColoursOf(TextCharacter blank) throws IOException {
    Terminal terminal = getTerminal();
    if (shownStyles == null || !shownStyles.isEmpty()) {
      terminal.resetColorAndSGR();
      shownForeground = TextColor.ANSI.DEFAULT;
      shownBackground = TextColor.ANSI.DEFAULT;
      shownStyles = EnumSet.noneOf(SGR.class);
    }
    if (!blank.getForegroundColor().equals(shownForeground)) {
      shownForeground = blank.getForegroundColor();
      terminal.setForegroundColor(shownForeground);
    }
    if (!blank.getBackgroundColor().equals(shownBackground)) {
      shownBackground = blank.getBackgroundColor();
      terminal.setBackgroundColor(shownBackground);
    }
  }

  /**
   * Writes the cells where {@code after} differs from {@code before}, row by row, as Lanterna's
   * delta refresh does, a wide character's padding cell skipped and the cell after a wide character
   * that went away cleared; but colours and styles are sent only where they differ from what the
   * terminal has, and a short gap of unchanged cells in the same colours is written over instead of
   * jumped. Returns whether anything was written.
   */
  private boolean writeChanges(TextImage before, TextImage after, boolean[] damage)
      throws IOException {
    Terminal terminal = getTerminal();
    TerminalSize size = after.getSize();
    int columns = size.getColumns();
    TextCharacter[] changes = new TextCharacter[columns];
    boolean wrote = false;
    // Where the last frame left the cursor is trusted only when it wrote nothing but printable
    // ASCII since its last move: other characters are only as wide as Lanterna thinks, which a
    // terminal may not agree with (an emoji it shows one cell wide, say), and a mistake must not
    // carry from frame to frame.
    int atRow = cursorAt == null ? -1 : cursorAt.getRow();
    int atColumn = cursorAt == null ? -1 : cursorAt.getColumn();
    boolean exact = true;
    TextColor foreground = shownForeground;
    TextColor background = shownBackground;
    EnumSet<SGR> styles = shownStyles;
    for (int row = 0; row < size.getRows(); row++) {
      if (damage != null && !damage[row]) {
        continue;
      }
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
        wrote = true;
        if (styles == null) {
          // What the terminal has is unknown: from a clean slate.
          terminal.setCursorPosition(column, row);
          exact = true;
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
          if (row == atRow
              && column > atColumn
              && writesLikeASpan(after, row, atColumn, column, foreground, background, styles)) {
            for (int between = atColumn; between < column; between++) {
              terminal.putString(after.getCharacterAt(between, row).getCharacterString());
            }
          } else {
            terminal.setCursorPosition(column, row);
            exact = true;
          }
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
        String text = cell.getCharacterString();
        terminal.putString(text);
        exact &= text.length() == 1 && text.charAt(0) >= 0x20 && text.charAt(0) < 0x7f;
        atRow = row;
        atColumn = column + (isWide(cell) ? 2 : 1);
      }
    }
    shownForeground = foreground;
    shownBackground = background;
    shownStyles = styles;
    if (wrote) {
      // A write into the last column may leave the cursor there or past it, by terminal.
      cursorAt = exact && atColumn < columns ? new TerminalPosition(atColumn, atRow) : null;
    }
    return wrote;
  }

  /**
   * Whether the unchanged cells from {@code from} up to {@code to} in {@code row} are few, one byte
   * each and in the colours and styles the terminal has: then writing them costs fewer bytes than a
   * cursor move over them, and shows the same.
   */
  private static boolean writesLikeASpan(
      TextImage image,
      int row,
      int from,
      int to,
      TextColor foreground,
      TextColor background,
      EnumSet<SGR> styles) {
    if (to - from > MAX_GAP_WRITTEN) {
      return false;
    }
    for (int column = from; column < to; column++) {
      TextCharacter cell = image.getCharacterAt(column, row);
      String text = cell.getCharacterString();
      if (text.length() != 1
          || text.charAt(0) < 0x20
          || text.charAt(0) >= 0x7f
          || !foreground.equals(cell.getForegroundColor())
          || !background.equals(cell.getBackgroundColor())
          || !styles.equals(cell.getModifiers())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Shows the cursor where the screen wants it, or hides it, as Lanterna's refresh does, sending
   * only what changed: a move when the frame wrote something or the place is another, the
   * visibility when it differs from the last frame's.
   */
  private void placeCursor(TextImage shown, boolean wrote) throws IOException {
    Terminal terminal = getTerminal();
    TerminalPosition cursor = getCursorPosition();
    if (cursor == null) {
      if (!Boolean.FALSE.equals(cursorShown)) {
        terminal.setCursorVisible(false);
        cursorShown = false;
      }
      return;
    }
    // On the padding of a wide character, the cursor goes on the character itself.
    if (cursor.getColumn() > 0 && isWide(shown.getCharacterAt(cursor.withRelativeColumn(-1)))) {
      cursor = cursor.withRelativeColumn(-1);
    }
    if (wrote || !cursor.equals(cursorAt)) {
      terminal.setCursorPosition(cursor.getColumn(), cursor.getRow());
      cursorAt = cursor;
    }
    if (!Boolean.TRUE.equals(cursorShown)) {
      terminal.setCursorVisible(true);
      cursorShown = true;
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
    long[] hashes = new long[image.getSize().getRows()];
    for (int row = 0; row < hashes.length; row++) {
      hashes[row] = rowHash(image, row);
    }
    return hashes;
  }

  /** The hash of row {@code row} of {@code image} (see {@link #rowHashes}). */
  private static long rowHash(TextImage image, int row) {
    long hash = 1;
    int columns = image.getSize().getColumns();
    for (int column = 0; column < columns; column++) {
      hash = hash * 1_000_003 + cellHash(image.getCharacterAt(column, row));
    }
    return hash;
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
  public record Scroll(int first, int last, int distance) {
    /**
     * The scroll that spares the terminal the most rewritten rows, going from rows {@code before}
     * to rows {@code after} (given as {@link #rowHashes}): the rows of a moved block that changed
     * count for it, the rows it would blank that needed no change count against it. Null when none
     * spares at least {@link #MIN_ROWS_SAVED}.
     */
    public static Scroll find(long[] before, long[] after, long blank) {
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

  /** Lanterna's graphics onto the back buffer, with fills that {@link #holdFills} can hold. */
  private final class Graphics extends AbstractTextGraphics {
    @Override
    public TextGraphics setCharacter(int column, int row, TextCharacter character) {
      ChatScreen.this.setCharacter(column, row, character);
      return this;
    }

    @Override
    public TextCharacter getCharacter(int column, int row) {
      return getBackCharacter(column, row);
    }

    @Override
    public TerminalSize getSize() {
      return getTerminalSize();
    }

    @Override
    public TextGraphics fill(char c) {
      return fillsHeld ? this : super.fill(c);
    }

    @Override
    public TextGraphics drawImage(
        TerminalPosition topLeft,
        TextImage image,
        TerminalPosition sourceImageTopLeft,
        TerminalSize sourceImageSize) {
      // As Lanterna's screen does: a window drawn into an image of its own (a picker) is copied,
      // and its rows are then written to, for the next refresh to compare.
      boolean[] rows = damage();
      int first = Math.max(0, topLeft.getRow());
      int end = Math.min(rows.length, topLeft.getRow() + sourceImageSize.getRows());
      if (first < end) {
        Arrays.fill(rows, first, end, true);
      }
      getBackBuffer()
          .copyFrom(
              image,
              sourceImageTopLeft.getRow(),
              sourceImageSize.getRows(),
              sourceImageTopLeft.getColumn(),
              sourceImageSize.getColumns(),
              topLeft.getRow(),
              topLeft.getColumn());
      return this;
    }
  }
}
