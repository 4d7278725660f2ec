package dev.agent.session;

import static java.util.Objects.requireNonNull;

import dev.agent.chat.ChatException;
import dev.agent.chat.Role;
import dev.agent.chat.StopReason;
import dev.agent.chat.StreamEvent;
import dev.agent.chat.Usage;
import dev.agent.provider.StopWords;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One entry of the transcript. Owned by the session's thread: read it there, never keep it across
 * threads.
 */
public final class Turn {
  /** Where a turn stands. User turns are always {@link #DONE}. */
  public enum Status {
    STREAMING,
    DONE,
    CANCELLED,
    FAILED
  }

  private static final Duration A_YEAR = Duration.ofDays(365);

  private final Role role;
  private final String providerId;
  private final String model;
  private final StringBuilder text = new StringBuilder();
  private final StringBuilder reasoning = new StringBuilder();
  private String reasoningSignature = "";
  private Status status;
  private ChatException error;
  private Usage usage = Usage.UNKNOWN;
  private StopReason stopReason = StopReason.NONE;
  private long startedAt;
  private long firstTextAt;
  private long firstReasoningAt;
  private long endedAt;
  private long lastDataAt;
  private boolean hasText;
  private boolean hasReasoning;
  private boolean restored;
  private boolean ended;
  private StreamEvent.Retrying retrying;
  private long retryDueAt;

  Turn(Role role, String providerId, String model, String text, Status status) {
    this.role = requireNonNull(role, "role");
    this.providerId = requireNonNull(providerId, "providerId");
    this.model = requireNonNull(model, "model");
    this.text.append(text);
    this.status = requireNonNull(status, "status");
  }

  /**
   * A turn as it was saved: final, with no timings ({@link #timeToFirstToken()} and {@link
   * #outputTokensPerSecond()} are empty), for {@link ChatSession#load}.
   *
   * @param error why it failed: required when {@code status} is {@link Status#FAILED}, else null
   * @throws IllegalArgumentException when {@code status} is {@link Status#STREAMING}, or {@code
   *     error} does not match {@code status}
   */
  public static Turn restored(
      Role role,
      String providerId,
      String model,
      String text,
      Status status,
      ChatException error,
      Usage usage,
      StopReason stopReason) {
    return restored(role, providerId, model, text, status, error, usage, stopReason, "", "");
  }

  /**
   * A turn as it was saved, with the reasoning that came before its answer (see {@link
   * #reasoning()}); otherwise as {@link #restored(Role, String, String, String, Status,
   * ChatException, Usage, StopReason)}.
   */
  public static Turn restored(
      Role role,
      String providerId,
      String model,
      String text,
      Status status,
      ChatException error,
      Usage usage,
      StopReason stopReason,
      String reasoning,
      String reasoningSignature) {
    if (status == Status.STREAMING) {
      throw new IllegalArgumentException("a restored turn cannot be streaming");
    }
    if ((status == Status.FAILED) != (error != null)) {
      throw new IllegalArgumentException("an error goes with a failed turn, and only with one");
    }
    Turn turn = new Turn(role, providerId, model, requireNonNull(text, "text"), status);
    turn.error = error;
    turn.usage = requireNonNull(usage, "usage");
    turn.stopReason = requireNonNull(stopReason, "stopReason");
    turn.reasoning.append(requireNonNull(reasoning, "reasoning"));
    turn.hasReasoning = !reasoning.isEmpty();
    turn.hasText = turn.text.length() > 0;
    turn.reasoningSignature = requireNonNull(reasoningSignature, "reasoningSignature");
    turn.ended = true;
    turn.restored = true;
    return turn;
  }

  /**
   * The stop reason of a reply saved with the provider's own word ({@link StopReason#word()}), read
   * as the provider layer reads that word when it arrives, so a reply loaded again means what it
   * meant live.
   */
  public static StopReason savedStopReason(String word) {
    return StopWords.read(word);
  }

  public Role role() {
    return role;
  }

  /** The provider that produced (or, for a user turn, received) this turn. */
  public String providerId() {
    return providerId;
  }

  public String model() {
    return model;
  }

  public String text() {
    return text.toString();
  }

  /**
   * The text from char {@code start} on: what a renderer that keeps the beginning needs, without
   * copying the whole text.
   */
  public String textFrom(int start) {
    return text.substring(start);
  }

  /**
   * The text's length in chars; grows while streaming, so a renderer can tell what changed. It
   * drops to 0 once, when the text so far turns out to have been reasoning ({@link
   * StreamEvent.TextWasReasoning}).
   */
  public int length() {
    return text.length();
  }

  /**
   * What the model thought before (or while) answering: never part of {@link #text()}, never sent
   * back to a model; empty when it sent none. {@link StreamEvent.ReasoningDelta#REDACTED} stands
   * for reasoning the provider sent encrypted.
   */
  public String reasoning() {
    return reasoning.toString();
  }

  /** The reasoning from char {@code start} on, as {@link #textFrom} gives the text. */
  public String reasoningFrom(int start) {
    return reasoning.substring(start);
  }

  /** The reasoning's length in chars; grows while streaming, as {@link #length()} does. */
  public int reasoningLength() {
    return reasoning.length();
  }

  /** The provider's signature over the reasoning (Anthropic's); empty when it sent none. */
  public String reasoningSignature() {
    return reasoningSignature;
  }

  /** Whether the reply is streaming reasoning and no answer yet: the model is thinking. */
  public boolean isThinking() {
    return status == Status.STREAMING && hasReasoning && !hasText;
  }

  /**
   * When the reply was sent, on the session's clock (see {@link #retryDueAt()}), for a live {@code
   * streaming 42 s}; meaningful only for a turn that was not restored.
   */
  public long startedAt() {
    return startedAt;
  }

  /**
   * When the reply's last text or reasoning arrived, on the session's clock (see {@link
   * #retryDueAt()}): when it was sent before any did, and when a retry is due while one waits.
   * Meaningful only for a turn that was not restored.
   */
  public long lastDataAt() {
    return lastDataAt;
  }

  /**
   * When the first reasoning arrived, on the session's clock (see {@link #retryDueAt()}), for a
   * live {@code Thinking… 12 s}; meaningful only when {@link #reasoningLength()} is not 0 and the
   * turn was not restored.
   */
  public long reasoningStartedAt() {
    return firstReasoningAt;
  }

  /**
   * How long the model thought: from its first reasoning to the first answer text, or to the end
   * when no answer came; empty while it is still thinking, when it sent no reasoning, and for a
   * restored turn.
   */
  public Optional<Duration> thinkingTime() {
    if (!hasReasoning || restored) {
      return Optional.empty();
    }
    if (hasText && firstTextAt >= firstReasoningAt) {
      return Optional.of(Duration.ofNanos(firstTextAt - firstReasoningAt));
    }
    return ended ? Optional.of(Duration.ofNanos(endedAt - firstReasoningAt)) : Optional.empty();
  }

  public Status status() {
    return status;
  }

  /** Why the turn failed; null unless {@link #status()} is {@link Status#FAILED}. */
  public ChatException error() {
    return error;
  }

  public Usage usage() {
    return usage;
  }

  /** Why the reply ended; {@link StopReason#NONE} unless it completed with a reason given. */
  public StopReason stopReason() {
    return stopReason;
  }

  /**
   * The retry this reply waits for: the last {@link StreamEvent.Retrying} of its stream, while no
   * text has arrived and the reply has not ended; empty otherwise.
   */
  public Optional<StreamEvent.Retrying> retrying() {
    return Optional.ofNullable(retrying);
  }

  /**
   * When the attempt that {@link #retrying()} announced is due, on the clock of the session that
   * owns this turn (see {@link ChatSession}'s {@code nanoClock}): the time the announcement arrived
   * plus its delay. Meaningful only while {@link #retrying()} is present.
   */
  public long retryDueAt() {
    return retryDueAt;
  }

  /**
   * How long the first token, reasoning or answer, took to arrive after the prompt was sent; empty
   * for user turns, restored turns and replies that have sent nothing yet.
   */
  public Optional<Duration> timeToFirstToken() {
    if (restored || (!hasText && !hasReasoning)) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofNanos(firstTokenAt() - startedAt));
  }

  /**
   * How long the first answer text took to arrive after the prompt was sent: {@link
   * #timeToFirstToken()} plus the thinking, for a model that reasons first; empty for user turns,
   * restored turns and replies with no answer text yet.
   */
  public Optional<Duration> timeToAnswer() {
    if (restored || !hasText) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofNanos(firstTextAt - startedAt));
  }

  /**
   * The reply's output tokens per second (reasoning tokens count as output, as every provider
   * counts them), from its first token to its end; empty while it streams, when the provider
   * reported no output tokens, or when nothing arrived.
   */
  public OptionalDouble outputTokensPerSecond() {
    if (!ended
        || restored
        || (!hasText && !hasReasoning)
        || usage.outputTokens() < 0
        || endedAt <= firstTokenAt()) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(usage.outputTokens() * 1e9 / (endedAt - firstTokenAt()));
  }

  private long firstTokenAt() {
    if (hasReasoning && hasText) {
      return Math.min(firstReasoningAt, firstTextAt);
    }
    return hasReasoning ? firstReasoningAt : firstTextAt;
  }

  void started(long at) {
    this.startedAt = at;
    this.lastDataAt = at;
  }

  void retrying(StreamEvent.Retrying retry, long at) {
    this.retrying = retry;
    // A delay beyond any real wait is cut to a year, so the sum cannot overflow.
    Duration delay = retry.delay().compareTo(A_YEAR) > 0 ? A_YEAR : retry.delay();
    this.retryDueAt = at + delay.toNanos();
    // The wait is announced: the next attempt owes data only from when it starts.
    this.lastDataAt = retryDueAt;
  }

  void append(String delta, long at) {
    if (!hasText && !delta.isEmpty()) {
      hasText = true;
      firstTextAt = at;
      retrying = null;
    }
    lastDataAt = at;
    text.append(delta);
  }

  void appendReasoning(String delta, long at) {
    if (!hasReasoning && !delta.isEmpty()) {
      hasReasoning = true;
      firstReasoningAt = at;
      retrying = null;
    }
    lastDataAt = at;
    reasoning.append(delta);
  }

  void signReasoning(String signature) {
    reasoningSignature = signature;
  }

  /** The text so far was reasoning: it moves to the end of the reasoning, and the text restarts. */
  void textWasReasoning() {
    if (!hasText) {
      return;
    }
    if (!hasReasoning) {
      hasReasoning = true;
      firstReasoningAt = firstTextAt;
    }
    reasoning.append(text);
    text.setLength(0);
    hasText = false;
  }

  void complete(Usage usage, StopReason stopReason, long at) {
    this.usage = usage;
    this.stopReason = stopReason;
    this.status = Status.DONE;
    end(at);
  }

  void fail(ChatException error, long at) {
    this.error = error;
    this.status = Status.FAILED;
    end(at);
  }

  void cancel(long at) {
    this.status = Status.CANCELLED;
    end(at);
  }

  private void end(long at) {
    retrying = null;
    ended = true;
    endedAt = at;
  }
}
