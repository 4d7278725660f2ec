package dev.agent.tui.terminal;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.input.BasicCharacterPattern;
import com.googlecode.lanterna.input.CharacterPattern;
import com.googlecode.lanterna.input.KeyDecodingProfile;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.input.MouseAction;
import com.googlecode.lanterna.input.MouseActionType;
import java.util.Collection;
import java.util.List;

/**
 * The keys the chat reads beyond Lanterna's defaults, decoded from what terminals send.
 *
 * <ul>
 *   <li>{@code CR} is Enter and {@code LF} is Ctrl+J: the terminal is put in {@code -icrnl} mode so
 *       the two differ, and Ctrl+J inserts a line break in every terminal.
 *   <li>{@code ESC CR} is Alt+Enter (xterm, GNOME Terminal, Konsole, iTerm2 with "Esc+", tmux,
 *       Windows Terminal); without this pattern Lanterna would read Escape and then Enter.
 *   <li>{@code ESC [200~} and {@code ESC [201~} frame a bracketed paste.
 *   <li>{@code ESC [<B;X;YM} and {@code ESC [<B;X;Ym} are the mouse in SGR's form (DEC private mode
 *       1006, which {@link ChatTerminal#setMouseWheel} asks for): the wheel, buttons pressed and
 *       released, each a {@link MouseAction}. Lanterna 3.1 reads only the older form, whose
 *       positions are bytes that break past column 223 and in UTF-8.
 * </ul>
 */
public final class ChatKeys implements KeyDecodingProfile {
  private static final char ESC = KeyDecodingProfile.ESC_CODE;

  /** The key that inserts a line break where Enter would send. */
  public static final KeyStroke CTRL_J = new KeyStroke('j', true, false);

  public static final KeyStroke ALT_ENTER = new KeyStroke(KeyType.Enter, false, true);

  /** Opens a bracketed paste: what follows up to {@link #PASTE_END} is text, never a command. */
  public static final KeyStroke PASTE_START = new PasteMarker(true);

  /** Closes a bracketed paste. */
  public static final KeyStroke PASTE_END = new PasteMarker(false);

  /** A key stroke of its own class, so no real key can be mistaken for it. */
  private static final class PasteMarker extends KeyStroke {
    private final boolean start;

    PasteMarker(boolean start) {
      super(KeyType.Unknown, false, false);
      this.start = start;
    }
  }

  public static boolean isPasteStart(KeyStroke key) {
    return key instanceof PasteMarker marker && marker.start;
  }

  public static boolean isPasteEnd(KeyStroke key) {
    return key instanceof PasteMarker marker && !marker.start;
  }

  @Override
  public Collection<CharacterPattern> getPatterns() {
    return List.of(
        new BasicCharacterPattern(new KeyStroke(KeyType.Enter), '\r'),
        new BasicCharacterPattern(CTRL_J, '\n'),
        new BasicCharacterPattern(ALT_ENTER, ESC, '\r'),
        new BasicCharacterPattern(ALT_ENTER, ESC, '\n'),
        new BasicCharacterPattern(PASTE_START, ESC, '[', '2', '0', '0', '~'),
        new BasicCharacterPattern(PASTE_END, ESC, '[', '2', '0', '1', '~'),
        ChatKeys::sgrMouse);
  }

  /** Longer than any SGR mouse report: a match that grows past it is not one. */
  private static final int MOUSE_REPORT_MAX = 24;

  /**
   * An SGR mouse report ({@code ESC [<B;X;YM} for a press or the wheel, {@code m} for a release),
   * as a {@link MouseAction} at the 0-based cell; null when {@code sequence} cannot start one.
   */
  static CharacterPattern.Matching sgrMouse(List<Character> sequence) {
    int size = sequence.size();
    String prefix = "\u001b[<";
    for (int i = 0; i < Math.min(size, prefix.length()); i++) {
      if (sequence.get(i) != prefix.charAt(i)) {
        return null;
      }
    }
    if (size <= prefix.length()) {
      return CharacterPattern.Matching.NOT_YET;
    }
    int[] fields = new int[3];
    int field = 0;
    boolean digits = false;
    for (int i = prefix.length(); i < size; i++) {
      char c = sequence.get(i);
      if (c >= '0' && c <= '9') {
        if (fields[field] > 100_000) {
          return null;
        }
        fields[field] = fields[field] * 10 + (c - '0');
        digits = true;
      } else if (c == ';' && digits && field < 2) {
        field++;
        digits = false;
      } else if ((c == 'M' || c == 'm') && digits && field == 2 && i == size - 1) {
        return new CharacterPattern.Matching(mouseAction(fields, c == 'M'));
      } else {
        return null;
      }
    }
    return size < MOUSE_REPORT_MAX ? CharacterPattern.Matching.NOT_YET : null;
  }

  /** The action of an SGR report's button code, at its 1-based column and row. */
  private static MouseAction mouseAction(int[] fields, boolean pressed) {
    int code = fields[0];
    TerminalPosition at =
        new TerminalPosition(Math.max(0, fields[1] - 1), Math.max(0, fields[2] - 1));
    int button = code & 0b11;
    MouseActionType type;
    if ((code & 64) != 0) {
      // 64 and 65 are the wheel up and down (66 and 67 sideways, taken for up and down).
      type = button % 2 == 0 ? MouseActionType.SCROLL_UP : MouseActionType.SCROLL_DOWN;
      button = button % 2 == 0 ? 4 : 5;
    } else if ((code & 32) != 0) {
      type = MouseActionType.DRAG;
      button++;
    } else {
      type = pressed ? MouseActionType.CLICK_DOWN : MouseActionType.CLICK_RELEASE;
      button++;
    }
    return new MouseAction(type, button, at);
  }

  /** Whether {@code key} is the mouse wheel turned up. */
  public static boolean isWheelUp(KeyStroke key) {
    return key instanceof MouseAction mouse && mouse.getActionType() == MouseActionType.SCROLL_UP;
  }

  /** Whether {@code key} is the mouse wheel turned down. */
  public static boolean isWheelDown(KeyStroke key) {
    return key instanceof MouseAction mouse && mouse.getActionType() == MouseActionType.SCROLL_DOWN;
  }

  /** Whether {@code key} inserts a line break: Alt+Enter or Ctrl+J. */
  public static boolean isNewline(KeyStroke key) {
    return (key.getKeyType() == KeyType.Enter && key.isAltDown()) || isCtrl(key, 'j');
  }

  /** Whether {@code key} is Ctrl plus the letter {@code letter}, without Alt. */
  public static boolean isCtrl(KeyStroke key, char letter) {
    return key.getKeyType() == KeyType.Character
        && key.isCtrlDown()
        && !key.isAltDown()
        && Character.toLowerCase(key.getCharacter()) == letter;
  }

  /** Whether {@code key} is Alt plus the letter {@code letter}, without Ctrl. */
  public static boolean isAlt(KeyStroke key, char letter) {
    return key.getKeyType() == KeyType.Character
        && key.isAltDown()
        && !key.isCtrlDown()
        && Character.toLowerCase(key.getCharacter()) == letter;
  }

  /** Whether {@code key} types a character: no Ctrl, no Alt. */
  public static boolean isTyped(KeyStroke key) {
    return key.getKeyType() == KeyType.Character && !key.isCtrlDown() && !key.isAltDown();
  }
}
