package dev.agent.tui.text;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalTextUtils;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.text.BreakIterator;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Measures, wraps and draws text in terminal cells, one grapheme at a time, so that what the layout
 * counts is what Lanterna puts on the screen: CJK and emoji take two cells (Lanterna's {@link
 * TerminalTextUtils} and {@link TextCharacter#isDoubleWidth()} rules), a tab four. Graphemes the
 * terminal's charset cannot show are drawn as {@code ?}, one cell wide, so a non-UTF-8 terminal
 * never gets bytes it would garble.
 *
 * <p>Control characters are drawn as visible placeholders in reverse video ({@link
 * #controlPicture}), never as themselves: text from a model or a server may hold escape sequences
 * that would recolour the screen, move the cursor, retitle the window or write the clipboard, and
 * every piece of text the chat draws goes through {@link #draw}. Line feeds only separate lines and
 * take no cell. Belongs to the UI thread. Not final so that tests can count the wrapping a frame
 * does.
 */
public class TextLayout {
  public static final int TAB_WIDTH = 4;

  private static final char REPLACEMENT = '\uFFFD';

  private final CharsetEncoder encoder;
  private final BreakIterator graphemes = BreakIterator.getCharacterInstance();

  /**
   * Cells of printable ASCII already made, per style: Lanterna makes a {@link TextCharacter} for
   * each cell drawn, and each one checks that it holds a single grapheme with a break iterator of
   * its own, which was most of the cost of drawing a frame. They are immutable, so one serves every
   * cell of that character and style. Cleared when it holds many styles.
   */
  private final Map<Style, TextCharacter[]> asciiCells = new HashMap<>();

  /** A key of {@link #asciiCells}; its methods written out for the reason given in {@link Span}. */
  private record Style(TextColor foreground, TextColor background, EnumSet<SGR> modifiers) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Style style
          && Objects.equals(foreground, style.foreground)
          && Objects.equals(background, style.background)
          && modifiers.equals(style.modifiers);
    }

    @Override
    public int hashCode() {
      return (31 * Objects.hashCode(foreground) + Objects.hashCode(background)) * 31
          + modifiers.hashCode();
    }

    @Override
    public String toString() {
      return "Style[foreground="
          + foreground
          + ", background="
          + background
          + ", modifiers="
          + modifiers
          + "]";
    }
  }

  /** The style {@link #put} drew last, its key in {@link #asciiCells}, and its cells. */
  private Style lastStyle;

  private TextCharacter[] lastCells;

  public TextLayout(Charset charset) {
    this.encoder = charset.equals(StandardCharsets.UTF_8) ? null : charset.newEncoder();
  }

  /** Receives the graphemes of a text. */
  public interface GraphemeVisitor {
    /**
     * One grapheme, {@code text.substring(start, end)}, {@code width} cells wide; {@code shown} is
     * what to draw in its place, or {@code null} to draw the text's own char (nothing at all when
     * {@code width} is 0); {@code blank} for spaces and tabs.
     */
    void visit(int start, int end, String shown, int width, boolean blank);
  }

  /** {@code fancy} when the terminal's charset can show it, else {@code plain}. */
  public String pick(String fancy, String plain) {
    return encoder == null || encoder.canEncode(fancy) ? fancy : plain;
  }

  /** Text as the layout wants it: NFC, so that a letter and its accent are one cell. */
  public static String normalize(String text) {
    if (isSimple(text)) {
      return text; // NFC leaves text below U+0300 as it is: no char there combines with another
    }
    return Normalizer.isNormalized(text, Normalizer.Form.NFC)
        ? text
        : Normalizer.normalize(text, Normalizer.Form.NFC);
  }

  /**
   * What control character {@code c} is shown as, or null when it is not one: C0 controls but line
   * feed and tab in caret notation ({@code ESC} as {@code ^[}, {@code BEL} as {@code ^G}, {@code
   * CR} as {@code ^M}), {@code DEL} as {@code ^?}, C1 controls (0x80 to 0x9F, a one-byte {@code
   * CSI} among them) and the bidi overrides and isolates that reorder what follows them (U+202A to
   * U+202E, U+2066 to U+2069) as U+FFFD. The same mapping as one-shot output on a terminal.
   */
  public static String controlPicture(char c) {
    if (c < 0x20 && c != '\n' && c != '\t') {
      return "^" + (char) (c + '@');
    }
    if (c == 0x7f) {
      return "^?";
    }
    if ((c >= 0x80 && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
      return String.valueOf(REPLACEMENT);
    }
    return null;
  }

  /** Visits every grapheme of {@code text} in order. */
  public void forEachGrapheme(String text, GraphemeVisitor visitor) {
    int length = text.length();
    if (isSimple(text)) {
      for (int i = 0; i < length; i++) {
        visitSingle(text, i, visitor);
      }
      return;
    }
    graphemes.setText(text);
    int start = graphemes.first();
    for (int end = graphemes.next(); end != BreakIterator.DONE; end = graphemes.next()) {
      if (end - start == 1 || holdsControl(text, start, end)) {
        // A control char is shown on its own, whatever the break iterator grouped it with.
        for (int i = start; i < end; i++) {
          visitSingle(text, i, visitor);
        }
      } else {
        String cluster = text.substring(start, end);
        String shown = displayForm(cluster);
        visitor.visit(start, end, shown, shown == null ? 0 : width(shown), false);
      }
      start = end;
    }
  }

  private static boolean holdsControl(String text, int start, int end) {
    for (int i = start; i < end; i++) {
      if (controlPicture(text.charAt(i)) != null) {
        return true;
      }
    }
    return false;
  }

  private void visitSingle(String text, int index, GraphemeVisitor visitor) {
    char c = text.charAt(index);
    String picture;
    if (c == ' ') {
      visitor.visit(index, index + 1, " ", 1, true);
    } else if (c == '\t') {
      visitor.visit(index, index + 1, "    ", TAB_WIDTH, true);
    } else if (c == '\n' || Character.isSurrogate(c)) {
      visitor.visit(index, index + 1, null, 0, false);
    } else if ((picture = controlPicture(c)) != null) {
      String shown = picture.charAt(0) == REPLACEMENT ? pick(picture, "?") : picture;
      visitor.visit(index, index + 1, shown, shown.length(), false);
    } else if (encoder != null && !encoder.canEncode(c)) {
      visitor.visit(index, index + 1, "?", 1, false);
    } else {
      // Nothing below U+1100 is wide: the common case spares Lanterna's lookup by Unicode block.
      int cells = c >= 0x1100 && TerminalTextUtils.isCharDoubleWidth(c) ? 2 : 1;
      visitor.visit(index, index + 1, null, cells, false);
    }
  }

  /** Whether every char below U+0300 so each char is a grapheme of its own (the common case). */
  private static boolean isSimple(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x300) {
        return false;
      }
    }
    return true;
  }

  /**
   * What to draw for a multi-char grapheme: the cluster itself when the terminal can show it,
   * {@code ?} when its charset cannot, and only the base letter when the rest are combining marks
   * without a precomposed form (Lanterna would give such a cluster two cells, the terminal one).
   */
  private String displayForm(String cluster) {
    if (encoder != null && !encoder.canEncode(cluster)) {
      return "?";
    }
    char first = cluster.charAt(0);
    if (Character.isISOControl(first)) {
      return null;
    }
    if (!Character.isHighSurrogate(first)
        && !TerminalTextUtils.isCharThai(first)
        && onlyCombiningMarks(cluster, 1)) {
      return String.valueOf(first);
    }
    return cluster;
  }

  private static boolean onlyCombiningMarks(String cluster, int from) {
    for (int i = from; i < cluster.length(); i++) {
      int type = Character.getType(cluster.charAt(i));
      boolean mark =
          type == Character.NON_SPACING_MARK
              || type == Character.ENCLOSING_MARK
              || type == Character.COMBINING_SPACING_MARK;
      // Variation selector 16 and the keycap mark turn a character into a two-cell emoji.
      char c = cluster.charAt(i);
      if (!mark || c == '\uFE0F' || c == '\u20E3') {
        return false;
      }
    }
    return true;
  }

  /** Lanterna's width of a shown grapheme, as {@link TextCharacter#isDoubleWidth()} counts it. */
  private static int width(String shown) {
    char first = shown.charAt(0);
    boolean wide =
        TerminalTextUtils.isCharDoubleWidth(first)
            || (shown.length() > 1 && !TerminalTextUtils.isCharThai(first));
    return wide ? 2 : 1;
  }

  /** The cells {@code text} takes on one line. */
  public int width(CharSequence text) {
    int[] total = {0};
    forEachGrapheme(text.toString(), (start, end, shown, width, blank) -> total[0] += width);
    return total[0];
  }

  /**
   * Where each line starts when {@code paragraph} (no line breaks) is wrapped to {@code width}
   * cells: at word boundaries, or inside a word longer than a line. Spaces at a break stay at the
   * end of their line (they may overhang the width; drawing clips them), so every index of the
   * paragraph belongs to exactly one line. The first start is always 0.
   */
  public List<Integer> wrap(String paragraph, int width) {
    LineBreaker breaker = new LineBreaker(width);
    if (width >= 1) {
      forEachGrapheme(paragraph, breaker);
    }
    return breaker.starts;
  }

  /**
   * Where each row starts when {@code line} is cut, not wrapped, to {@code width} cells: a row ends
   * only where the next grapheme would not fit, whatever it is, so code keeps its exact text. The
   * first start is always 0.
   */
  public List<Integer> cut(String line, int width) {
    List<Integer> starts = new ArrayList<>(List.of(0));
    int[] column = {0};
    forEachGrapheme(
        line,
        (start, end, shown, cells, blank) -> {
          if (column[0] > 0 && column[0] + cells > width) {
            starts.add(start);
            column[0] = 0;
          }
          column[0] += cells;
        });
    return starts;
  }

  /** Greedy line breaking, fed one grapheme at a time. */
  private static final class LineBreaker implements GraphemeVisitor {
    private final int width;
    private final List<Integer> starts = new ArrayList<>(List.of(0));
    private int lineStart;
    private int column;
    private int breakIndex = -1;
    private int columnAtBreak;
    private boolean afterBlank;

    LineBreaker(int width) {
      this.width = width;
    }

    @Override
    public void visit(int start, int end, String shown, int cells, boolean blank) {
      if (blank) {
        column += cells;
        afterBlank = true;
        return;
      }
      if (afterBlank) {
        breakIndex = start;
        columnAtBreak = column;
        afterBlank = false;
      }
      while (column > 0 && column + cells > width) {
        if (breakIndex > lineStart) {
          lineStart = breakIndex;
          column -= columnAtBreak;
        } else {
          lineStart = start;
          column = 0;
        }
        breakIndex = -1;
        starts.add(lineStart);
      }
      column += cells;
    }
  }

  /**
   * Draws {@code text} (one line) at {@code column, row} in the graphics' current colours and
   * styles, clipped to {@code maxColumns} cells; a wide grapheme that would straddle the edge is
   * left out, and a control character is drawn as its {@link #controlPicture} in reverse video.
   * Returns the cells used.
   */
  public int draw(TextGraphics graphics, int column, int row, String text, int maxColumns) {
    int[] used = {0};
    forEachGrapheme(
        text,
        (start, end, shown, cells, blank) -> {
          if (cells == 0) {
            return;
          }
          if (used[0] + cells > maxColumns) {
            // Blanks where it would have gone, so the cells claimed hold nothing of an older frame.
            for (int at = column + used[0]; at < column + maxColumns; at++) {
              graphics.setCharacter(at, row, ' ');
            }
            used[0] = maxColumns;
            return;
          }
          int at = column + used[0];
          if (end - start == 1 && controlPicture(text.charAt(start)) != null) {
            EnumSet<SGR> style = EnumSet.copyOf(graphics.getActiveModifiers());
            graphics.enableModifiers(SGR.REVERSE);
            for (int i = 0; i < shown.length(); i++) {
              graphics.setCharacter(at + i, row, shown.charAt(i));
            }
            graphics.setModifiers(style);
          } else if (blank) {
            for (int i = 0; i < cells; i++) {
              put(graphics, at + i, row, ' ');
            }
          } else if (shown == null) {
            put(graphics, at, row, text.charAt(start));
          } else if (shown.length() == 1) {
            put(graphics, at, row, shown.charAt(0));
          } else {
            graphics.setCharacter(
                at,
                row,
                TextCharacter.fromString(
                    shown,
                    graphics.getForegroundColor(),
                    graphics.getBackgroundColor(),
                    graphics.getActiveModifiers())[0]);
          }
          used[0] += cells;
        });
    return Math.min(used[0], maxColumns);
  }

  /** Draws {@code c} in the graphics' current style, from {@link #asciiCells} when it is there. */
  private void put(TextGraphics graphics, int column, int row, char c) {
    if (c < 0x20 || c >= 0x7f) {
      graphics.setCharacter(column, row, c);
      return;
    }
    TextColor foreground = graphics.getForegroundColor();
    TextColor background = graphics.getBackgroundColor();
    EnumSet<SGR> modifiers = graphics.getActiveModifiers();
    if (lastStyle == null
        || foreground != lastStyle.foreground()
        || background != lastStyle.background()
        || !modifiers.equals(lastStyle.modifiers())) {
      // A row's cells mostly share a style: hashing one per cell cost more than it saved.
      // A copy: the graphics' set of modifiers changes as it draws.
      Style style = new Style(foreground, background, EnumSet.copyOf(modifiers));
      TextCharacter[] cells = asciiCells.get(style);
      if (cells == null) {
        if (asciiCells.size() >= 64) {
          asciiCells.clear();
        }
        cells = new TextCharacter[0x7f];
        asciiCells.put(style, cells);
      }
      lastStyle = style;
      lastCells = cells;
    }
    Style style = lastStyle;
    TextCharacter[] cells = lastCells;
    TextCharacter cell = cells[c];
    if (cell == null) {
      cell =
          TextCharacter.fromCharacter(
              c, style.foreground(), style.background(), style.modifiers().toArray(new SGR[0]))[0];
      cells[c] = cell;
    }
    graphics.setCharacter(column, row, cell);
  }
}
