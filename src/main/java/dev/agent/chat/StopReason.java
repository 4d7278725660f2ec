package dev.agent.chat;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Why a reply ended, in words no provider owns. The provider layer reads each server's own word
 * (chat completions' {@code finish_reason}, Anthropic's {@code stop_reason}) into a {@link Kind};
 * everything after it decides by the kind alone.
 *
 * @param kind what the ending means
 * @param word the provider's own word, kept for showing to the user ({@code cut off at the output
 *     limit (length)}) and for saving; empty when the provider gave none
 * @param tools for {@link Kind#TOOL_CALL}, the names of the tools the model asked for, in order,
 *     without repeats; empty otherwise, and for a reply loaded from a saved conversation (which
 *     keeps only the word)
 */
public record StopReason(Kind kind, String word, List<String> tools) {
  /** No reason given: a reply whose provider said none, and every turn that did not complete. */
  public static final StopReason NONE = new StopReason(Kind.OTHER, "");

  /** What an ending means. */
  public enum Kind {
    /** The model finished its reply (or reached a stop sequence). */
    END_TURN,
    /** The reply was cut off at the output limit ({@code max_tokens}). */
    MAX_TOKENS,
    /** The provider stopped the reply: a content filter. */
    CONTENT_FILTER,
    /** The model refused; the reply's text, if any, is its refusal. */
    REFUSAL,
    /** The model asked to call a tool, which agent does not run. */
    TOOL_CALL,
    /** Anything else (a pause, a word this agent does not know), or no word at all. */
    OTHER
  }

  public StopReason {
    requireNonNull(kind, "kind");
    requireNonNull(word, "word");
    tools = List.copyOf(requireNonNull(tools, "tools"));
  }

  /**
   * What the model asked for, as the notes under a tool call name it: {@code a tool (get_weather)},
   * {@code tools (get_weather, get_time)}, or {@code a tool} when no name is known.
   */
  public String toolsAskedFor() {
    return switch (tools.size()) {
      case 0 -> "a tool";
      case 1 -> "a tool (" + tools.get(0) + ")";
      default -> "tools (" + String.join(", ", tools) + ")";
    };
  }

  /** A reason that names no tools. */
  public StopReason(Kind kind, String word) {
    this(kind, word, List.of());
  }
}
