package dev.agent.store;

/** Titles of conversations: from the first prompt, without asking the model, on one short line. */
final class SessionTitle {
  /** The longest title, in chars; longer ones end in an ellipsis. */
  static final int MAX_LENGTH = 60;

  static final String UNTITLED = "(untitled)";

  private SessionTitle() {}

  /** The first non-blank line of {@code prompt}, cleaned; {@link #UNTITLED} when all is blank. */
  static String fromPrompt(String prompt) {
    for (String line : prompt.split("\\R", -1)) {
      String title = clean(line);
      if (!title.isEmpty()) {
        return title;
      }
    }
    return UNTITLED;
  }

  /**
   * {@code text} on one line: control characters and runs of white space become one space, the ends
   * are trimmed, and it is cut to {@link #MAX_LENGTH} with an ellipsis (never inside a surrogate
   * pair). Empty when nothing is left.
   */
  static String clean(String text) {
    StringBuilder out = new StringBuilder();
    boolean space = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
        space = out.length() > 0;
      } else {
        if (space) {
          out.append(' ');
          space = false;
        }
        out.append(c);
      }
    }
    if (out.length() <= MAX_LENGTH) {
      return out.toString();
    }
    int end = MAX_LENGTH - 1;
    if (Character.isHighSurrogate(out.charAt(end - 1))) {
      end--;
    }
    return out.substring(0, end).stripTrailing() + "…";
  }
}
