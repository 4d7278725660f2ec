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
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Lanterna's window GUI, run on the thread that creates it, with two additions: keys the whole chat
 * answers to (Ctrl+Q, Ctrl+C, Ctrl+P…) are offered to it before any window sees them, and an Enter
 * that arrives in the same read as more keys is taken as a pasted line break, not a send: a person
 * cannot type that fast, a paste in a terminal without bracketed paste does.
 */
final class ChatTextGUI extends MultiWindowTextGUI {
  private final Predicate<KeyStroke> globalKeys;

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
    List<KeyStroke> batch = new ArrayList<>();
    for (KeyStroke key = readKeyStroke(); key != null; key = pollInput()) {
      batch.add(key);
      if (key.getKeyType() == KeyType.EOF) {
        break;
      }
    }
    for (int i = 0; i < batch.size(); i++) {
      KeyStroke key = batch.get(i);
      if (key.getKeyType() == KeyType.EOF) {
        throw new EOFException();
      }
      if (isPlainEnter(key) && i + 1 < batch.size()) {
        key = ChatKeys.CTRL_J;
      }
      if (handleInput(key) || fireUnhandledKeyStroke(key)) {
        invalidate();
      }
    }
    return !batch.isEmpty();
  }

  private static boolean isPlainEnter(KeyStroke key) {
    return key.getKeyType() == KeyType.Enter && !key.isAltDown() && !key.isCtrlDown();
  }
}
