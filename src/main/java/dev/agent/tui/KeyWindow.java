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
import java.util.List;
import java.util.function.Consumer;

/**
 * The masked field of {@code /key}: the API key of a provider, typed or pasted, each character
 * drawn as {@code •} ({@code *} where the terminal cannot draw it). Enter hands the key over, Esc
 * (or Ctrl+C, which the chat turns into closing the window on top) drops it. What is typed lives in
 * this window alone: it never reaches the prompt, its history, the transcript or the screen.
 */
final class KeyWindow extends BasicWindow {
  /** The keys of the field, for the status line. */
  static final List<String> HINTS = List.of("Enter keep for this run", "Esc cancel");

  /** More than any API key; a paste beyond it is not a key. */
  static final int MAX_CHARS = 4096;

  private final Runnable onClose;
  private final KeyField field;

  /**
   * @param providerName whose key it is, for the title
   * @param maxSize the room the window may take, borders included
   * @param onKey receives the key, stripped and not empty, after the window closed
   * @param onClose runs when the window closes, with a key or not
   */
  KeyWindow(
      String providerName,
      TextLayout layout,
      TerminalSize maxSize,
      Consumer<String> onKey,
      Runnable onClose) {
    super("API key for " + providerName + ": Enter keeps it, Esc cancels");
    setHints(List.of(Hint.CENTERED, Hint.MODAL));
    this.onClose = requireNonNull(onClose, "onClose");
    this.field = new KeyField(layout, maxSize, onKey);
    setComponent(field);
  }

  /** Closes the window; what was typed and not kept is dropped (Esc, Ctrl+C). */
  @Override
  public void close() {
    field.key.setLength(0);
    super.close();
    onClose.run();
  }

  private final class KeyField extends AbstractInteractableComponent<KeyField> {
    private static final String LABEL = "Key: ";
    private static final String NOTE = "For this run only: kept in memory, never written to disk.";

    private final TextLayout layout;
    private final TerminalSize maxSize;
    private final Consumer<String> onKey;
    private final StringBuilder key = new StringBuilder();
    private boolean pasting;

    KeyField(TextLayout layout, TerminalSize maxSize, Consumer<String> onKey) {
      this.layout = requireNonNull(layout, "layout");
      this.maxSize = requireNonNull(maxSize, "maxSize");
      this.onKey = requireNonNull(onKey, "onKey");
    }

    @Override
    protected Result handleKeyStroke(KeyStroke stroke) {
      if (ChatKeys.isPasteStart(stroke) || ChatKeys.isPasteEnd(stroke)) {
        pasting = ChatKeys.isPasteStart(stroke);
        return Result.HANDLED;
      }
      if (ChatKeys.isTyped(stroke)) {
        char c = stroke.getCharacter();
        // A key has no spaces: a pasted one's surrounding blanks and line breaks are left out.
        if (!Character.isWhitespace(c) && !Character.isISOControl(c) && key.length() < MAX_CHARS) {
          key.append(c);
        }
        invalidate();
        return Result.HANDLED;
      }
      if (pasting) {
        return Result.HANDLED; // a pasted line break (Enter) ends no key
      }
      if (ChatKeys.isCtrl(stroke, 'u')) {
        key.setLength(0);
        invalidate();
        return Result.HANDLED;
      }
      switch (stroke.getKeyType()) {
        case Backspace -> {
          if (key.length() > 0) {
            key.setLength(key.length() - 1);
          }
          invalidate();
          return Result.HANDLED;
        }
        case Enter -> {
          if (key.length() > 0) {
            String entered = key.toString();
            key.setLength(0);
            close();
            onKey.accept(entered);
          }
          return Result.HANDLED;
        }
        case Escape -> {
          key.setLength(0);
          close();
          return Result.HANDLED;
        }
        default -> {
          // Every other key is taken: none may reach the chat behind the window.
          return Result.HANDLED;
        }
      }
    }

    /** The bullets shown for the key, the last of them when they do not all fit {@code room}. */
    private String masked(int room) {
      int shown = Math.min(key.length(), Math.max(0, room));
      return layout.pick("•", "*").repeat(shown);
    }

    private int fieldRoom(int columns) {
      return columns - 1 - LABEL.length() - 1;
    }

    @Override
    protected InteractableRenderer<KeyField> createDefaultRenderer() {
      return new InteractableRenderer<>() {
        @Override
        public TerminalPosition getCursorLocation(KeyField field) {
          int columns = field.getSize().getColumns();
          return new TerminalPosition(
              1 + LABEL.length() + Math.min(key.length(), fieldRoom(columns)), 0);
        }

        @Override
        public TerminalSize getPreferredSize(KeyField field) {
          // Borders take two columns and two rows of the room.
          int columns = Math.max(10, Math.min(64, maxSize.getColumns() - 2));
          int noteRows = layout.wrap(NOTE, Math.max(1, columns - 2)).size();
          return new TerminalSize(
              columns, Math.min(Math.max(3, maxSize.getRows() - 2), 2 + noteRows));
        }

        @Override
        public void drawComponent(TextGUIGraphics graphics, KeyField field) {
          ThemeDefinition theme = field.getThemeDefinition();
          TerminalSize size = graphics.getSize();
          int columns = size.getColumns();
          graphics.applyThemeStyle(theme.getNormal());
          graphics.fill(' ');
          graphics.applyThemeStyle(theme.getCustom("title"));
          layout.draw(graphics, 1, 0, LABEL, LABEL.length());
          graphics.applyThemeStyle(theme.getNormal());
          layout.draw(
              graphics, 1 + LABEL.length(), 0, masked(fieldRoom(columns)), fieldRoom(columns));
          List<Integer> starts = layout.wrap(NOTE, Math.max(1, columns - 2));
          for (int i = 0; i < starts.size() && 2 + i < size.getRows(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1) : NOTE.length();
            layout.draw(
                graphics,
                1,
                2 + i,
                NOTE.substring(starts.get(i), end).stripTrailing(),
                columns - 2);
          }
        }
      };
    }
  }
}
