package dev.agent.tui;

import static java.util.Objects.requireNonNull;

import java.text.BreakIterator;

/**
 * Editable text with a cursor, moved and deleted by whole graphemes so that an emoji or an accented
 * letter is never split. Line breaks are {@code \n}; a single-line buffer turns them into spaces.
 */
final class InputBuffer {
  private final boolean multiLine;
  private final StringBuilder text = new StringBuilder();
  private final BreakIterator graphemes = BreakIterator.getCharacterInstance();
  private int cursor;

  InputBuffer(boolean multiLine) {
    this.multiLine = multiLine;
  }

  String text() {
    return text.toString();
  }

  /** The cursor as a char index into {@link #text()}. */
  int cursor() {
    return cursor;
  }

  boolean isEmpty() {
    return text.length() == 0;
  }

  /** Replaces the text and puts the cursor at its end. */
  void setText(String newText) {
    text.setLength(0);
    text.append(clean(requireNonNull(newText, "newText")));
    cursor = text.length();
  }

  void clear() {
    setText("");
  }

  /** Inserts at the cursor; {@code \r\n} and {@code \r} become {@code \n}. */
  void insert(String inserted) {
    String clean = clean(inserted);
    text.insert(cursor, clean);
    cursor += clean.length();
  }

  private String clean(String raw) {
    String lines = raw.replace("\r\n", "\n").replace('\r', '\n');
    return multiLine ? lines : lines.replace('\n', ' ');
  }

  void backspace() {
    if (cursor > 0) {
      int from = previousBoundary(cursor);
      text.delete(from, cursor);
      cursor = from;
    }
  }

  void delete() {
    if (cursor < text.length()) {
      text.delete(cursor, nextBoundary(cursor));
    }
  }

  void left() {
    if (cursor > 0) {
      cursor = previousBoundary(cursor);
    }
  }

  void right() {
    if (cursor < text.length()) {
      cursor = nextBoundary(cursor);
    }
  }

  /** To the start of the current line. */
  void lineStart() {
    cursor = lineStartOf(cursor);
  }

  /** To the end of the current line. */
  void lineEnd() {
    int newline = text.indexOf("\n", cursor);
    cursor = newline < 0 ? text.length() : newline;
  }

  /** Deletes from the start of the line to the cursor (Ctrl+U in a shell). */
  void deleteToLineStart() {
    int start = lineStartOf(cursor);
    if (start == cursor && cursor > 0) {
      start = cursor - 1; // at a line's start, join it to the line above
    }
    text.delete(start, cursor);
    cursor = start;
  }

  /** Deletes the word before the cursor and the spaces after it (Ctrl+W in a shell). */
  void deletePreviousWord() {
    int start = cursor;
    while (start > 0 && Character.isWhitespace(text.charAt(start - 1))) {
      start--;
    }
    while (start > 0 && !Character.isWhitespace(text.charAt(start - 1))) {
      start--;
    }
    text.delete(start, cursor);
    cursor = start;
  }

  /** Puts the cursor at {@code index}, moved back to a grapheme boundary when inside one. */
  void moveTo(int index) {
    int clamped = Math.max(0, Math.min(index, text.length()));
    graphemes.setText(text.toString());
    cursor = graphemes.isBoundary(clamped) ? clamped : graphemes.preceding(clamped);
  }

  private int lineStartOf(int index) {
    int newline = text.lastIndexOf("\n", index - 1);
    return newline < 0 ? 0 : newline + 1;
  }

  private int previousBoundary(int index) {
    graphemes.setText(text.toString());
    return graphemes.preceding(index);
  }

  private int nextBoundary(int index) {
    graphemes.setText(text.toString());
    return graphemes.following(index);
  }
}
