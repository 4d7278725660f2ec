package dev.agent.config;

import java.nio.file.Path;
import java.util.Map;

/** The agent's home folder: {@code AGENT_HOME}, else {@code ~/.agent}. */
public final class AgentHome {
  private AgentHome() {}

  /** The home folder for this environment; does not create it. */
  public static Path resolve(Map<String, String> env) {
    String home = env.getOrDefault("AGENT_HOME", "");
    if (!home.isBlank()) {
      return Path.of(home);
    }
    return Path.of(System.getProperty("user.home"), ".agent");
  }
}
