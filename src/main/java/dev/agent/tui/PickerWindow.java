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
import dev.agent.tui.terminal.ChatKeys;
import dev.agent.tui.text.TextLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * A window listing choices: Up and Down move, Enter chooses, Escape closes. A filterable picker
 * narrows the list to the items containing what the user types. Never blocks: the choice arrives
 * through a callback on the UI thread.
 */
final class PickerWindow extends BasicWindow {

  /** The keys of a picker, for the status line. */
  static final List<String> HINTS = List.of("Enter select", "Esc close", "Up/Down move");

  /** One choice: a label, a state shown on the right, and an optional detail row beneath. */
  record Item(String label, String state, String detail) {
    Item {
      requireNonNull(label, "label");
      requireNonNull(state, "state");
      requireNonNull(detail, "detail");
    }

    int rows() {
      return detail.isEmpty() ? 1 : 2;
    }
  }

  private final Runnable onClose;

  /**
   * @param selected the index that starts out selected
   * @param maxSize the room the window may take, borders included
   * @param onChoose receives the chosen index in {@code items}, after the window closed
   * @param onClose runs when the window closes, chosen or not
   */
  PickerWindow(
      String title,
      List<Item> items,
      int selected,
      boolean filterable,
      TextLayout layout,
      TerminalSize maxSize,
      IntConsumer onChoose,
      Runnable onClose) {
    super(title);
    setHints(List.of(Hint.CENTERED, Hint.MODAL));
    this.onClose = requireNonNull(onClose, "onClose");
    setComponent(new ChoiceList(items, selected, filterable, layout, maxSize, onChoose));
  }

  @Override
  public void close() {
    super.close();
    onClose.run();
  }

  private final class ChoiceList extends AbstractInteractableComponent<ChoiceList> {
    private final List<Item> items;
    private final boolean filterable;
    private final TextLayout layout;
    private final TerminalSize maxSize;
    private final IntConsumer onChoose;
    private final InputBuffer filter = new InputBuffer(false, InputBuffer.FIELD_LIMIT);
    private List<Integer> shown;
    private int selected;
    private int top;

    ChoiceList(
        List<Item> items,
        int selected,
        boolean filterable,
        TextLayout layout,
        TerminalSize maxSize,
        IntConsumer onChoose) {
      this.items = List.copyOf(items);
      this.filterable = filterable;
      this.layout = requireNonNull(layout, "layout");
      this.maxSize = requireNonNull(maxSize, "maxSize");
      this.onChoose = requireNonNull(onChoose, "onChoose");
      applyFilter();
      this.selected = Math.max(0, shown.indexOf(selected));
    }

    private void applyFilter() {
      String needle = filter.text().strip().toLowerCase(Locale.ROOT);
      shown = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        if (items.get(i).label().toLowerCase(Locale.ROOT).contains(needle)) {
          shown.add(i);
        }
      }
      selected = 0;
      top = 0;
    }

    @Override
    protected Result handleKeyStroke(KeyStroke key) {
      if (filterable && ChatKeys.isTyped(key)) {
        filter.insert(String.valueOf(key.getCharacter()));
        applyFilter();
        return changed();
      }
      switch (key.getKeyType()) {
        case ArrowUp -> {
          selected = Math.max(0, selected - 1);
          return changed();
        }
        case ArrowDown -> {
          selected = Math.min(shown.size() - 1, selected + 1);
          return changed();
        }
        case PageUp -> {
          selected = Math.max(0, selected - Math.max(1, listRows() / 2));
          return changed();
        }
        case PageDown -> {
          selected = Math.min(shown.size() - 1, selected + Math.max(1, listRows() / 2));
          return changed();
        }
        case Home -> {
          selected = 0;
          return changed();
        }
        case End -> {
          selected = shown.size() - 1;
          return changed();
        }
        case Backspace -> {
          if (filterable) {
            filter.backspace();
            applyFilter();
          }
          return changed();
        }
        case Enter -> {
          if (!shown.isEmpty()) {
            close();
            onChoose.accept(shown.get(selected));
          }
          return Result.HANDLED;
        }
        case Escape -> {
          close();
          return Result.HANDLED;
        }
        default -> {
          return Result.UNHANDLED;
        }
      }
    }

    private Result changed() {
      selected = Math.max(0, selected);
      invalidate();
      return Result.HANDLED;
    }

    /** Rows for items: the component's height less the filter row. */
    private int listRows() {
      return Math.max(1, getSize().getRows() - (filterable ? 1 : 0));
    }

    @Override
    protected InteractableRenderer<ChoiceList> createDefaultRenderer() {
      return new InteractableRenderer<>() {
        @Override
        public TerminalPosition getCursorLocation(ChoiceList component) {
          return null;
        }

        @Override
        public TerminalSize getPreferredSize(ChoiceList component) {
          int width = filterable ? 30 : 0;
          int rows = filterable ? 1 : 0;
          for (Item item : items) {
            int line = 2 + layout.width(item.label()) + 3 + layout.width(item.state()) + 1;
            int detail = item.detail().isEmpty() ? 0 : 4 + layout.width(item.detail()) + 1;
            width = Math.max(width, Math.max(line, detail));
            rows += item.rows();
          }
          // Borders take two columns and two rows of the room.
          return new TerminalSize(
              Math.min(width, Math.max(10, maxSize.getColumns() - 2)),
              Math.min(Math.max(rows, 1), Math.max(3, maxSize.getRows() - 2)));
        }

        @Override
        public void drawComponent(TextGUIGraphics graphics, ChoiceList list) {
          ThemeDefinition theme = list.getThemeDefinition();
          TerminalSize size = graphics.getSize();
          int columns = size.getColumns();
          graphics.applyThemeStyle(theme.getNormal());
          graphics.fill(' ');
          int row = 0;
          if (filterable) {
            graphics.applyThemeStyle(theme.getCustom("filter"));
            layout.draw(graphics, 1, 0, "filter: " + filter.text(), columns - 2);
            row = 1;
          }
          int available = size.getRows() - row;
          scrollToSelected(available);
          for (int i = top; i < shown.size() && row < size.getRows(); i++) {
            Item item = items.get(shown.get(i));
            boolean isSelected = i == selected;
            graphics.applyThemeStyle(isSelected ? theme.getSelected() : theme.getNormal());
            graphics.drawLine(0, row, columns - 1, row, ' ');
            layout.draw(graphics, 0, row, isSelected ? "> " : "  ", 2);
            int stateWidth = layout.width(item.state());
            layout.draw(graphics, 2, row, item.label(), Math.max(0, columns - 2 - stateWidth - 2));
            if (!isSelected) {
              graphics.applyThemeStyle(theme.getCustom("state"));
            }
            layout.draw(graphics, columns - stateWidth - 1, row, item.state(), stateWidth);
            row++;
            if (!item.detail().isEmpty() && row < size.getRows()) {
              graphics.applyThemeStyle(theme.getCustom("detail"));
              layout.draw(graphics, 4, row, item.detail(), columns - 5);
              row++;
            }
          }
          if (shown.isEmpty()) {
            graphics.applyThemeStyle(theme.getCustom("detail"));
            layout.draw(graphics, 2, row, "no match", columns - 3);
          }
        }

        /** Moves {@link #top} so the selected item's rows are on screen. */
        private void scrollToSelected(int available) {
          if (selected < top) {
            top = selected;
          }
          while (top < selected && rowsBetween(top, selected + 1) > available) {
            top++;
          }
        }

        private int rowsBetween(int from, int to) {
          int rows = 0;
          for (int i = from; i < to; i++) {
            rows += items.get(shown.get(i)).rows();
          }
          return rows;
        }
      };
    }
  }
}
