package dev.agent.tui.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One screen row of the transcript: spans drawn left to right from the text's left edge, over an
 * optional band of {@code fill} that runs from cell {@code fillFrom} to the right edge of the text
 * (a code block's background), or across the whole row, margins included, when {@code fillFrom} is
 * {@link #WHOLE_ROW}.
 */
public record Row(List<Span> spans, TextStyle fill, int fillFrom) {
  public static final int WHOLE_ROW = -1;
  public static final Row BLANK = new Row(List.of(), null, 0);

  public Row {
    spans = List.copyOf(spans);
  }

  // Written out, not the record's own (linked through ObjectMethods on first use): see Span.
  @Override
  public boolean equals(Object other) {
    return other instanceof Row row
        && fillFrom == row.fillFrom
        && spans.equals(row.spans)
        && Objects.equals(fill, row.fill);
  }

  @Override
  public int hashCode() {
    return (31 * spans.hashCode() + Objects.hashCode(fill)) * 31 + fillFrom;
  }

  @Override
  public String toString() {
    return "Row[spans=" + spans + ", fill=" + fill + ", fillFrom=" + fillFrom + "]";
  }

  public static Row of(String text, TextStyle style) {
    return new Row(List.of(new Span(text, style)), null, 0);
  }

  public static Row of(List<Span> spans) {
    return new Row(spans, null, 0);
  }

  /** The row's characters, without styles. */
  public String text() {
    StringBuilder text = new StringBuilder();
    for (Span span : spans) {
      text.append(span.text());
    }
    return text.toString();
  }

  /** This row behind {@code prefix} (an indent, a list marker, a quote bar) {@code width} wide. */
  public Row prefixed(List<Span> prefix, int width) {
    List<Span> all = new ArrayList<>(prefix.size() + spans.size());
    all.addAll(prefix);
    all.addAll(spans);
    return new Row(all, fill, fill == null || fillFrom == WHOLE_ROW ? fillFrom : fillFrom + width);
  }
}
