package dev.agent.provider;

import dev.agent.chat.ChatException;
import dev.agent.chat.ChatRequest;
import dev.agent.chat.StreamListener;
import java.util.List;

/** Talks to one provider in its wire format. Thread-safe; one per provider is enough. */
public interface ChatClient {

  /**
   * Starts streaming a reply and returns at once. The listener receives a {@link
   * dev.agent.chat.StreamEvent.Retrying} for each retry of a request that failed before any text
   * (as the provider's {@code request_max_retries} allows), {@link
   * dev.agent.chat.StreamEvent.TextDelta}s as they arrive, then exactly one {@code Completed} or
   * {@code Failed}, on the HTTP client's threads (a retry starts from a timer thread). Never throws
   * for a failed request: failures arrive as {@code Failed}.
   */
  ChatCall stream(ChatRequest request, StreamListener listener);

  /**
   * The models the provider serves, sorted, without duplicates. Blocks; call it off the UI thread.
   *
   * @throws ChatException when the server cannot be reached or refuses
   */
  List<String> listModels() throws ChatException;
}
