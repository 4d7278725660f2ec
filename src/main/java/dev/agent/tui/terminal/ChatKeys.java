package dev.agent.tui.terminal;

import com.googlecode.lanterna.input.BasicCharacterPattern;
import com.googlecode.lanterna.input.CharacterPattern;
import com.googlecode.lanterna.input.KeyDecodingProfile;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
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
        new BasicCharacterPattern(PASTE_END, ESC, '[', '2', '0', '1', '~'));
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
