package dev.agent.chat;

/**
 * Receives the events of one streaming reply. Called on the HTTP client's own threads, one event at
 * a time and in order; implementations hop to their own thread when they need one.
 */
@FunctionalInterface
public interface StreamListener {
  void onEvent(StreamEvent event);
}
