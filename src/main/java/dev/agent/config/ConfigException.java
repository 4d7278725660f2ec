package dev.agent.config;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * The configuration cannot be used. The message is one line, compiler style where a file is
 * involved ({@code config.toml:7:11: unknown wire_api 'opneai' (expected chat or anthropic)}).
 */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // an immutable list of strings
  private final List<String> warnings;

  public ConfigException(String message) {
    this(message, List.of());
  }

  private ConfigException(String message, List<String> warnings) {
    super(message);
    this.warnings = List.copyOf(warnings);
  }

  /**
   * The warnings the configuration had as far as it was read (an unknown key, with the key it
   * likely meant), which may explain the error: to be shown before it.
   */
  public List<String> warnings() {
    return warnings;
  }

  /** This error with {@code warnings}, each once, in order. */
  ConfigException withWarnings(List<String> warnings) {
    ConfigException copy =
        new ConfigException(getMessage(), List.copyOf(new LinkedHashSet<>(warnings)));
    copy.setStackTrace(getStackTrace());
    return copy;
  }
}
