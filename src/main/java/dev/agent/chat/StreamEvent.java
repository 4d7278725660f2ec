package dev.agent.chat;

import static java.util.Objects.requireNonNull;

/**
 * What a streaming reply says. A stream is any number of {@link TextDelta}s followed by exactly one
 * {@link Completed} or {@link Failed}; after that, or after the call is cancelled, nothing more
 * arrives.
 */
public sealed interface StreamEvent {

  /** A piece of the reply's text, in order; never empty. */
  record TextDelta(String text) implements StreamEvent {
    public TextDelta {
      requireNonNull(text, "text");
    }
  }

  /**
   * The reply ended normally.
   *
   * @param usage token counts, {@link Usage#UNKNOWN} when the server sent none
   * @param stopReason the provider's own word for why it stopped ({@code end_turn}, {@code stop},
   *     {@code max_tokens}, {@code length}, {@code content_filter}…), or empty
   */
  record Completed(Usage usage, String stopReason) implements StreamEvent {
    public Completed {
      requireNonNull(usage, "usage");
      requireNonNull(stopReason, "stopReason");
    }
  }

  /** The reply failed; text delivered before this event stays valid but is incomplete. */
  record Failed(ChatException error) implements StreamEvent {
    public Failed {
      requireNonNull(error, "error");
    }
  }
}
