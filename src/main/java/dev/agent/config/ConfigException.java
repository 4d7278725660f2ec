package dev.agent.config;

/**
 * The configuration cannot be used. The message is one line, compiler style where a file is
 * involved ({@code config.toml:7:11: unknown wire_api 'opneai' (expected chat or anthropic)}).
 */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
