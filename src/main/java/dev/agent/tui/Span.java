package dev.agent.tui;

import static java.util.Objects.requireNonNull;

/** A run of text on one screen row, in one style. */
record Span(String text, TextStyle style) {
  Span {
    requireNonNull(text, "text");
    requireNonNull(style, "style");
  }
}
