package dev.agent.session;

import static java.util.Objects.requireNonNull;

import dev.agent.chat.ChatException;
import dev.agent.chat.Role;
import dev.agent.chat.Usage;

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

  private final Role role;
  private final String providerId;
  private final String model;
  private final StringBuilder text = new StringBuilder();
  private Status status;
  private ChatException error;
  private Usage usage = Usage.UNKNOWN;
  private String stopReason = "";

  Turn(Role role, String providerId, String model, String text, Status status) {
    this.role = requireNonNull(role, "role");
    this.providerId = requireNonNull(providerId, "providerId");
    this.model = requireNonNull(model, "model");
    this.text.append(text);
    this.status = requireNonNull(status, "status");
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

  public String stopReason() {
    return stopReason;
  }

  void append(String delta) {
    text.append(delta);
  }

  void complete(Usage usage, String stopReason) {
    this.usage = usage;
    this.stopReason = stopReason;
    this.status = Status.DONE;
  }

  void fail(ChatException error) {
    this.error = error;
    this.status = Status.FAILED;
  }

  void cancel() {
    this.status = Status.CANCELLED;
  }
}
