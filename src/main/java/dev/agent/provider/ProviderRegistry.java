package dev.agent.provider;

import dev.agent.chat.ChatException;
import dev.agent.config.AgentConfig;
import dev.agent.config.ProviderConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Every provider of the configuration, and a client for each. Owns the process's one HTTP client.
 * Thread-safe.
 */
public final class ProviderRegistry {
  private final AgentConfig config;
  private final Map<String, String> env;

  /** {@code env} is where keys and {@code env_http_headers} values are read from. */
  public ProviderRegistry(AgentConfig config, Map<String, String> env) {
    this.config = config;
    this.env = Map.copyOf(env);
  }

  /** Every provider, in the configuration's order. */
  public List<ProviderConfig> providers() {
    return List.copyOf(config.providers().values());
  }

  /** Whether the provider's key is in the environment. */
  public KeyStatus keyStatus(ProviderConfig provider) {
    throw new UnsupportedOperationException("not yet" + provider + env.size());
  }

  /**
   * A client for the provider, cached per provider.
   *
   * @throws ChatException of kind {@code SETUP} when the key is missing (the message names the
   *     provider and the variable, says how to set it, and that ollama and lmstudio need no key) or
   *     when no base URL is configured
   */
  public ChatClient client(ProviderConfig provider) throws ChatException {
    throw new UnsupportedOperationException("not yet" + provider);
  }

  /**
   * Asks the provider for its model list, giving up after {@code timeout}; never throws. Blocks.
   */
  public ProviderCheck check(ProviderConfig provider, Duration timeout) {
    throw new UnsupportedOperationException("not yet" + provider + timeout);
  }
}
