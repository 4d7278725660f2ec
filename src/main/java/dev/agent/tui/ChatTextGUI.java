package dev.agent.tui;

import static java.util.Objects.requireNonNull;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.gui2.DefaultWindowManager;
import com.googlecode.lanterna.gui2.EmptySpace;
import com.googlecode.lanterna.gui2.MultiWindowTextGUI;
import com.googlecode.lanterna.gui2.SameTextGUIThread;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import com.googlecode.lanterna.gui2.TextGUIThread;
import com.googlecode.lanterna.gui2.Window;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.agent.tui.terminal.ChatKeys;
import dev.agent.tui.terminal.ChatScreen;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Lanterna's window GUI, run on the thread that creates it, with four additions: keys the whole
 * chat answers to (Ctrl+Q, Ctrl+C, Ctrl+P…) are offered to it before any window sees them; an Enter
 * that arrives in the same read as more keys is taken as a pasted line break, not a send (a person
 * cannot type that fast, a paste in a terminal without bracketed paste does); one pass handles at
 * most {@link #KEYS_PER_PASS} keys, reading one ahead, so a paste of megabytes is neither held in
 * memory as key strokes nor keeps the screen from being drawn until it is all in; and an exception
 * on its thread is thrown on, not printed onto the screen.
 */
final class ChatTextGUI extends MultiWindowTextGUI {
  static final int KEYS_PER_PASS = 1 << 14;

  /** The hints of a window that covers the screen and is drawn without decorations or shadow. */
  private static final Set<Window.Hint> ALONE_ON_SCREEN =
      Set.of(Window.Hint.FULL_SCREEN, Window.Hint.NO_DECORATIONS, Window.Hint.NO_POST_RENDERING);

  private final ChatScreen screen;
  private final Predicate<KeyStroke> globalKeys;
  private KeyStroke readAhead;

  /** The size of the last frame the chat window drew alone; null after any other frame. */
  private TerminalSize drawnAloneAt;

  private long clearings;

  ChatTextGUI(ChatScreen screen, Predicate<KeyStroke> globalKeys) {
    super(
        new SameTextGUIThread.Factory(),
        screen,
        new DefaultWindowManager(),
        null,
        new EmptySpace(TextColor.ANSI.DEFAULT));
    this.screen = screen;
    this.globalKeys = requireNonNull(globalKeys, "globalKeys");
    // Lanterna's default handler prints the stack trace onto the screen and carries on; ours lets
    // it reach ChatApp, which restores the terminal and logs it.
    getGUIThread()
        .setExceptionHandler(
            new TextGUIThread.ExceptionHandler() {
              @Override
              public boolean onIOException(IOException e) {
                throw new UncheckedIOException(e);
              }

              @Override
              public boolean onRuntimeException(RuntimeException e) {
                throw e;
              }
            });
  }

  /**
   * Draws the chat window straight onto the screen while it is alone and covers all of it. Lanterna
   * would paint a background pane that the window hides, draw the window into a buffer of its own
   * and copy that onto the screen: two passes over every cell more, each cell paying for Lanterna's
   * test for wide characters, which is most of the cost of a frame. With a picker open, Lanterna
   * draws as usual.
   *
   * <p>The window clears its whole area before its views draw. That is kept for the first frame of
   * a new size, and the first after a picker (so nothing of it stays); otherwise the clearing is
   * left out, because each view draws every cell of its own area: each cell of text that did not
   * change is then written as it was, which the screen skips for the cost of a comparison, instead
   * of twice (blank, then its text again) at the cost of Lanterna's test for wide characters each
   * time, so a frame costs about what changed. The very first frame, on a blank screen, is not
   * cleared either: that would write every cell once more while nothing is compiled yet.
   */
  @Override
  protected synchronized void drawGUI(TextGUIGraphics graphics) {
    Collection<Window> windows = getWindows();
    Window window = windows.size() == 1 ? windows.iterator().next() : null;
    if (window == null
        || !window.isVisible()
        || !window.getHints().containsAll(ALONE_ON_SCREEN)
        || !window.getPosition().equals(TerminalPosition.TOP_LEFT_CORNER)) {
      drawnAloneAt = null;
      clearings++;
      super.drawGUI(graphics);
      return;
    }
    if (getBackgroundPane().isInvalid()) {
      // Drawn once, or it would keep asking for a frame; the window hides all of it, so it is drawn
      // into no cells: filling the screen with it made the first frame of every start a tenth
      // slower, at a time the code that tests each cell has not been compiled yet.
      getBackgroundPane()
          .draw(graphics.newTextGraphics(TerminalPosition.TOP_LEFT_CORNER, TerminalSize.ZERO));
    }
    // Where Lanterna's window manager puts a full-screen window without decorations, without its
    // asking the window for the size it would like first: a layout pass over every view, on each
    // frame, whose answer it then ignores.
    window.setPosition(TerminalPosition.TOP_LEFT_CORNER);
    window.setDecoratedSize(graphics.getSize());
    boolean first = drawnAloneAt == null && clearings == 0;
    boolean clear = !first && !graphics.getSize().equals(drawnAloneAt);
    if (clear) {
      clearings++;
      window.draw(graphics);
    } else {
      screen.holdFills(true);
      try {
        window.draw(graphics);
      } finally {
        screen.holdFills(false);
      }
    }
    window.setContentOffset(TerminalPosition.TOP_LEFT_CORNER);
    drawnAloneAt = graphics.getSize();
  }

  /**
   * How many frames were drawn otherwise than by the chat window alone over what it drew the frame
   * before (cleared first, or by Lanterna with another window open, or into a buffer of its own):
   * while the count stays the same, the screen holds what each view drew the frame before, which a
   * view may then leave as it is ({@link TranscriptView} draws only the rows that changed).
   */
  long clearings() {
    return clearings;
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
