package dev.agent.store;

import static java.util.Objects.requireNonNull;

import dev.agent.chat.Role;
import dev.agent.config.AgentFiles;
import dev.agent.session.Turn;
import dev.agent.session.TurnRecorder;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Saves a session's turns as they become final, into one conversation of a {@link SessionStore}: a
 * new one (its file is created with the first turn other than a system prompt, which is written
 * just before it, so a chat opened and closed without a word leaves nothing behind) or one {@link
 * #continueIn continued}.
 *
 * <p>Each turn is one line written in one call, so a process killed at any time loses at most the
 * reply in flight. When a write fails, the recorder says so once through {@code onProblem} and
 * saves nothing more of this conversation (a conversation with holes would be worse than one that
 * ends early); {@link #startNew} or {@link #continueIn} starts afresh. Used on the session's
 * thread.
 */
public final class SessionRecorder implements TurnRecorder, AutoCloseable {
  private final SessionStore store;
  private final Consumer<String> onProblem;
  private ConversationLocks.Held held;
  private String id;
  private boolean repairTail;
  private boolean stopped;
  private StoredMessage pendingSystem;

  SessionRecorder(SessionStore store, Consumer<String> onProblem) {
    this.store = requireNonNull(store, "store");
    this.onProblem = requireNonNull(onProblem, "onProblem");
  }

  /** The conversation being saved; empty for a new one until its first turn. */
  public Optional<String> id() {
    return Optional.ofNullable(id);
  }

  /** The next turn starts a new conversation. */
  public void startNew() {
    release();
    id = null;
    pendingSystem = null;
    stopped = false;
  }

  /**
   * The next turns go to the end of the saved conversation {@code id}, which this recorder holds
   * from now on: no other agent process continues it until {@link #close}, {@link #startNew} or the
   * next {@code continueIn}.
   *
   * @throws SessionException when another agent holds it (the recorder is then as it was)
   */
  public void continueIn(String id) throws SessionException {
    requireNonNull(id, "id");
    if (!id.equals(this.id)) {
      ConversationLocks.Held claim = store.hold(id);
      release();
      held = claim;
    }
    this.id = id;
    this.pendingSystem = null;
    this.repairTail = true;
    this.stopped = false;
  }

  /** Lets go of the conversation being saved, for another agent process to continue. */
  @Override
  public void close() {
    release();
  }

  private void release() {
    if (held != null) {
      held.close();
      held = null;
    }
  }

  @Override
  public void record(Turn turn) {
    if (stopped) {
      return;
    }
    StoredMessage message = StoredMessage.of(turn, store.now());
    if (id == null && turn.role() == Role.SYSTEM) {
      // A system prompt alone makes no conversation: it is written with the first prompt.
      pendingSystem = message;
      return;
    }
    try {
      if (id == null) {
        id =
            store.create(
                pendingSystem == null ? List.of(message) : List.of(pendingSystem, message));
        pendingSystem = null;
        held = store.tryHold(id);
      } else {
        store.append(id, message, repairTail);
        repairTail = false;
      }
    } catch (IOException e) {
      stopped = true;
      onProblem.accept(problem(e));
    }
  }

  private String problem(IOException e) {
    if (id != null && e instanceof NoSuchFileException) {
      return "the saved conversation " + id + " is gone (deleted?); this one goes on unsaved";
    }
    if (e instanceof AgentFiles.UnsafeFolderException) {
      // Its message names the folder and says what to do.
      return "cannot save the conversation: " + e.getMessage() + "; it goes on unsaved";
    }
    return "cannot save the conversation ("
        + (id == null ? store.folder().toString() : id)
        + ": "
        + SessionStore.describe(e)
        + "); it goes on unsaved";
  }
}
