package dev.agent.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Reads built-ins, {@code config.toml} and {@code -c} overrides into an {@link AgentConfig}. */
public final class ConfigLoader {
  private final Map<String, String> env;

  /** {@code env} is the process environment (for {@code AZURE_OPENAI_ENDPOINT}, say). */
  public ConfigLoader(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /**
   * Loads the configuration.
   *
   * @param file the config file; when {@code explicit} is false a missing file means defaults, when
   *     true (given with {@code --config}) a missing file is an error
   * @param overrides {@code -c key=value} strings, applied in order after the file
   * @throws ConfigException on broken TOML, a wrong type, a bad value or a bad override
   */
  public AgentConfig load(Path file, boolean explicit, List<String> overrides)
      throws ConfigException {
    throw new UnsupportedOperationException("not yet: " + env.size() + file + explicit + overrides);
  }
}
