package dev.agent.config;

import static java.util.Objects.requireNonNull;

/**
 * The provider, model, reasoning effort and system prompt one run (or the chat, until changed)
 * talks to, after precedence is applied.
 *
 * @param reasoningEffort one of {@link ProviderConfig#REASONING_EFFORTS}, or empty to send none
 * @param systemPrompt the system prompt a new conversation starts with; empty for none
 */
public record Selection(
    ProviderConfig provider, String model, String reasoningEffort, String systemPrompt) {
  public Selection {
    requireNonNull(provider, "provider");
    requireNonNull(model, "model");
    requireNonNull(reasoningEffort, "reasoningEffort");
    requireNonNull(systemPrompt, "systemPrompt");
    if (!reasoningEffort.isEmpty() && !ProviderConfig.REASONING_EFFORTS.contains(reasoningEffort)) {
      throw new IllegalArgumentException("unknown reasoningEffort " + reasoningEffort);
    }
  }

  /**
   * The provider and model at {@code reasoningEffort}, with the system prompt the configuration
   * gives that model (see {@link ProviderConfig#settingsFor}).
   */
  public Selection(ProviderConfig provider, String model, String reasoningEffort) {
    this(
        provider,
        model,
        reasoningEffort,
        requireNonNull(provider, "provider")
            .settingsFor(requireNonNull(model, "model"))
            .systemPromptText());
  }

  /**
   * The provider and model at the reasoning effort and with the system prompt the configuration
   * gives that model: its model table's, else the provider's, else the top level's (see {@link
   * ProviderConfig#settingsFor} and {@link AgentConfig}).
   */
  public Selection(ProviderConfig provider, String model) {
    this(
        provider,
        model,
        requireNonNull(provider, "provider")
            .settingsFor(requireNonNull(model, "model"))
            .reasoningEffort());
  }
}
