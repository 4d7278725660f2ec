package dev.agent.tui.text;

import static java.util.Objects.requireNonNull;

/**
 * A run of text on one screen row, in one style.
 *
 * <p>{@code equals}, {@code hashCode} and {@code toString} are written out, as in {@link Row} and
 * {@link TextStyle}: a record's own are linked on first use through {@code ObjectMethods}, which
 * costs milliseconds of the first frame (see docs/performance.md).
 */
public record Span(String text, TextStyle style) {
  public Span {
    requireNonNull(text, "text");
    requireNonNull(style, "style");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Span span && text.equals(span.text) && style.equals(span.style);
  }

  @Override
  public int hashCode() {
    return 31 * text.hashCode() + style.hashCode();
  }

  @Override
  public String toString() {
    return "Span[text=" + text + ", style=" + style + "]";
  }
}
