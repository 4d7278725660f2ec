package dev.agent.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * A command that prints a provider's key: {@code [model_providers.ID.auth]} as a table (Codex CLI's
 * shape). It is run without a shell, only when a request needs the key, and its trimmed standard
 * output is the key.
 *
 * @param command the program, looked up on {@code PATH} when it holds no slash
 * @param args its arguments, each passed as written
 * @param timeout how long one run may take before it is killed
 * @param refreshInterval how long a key it printed is used before the command runs again; zero to
 *     run it again only after the server refused the key (HTTP 401)
 * @param cwd the folder it runs in, as an absolute path; empty for agent's own
 * @param scheme how the key it prints is sent; never {@link AuthScheme#NONE}
 */
public record AuthCommand(
    String command,
    List<String> args,
    Duration timeout,
    Duration refreshInterval,
    String cwd,
    AuthScheme scheme) {
  /** Codex CLI's default {@code timeout_ms}. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  /** Codex CLI's default {@code refresh_interval_ms}. */
  public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofMinutes(5);

  public AuthCommand {
    requireNonNull(command, "command");
    args = List.copyOf(args);
    requireNonNull(timeout, "timeout");
    requireNonNull(refreshInterval, "refreshInterval");
    requireNonNull(cwd, "cwd");
    requireNonNull(scheme, "scheme");
    if (command.isBlank()) {
      throw new IllegalArgumentException("command is blank");
    }
    if (scheme == AuthScheme.NONE) {
      throw new IllegalArgumentException("a key command's scheme cannot be none");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout <= 0: " + timeout);
    }
    if (refreshInterval.isNegative()) {
      throw new IllegalArgumentException("refreshInterval < 0: " + refreshInterval);
    }
  }

  /** The command and its arguments as messages show them: {@code az account get-access-token}. */
  public String display() {
    StringBuilder shown = new StringBuilder(command);
    for (String arg : args) {
      shown.append(' ').append(arg);
    }
    return shown.toString();
  }
}
