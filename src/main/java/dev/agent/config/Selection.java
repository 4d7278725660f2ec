package dev.agent.config;

import static java.util.Objects.requireNonNull;

/** The provider and model one run talks to, after precedence is applied. */
public record Selection(ProviderConfig provider, String model) {
  public Selection {
    requireNonNull(provider, "provider");
    requireNonNull(model, "model");
  }
}
