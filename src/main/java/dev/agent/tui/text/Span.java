package dev.agent.tui.text;

import static java.util.Objects.requireNonNull;

/** A run of text on one screen row, in one style. */
public record Span(String text, TextStyle style) {
  public Span {
    requireNonNull(text, "text");
    requireNonNull(style, "style");
  }
}
