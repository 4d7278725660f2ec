package dev.agent.config;

import static java.util.Objects.requireNonNull;

/**
 * The provider, model and reasoning effort one run (or the chat, until changed) talks to, after
 * precedence is applied.
 *
 * @param reasoningEffort one of {@link ProviderConfig#REASONING_EFFORTS}, or empty to send none
 */
public record Selection(ProviderConfig provider, String model, String reasoningEffort) {
  public Selection {
    requireNonNull(provider, "provider");
    requireNonNull(model, "model");
    requireNonNull(reasoningEffort, "reasoningEffort");
    if (!reasoningEffort.isEmpty() && !ProviderConfig.REASONING_EFFORTS.contains(reasoningEffort)) {
      throw new IllegalArgumentException("unknown reasoningEffort " + reasoningEffort);
    }
  }

  /**
   * The provider and model at the reasoning effort the configuration gives that model: its model
   * table's, else the provider's (see {@link ProviderConfig#settingsFor} and {@link AgentConfig}).
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
