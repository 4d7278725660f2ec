package dev.agent.chat;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * What a streaming reply says. A stream is any number of {@link Retrying}s, then any number of
 * {@link ReasoningDelta}s, {@link ReasoningSignature}s and {@link TextDelta}s in any order (with at
 * most one {@link TextWasReasoning}), followed by exactly one {@link Completed} or {@link Failed};
 * after that, or after the call is cancelled, nothing more arrives. Consumers match with {@code
 * instanceof} and ignore what they do not know.
 *
 * <p>Reasoning (what a model thinks before it answers) and the answer are kept apart all the way:
 * the answer is the {@link TextDelta}s alone, and reasoning is never sent back to a model.
 */
public sealed interface StreamEvent {

  /**
   * The attempt before failed before any text arrived, and the request will be sent again after
   * {@code delay}. Only ever before the first {@link TextDelta} or {@link ReasoningDelta}; the
   * stream goes on with the new attempt's events (possibly another {@code Retrying}) and still ends
   * with exactly one {@link Completed} or {@link Failed}. Cancelling during the wait stops it, and
   * nothing more arrives.
   *
   * @param attempt the number of the attempt about to be made: 2 for the first retry
   * @param maxAttempts how many attempts there will be at most: 1 + {@code request_max_retries};
   *     when the provider sets {@code stream_max_retries}, the attempts so far plus what is left of
   *     the budget of the failure that just happened (a failed request or a broken stream)
   * @param delay how long the wait before it is, as computed (backoff with jitter) or as the server
   *     asked ({@code retry-after})
   * @param reason why the last attempt failed, short and on one line, for showing beside the
   *     countdown ({@code HTTP 529: Overloaded}, {@code connection refused}); never holds a key
   */
  record Retrying(int attempt, int maxAttempts, Duration delay, String reason)
      implements StreamEvent {
    public Retrying {
      requireNonNull(delay, "delay");
      requireNonNull(reason, "reason");
      if (attempt < 2 || attempt > maxAttempts) {
        throw new IllegalArgumentException("attempt " + attempt + " not in 2.." + maxAttempts);
      }
      if (delay.isNegative()) {
        throw new IllegalArgumentException("negative delay " + delay);
      }
    }
  }

  /** A piece of the reply's text, in order; never empty. */
  record TextDelta(String text) implements StreamEvent {
    public TextDelta {
      requireNonNull(text, "text");
    }
  }

  /**
   * A piece of the model's reasoning, in order; never empty, never part of the answer. Read from
   * every form servers use: a separate field ({@code reasoning_content}, {@code reasoning}, {@code
   * reasoning_details}), Anthropic's thinking blocks, or a {@code <think>} block at the start of
   * the answer's text. A block the provider hid (Anthropic's {@code redacted_thinking}) arrives as
   * {@link #REDACTED}.
   */
  record ReasoningDelta(String text) implements StreamEvent {
    /** What stands for reasoning the provider sent encrypted, which no one can read. */
    public static final String REDACTED = "[redacted thinking]";

    public ReasoningDelta {
      requireNonNull(text, "text");
    }
  }

  /**
   * The provider's signature over the reasoning so far (Anthropic's {@code signature_delta}):
   * opaque, kept with the reply for the record, never shown and never sent back.
   */
  record ReasoningSignature(String signature) implements StreamEvent {
    public ReasoningSignature {
      requireNonNull(signature, "signature");
    }
  }

  /**
   * Everything delivered as {@link TextDelta} so far was reasoning, not answer: the reply closed a
   * {@code </think>} it never opened, because the model's chat template opened it (DeepSeek R1
   * distills on a server without a reasoning parser). Consumers move that text to the reasoning;
   * {@link TextDelta}s after this are the answer. At most once per stream.
   */
  record TextWasReasoning() implements StreamEvent {}

  /**
   * The reply ended normally. A stream with no {@link TextDelta} ends this way only when its stop
   * reason says what there is instead (a refusal, a tool call, a reply cut off or filtered); a
   * reply with nothing in it, or with reasoning but no answer, ends {@link Failed}.
   *
   * @param usage token counts, {@link Usage#UNKNOWN} when the server sent none
   * @param stopReason why it stopped, as the provider layer read the provider's own word; {@link
   *     StopReason#NONE} when the server gave none
   */
  record Completed(Usage usage, StopReason stopReason) implements StreamEvent {
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
