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
  private Status status;
  private ChatException error;
  private Usage usage = Usage.UNKNOWN;
  private StopReason stopReason = StopReason.NONE;
  private long startedAt;
  private long firstTextAt;
  private long endedAt;
  private boolean hasText;
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
    turn.ended = true;
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

  /** The text's length in chars; grows while streaming, so a renderer can tell what changed. */
  public int length() {
    return text.length();
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
   * How long the first text took to arrive after the prompt was sent; empty for user turns and for
   * replies that have no text yet.
   */
  public Optional<Duration> timeToFirstToken() {
    if (!hasText) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofNanos(firstTextAt - startedAt));
  }

  /**
   * The reply's output tokens per second, counted from its first text to its end; empty while it
   * streams, when the provider reported no output tokens, or when there was no text.
   */
  public OptionalDouble outputTokensPerSecond() {
    if (!ended || !hasText || usage.outputTokens() < 0 || endedAt <= firstTextAt) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(usage.outputTokens() * 1e9 / (endedAt - firstTextAt));
  }

  void started(long at) {
    this.startedAt = at;
  }

  void retrying(StreamEvent.Retrying retry, long at) {
    this.retrying = retry;
    // A delay beyond any real wait is cut to a year, so the sum cannot overflow.
    Duration delay = retry.delay().compareTo(A_YEAR) > 0 ? A_YEAR : retry.delay();
    this.retryDueAt = at + delay.toNanos();
  }

  void append(String delta, long at) {
    if (!hasText && !delta.isEmpty()) {
      hasText = true;
      firstTextAt = at;
      retrying = null;
    }
    text.append(delta);
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
