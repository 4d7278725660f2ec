package dev.agent.tui;

import static java.util.Objects.requireNonNull;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.ThemeDefinition;
import com.googlecode.lanterna.gui2.AbstractInteractableComponent;
import com.googlecode.lanterna.gui2.BasicWindow;
import com.googlecode.lanterna.gui2.InteractableRenderer;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import dev.agent.tui.text.TextLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * The help (F1, {@code /help}): every key of {@link ChatKeymap} and every slash command, a row
 * each, in a window that scrolls with Up, Down, PgUp, PgDn, Home and End and closes on Esc (or F1,
 * or Enter). The rows are laid out again at the window's width, so it reads at 40x12 as at 200x60.
 */
final class HelpWindow extends BasicWindow {
  /** The keys of the help, for the status line. */
  static final List<String> HINTS = List.of("Esc close", "Up/Down PgUp/PgDn scroll");

  /** One row: the keys (or the command), and what they do. */
  record Row(String keys, String text) {
    Row {
      requireNonNull(keys, "keys");
      requireNonNull(text, "text");
    }
  }

  /** Rows under a heading. */
  record Section(String heading, List<Row> rows) {
    Section {
      requireNonNull(heading, "heading");
      rows = List.copyOf(rows);
    }
  }

  private final Runnable onClose;

  /**
   * @param maxSize the room the window may take, borders included
   * @param onClose runs when the window closes
   */
  HelpWindow(List<Section> sections, TextLayout layout, TerminalSize maxSize, Runnable onClose) {
    super("Help: Esc closes");
    setHints(List.of(Hint.CENTERED, Hint.MODAL));
    this.onClose = requireNonNull(onClose, "onClose");
    setComponent(new HelpText(List.copyOf(sections), layout, maxSize));
  }

  @Override
  public void close() {
    super.close();
    onClose.run();
  }

  /** A line of the laid-out help: text at a column, a heading or not. */
  private record Line(int column, String text, boolean heading) {}

  private final class HelpText extends AbstractInteractableComponent<HelpText> {
    /** The widest the key column gets; longer keys wrap within it. */
    private static final int MAX_KEYS = 24;

    /** Below this width a row's text goes under its keys rather than beside them. */
    private static final int SIDE_BY_SIDE = 50;

    private final List<Section> sections;
    private final TextLayout layout;
    private final TerminalSize maxSize;
    private List<Line> lines = List.of();
    private int laidOutWidth = -1;
    private int top;

    HelpText(List<Section> sections, TextLayout layout, TerminalSize maxSize) {
      this.sections = sections;
      this.layout = requireNonNull(layout, "layout");
      this.maxSize = requireNonNull(maxSize, "maxSize");
    }

    /** The help as lines at {@code width} columns. */
    private List<Line> lines(int width) {
      if (width == laidOutWidth) {
        return lines;
      }
      int keysWidth = 0;
      for (Section section : sections) {
        for (Row row : section.rows()) {
          keysWidth = Math.max(keysWidth, layout.width(row.keys()));
        }
      }
      keysWidth = Math.min(keysWidth, MAX_KEYS);
      boolean beside = width >= SIDE_BY_SIDE;
      List<Line> laid = new ArrayList<>();
      for (Section section : sections) {
        if (!laid.isEmpty()) {
          laid.add(new Line(0, "", false));
        }
        addWrapped(laid, 1, section.heading(), width - 1, true);
        for (Row row : section.rows()) {
          if (beside) {
            int at = laid.size();
            addWrapped(laid, 1, row.keys(), keysWidth, false);
            List<Line> text = new ArrayList<>();
            int textColumn = 1 + keysWidth + 2;
            addWrapped(text, textColumn, row.text(), width - textColumn, false);
            for (int i = 0; i < text.size(); i++) {
              if (at + i < laid.size()) {
                Line keys = laid.get(at + i);
                String padded = pad(keys.text(), textColumn - keys.column());
                laid.set(at + i, new Line(keys.column(), padded + text.get(i).text(), false));
              } else {
                laid.add(text.get(i));
              }
            }
          } else {
            addWrapped(laid, 1, row.keys(), width - 1, false);
            addWrapped(laid, 3, row.text(), width - 3, false);
          }
        }
      }
      lines = List.copyOf(laid);
      laidOutWidth = width;
      return lines;
    }

    /** {@code text} padded with spaces to {@code columns} cells. */
    private String pad(String text, int columns) {
      return text + " ".repeat(Math.max(0, columns - layout.width(text)));
    }

    private void addWrapped(List<Line> out, int column, String text, int width, boolean heading) {
      int room = Math.max(1, width);
      List<Integer> starts = layout.wrap(text, room);
      for (int i = 0; i < starts.size(); i++) {
        int end = i + 1 < starts.size() ? starts.get(i + 1) : text.length();
        out.add(new Line(column, text.substring(starts.get(i), end).stripTrailing(), heading));
      }
    }

    private int pageRows() {
      return Math.max(1, getSize().getRows());
    }

    private int lastTop() {
      return Math.max(0, lines(getSize().getColumns()).size() - pageRows());
    }

    @Override
    protected Result handleKeyStroke(KeyStroke key) {
      switch (key.getKeyType()) {
        case ArrowUp -> top = Math.max(0, top - 1);
        case ArrowDown -> top = Math.min(lastTop(), top + 1);
        case PageUp -> top = Math.max(0, top - Math.max(1, pageRows() - 1));
        case PageDown -> top = Math.min(lastTop(), top + Math.max(1, pageRows() - 1));
        case Home -> top = 0;
        case End -> top = lastTop();
        case Escape, F1, Enter -> {
          close();
          return Result.HANDLED;
        }
        default -> {
          return Result.UNHANDLED;
        }
      }
      invalidate();
      return Result.HANDLED;
    }

    @Override
    protected InteractableRenderer<HelpText> createDefaultRenderer() {
      return new InteractableRenderer<>() {
        @Override
        public TerminalPosition getCursorLocation(HelpText component) {
          return null;
        }

        @Override
        public TerminalSize getPreferredSize(HelpText component) {
          // Borders take two columns and two rows of the room.
          int columns = Math.max(10, Math.min(90, maxSize.getColumns() - 2));
          int rows = Math.max(3, maxSize.getRows() - 2);
          return new TerminalSize(columns, Math.min(rows, lines(columns).size()));
        }

        @Override
        public void drawComponent(TextGUIGraphics graphics, HelpText help) {
          ThemeDefinition theme = help.getThemeDefinition();
          TerminalSize size = graphics.getSize();
          List<Line> shown = lines(size.getColumns());
          top = Math.max(0, Math.min(top, shown.size() - size.getRows()));
          graphics.applyThemeStyle(theme.getNormal());
          graphics.fill(' ');
          for (int row = 0; row < size.getRows() && top + row < shown.size(); row++) {
            Line line = shown.get(top + row);
            graphics.applyThemeStyle(line.heading() ? theme.getCustom("title") : theme.getNormal());
            layout.draw(
                graphics, line.column(), row, line.text(), size.getColumns() - line.column());
          }
        }
      };
    }
  }
}
