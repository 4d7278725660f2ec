package dev.agent.tui;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.Theme;
import com.googlecode.lanterna.gui2.AbstractComponent;
import java.util.List;
import java.util.Objects;

/**
 * What a frame of a view drew, for the next frame to compare: the view's place on the screen, its
 * size, its theme, {@link ChatTextGUI#clearings} (a frame drawn otherwise, the first of a size or
 * one with a picker open, may have left anything in the view's area) and what the view showed.
 * While two frames' drawings are equal, the screen still holds what the view drew, cell for cell,
 * so the view may leave its area as it is: a row no view writes is neither compared nor sent (see
 * {@code ChatScreen#setCharacter}), and a frame costs what changed.
 *
 * <p>A class with its own {@code equals} and {@code hashCode}, not a record, and what a view showed
 * a list: a record's methods are linked through {@code ObjectMethods} on first use, which the first
 * frame of every start would pay for (see {@code RecordMethodsTest}).
 */
final class Drawing {
  private final TerminalPosition at;
  private final TerminalSize size;
  private final Theme theme;
  private final long epoch;
  private final List<Object> shown;

  private Drawing(
      TerminalPosition at, TerminalSize size, Theme theme, long epoch, List<Object> shown) {
    this.at = at;
    this.size = size;
    this.theme = theme;
    this.epoch = epoch;
    this.shown = shown;
  }

  /**
   * The drawing of {@code view} at {@code size} showing {@code shown} (all that the view's cells
   * depend on besides its place, size and theme; empty for a view that compares its own rows); null
   * when the view is not drawn by a {@link ChatTextGUI}, which alone keeps what a view drew from
   * one frame to the next.
   */
  static Drawing of(AbstractComponent<?> view, TerminalSize size, List<Object> shown) {
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

  /** Where the view's top left cell is on the screen. */
  TerminalPosition at() {
    return at;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Drawing that
        && epoch == that.epoch
        && at.equals(that.at)
        && size.equals(that.size)
        && Objects.equals(theme, that.theme)
        && shown.equals(that.shown);
  }

  @Override
  public int hashCode() {
    return Objects.hash(at, size, theme, epoch, shown);
  }
}
