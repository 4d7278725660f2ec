package dev.agent.tui;

import static java.util.Objects.requireNonNull;

import dev.agent.chat.ChatException;
import dev.agent.config.ProviderConfig;
import dev.agent.provider.ContextWindow;
import dev.agent.provider.KeyStatus;
import dev.agent.provider.Secret;
import dev.agent.session.ClientSource;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the chat needs of the providers; {@link ChatApp} adapts the registry to it, tests give
 * fakes.
 *
 * @param providers every provider, in the order the picker lists them
 * @param clients the client of a provider, or a {@code SETUP} failure saying what is missing
 * @param keyStatus whether a provider's key is in the environment, or was entered in the chat
 * @param keyEntry keeps a key entered in the chat ({@code /key}) for this run only
 * @param models a provider's models
 * @param windows the context window a provider runs a model with
 * @param profiles the profiles the profile picker offers, in their order; none hides nothing, the
 *     picker then says there are none
 */
record ChatBackend(
    List<ProviderConfig> providers,
    ClientSource clients,
    Function<ProviderConfig, KeyStatus> keyStatus,
    KeyEntry keyEntry,
    ModelLister models,
    WindowLookup windows,
    List<ChatApp.ProfileOption> profiles) {
  ChatBackend {
    providers = List.copyOf(providers);
    requireNonNull(clients, "clients");
    requireNonNull(keyStatus, "keyStatus");
    requireNonNull(keyEntry, "keyEntry");
    requireNonNull(models, "models");
    requireNonNull(windows, "windows");
    profiles = List.copyOf(profiles);
  }

  /**
   * Learns the context window {@code model} of {@code provider} runs with; empty when nothing says.
   * Blocks, so it is called off the UI thread; never throws.
   */
  @FunctionalInterface
  interface WindowLookup {
    Optional<ContextWindow> window(ProviderConfig provider, String model);
  }

  /**
   * Keeps {@code key} for {@code provider} in memory for the rest of the run, in place of any key
   * it has: the next request and listing use it, and {@code keyStatus} says {@code ENTERED}. Called
   * only for a provider that sends a key, with a key not blank.
   */
  @FunctionalInterface
  interface KeyEntry {
    void use(ProviderConfig provider, Secret key);
  }

  /** Lists a provider's models; blocks, so it is called off the UI thread. */
  @FunctionalInterface
  interface ModelLister {
    List<String> models(ProviderConfig provider) throws ChatException;
  }
}
