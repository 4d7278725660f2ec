package dev.agent.tui;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.Theme;
import com.googlecode.lanterna.gui2.AbstractComponent;

/**
 * What a frame of a view drew, for the next frame to compare: the view's place on the screen, its
 * size, its theme, {@link ChatTextGUI#clearings} (a frame drawn otherwise, the first of a size or
 * one with a picker open, may have left anything in the view's area) and what the view showed.
 * While two frames' drawings are equal, the screen still holds what the view drew, cell for cell,
 * so the view may leave its area as it is: a row no view writes is neither compared nor sent (see
 * {@code ChatScreen#setCharacter}), and a frame costs what changed.
 *
 * @param shown what the view drew, as a value; null when the view compares its own rows
 */
record Drawing(TerminalPosition at, TerminalSize size, Theme theme, long epoch, Object shown) {

  /**
   * The drawing of {@code view} at {@code size} showing {@code shown}; null when the view is not
   * drawn by a {@link ChatTextGUI}, which alone keeps what a view drew from one frame to the next.
   */
  static Drawing of(AbstractComponent<?> view, TerminalSize size, Object shown) {
    return view.getTextGUI() instanceof ChatTextGUI gui && gui.getScreen() != null
        ? new Drawing(
            view.toGlobal(TerminalPosition.TOP_LEFT_CORNER),
            size,
            view.getTheme(),
            gui.clearings(),
            shown)
        : null;
  }

  /** Whether a view that drew {@code last} must draw {@code next}: false when they are equal. */
  static boolean changed(Drawing last, Drawing next) {
    return next == null || !next.equals(last);
  }
}
