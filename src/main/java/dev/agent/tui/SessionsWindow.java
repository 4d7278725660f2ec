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
import com.googlecode.lanterna.input.KeyType;
import dev.agent.store.SessionException;
import dev.agent.store.SessionInfo;
import dev.agent.store.SessionStore;
import dev.agent.tui.terminal.ChatKeys;
import dev.agent.tui.text.TextLayout;
import java.io.IOException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The saved conversations (Ctrl+S): Up and Down move, typing filters by title or ID, Enter opens,
 * Ctrl+R renames, Delete asks before it deletes, Escape closes. Renames and deletes go to the store
 * at once; the chat hears of them through {@link Actions}. Runs on the UI thread and never blocks
 * on anything but the store's small files.
 */
final class SessionsWindow extends BasicWindow {

  /** What the chat does when the user acts in the list. */
  interface Actions {
    /** Open {@code id}; the window has closed. */
    void open(String id);

    /** {@code id} was deleted from the store. */
    void deleted(String id, String title);

    /** The window handled a key; what it offers may have changed (see {@link #hints()}). */
    void changed();

    /** The window closed, whatever was chosen. */
    void closed();
  }

  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

  /** When, on a screen too narrow for the year and the count of messages beside the title. */
  private static final DateTimeFormatter SHORT_WHEN =
      DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT);

  private final Actions actions;
  private final SessionList list;

  /**
   * @param sessions the listing, most recently active first
   * @param openId the conversation the chat shows, marked in the list; empty for none
   * @param maxSize the room the window may take, borders included
   */
  SessionsWindow(
      List<SessionInfo> sessions,
      String openId,
      SessionStore store,
      TextLayout layout,
      TerminalSize maxSize,
      ZoneId zone,
      Actions actions) {
    super("Conversations: Enter opens, Esc closes");
    setHints(List.of(Hint.CENTERED, Hint.MODAL));
    this.actions = requireNonNull(actions, "actions");
    this.list = new SessionList(sessions, openId, store, layout, maxSize, zone);
    setComponent(list);
  }

  @Override
  public void close() {
    super.close();
    actions.closed();
  }

  /** The keys that matter now, for the status line. */
  List<String> hints() {
    return switch (list.mode) {
      case RENAME -> List.of("Enter save", "Esc keep the old title");
      case CONFIRM -> List.of("y delete", "other keys keep it");
      case LIST -> List.of("Enter open", "Ctrl+R rename", "Del delete", "Esc close");
    };
  }

  private enum Mode {
    LIST,
    RENAME,
    CONFIRM
  }

  /** One row of the list, with the title it has now (a rename changes it). */
  private static final class Entry {
    final SessionInfo info;
    String title;

    Entry(SessionInfo info) {
      this.info = info;
      this.title = info.title();
    }
  }

  private final class SessionList extends AbstractInteractableComponent<SessionList> {
    private final List<Entry> entries = new ArrayList<>();
    private final String openId;
    private final SessionStore store;
    private final TextLayout layout;
    private final TerminalSize maxSize;
    private final ZoneId zone;
    private final InputBuffer filter = new InputBuffer(false, InputBuffer.FIELD_LIMIT);
    private final InputBuffer title = new InputBuffer(false, InputBuffer.FIELD_LIMIT);
    private List<Entry> shown = List.of();
    private Mode mode = Mode.LIST;
    private String message = "";
    private int selected;
    private int top;
    private TerminalPosition cursor;

    SessionList(
        List<SessionInfo> sessions,
        String openId,
        SessionStore store,
        TextLayout layout,
        TerminalSize maxSize,
        ZoneId zone) {
      for (SessionInfo info : sessions) {
        entries.add(new Entry(info));
      }
      this.openId = requireNonNull(openId, "openId");
      this.store = requireNonNull(store, "store");
      this.layout = requireNonNull(layout, "layout");
      this.maxSize = requireNonNull(maxSize, "maxSize");
      this.zone = requireNonNull(zone, "zone");
      applyFilter();
    }

    private void applyFilter() {
      String needle = filter.text().strip().toLowerCase(Locale.ROOT);
      List<Entry> matching = new ArrayList<>();
      for (Entry entry : entries) {
        if (entry.title.toLowerCase(Locale.ROOT).contains(needle)
            || entry.info.id().contains(needle)) {
          matching.add(entry);
        }
      }
      shown = matching;
      selected = 0;
      top = 0;
    }

    @Override
    protected Result handleKeyStroke(KeyStroke key) {
      message = "";
      Result result =
          switch (mode) {
            case RENAME -> renaming(key);
            case CONFIRM -> confirming(key);
            case LIST -> listing(key);
          };
      invalidate();
      actions.changed();
      return result;
    }

    private Result listing(KeyStroke key) {
      if (ChatKeys.isTyped(key)) {
        filter.insert(String.valueOf(key.getCharacter()));
        applyFilter();
        return Result.HANDLED;
      }
      if (ChatKeys.isCtrl(key, 'r') || key.getKeyType() == KeyType.F2) {
        if (!shown.isEmpty()) {
          title.setText(shown.get(selected).title);
          mode = Mode.RENAME;
        }
        return Result.HANDLED;
      }
      if (ChatKeys.isCtrl(key, 'd') || key.getKeyType() == KeyType.Delete) {
        if (!shown.isEmpty()) {
          mode = Mode.CONFIRM;
        }
        return Result.HANDLED;
      }
      switch (key.getKeyType()) {
        case ArrowUp -> selected = Math.max(0, selected - 1);
        case ArrowDown -> selected = Math.max(0, Math.min(shown.size() - 1, selected + 1));
        case PageUp -> selected = Math.max(0, selected - Math.max(1, listRows() / 4));
        case PageDown ->
            selected =
                Math.max(0, Math.min(shown.size() - 1, selected + Math.max(1, listRows() / 4)));
        case Home -> selected = 0;
        case End -> selected = Math.max(0, shown.size() - 1);
        case Backspace -> {
          filter.backspace();
          applyFilter();
        }
        case Enter -> {
          if (!shown.isEmpty()) {
            String id = shown.get(selected).info.id();
            close();
            actions.open(id);
          }
        }
        case Escape -> close();
        default -> {
          return Result.UNHANDLED;
        }
      }
      return Result.HANDLED;
    }

    private Result renaming(KeyStroke key) {
      if (ChatKeys.isTyped(key)) {
        title.insert(String.valueOf(key.getCharacter()));
        return Result.HANDLED;
      }
      switch (key.getKeyType()) {
        case Backspace -> title.backspace();
        case Delete -> title.delete();
        case ArrowLeft -> title.left();
        case ArrowRight -> title.right();
        case Home -> title.lineStart();
        case End -> title.lineEnd();
        case Escape -> mode = Mode.LIST;
        case Enter -> {
          Entry entry = shown.get(selected);
          try {
            entry.title = store.rename(entry.info.id(), title.text());
            mode = Mode.LIST;
            message = "renamed";
          } catch (SessionException e) {
            mode = Mode.LIST;
            message = e.getMessage();
          } catch (IOException e) {
            mode = Mode.LIST;
            message = "cannot rename it: " + e.getMessage();
          }
        }
        default -> {
          // Other keys have no meaning while a title is typed.
        }
      }
      return Result.HANDLED;
    }

    private Result confirming(KeyStroke key) {
      mode = Mode.LIST;
      if (!(ChatKeys.isTyped(key) && Character.toLowerCase(key.getCharacter()) == 'y')) {
        message = "kept";
        return Result.HANDLED;
      }
      Entry entry = shown.get(selected);
      try {
        store.delete(entry.info.id());
        entries.remove(entry);
        shown.remove(entry);
        selected = Math.max(0, Math.min(selected, shown.size() - 1));
        message = "deleted " + entry.title;
        actions.deleted(entry.info.id(), entry.title);
      } catch (SessionException | IOException e) {
        message = "cannot delete it: " + e.getMessage();
      }
      return Result.HANDLED;
    }

    /** Rows for entries: the height less the filter row and the message row. */
    private int listRows() {
      return Math.max(1, getSize().getRows() - 2);
    }

    private String state(Entry entry) {
      return entry.info.messages()
          + (entry.info.messages() == 1 ? " message" : " messages")
          + layout.pick(" · ", " - ")
          + WHEN.format(entry.info.updated().atZone(zone));
    }

    private String detail(Entry entry) {
      String with =
          entry.info.provider().isEmpty()
              ? ""
              : entry.info.provider() + "/" + entry.info.model() + layout.pick(" · ", " - ");
      return with + entry.info.id();
    }

    private String label(Entry entry) {
      return entry.info.id().equals(openId) ? entry.title + " (open)" : entry.title;
    }

    @Override
    protected InteractableRenderer<SessionList> createDefaultRenderer() {
      return new InteractableRenderer<>() {
        @Override
        public TerminalPosition getCursorLocation(SessionList component) {
          return cursor;
        }

        @Override
        public TerminalSize getPreferredSize(SessionList component) {
          int width = 50;
          int rows = 2;
          for (Entry entry : entries) {
            int line = 2 + layout.width(label(entry)) + 3 + layout.width(state(entry)) + 1;
            width = Math.max(width, Math.max(line, 4 + layout.width(detail(entry)) + 1));
            rows += 2;
          }
          return new TerminalSize(
              Math.min(width, Math.max(10, maxSize.getColumns() - 2)),
              Math.min(Math.max(rows, 3), Math.max(3, maxSize.getRows() - 2)));
        }

        @Override
        public void drawComponent(TextGUIGraphics graphics, SessionList list) {
          ThemeDefinition theme = list.getThemeDefinition();
          TerminalSize size = graphics.getSize();
          int columns = size.getColumns();
          graphics.applyThemeStyle(theme.getNormal());
          graphics.fill(' ');
          cursor = null;
          graphics.applyThemeStyle(theme.getCustom("filter"));
          layout.draw(graphics, 1, 0, "filter: " + filter.text(), columns - 2);
          int available = size.getRows() - 2;
          scrollToSelected(available);
          int row = 1;
          for (int i = top; i < shown.size() && row + 1 < size.getRows(); i++) {
            Entry entry = shown.get(i);
            boolean isSelected = i == selected;
            graphics.applyThemeStyle(isSelected ? theme.getSelected() : theme.getNormal());
            graphics.drawLine(0, row, columns - 1, row, ' ');
            layout.draw(graphics, 0, row, isSelected ? "> " : "  ", 2);
            String state = state(entry);
            if (layout.width(label(entry)) > columns - 4 - layout.width(state)) {
              // No room: the title before the count of messages and the year.
              state = SHORT_WHEN.format(entry.info.updated().atZone(zone));
            }
            int stateWidth = layout.width(state);
            layout.draw(graphics, 2, row, label(entry), Math.max(0, columns - 2 - stateWidth - 2));
            if (!isSelected) {
              graphics.applyThemeStyle(theme.getCustom("state"));
            }
            layout.draw(graphics, columns - stateWidth - 1, row, state, stateWidth);
            row++;
            if (row + 1 < size.getRows()) {
              graphics.applyThemeStyle(theme.getCustom("detail"));
              layout.draw(graphics, 4, row, detail(entry), columns - 5);
              row++;
            }
          }
          if (shown.isEmpty()) {
            graphics.applyThemeStyle(theme.getCustom("detail"));
            layout.draw(
                graphics,
                2,
                1,
                entries.isEmpty() ? "no saved conversations yet" : "no match",
                columns - 3);
          }
          drawBottom(graphics, theme, size);
        }

        private void drawBottom(
            TextGUIGraphics graphics, ThemeDefinition theme, TerminalSize size) {
          int row = size.getRows() - 1;
          int columns = size.getColumns();
          graphics.applyThemeStyle(theme.getCustom("prompt"));
          graphics.drawLine(0, row, columns - 1, row, ' ');
          String text =
              switch (mode) {
                case RENAME -> {
                  String prefix = "title: ";
                  int before = layout.width(prefix + title.text().substring(0, title.cursor()));
                  cursor = new TerminalPosition(Math.min(1 + before, columns - 1), row);
                  yield prefix + title.text();
                }
                case CONFIRM -> {
                  String ask =
                      "delete \""
                          + shown.get(selected).title
                          + "\" for good? y deletes, any other key keeps it";
                  String shorter = "delete \"" + shown.get(selected).title + "\"? y deletes";
                  yield layout.width(ask) + 1 < columns
                      ? ask
                      : layout.width(shorter) + 1 < columns
                          ? shorter
                          : "delete it for good? y deletes";
                }
                case LIST -> message;
              };
          layout.draw(graphics, 1, row, text, columns - 2);
        }

        /** Moves {@link #top} so the selected entry's two rows are on screen. */
        private void scrollToSelected(int available) {
          int fits = Math.max(1, available / 2);
          if (selected < top) {
            top = selected;
          }
          if (selected >= top + fits) {
            top = selected - fits + 1;
          }
        }
      };
    }
  }
}
