package dev.agent.chat;

import static java.util.Objects.requireNonNull;

/**
 * Why a reply ended, in words no provider owns. The provider layer reads each server's own word
 * (chat completions' {@code finish_reason}, Anthropic's {@code stop_reason}) into a {@link Kind};
 * everything after it decides by the kind alone.
 *
 * @param kind what the ending means
 * @param word the provider's own word, kept for showing to the user ({@code cut off at the output
 *     limit (length)}) and for saving; empty when the provider gave none
 */
public record StopReason(Kind kind, String word) {
  /** No reason given: a reply whose provider said none, and every turn that did not complete. */
  public static final StopReason NONE = new StopReason(Kind.OTHER, "");

  /** What an ending means. */
  public enum Kind {
    /** The model finished its reply (or reached a stop sequence). */
    END_TURN,
    /** The reply was cut off at the output limit ({@code max_tokens}). */
    MAX_TOKENS,
    /** The provider stopped the reply: a content filter, or the model refused. */
    CONTENT_FILTER,
    /** Anything else (a tool call, a pause, a word this agent does not know), or no word at all. */
    OTHER
  }

  public StopReason {
    requireNonNull(kind, "kind");
    requireNonNull(word, "word");
  }
}
