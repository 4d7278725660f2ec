package dev.agent.cli;

/**
 * Makes a model's text harmless to write to a terminal. A reply can hold escape sequences that
 * recolour, move the cursor, retitle the window, write the clipboard (OSC 52) or hide text behind a
 * carriage return; on a terminal each control character is therefore shown instead of obeyed: C0
 * controls in caret notation ({@code ESC} as {@code ^[}, {@code BEL} as {@code ^G}, {@code CR} as
 * {@code ^M}), {@code DEL} as {@code ^?}, C1 controls (a lone {@code CSI} is one) and the bidi
 * overrides that reorder what is shown as U+FFFD. Line feeds and tabs stay. Text the model meant to
 * show is unchanged, and the mapping needs no state, so a sequence split across deltas is shown the
 * same.
 */
final class TerminalText {
  private static final char REPLACEMENT = '\uFFFD';

  private TerminalText() {}

  /** {@code text} with every control character made visible; the same string when there is none. */
  static String neutralise(String text) {
    int first = 0;
    while (first < text.length() && !isControl(text.charAt(first))) {
      first++;
    }
    if (first == text.length()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
    for (int i = first; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!isControl(c)) {
        out.append(c);
      } else if (c < 0x20) {
        out.append('^').append((char) (c + '@'));
      } else if (c == 0x7f) {
        out.append("^?");
      } else {
        out.append(REPLACEMENT);
      }
    }
    return out.toString();
  }

  private static boolean isControl(char c) {
    return (c < 0x20 && c != '\n' && c != '\t')
        || (c >= 0x7f && c <= 0x9f)
        || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069);
  }
}
