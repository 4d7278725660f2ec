package dev.agent.tui;

import dev.agent.config.ProviderConfig;
import dev.agent.provider.KeyStatus;

/** What the top bar and the picker say about a provider: ready, local, or what is missing. */
enum ProviderState {
  READY,
  LOCAL,
  KEY_MISSING,
  NO_BASE_URL;

  static ProviderState of(ProviderConfig provider, KeyStatus keyStatus) {
    if (provider.baseUrl().isEmpty()) {
      return NO_BASE_URL;
    }
    if (keyStatus == KeyStatus.NOT_SET) {
      return KEY_MISSING;
    }
    return keyStatus == KeyStatus.NOT_NEEDED && provider.isLocal() ? LOCAL : READY;
  }

  /** Whether a send to the provider is bound to fail before it starts. */
  boolean blocksSending() {
    return this == KEY_MISSING || this == NO_BASE_URL;
  }

  /** The words shown: {@code ready}, {@code local}, {@code OPENAI_API_KEY not set}. */
  String describe(ProviderConfig provider) {
    return switch (this) {
      case READY -> "ready";
      case LOCAL -> "local";
      case KEY_MISSING -> provider.envKey() + " not set";
      case NO_BASE_URL -> "no base URL";
    };
  }

  /** The words shown where there is little room: {@code ready}, {@code local}, {@code no key}. */
  String brief(ProviderConfig provider) {
    return switch (this) {
      case READY, LOCAL -> describe(provider);
      case KEY_MISSING -> "no key";
      case NO_BASE_URL -> "no URL";
    };
  }
}
