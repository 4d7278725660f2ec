package dev.agent.tui.text;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * Text built up in styled runs (a paragraph, a heading, a table cell), then wrapped at word
 * boundaries into rows of spans. A {@code \n} in the text always starts a new row.
 */
public final class StyledText {
  private final StringBuilder text = new StringBuilder();
  private final List<Integer> runStarts = new ArrayList<>();
  private final List<TextStyle> runStyles = new ArrayList<>();

  /** Appends {@code piece} in {@code style}, normalised as {@link TextLayout#normalize}. */
  public StyledText append(String piece, TextStyle style) {
    requireNonNull(style, "style");
    if (piece.isEmpty()) {
      return this;
    }
    if (runStyles.isEmpty() || !runStyles.get(runStyles.size() - 1).equals(style)) {
      runStarts.add(text.length());
      runStyles.add(style);
    }
    text.append(TextLayout.normalize(piece));
    return this;
  }

  public int length() {
    return text.length();
  }

  public String text() {
    return text.toString();
  }

  /** The spans of chars {@code [from, to)}. */
  public List<Span> spans(int from, int to) {
    List<Span> spans = new ArrayList<>();
    for (int r = 0; r < runStyles.size(); r++) {
      int start = Math.max(from, runStarts.get(r));
      int end = Math.min(to, r + 1 < runStarts.size() ? runStarts.get(r + 1) : text.length());
      if (start < end) {
        spans.add(new Span(text.substring(start, end), runStyles.get(r)));
      }
    }
    return spans;
  }

  /**
   * The rows of this text wrapped at word boundaries to {@code width} cells, each without the
   * spaces at its end. Empty text is one empty row.
   */
  public List<List<Span>> wrap(TextLayout layout, int width) {
    List<List<Span>> rows = new ArrayList<>();
    String all = text.toString();
    int lineStart = 0;
    while (true) {
      int newline = all.indexOf('\n', lineStart);
      int lineEnd = newline < 0 ? all.length() : newline;
      List<Integer> starts = layout.wrap(all.substring(lineStart, lineEnd), width);
      for (int i = 0; i < starts.size(); i++) {
        int from = lineStart + starts.get(i);
        int to = i + 1 < starts.size() ? lineStart + starts.get(i + 1) : lineEnd;
        while (to > from && all.charAt(to - 1) == ' ') {
          to--;
        }
        rows.add(spans(from, to));
      }
      if (newline < 0) {
        return rows;
      }
      lineStart = newline + 1;
    }
  }
}
