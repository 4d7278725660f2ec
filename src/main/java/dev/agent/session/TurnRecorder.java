package dev.agent.session;

/**
 * Hears about each turn of a {@link ChatSession} once it is final, so that it can be saved as the
 * conversation goes: a user turn as it is added (before its request is sent), a reply once it ended
 * (done, cancelled or failed). Never hears about a reply while it streams, nor about turns given to
 * {@link ChatSession#load}.
 *
 * <p>Called on the session's thread, in the order of the turns, before the session's listener hears
 * about the same reply ending. Must not throw: a recorder that cannot save says so its own way (a
 * notice, a warning) and lets the conversation go on.
 */
@FunctionalInterface
public interface TurnRecorder {
  /** Records nothing: the conversation is not saved. */
  TurnRecorder NONE = turn -> {};

  /** {@code turn} is final; its text, status and usage will not change any more. */
  void record(Turn turn);
}
