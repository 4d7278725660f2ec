package dev.agent.tui.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.Scrollable;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.agent.Fuzz;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Rows that moved are scrolled by the terminal, and the terminal still shows the frame. */
class ChatScreenTest {
  private static final long BLANK = 7;

  @Test
  void findsABlockThatMovedUp() {
    long[] before = {1, 10, 11, 12, 13, 14, 2};
    long[] after = {1, 11, 12, 13, 14, 15, 2};
    assertEquals(new ChatScreen.Scroll(1, 5, 1), ChatScreen.Scroll.find(before, after, BLANK));
  }

  @Test
  void findsABlockThatMovedDown() {
    long[] before = {1, 10, 11, 12, 13, 14, 2};
    long[] after = {1, 20, 21, 10, 11, 12, 2};
    assertEquals(new ChatScreen.Scroll(1, 5, -2), ChatScreen.Scroll.find(before, after, BLANK));
  }

  @Test
  void noScrollWhenNothingMovedOrTooLittle() {
    long[] before = {1, 10, 11, 12, 2};
    assertNull(ChatScreen.Scroll.find(before, before.clone(), BLANK));
    assertNull(ChatScreen.Scroll.find(before, new long[] {1, 30, 31, 32, 2}, BLANK));
    // One row moved is not worth a scroll.
    assertNull(ChatScreen.Scroll.find(before, new long[] {1, 11, 40, 41, 2}, BLANK));
  }

  @Test
  void blankRowsThatStayBlankAreNoReasonToScroll() {
    long[] before = {BLANK, BLANK, BLANK, BLANK, 5};
    long[] after = {BLANK, BLANK, BLANK, BLANK, 6};
    assertNull(ChatScreen.Scroll.find(before, after, BLANK));
  }

  /**
   * Lanterna's virtual terminal, taught to scroll as an ANSI terminal does: the rows a scroll
   * leaves are blank in the current background colour (or in the default colours, without {@code
   * backgroundColorErase}), and the colours stay as they were.
   */
  private static final class ScrollingTerminal extends DefaultVirtualTerminal
      implements Scrollable {
    private final boolean backgroundColorErase;
    int scrolls;
    private TextColor foreground = TextColor.ANSI.DEFAULT;
    private TextColor background = TextColor.ANSI.DEFAULT;

    ScrollingTerminal(TerminalSize size, boolean backgroundColorErase) {
      super(size);
      this.backgroundColorErase = backgroundColorErase;
    }

    @Override
    public synchronized void setForegroundColor(TextColor color) {
      foreground = color;
      super.setForegroundColor(color);
    }

    @Override
    public synchronized void setBackgroundColor(TextColor color) {
      background = color;
      super.setBackgroundColor(color);
    }

    @Override
    public synchronized void resetColorAndSGR() {
      foreground = TextColor.ANSI.DEFAULT;
      background = TextColor.ANSI.DEFAULT;
      super.resetColorAndSGR();
    }

    /** Erases in the current background too, where the terminal does so. */
    @Override
    public synchronized void clearScreen() {
      super.clearScreen();
      if (backgroundColorErase) {
        TextColor keptForeground = foreground;
        setForegroundColor(TextColor.ANSI.DEFAULT);
        TerminalSize size = getTerminalSize();
        for (int row = 0; row < size.getRows(); row++) {
          for (int column = 0; column < size.getColumns(); column++) {
            setCursorPosition(column, row);
            putCharacter(' ');
          }
        }
        setForegroundColor(keptForeground);
        setCursorPosition(0, 0);
      }
    }

    @Override
    public void scrollLines(int firstLine, int lastLine, int distance) {
      scrolls++;
      TextColor keptForeground = foreground;
      TextColor keptBackground = background;
      TextCharacter blank =
          backgroundColorErase
              ? TextCharacter.fromCharacter(' ', TextColor.ANSI.DEFAULT, background)[0]
              : TextCharacter.DEFAULT_CHARACTER;
      int columns = getTerminalSize().getColumns();
      List<TextCharacter[]> rows = new ArrayList<>();
      for (int row = firstLine; row <= lastLine; row++) {
        TextCharacter[] cells = new TextCharacter[columns];
        for (int column = 0; column < columns; column++) {
          cells[column] = getBufferCharacter(column, row);
        }
        rows.add(cells);
      }
      for (int row = firstLine; row <= lastLine; row++) {
        int from = row + distance;
        for (int column = 0; column < columns; column++) {
          TextCharacter cell =
              from >= firstLine && from <= lastLine ? rows.get(from - firstLine)[column] : blank;
          setCursorPosition(column, row);
          setForegroundColor(cell.getForegroundColor());
          setBackgroundColor(cell.getBackgroundColor());
          putString(cell.getCharacterString());
          if (cell.isDoubleWidth()) {
            column++; // its padding moved with it
          }
        }
      }
      setForegroundColor(keptForeground);
      setBackgroundColor(keptBackground);
    }
  }

  private static String shown(DefaultVirtualTerminal terminal) {
    StringBuilder text = new StringBuilder();
    TerminalSize size = terminal.getTerminalSize();
    for (int row = 0; row < size.getRows(); row++) {
      for (int column = 0; column < size.getColumns(); column++) {
        TextCharacter cell = terminal.getBufferCharacter(column, row);
        text.append(cell.getCharacterString()).append(cell.getBackgroundColor().hashCode() % 10);
        if (cell.isDoubleWidth()) {
          column++; // the terminal and the screen keep the padding cell differently
        }
      }
      text.append('\n');
    }
    return text.toString();
  }

  private static String drawn(Screen screen) {
    StringBuilder text = new StringBuilder();
    TerminalSize size = screen.getTerminalSize();
    for (int row = 0; row < size.getRows(); row++) {
      for (int column = 0; column < size.getColumns(); column++) {
        TextCharacter cell = screen.getFrontCharacter(column, row);
        text.append(cell.getCharacterString()).append(cell.getBackgroundColor().hashCode() % 10);
        if (cell.isDoubleWidth()) {
          column++; // the terminal and the screen keep the padding cell differently
        }
      }
      text.append('\n');
    }
    return text.toString();
  }

  /** Draws {@code lines} from row 1 down, between a fixed top and bottom row. */
  private static void draw(Screen screen, List<String> lines, TextColor background) {
    draw(screen, lines, background, TextColor.ANSI.DEFAULT);
  }

  /** The same on a page of colour {@code page}, as a theme's background. */
  private static void draw(
      Screen screen, List<String> lines, TextColor background, TextColor page) {
    TerminalSize size = screen.getTerminalSize();
    screen.newTextGraphics().setBackgroundColor(page).fill(' ');
    screen.newTextGraphics().putString(0, 0, "top bar");
    for (int i = 0; i < lines.size() && i + 1 < size.getRows() - 1; i++) {
      screen.newTextGraphics().setBackgroundColor(background).putString(0, i + 1, lines.get(i));
    }
    screen.newTextGraphics().putString(0, size.getRows() - 1, "status");
  }

  @Test
  void aScrollingTranscriptShowsEveryFrameExactly() {
    int[] scrolls = {0};
    Fuzz.forAll(
        200,
        random -> random.nextLong(),
        String::valueOf,
        seed -> {
          Random random = new Random(seed);
          boolean erase = random.nextBoolean();
          TextColor page =
              random.nextBoolean() ? TextColor.ANSI.BLACK_BRIGHT : TextColor.ANSI.DEFAULT;
          ScrollingTerminal terminal = new ScrollingTerminal(new TerminalSize(12, 8), erase);
          ChatScreen screen = new ChatScreen(terminal, erase);
          screen.startScreen();
          List<String> lines = new ArrayList<>();
          for (int frame = 0; frame < 12; frame++) {
            switch (random.nextInt(4)) {
              case 0 ->
                  lines.add(Fuzz.pick(random, List.of("line ", "日本 ", "é ")) + random.nextInt(100));
              case 1 -> {
                if (!lines.isEmpty()) {
                  lines.remove(0); // scrolled on by one
                }
              }
              case 2 -> lines.add(0, "above " + random.nextInt(100)); // scrolled back
              default -> {
                if (!lines.isEmpty()) {
                  lines.set(lines.size() - 1, "edit " + random.nextInt(100));
                }
              }
            }
            while (lines.size() > 6 && random.nextBoolean()) {
              lines.remove(0);
            }
            draw(
                screen,
                lines,
                random.nextBoolean() ? TextColor.ANSI.BLUE : TextColor.ANSI.DEFAULT,
                page);
            screen.refresh();
            assertEquals(drawn(screen), shown(terminal), "frame " + frame);
          }
          scrolls[0] += terminal.scrolls;
        });
    assertTrue(scrolls[0] > 100, "the terminal scrolled only " + scrolls[0] + " times");
  }

  /**
   * A view that draws only the rows that changed, and tells the screen when its rows moved ({@link
   * ChatScreen#scrollLines}) rather than drawing them again, shows every frame as a screen drawn
   * afresh each frame does; the screen compares only the rows written to.
   */
  @Test
  void aTranscriptThatSaysHowItsRowsMovedShowsEveryFrameExactly() {
    int[] scrolls = {0};
    Fuzz.forAll(
        200,
        random -> random.nextLong(),
        String::valueOf,
        seed -> {
          Random random = new Random(seed);
          boolean erase = random.nextBoolean();
          TextColor page =
              random.nextBoolean() ? TextColor.ANSI.BLACK_BRIGHT : TextColor.ANSI.DEFAULT;
          TerminalSize size = new TerminalSize(12, 8);
          ScrollingTerminal terminal = new ScrollingTerminal(size, erase);
          ChatScreen screen = new ChatScreen(terminal, erase);
          screen.startScreen();
          Screen afresh = new ChatScreen(new DefaultVirtualTerminal(size));
          afresh.startScreen();
          List<String> lines = new ArrayList<>();
          String[] rows = new String[6]; // what the view drew on rows 1 to 6; null: not known
          draw(screen, List.of(), TextColor.ANSI.DEFAULT, page);
          for (int frame = 0; frame < 12; frame++) {
            long comparedBefore = screen.rowsCompared();
            int moves = 1 + random.nextInt(2);
            for (int move = 0; move < moves; move++) {
              int moved = 0;
              switch (random.nextInt(4)) {
                case 0 -> {
                  lines.add("line " + random.nextInt(100));
                  if (lines.size() > 6) {
                    lines.remove(0);
                    moved = 1; // scrolled on by one
                  }
                }
                case 1 -> {
                  if (lines.size() > 1) {
                    lines.remove(0);
                    moved = 1;
                  }
                }
                case 2 -> {
                  lines.add(0, "above " + random.nextInt(100));
                  moved = -1; // scrolled back
                  while (lines.size() > 6) {
                    lines.remove(lines.size() - 1);
                  }
                }
                default -> {
                  if (!lines.isEmpty()) {
                    lines.set(lines.size() - 1, "edit " + random.nextInt(100));
                  }
                }
              }
              if (moved != 0) {
                screen.scrollLines(1, 6, moved);
                String[] shifted = new String[6];
                for (int row = 0; row < 6; row++) {
                  int from = row + moved;
                  shifted[row] = from >= 0 && from < 6 ? rows[from] : null;
                }
                rows = shifted;
              }
            }
            int written = 0;
            for (int row = 0; row < 6; row++) {
              String line = String.format("%-12s", row < lines.size() ? lines.get(row) : "");
              if (!line.equals(rows[row])) {
                screen.newTextGraphics().setBackgroundColor(page).putString(0, row + 1, line);
                rows[row] = line;
                written++;
              }
            }
            screen.refresh();
            draw(afresh, lines, page, page);
            afresh.refresh();
            assertEquals(drawn(afresh), shown(terminal), "frame " + frame);
            assertTrue(screen.rowsCompared() - comparedBefore <= written + 2, "frame " + frame);
          }
          scrolls[0] += terminal.scrolls;
        });
    assertTrue(scrolls[0] > 100, "the terminal scrolled only " + scrolls[0] + " times");
  }

  @Test
  void aTranscriptFollowingTheBottomCostsOneRowPerLine() throws Exception {
    ByteTerminal terminal = ByteTerminal.of(80, 24);
    ChatScreen screen = new ChatScreen(terminal);
    screen.startScreen();
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 22; i++) {
      lines.add("a long line of the transcript, number " + i);
    }
    draw(screen, lines, TextColor.ANSI.DEFAULT);
    screen.refresh();
    terminal.output.take();
    lines.remove(0);
    lines.add("the next line");
    draw(screen, lines, TextColor.ANSI.DEFAULT);
    screen.refresh();
    String written = terminal.output.take();
    assertTrue(written.contains("\u001b[2;23r"), written);
    assertTrue(written.length() < 120, written.length() + " bytes: " + written);
  }

  @Test
  void aWordStreamedOntoTheLastLineCostsAMoveTheWordAndTheWayBack() throws Exception {
    ByteTerminal terminal = ByteTerminal.of(80, 24);
    ChatScreen screen = new ChatScreen(terminal);
    screen.startScreen();
    screen.setCursorPosition(new TerminalPosition(2, 22));
    List<String> lines = new ArrayList<>(List.of("an answer", "streams in"));
    for (String word : List.of(" word", " by", " word")) {
      lines.set(1, lines.get(1) + word);
      draw(screen, lines, TextColor.ANSI.BLUE);
      screen.refresh();
    }
    terminal.output.take();

    lines.set(1, lines.get(1) + " again");
    draw(screen, lines, TextColor.ANSI.BLUE);
    screen.refresh();

    // Row 3, after "streams in word by word"; then back to the prompt's cursor. Colours, styles
    // and the cursor's visibility are as the last frame left them, so none is sent again.
    assertEquals("\u001b[3;24H again\u001b[23;3H", terminal.output.take());
  }

  @Test
  void aFrameWithNothingNewWritesNothing() throws Exception {
    ByteTerminal terminal = ByteTerminal.of(40, 10);
    ChatScreen screen = new ChatScreen(terminal);
    screen.startScreen();
    screen.setCursorPosition(new TerminalPosition(2, 8));
    draw(screen, List.of("a line"), TextColor.ANSI.DEFAULT);
    screen.refresh();
    draw(screen, List.of("a line", "another"), TextColor.ANSI.DEFAULT);
    screen.refresh();
    terminal.output.take();

    draw(screen, List.of("a line", "another"), TextColor.ANSI.DEFAULT);
    screen.refresh();

    assertEquals("", terminal.output.take());
  }

  @Test
  void aNewLineOnAColouredPageCostsNoRowOfSpaces() throws Exception {
    ByteTerminal terminal = ByteTerminal.of(80, 24);
    ChatScreen screen = new ChatScreen(terminal, true);
    screen.startScreen();
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 22; i++) {
      lines.add("a line of the transcript, number " + i);
    }
    TextColor page = new TextColor.Indexed(235);
    draw(screen, lines, page, page);
    screen.refresh();
    draw(screen, lines, page, page);
    screen.refresh();
    terminal.output.take();

    lines.remove(0);
    lines.add("new");
    draw(screen, lines, page, page);
    screen.refresh();

    // The page's colour is set before the scroll (the status row, drawn last, left the default
    // colours), and the scroll leaves the new row in it; only the new text is written there.
    assertEquals(
        "\u001b[48;5;235m\u001b[2;23r\u001b[23;1H\n\u001b[r\u001b[23;1Hnew\u001b[1;1H",
        terminal.output.take());
  }

  @Test
  void aCompleteFrameOnAColouredPageClearsInItsColourAndWritesOnlyTheText() throws Exception {
    ByteTerminal terminal = ByteTerminal.of(80, 24);
    ChatScreen screen = new ChatScreen(terminal, true);
    screen.startScreen();
    terminal.output.take();
    TextColor page = new TextColor.Indexed(235);
    draw(screen, List.of("one", "two"), page, page);

    screen.refresh();

    String written = terminal.output.take();
    assertTrue(written.startsWith("\u001b[0m\u001b[48;5;235m\u001b[2J"), written);
    // The text of four rows, their moves and colours: not 80 by 24 cells.
    assertTrue(written.length() < 120, written.length() + " bytes: " + written);
  }

  @Test
  void aFrameWithTheCursorHiddenStillStartsWithAMove() throws Exception {
    ByteTerminal terminal = ByteTerminal.of(40, 10);
    ChatScreen screen = new ChatScreen(terminal);
    screen.startScreen();
    screen.setCursorPosition(null);
    draw(screen, List.of("done \u2705"), TextColor.ANSI.DEFAULT);
    screen.refresh();
    terminal.output.take();

    draw(screen, List.of("done \u2705 all"), TextColor.ANSI.DEFAULT);
    screen.refresh();

    // Where the last frame left the cursor depends on how wide the terminal draws the emoji.
    assertEquals("\u001b[2;8Hall", terminal.output.take());
  }
}
