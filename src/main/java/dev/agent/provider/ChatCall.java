package dev.agent.provider;

/** A reply being streamed. */
public interface ChatCall {
  /**
   * Stops the reply. Idempotent, callable from any thread; once it returns, the listener receives
   * nothing more (not even {@code Failed}).
   */
  void cancel();
}
