package dev.agent.tui;

import dev.agent.chat.ChatException;
import dev.agent.config.ProviderConfig;
import dev.agent.provider.ContextWindow;
import dev.agent.provider.KeyStatus;
import dev.agent.session.FakeChatClient;
import dev.agent.testing.TestProviders;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * Providers for UI tests: anthropic (key set), openai (key not set) and ollama (local), each with a
 * {@link FakeChatClient}; a provider whose key is not set fails like the registry does.
 */
final class FakeBackend {
  final Map<String, ProviderConfig> providers = new LinkedHashMap<>();
  final Map<String, FakeChatClient> clients = new ConcurrentHashMap<>();
  final Map<String, KeyStatus> keys = new ConcurrentHashMap<>();

  /** The keys entered in the chat ({@code /key}), by provider id. */
  final Map<String, String> enteredKeys = new ConcurrentHashMap<>();

  /** What the profile picker offers; none unless a test adds them. */
  final List<ChatApp.ProfileOption> profiles = new ArrayList<>();

  /** The context windows the servers run models with, by {@code provider/model}; none known. */
  final Map<String, ContextWindow> windows = new ConcurrentHashMap<>();

  /** Model listing waits for this latch: a test holds it closed to prove the UI does not wait. */
  volatile CountDownLatch listingGate = new CountDownLatch(0);

  FakeBackend() {
    add(TestProviders.anthropic(), KeyStatus.SET);
    add(TestProviders.openai(), KeyStatus.NOT_SET);
    add(TestProviders.ollama(), KeyStatus.NOT_NEEDED);
  }

  void add(ProviderConfig provider, KeyStatus status) {
    providers.put(provider.id(), provider);
    clients.put(provider.id(), new FakeChatClient());
    keys.put(provider.id(), status);
  }

  FakeChatClient client(String id) {
    return clients.get(id);
  }

  ProviderConfig provider(String id) {
    return providers.get(id);
  }

  /** The message the registry gives for a missing key, in the same shape. */
  static String missingKey(ProviderConfig provider) {
    return provider.id()
        + ": "
        + provider.envKey()
        + " is not set; export "
        + provider.envKey()
        + "=your-key before starting agent (ollama and lmstudio need no key)";
  }

  ChatBackend backend() {
    return new ChatBackend(
        new ArrayList<>(providers.values()),
        provider -> {
          if (keys.get(provider.id()) == KeyStatus.NOT_SET) {
            throw new ChatException(ChatException.Kind.SETUP, missingKey(provider));
          }
          return clients.get(provider.id());
        },
        provider -> keys.get(provider.id()),
        (provider, key) -> {
          enteredKeys.put(provider.id(), key.reveal());
          keys.put(provider.id(), KeyStatus.ENTERED);
        },
        this::models,
        (provider, model) -> Optional.ofNullable(windows.get(provider.id() + "/" + model)),
        profiles);
  }

  private List<String> models(ProviderConfig provider) throws ChatException {
    try {
      listingGate.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChatException(ChatException.Kind.UNREACHABLE, "interrupted");
    }
    return clients.get(provider.id()).listModels();
  }
}
