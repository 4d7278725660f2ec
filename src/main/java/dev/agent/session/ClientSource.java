package dev.agent.session;

import dev.agent.chat.ChatException;
import dev.agent.config.ProviderConfig;
import dev.agent.provider.ChatClient;

/** Gives the client for a provider; {@code ProviderRegistry::client} in production. */
@FunctionalInterface
public interface ClientSource {
  /**
   * The client for {@code provider}, ready to stream.
   *
   * @throws ChatException of kind {@code SETUP} when the provider cannot be used (no key, no URL)
   */
  ChatClient clientFor(ProviderConfig provider) throws ChatException;
}
