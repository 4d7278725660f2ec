package dev.agent.provider;

/** Whether a provider's key is available in the environment. */
public enum KeyStatus {
  /** The variable named by {@code env_key} is set and not blank. */
  SET,
  /** The variable named by {@code env_key} is unset or blank. */
  NOT_SET,
  /** The provider needs no key (no {@code env_key}, or {@code auth = "none"}). */
  NOT_NEEDED
}
