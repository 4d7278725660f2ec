package dev.agent.store;

import static java.util.Objects.requireNonNull;

import dev.agent.chat.ChatException;
import dev.agent.chat.Role;
import dev.agent.chat.StopReason;
import dev.agent.chat.Usage;
import dev.agent.session.Turn;
import java.time.Instant;

/**
 * One saved message: a line of a session file.
 *
 * @param role who wrote it
 * @param text what was said; for a cancelled or failed reply, what had arrived
 * @param provider the provider that produced it (for a prompt, the one it was sent to)
 * @param model the model, likewise
 * @param time when it was final: a prompt when sent, a reply when it ended
 * @param status how it ended; never {@link Turn.Status#STREAMING}
 * @param error why a failed reply failed; empty unless {@code status} is {@code FAILED}
 * @param errorKind the kind of that failure; null unless {@code status} is {@code FAILED}
 * @param stopReason why a reply stopped (saved as the provider's word); {@link StopReason#NONE}
 *     when no reason was given
 * @param usage token counts, {@link Usage#UNKNOWN} when not reported
 * @param reasoning what the model thought before answering, kept apart from {@code text} and never
 *     sent to a model again; empty when it sent none (and for prompts)
 * @param reasoningSignature the provider's opaque signature over the reasoning (Anthropic's), kept
 *     for the record; empty when none was sent
 */
public record StoredMessage(
    Role role,
    String text,
    String provider,
    String model,
    Instant time,
    Turn.Status status,
    String error,
    ChatException.Kind errorKind,
    StopReason stopReason,
    Usage usage,
    String reasoning,
    String reasoningSignature) {
  public StoredMessage {
    requireNonNull(role, "role");
    requireNonNull(text, "text");
    requireNonNull(provider, "provider");
    requireNonNull(model, "model");
    requireNonNull(time, "time");
    requireNonNull(status, "status");
    requireNonNull(error, "error");
    requireNonNull(stopReason, "stopReason");
    requireNonNull(usage, "usage");
    requireNonNull(reasoning, "reasoning");
    requireNonNull(reasoningSignature, "reasoningSignature");
    if (status == Turn.Status.STREAMING) {
      throw new IllegalArgumentException("a saved message cannot be streaming");
    }
    if ((status == Turn.Status.FAILED) != (errorKind != null)) {
      throw new IllegalArgumentException("an error kind goes with a failed message, and only one");
    }
  }

  /** A message with no reasoning: every prompt, and replies of models that do not reason. */
  public StoredMessage(
      Role role,
      String text,
      String provider,
      String model,
      Instant time,
      Turn.Status status,
      String error,
      ChatException.Kind errorKind,
      StopReason stopReason,
      Usage usage) {
    this(role, text, provider, model, time, status, error, errorKind, stopReason, usage, "", "");
  }

  /** The message that saves {@code turn}, which must be final, as of {@code time}. */
  public static StoredMessage of(Turn turn, Instant time) {
    ChatException error = turn.error();
    return new StoredMessage(
        turn.role(),
        turn.text(),
        turn.providerId(),
        turn.model(),
        time,
        turn.status(),
        error == null ? "" : error.getMessage(),
        error == null ? null : error.kind(),
        turn.stopReason(),
        turn.usage(),
        turn.reasoning(),
        turn.reasoningSignature());
  }

  /** The turn this message restores, for {@link dev.agent.session.ChatSession#load}. */
  public Turn toTurn() {
    ChatException failure =
        status == Turn.Status.FAILED
            ? new ChatException(errorKind, error.isEmpty() ? "the reply failed" : error)
            : null;
    return Turn.restored(
        role,
        provider,
        model,
        text,
        status,
        failure,
        usage,
        stopReason,
        reasoning,
        reasoningSignature);
  }
}
