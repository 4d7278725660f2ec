package dev.agent.tui;

import static java.util.Objects.requireNonNull;

import java.text.BreakIterator;

/**
 * Editable text with a cursor, moved and deleted by whole graphemes so that an emoji or an accented
 * letter is never split. Line breaks are {@code \n}; a single-line buffer turns them into spaces.
 *
 * <p>Holds at most {@code limit} chars: what would go beyond is left out and counted ({@link
 * #takeCut()}), so a paste of megabytes cannot grow it without bound. Inserts at the cursor wait in
 * a side buffer until something reads or moves the text, so a paste that arrives a key at a time
 * costs its own length, not its length times the text after the cursor.
 */
final class InputBuffer {
  /** The most a one-line field (a model name, a filter, a title) holds. */
  static final int FIELD_LIMIT = 1024;

  private final boolean multiLine;
  private final int limit;
  private final StringBuilder text = new StringBuilder();
  private final StringBuilder pending = new StringBuilder();
  private final BreakIterator graphemes = BreakIterator.getCharacterInstance();
  private String snapshot = "";
  private long version;
  private int cursor;
  private long cut;

  /**
   * @param limit the most chars the buffer holds
   */
  InputBuffer(boolean multiLine, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit " + limit + " < 1");
    }
    this.multiLine = multiLine;
    this.limit = limit;
  }

  String text() {
    settle();
    if (snapshot == null) {
      snapshot = text.toString();
    }
    return snapshot;
  }

  /** The cursor as a char index into {@link #text()}. */
  int cursor() {
    settle();
    return cursor;
  }

  boolean isEmpty() {
    return text.length() == 0 && pending.length() == 0;
  }

  /** Counts the changes of the text, so that a view can tell whether its layout still holds. */
  long version() {
    settle();
    return version;
  }

  /** How many chars were left out for want of room since the last call; then zero again. */
  long takeCut() {
    long taken = cut;
    cut = 0;
    return taken;
  }

  /** Replaces the text and puts the cursor at its end. */
  void setText(String newText) {
    pending.setLength(0);
    text.setLength(0);
    text.append(fit(clean(requireNonNull(newText, "newText")), limit));
    cursor = text.length();
    changed();
  }

  void clear() {
    setText("");
  }

  /** Inserts at the cursor; {@code \r\n} and {@code \r} become {@code \n}. */
  void insert(String inserted) {
    String kept = fit(clean(inserted), limit - text.length() - pending.length());
    if (!kept.isEmpty()) {
      pending.append(kept);
      snapshot = null;
    }
  }

  /** {@code text} cut to {@code room} chars (never inside a surrogate pair), counting the rest. */
  private String fit(String text, int room) {
    if (text.length() <= room) {
      return text;
    }
    int keep = Math.max(0, room);
    if (keep > 0 && Character.isHighSurrogate(text.charAt(keep - 1))) {
      keep--;
    }
    cut += text.length() - keep;
    return text.substring(0, keep);
  }

  /** Moves waiting inserts into the text, in one go. */
  private void settle() {
    if (pending.length() > 0) {
      text.insert(cursor, pending);
      cursor += pending.length();
      pending.setLength(0);
      changed();
    }
  }

  private void changed() {
    snapshot = null;
    version++;
  }

  private String clean(String raw) {
    String lines = raw.replace("\r\n", "\n").replace('\r', '\n');
    return multiLine ? lines : lines.replace('\n', ' ');
  }

  void backspace() {
    settle();
    if (cursor > 0) {
      int from = previousBoundary(cursor);
      text.delete(from, cursor);
      cursor = from;
      changed();
    }
  }

  void delete() {
    settle();
    if (cursor < text.length()) {
      text.delete(cursor, nextBoundary(cursor));
      changed();
    }
  }

  void left() {
    settle();
    if (cursor > 0) {
      cursor = previousBoundary(cursor);
    }
  }

  void right() {
    settle();
    if (cursor < text.length()) {
      cursor = nextBoundary(cursor);
    }
  }

  /** To the start of the current line. */
  void lineStart() {
    settle();
    cursor = lineStartOf(cursor);
  }

  /** To the end of the current line. */
  void lineEnd() {
    settle();
    int newline = text.indexOf("\n", cursor);
    cursor = newline < 0 ? text.length() : newline;
  }

  /** Deletes from the start of the line to the cursor (Ctrl+U in a shell). */
  void deleteToLineStart() {
    settle();
    int start = lineStartOf(cursor);
    if (start == cursor && cursor > 0) {
      start = cursor - 1; // at a line's start, join it to the line above
    }
    text.delete(start, cursor);
    cursor = start;
    changed();
  }

  /** Deletes the word before the cursor and the spaces after it (Ctrl+W in a shell). */
  void deletePreviousWord() {
    settle();
    int start = cursor;
    while (start > 0 && Character.isWhitespace(text.charAt(start - 1))) {
      start--;
    }
    while (start > 0 && !Character.isWhitespace(text.charAt(start - 1))) {
      start--;
    }
    text.delete(start, cursor);
    cursor = start;
    changed();
  }

  /** Puts the cursor at {@code index}, moved back to a grapheme boundary when inside one. */
  void moveTo(int index) {
    settle();
    int clamped = Math.max(0, Math.min(index, text.length()));
    graphemes.setText(text());
    cursor = graphemes.isBoundary(clamped) ? clamped : graphemes.preceding(clamped);
  }

  private int lineStartOf(int index) {
    int newline = text.lastIndexOf("\n", index - 1);
    return newline < 0 ? 0 : newline + 1;
  }

  private int previousBoundary(int index) {
    graphemes.setText(text());
    return graphemes.preceding(index);
  }

  private int nextBoundary(int index) {
    graphemes.setText(text());
    return graphemes.following(index);
  }
}
