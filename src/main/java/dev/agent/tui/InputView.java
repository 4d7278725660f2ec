package dev.agent.tui;

import static java.util.Objects.requireNonNull;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.ThemeDefinition;
import com.googlecode.lanterna.gui2.AbstractInteractableComponent;
import com.googlecode.lanterna.gui2.InteractableRenderer;
import com.googlecode.lanterna.gui2.TextGUI;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.agent.tui.terminal.ChatKeys;
import dev.agent.tui.text.TextLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The prompt editor: multi-line, word-wrapped, growing up to {@link #MAX_ROWS} rows and scrolling
 * beyond. Enter submits; Alt+Enter and Ctrl+J insert a line break; inside a bracketed paste every
 * key is text, so a pasted line break never submits. Up on the first row and Down on the last
 * recall earlier prompts.
 *
 * <p>A prompt holds at most {@link #MAX_CHARS} chars; the rest of a longer paste is left out and
 * reported ({@link #takeCut()}). The text is laid out again only when it or the width changed, and
 * a frame draws only the rows shown.
 */
final class InputView extends AbstractInteractableComponent<InputView> {
  static final int MAX_ROWS = 6;

  /** The most a prompt holds: 1 Mi chars, a megabyte or more of text, far beyond any context. */
  static final int MAX_CHARS = 1 << 20;

  private static final String PROMPT = "> ";

  private final TextLayout layout;
  private final InputBuffer buffer = new InputBuffer(true, MAX_CHARS);
  private final PromptHistory history = new PromptHistory();
  private final Consumer<String> onSubmit;
  private String placeholder = "";
  private boolean pasting;
  private boolean cursorHidden;
  private int top;
  private int laidOutRows = 1;
  private List<Line> laidOut = List.of();
  private long laidOutVersion = -1;
  private int laidOutWidth = -1;

  InputView(TextLayout layout, Consumer<String> onSubmit) {
    this.layout = requireNonNull(layout, "layout");
    this.onSubmit = requireNonNull(onSubmit, "onSubmit");
  }

  boolean isEmpty() {
    return buffer.isEmpty();
  }

  /**
   * Hides the cursor (or shows it again). While a reply streams into an empty prompt's window, a
   * cursor shown in the prompt would have to be moved there after every frame's text and back: on a
   * slow link it visibly jumps, and the moves cost more bytes than the text.
   */
  void hideCursor(boolean hidden) {
    if (hidden != cursorHidden) {
      cursorHidden = hidden;
      invalidate();
    }
  }

  String text() {
    return buffer.text();
  }

  /**
   * How many chars were left out of the prompt for want of room since the last call, once a paste
   * in progress has ended; then zero again.
   */
  long takeCut() {
    return pasting ? 0 : buffer.takeCut();
  }

  /** Whether a bracketed paste is in progress: its keys are text, not commands. */
  boolean isPasting() {
    return pasting;
  }

  void setText(String text) {
    buffer.setText(text);
    history.reset();
    invalidate();
  }

  /** Records a sent prompt for recall and empties the editor. */
  void submitted(String prompt) {
    history.add(prompt);
    buffer.clear();
    top = 0;
    invalidate();
  }

  /** Empties the editor (Ctrl+C), keeping its text for Up as if it had been sent. */
  void clear() {
    submitted(buffer.text());
  }

  void setPlaceholder(String placeholder) {
    this.placeholder = requireNonNull(placeholder, "placeholder");
    invalidate();
  }

  @Override
  protected Result handleKeyStroke(KeyStroke key) {
    if (ChatKeys.isPasteStart(key) || ChatKeys.isPasteEnd(key)) {
      pasting = ChatKeys.isPasteStart(key);
      return Result.HANDLED;
    }
    if (pasting) {
      return pasted(key);
    }
    if (ChatKeys.isNewline(key)) {
      buffer.insert("\n");
      return changed();
    }
    if (ChatKeys.isTyped(key)) {
      buffer.insert(String.valueOf(key.getCharacter()));
      return changed();
    }
    if (key.getKeyType() == KeyType.Character && key.isCtrlDown()) {
      return control(key);
    }
    switch (key.getKeyType()) {
      case Enter -> {
        if (!key.isAltDown() && !key.isCtrlDown()) {
          onSubmit.accept(buffer.text());
          invalidate();
        }
        return Result.HANDLED;
      }
      case Backspace -> {
        buffer.backspace();
        return changed();
      }
      case Delete -> {
        buffer.delete();
        return changed();
      }
      case ArrowLeft -> {
        buffer.left();
        return changed();
      }
      case ArrowRight -> {
        buffer.right();
        return changed();
      }
      case Home -> {
        buffer.lineStart();
        return changed();
      }
      case End -> {
        buffer.lineEnd();
        return changed();
      }
      case ArrowUp -> {
        return verticalMove(-1);
      }
      case ArrowDown -> {
        return verticalMove(1);
      }
      default -> {
        return Result.UNHANDLED;
      }
    }
  }

  private Result pasted(KeyStroke key) {
    switch (key.getKeyType()) {
      case Character -> {
        if (ChatKeys.isCtrl(key, 'j')) {
          buffer.insert("\n");
        } else if (!key.isCtrlDown() && !key.isAltDown()) {
          buffer.insert(String.valueOf(key.getCharacter()));
        }
        return changed();
      }
      case Enter -> {
        buffer.insert("\n");
        return changed();
      }
      case Tab -> {
        buffer.insert("\t");
        return changed();
      }
      default -> {
        return Result.HANDLED; // an escape sequence inside pasted text is not a command
      }
    }
  }

  private Result control(KeyStroke key) {
    switch (Character.toLowerCase(key.getCharacter())) {
      case 'a' -> {
        buffer.lineStart();
        return changed();
      }
      case 'u' -> {
        buffer.deleteToLineStart();
        return changed();
      }
      case 'w' -> {
        buffer.deletePreviousWord();
        return changed();
      }
      case 'd' -> {
        buffer.delete();
        return changed();
      }
      default -> {
        return Result.UNHANDLED;
      }
    }
  }

  private Result changed() {
    invalidate();
    return Result.HANDLED;
  }

  /** Moves the cursor a row up or down, or recalls a prompt from the first or last row. */
  private Result verticalMove(int direction) {
    List<Line> lines = lines(textWidth(getSize().getColumns()));
    int row = rowOf(lines, buffer.cursor());
    int target = row + direction;
    if (target < 0) {
      history.previous(buffer.text()).ifPresent(this::recall);
      return changed();
    }
    if (target >= lines.size()) {
      history.next().ifPresent(this::recall);
      return changed();
    }
    int column = layout.width(buffer.text().substring(lines.get(row).start(), buffer.cursor()));
    buffer.moveTo(indexAtColumn(lines.get(target), column));
    return changed();
  }

  private void recall(String prompt) {
    buffer.setText(prompt);
    top = 0;
  }

  /**
   * A row of the editor: {@code [start, end)} of the text; {@code soft} when wrapped, not broken.
   */
  private record Line(int start, int end, boolean soft) {}

  private static int textWidth(int columns) {
    // The prompt on the left, and a column on the right for the cursor after a full row.
    return Math.max(1, columns - PROMPT.length() - 1);
  }

  /** The rows of the text at {@code width}, laid out again only when the text or width changed. */
  private List<Line> lines(int width) {
    long version = buffer.version();
    if (version != laidOutVersion || width != laidOutWidth) {
      laidOut = layOut(width);
      laidOutVersion = version;
      laidOutWidth = width;
    }
    return laidOut;
  }

  private List<Line> layOut(int width) {
    String text = buffer.text();
    List<Line> lines = new ArrayList<>();
    int start = 0;
    while (true) {
      int newline = text.indexOf('\n', start);
      int end = newline < 0 ? text.length() : newline;
      List<Integer> starts = layout.wrap(text.substring(start, end), width);
      for (int i = 0; i < starts.size(); i++) {
        boolean soft = i + 1 < starts.size();
        lines.add(new Line(start + starts.get(i), soft ? start + starts.get(i + 1) : end, soft));
      }
      if (newline < 0) {
        return lines;
      }
      start = newline + 1;
    }
  }

  /** The last row that starts at or before {@code index}. */
  private static int rowOf(List<Line> lines, int index) {
    int low = 0;
    int high = lines.size() - 1;
    while (low < high) {
      int middle = (low + high + 1) >>> 1;
      if (lines.get(middle).start() <= index) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return low;
  }

  /** The index in {@code line} whose column is closest to {@code column} without passing it. */
  private int indexAtColumn(Line line, int column) {
    String text = buffer.text().substring(line.start(), line.end());
    int[] found = {-1, 0, 0}; // index, column so far, start of the last grapheme
    layout.forEachGrapheme(
        text,
        (start, end, shown, cells, blank) -> {
          found[2] = start;
          if (found[0] < 0 && found[1] + cells > column) {
            found[0] = start;
          }
          found[1] += cells;
        });
    if (found[0] >= 0) {
      return line.start() + found[0];
    }
    // Past the end: a wrapped row ends before its last grapheme, which belongs to the next row.
    return line.soft() ? line.start() + found[2] : line.end();
  }

  private final class Renderer implements InteractableRenderer<InputView> {
    private TerminalPosition cursor;
    private Drawing drawnAs;

    @Override
    public TerminalPosition getCursorLocation(InputView view) {
      return cursorHidden ? null : cursor;
    }

    @Override
    public TerminalSize getPreferredSize(InputView view) {
      int columns = getSize().getColumns() > 0 ? getSize().getColumns() : 80;
      laidOutRows = Math.min(MAX_ROWS, lines(textWidth(columns)).size());
      return new TerminalSize(1, laidOutRows);
    }

    @Override
    public void drawComponent(TextGUIGraphics graphics, InputView view) {
      TerminalSize size = graphics.getSize();
      // The text (by its version), the cursor, the first row shown before, the placeholder.
      Drawing drawing =
          Drawing.of(view, size, List.of(buffer.version(), buffer.cursor(), top, placeholder));
      if (!Drawing.changed(drawnAs, drawing)) {
        return; // the rows are on screen as this frame would draw them
      }
      drawnAs = drawing;
      ThemeDefinition theme = view.getThemeDefinition();
      int width = textWidth(size.getColumns());
      graphics.applyThemeStyle(theme.getNormal());
      graphics.fill(' ');
      List<Line> lines = lines(width);
      int rows = Math.max(1, size.getRows());
      int row = rowOf(lines, buffer.cursor());
      top = Math.max(Math.min(top, row), row - rows + 1);
      top = Math.max(0, Math.min(top, Math.max(0, lines.size() - rows)));
      if (top == 0) {
        graphics.applyThemeStyle(theme.getCustom("prompt"));
        layout.draw(graphics, 0, 0, PROMPT, PROMPT.length());
      }
      if (buffer.isEmpty()) {
        graphics.applyThemeStyle(theme.getCustom("placeholder"));
        layout.draw(graphics, PROMPT.length(), 0, placeholder, width);
      } else {
        graphics.applyThemeStyle(theme.getNormal());
        String text = buffer.text();
        for (int i = 0; i < rows && top + i < lines.size(); i++) {
          Line line = lines.get(top + i);
          layout.draw(
              graphics, PROMPT.length(), i, text.substring(line.start(), line.end()), width);
        }
      }
      int column = layout.width(buffer.text().substring(lines.get(row).start(), buffer.cursor()));
      cursor = new TerminalPosition(PROMPT.length() + Math.min(column, width), row - top);
      if (Math.min(MAX_ROWS, lines.size()) != laidOutRows) {
        // The width changed under the text: lay the screen out again on the next pass.
        TextGUI gui = view.getTextGUI();
        if (gui != null) {
          gui.getGUIThread().invokeLater(view::invalidate);
        }
      }
    }
  }

  @Override
  protected InteractableRenderer<InputView> createDefaultRenderer() {
    return new Renderer();
  }
}
