package dev.agent.config;

import static java.util.Objects.requireNonNull;

/**
 * Where a configuration value came from, as messages print it.
 *
 * @param position for errors: {@code config.toml:7:11}, or {@code -c model} for an override
 * @param line for warnings: {@code config.toml:7}, or {@code -c model} for an override
 */
record Origin(String position, String line) {
  Origin {
    requireNonNull(position, "position");
    requireNonNull(line, "line");
  }

  /** A place in a file; line and column count from 1. */
  static Origin inFile(String path, int lineNumber, int column) {
    return new Origin(path + ":" + lineNumber + ":" + column, path + ":" + lineNumber);
  }

  /** A file as a whole, for values whose position the parser does not know. */
  static Origin file(String path) {
    return new Origin(path, path);
  }

  /** Whether this is a {@code -c} override rather than a place in a file. */
  boolean isOverride() {
    return position.startsWith("-c ");
  }

  /**
   * A {@code -c key=value} override. Only the key is shown: a value may be a secret header.
   *
   * @param key the key as given on the command line
   */
  static Origin override(String key) {
    String shown = "-c " + ConfigSyntax.printable(key);
    return new Origin(shown, shown);
  }
}
