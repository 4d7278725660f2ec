package dev.agent.tui;

import com.googlecode.lanterna.gui2.BasicWindow;
import com.googlecode.lanterna.gui2.BorderLayout;
import com.googlecode.lanterna.gui2.Interactable;
import com.googlecode.lanterna.gui2.Panel;
import com.googlecode.lanterna.gui2.Window;
import java.util.List;

/**
 * The chat's one window, covering the screen: the top bar above the transcript, the prompt and the
 * status line below it. The focus moves in a ring, prompt → model field → transcript, and starts on
 * the prompt.
 */
final class ChatWindow extends BasicWindow {
  private final List<Interactable> focusOrder;
  private final InputView input;

  ChatWindow(TopBar topBar, TranscriptView transcript, InputView input, StatusLine status) {
    this.input = input;
    this.focusOrder = List.of(input, topBar, transcript);
    Panel bottom = unfilledPanel();
    bottom.addComponent(input, BorderLayout.Location.CENTER);
    bottom.addComponent(status, BorderLayout.Location.BOTTOM);
    Panel root = unfilledPanel();
    root.addComponent(topBar, BorderLayout.Location.TOP);
    root.addComponent(transcript, BorderLayout.Location.CENTER);
    root.addComponent(bottom, BorderLayout.Location.BOTTOM);
    setHints(
        List.of(
            Window.Hint.FULL_SCREEN, Window.Hint.NO_DECORATIONS, Window.Hint.NO_POST_RENDERING));
    setComponent(root);
    focusPrompt();
  }

  /**
   * A panel laid out by regions that does not clear its area before its components draw: every view
   * here paints each cell of its own area, and each pass over the cells costs a frame a good part
   * of a millisecond at 200x60 (Lanterna tests every cell it sets for wide characters).
   */
  private static Panel unfilledPanel() {
    Panel panel = new Panel(new BorderLayout());
    Panel.DefaultPanelRenderer renderer = panel.new DefaultPanelRenderer();
    renderer.setFillAreaBeforeDrawingComponents(false);
    panel.setRenderer(renderer);
    return panel;
  }

  Interactable focused() {
    return getFocusedInteractable();
  }

  void focusPrompt() {
    setFocusedInteractable(input);
  }

  /** Moves the focus {@code step} places along the ring (Tab: 1, Shift+Tab: -1). */
  void cycleFocus(int step) {
    int at = Math.max(0, focusOrder.indexOf(getFocusedInteractable()));
    setFocusedInteractable(focusOrder.get(Math.floorMod(at + step, focusOrder.size())));
  }
}
