package dev.agent.provider;

import dev.agent.config.ThinkTags;

/**
 * Splits a reply's answer text, as it streams, into reasoning and answer where the server leaves a
 * {@code <think>…</think>} block in the text (Ollama before 0.12.4, Groq's raw format, Together's
 * R1, LM Studio, vLLM or llama.cpp without a reasoning parser). Tags may be split anywhere across
 * chunks: what might be the start of a tag is held back until the next chunk tells, and let go at
 * the end ({@link #flush}).
 *
 * <ul>
 *   <li>{@link ThinkTags#AUTO}: a {@code <think>} at the very start (after blank space) opens
 *       reasoning up to {@code </think>}. A {@code </think>} with no {@code <think>} before it
 *       closes a block the model's template opened (DeepSeek R1 distills): the text before it was
 *       reasoning, which {@link Output#textWasReasoning} tells. A {@code <think>} later in an
 *       answer is text, and so is everything after it.
 *   <li>{@link ThinkTags#OPEN}: the reply starts inside reasoning, up to {@code </think>}; a
 *       leading {@code <think>} is dropped.
 *   <li>{@link ThinkTags#OFF}: everything is answer.
 * </ul>
 *
 * The blank space right after {@code </think>} (models put a blank line there) is dropped. Not
 * thread-safe; one per attempt.
 */
final class ThinkTagSplitter {
  /** Where the split text goes. */
  interface Output {
    void text(String text);

    void reasoning(String text);

    /** The text given so far to {@link #text} was reasoning. */
    void textWasReasoning();
  }

  static final String OPEN_TAG = "<think>";
  static final String CLOSE_TAG = "</think>";

  private enum State {
    /** Nothing but blank space yet: whether the reply opens with a tag is not known. */
    START,
    /** Inside a reasoning block, up to its closing tag. */
    REASONING,
    /** Right after the closing tag: blank space is dropped. */
    AFTER_CLOSE,
    /** Answer text in which a closing tag would mean the template opened a block. */
    ANSWER_WATCHING,
    /** Answer text, passed on as it is. */
    ANSWER
  }

  private final Output out;
  private final boolean startsInside;
  private State state;

  /** Text held back: it may be the start of a tag. */
  private final StringBuilder held = new StringBuilder();

  /** Whether any reasoning went out; the blank space it starts with does not. */
  private boolean reasoningStarted;

  ThinkTagSplitter(ThinkTags mode, Output out) {
    this.out = out;
    this.startsInside = mode == ThinkTags.OPEN;
    this.state = mode == ThinkTags.OFF ? State.ANSWER : State.START;
  }

  /** Takes the next piece of the answer's text. */
  void accept(String chunk) {
    if (held.length() == 0
        && (state == State.ANSWER || (state == State.ANSWER_WATCHING && chunk.indexOf('<') < 0))) {
      out.text(chunk); // the common case, at no cost
      return;
    }
    held.append(chunk);
    drain();
  }

  /** The reply ended: whatever was held back goes where it was heading. */
  void flush() {
    String rest = held.toString();
    held.setLength(0);
    if (rest.isEmpty()) {
      return;
    }
    switch (state) {
      case REASONING -> reasoning(rest);
      case START -> {
        if (startsInside) {
          reasoning(rest);
        } else {
          out.text(rest);
        }
      }
      case AFTER_CLOSE -> {}
      default -> out.text(rest);
    }
  }

  private void drain() {
    while (held.length() > 0) {
      switch (state) {
        case START -> {
          int first = firstNonBlank();
          if (first < 0) {
            return; // only blank space so far
          }
          String rest = held.substring(first);
          if (rest.startsWith(OPEN_TAG)) {
            held.delete(0, first + OPEN_TAG.length());
            state = State.REASONING;
          } else if (OPEN_TAG.startsWith(rest)) {
            return; // "<thi": wait for more
          } else {
            state = startsInside ? State.REASONING : State.ANSWER_WATCHING;
          }
        }
        case REASONING -> {
          int close = held.indexOf(CLOSE_TAG);
          if (close < 0) {
            emitAllButPartialTag(CLOSE_TAG, true);
            return;
          }
          if (close > 0) {
            reasoning(held.substring(0, close));
          }
          held.delete(0, close + CLOSE_TAG.length());
          state = State.AFTER_CLOSE;
        }
        case AFTER_CLOSE -> {
          int first = firstNonBlank();
          if (first < 0) {
            held.setLength(0);
            return;
          }
          held.delete(0, first);
          state = State.ANSWER;
        }
        case ANSWER_WATCHING -> {
          int open = held.indexOf(OPEN_TAG);
          int close = held.indexOf(CLOSE_TAG);
          if (open >= 0 && (close < 0 || open < close)) {
            state = State.ANSWER; // a tag inside an answer is text, from here on
          } else if (close >= 0) {
            if (close > 0) {
              out.text(held.substring(0, close));
            }
            out.textWasReasoning();
            held.delete(0, close + CLOSE_TAG.length());
            state = State.AFTER_CLOSE;
          } else {
            emitAllButPartialTag(CLOSE_TAG, false);
            return;
          }
        }
        case ANSWER -> {
          out.text(held.toString());
          held.setLength(0);
        }
      }
    }
  }

  /**
   * Passes on the held text but for an ending that may be the start of {@code tag} (or, while
   * watching an answer, of either tag), which stays held.
   */
  private void emitAllButPartialTag(String tag, boolean reasoning) {
    int keep = partialTagLength(tag);
    if (!reasoning) {
      keep = Math.max(keep, partialTagLength(OPEN_TAG));
    }
    int emit = held.length() - keep;
    if (emit > 0) {
      String text = held.substring(0, emit);
      held.delete(0, emit);
      if (reasoning) {
        reasoning(text);
      } else {
        out.text(text);
      }
    }
  }

  private void reasoning(String text) {
    String shown = reasoningStarted ? text : text.stripLeading();
    if (!shown.isEmpty()) {
      reasoningStarted = true;
      out.reasoning(shown);
    }
  }

  /** The length of the longest ending of the held text that is a proper start of {@code tag}. */
  private int partialTagLength(String tag) {
    int from = Math.max(0, held.length() - tag.length() + 1);
    for (int i = from; i < held.length(); i++) {
      if (held.charAt(i) == '<' && startsTag(i, tag)) {
        return held.length() - i;
      }
    }
    return 0;
  }

  private boolean startsTag(int at, String tag) {
    for (int i = at, j = 0; i < held.length(); i++, j++) {
      if (held.charAt(i) != tag.charAt(j)) {
        return false;
      }
    }
    return true;
  }

  private int firstNonBlank() {
    for (int i = 0; i < held.length(); i++) {
      if (!Character.isWhitespace(held.charAt(i))) {
        return i;
      }
    }
    return -1;
  }
}
