package dev.agent.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * The agent's home folder: {@code AGENT_HOME}, else {@code .agent} in {@code $HOME} (which a user
 * may point elsewhere, as {@code sudo -H}, containers and tests do), else in the account's home.
 */
public final class AgentHome {
  private AgentHome() {}

  /** The home folder for this environment; does not create it. */
  public static Path resolve(Map<String, String> env) {
    String home = env.getOrDefault("AGENT_HOME", "");
    if (!home.isBlank()) {
      return Path.of(home);
    }
    String user = env.getOrDefault("HOME", "");
    return Path.of(user.isBlank() ? System.getProperty("user.home") : user, ".agent");
  }
}
