package dev.agent.provider;

/** Turns text a server sent into something safe to put in a one-line message. */
final class MessageText {
  private MessageText() {}

  /**
   * {@code text} on one line: control characters become spaces, runs of whitespace collapse, and
   * anything past {@code max} characters is cut and marked with {@code …}.
   */
  static String oneLine(String text, int max) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), max + 1));
    boolean space = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c) || isInvisibleFormat(c)) {
        space = out.length() > 0;
        continue;
      }
      if (out.length() + (space ? 1 : 0) >= max) {
        int end = out.length();
        if (end > 0 && Character.isHighSurrogate(out.charAt(end - 1))) {
          out.setLength(end - 1);
        }
        return out.append('…').toString();
      }
      if (space) {
        out.append(' ');
        space = false;
      }
      out.append(c);
    }
    return out.toString();
  }

  /** Bidi overrides and similar format characters could make a message read differently. */
  private static boolean isInvisibleFormat(char c) {
    return Character.getType(c) == Character.FORMAT;
  }
}
