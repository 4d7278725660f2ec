package dev.agent.tui;

import static java.util.Objects.requireNonNull;

import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.gui2.DefaultWindowManager;
import com.googlecode.lanterna.gui2.EmptySpace;
import com.googlecode.lanterna.gui2.MultiWindowTextGUI;
import com.googlecode.lanterna.gui2.SameTextGUIThread;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;
import java.io.EOFException;
import java.io.IOException;
import java.util.function.Predicate;

/**
 * Lanterna's window GUI, run on the thread that creates it, with three additions: keys the whole
 * chat answers to (Ctrl+Q, Ctrl+C, Ctrl+P…) are offered to it before any window sees them; an Enter
 * that arrives in the same read as more keys is taken as a pasted line break, not a send (a person
 * cannot type that fast, a paste in a terminal without bracketed paste does); and one pass handles
 * at most {@link #KEYS_PER_PASS} keys, reading one ahead, so a paste of megabytes is neither held
 * in memory as key strokes nor keeps the screen from being drawn until it is all in.
 */
final class ChatTextGUI extends MultiWindowTextGUI {
  static final int KEYS_PER_PASS = 1 << 14;

  private final Predicate<KeyStroke> globalKeys;
  private KeyStroke readAhead;

  ChatTextGUI(Screen screen, Predicate<KeyStroke> globalKeys) {
    super(
        new SameTextGUIThread.Factory(),
        screen,
        new DefaultWindowManager(),
        null,
        new EmptySpace(TextColor.ANSI.DEFAULT));
    this.globalKeys = requireNonNull(globalKeys, "globalKeys");
  }

  @Override
  public synchronized boolean handleInput(KeyStroke key) {
    return globalKeys.test(key) || super.handleInput(key);
  }

  @Override
  public synchronized boolean processInput() throws IOException {
    KeyStroke key = readAhead != null ? readAhead : readKeyStroke();
    readAhead = null;
    int handled = 0;
    while (key != null) {
      if (key.getKeyType() == KeyType.EOF) {
        throw new EOFException();
      }
      KeyStroke next = pollInput();
      KeyStroke meant = isPlainEnter(key) && next != null ? ChatKeys.CTRL_J : key;
      if (handleInput(meant) || fireUnhandledKeyStroke(meant)) {
        invalidate();
      }
      if (++handled == KEYS_PER_PASS) {
        readAhead = next; // the rest after a frame; this key already knew one followed
        break;
      }
      key = next;
    }
    return handled > 0;
  }

  private static boolean isPlainEnter(KeyStroke key) {
    return key.getKeyType() == KeyType.Enter && !key.isAltDown() && !key.isCtrlDown();
  }
}
