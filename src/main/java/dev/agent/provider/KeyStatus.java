package dev.agent.provider;

/** Whether a provider's key is available, and where it comes from. */
public enum KeyStatus {
  /**
   * The key was entered in the chat ({@code /key}) for this run: kept in memory only, it takes the
   * place of any other for the rest of the process.
   */
  ENTERED,
  /** The variable named by {@code env_key} is set and not blank. */
  SET,
  /** The variable named by {@code env_key} is unset or blank. */
  NOT_SET,
  /**
   * The key comes from a command ({@code [model_providers.ID.auth]} as a table), run only when a
   * request needs it, so whether it gives one is not known before.
   */
  COMMAND,
  /** The key is written in the config file ({@code experimental_bearer_token}). */
  IN_FILE,
  /** The provider needs no key (no {@code env_key}, or {@code auth = "none"}). */
  NOT_NEEDED
}
