package dev.agent.config;

import dev.agent.config.ConfigNode.Branch;
import dev.agent.config.ConfigNode.Leaf;
import java.time.temporal.Temporal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the typed values of one table and reports keys it does not know. Type errors are {@link
 * ConfigException}s at the value's position; unknown keys are warnings, since a newer or older
 * config file should still load.
 */
final class TableReader {
  private final Branch table;
  private final List<String> knownKeys;
  private final String tableName;

  /**
   * @param tableName how the table is named in warnings, e.g. {@code [model_providers.custom]};
   *     empty for the top level
   */
  TableReader(Branch table, List<String> knownKeys, String tableName) {
    this.table = table;
    this.knownKeys = List.copyOf(knownKeys);
    this.tableName = tableName;
  }

  /** Whether the table sets {@code key}. */
  boolean has(String key) {
    return table.entries().containsKey(key);
  }

  /** The value of {@code key}, which must be a string. */
  Optional<String> string(String key) throws ConfigException {
    ConfigNode node = table.entries().get(key);
    if (node == null) {
      return Optional.empty();
    }
    if (node instanceof Leaf leaf && leaf.value() instanceof String text) {
      return Optional.of(text);
    }
    throw wrongType(key, node, "a string in quotes");
  }

  /** The value of {@code key}, which must be an array of strings. */
  Optional<List<String>> strings(String key, String example) throws ConfigException {
    ConfigNode node = table.entries().get(key);
    if (node == null) {
      return Optional.empty();
    }
    if (node instanceof Leaf leaf
        && leaf.value() instanceof List<?> list
        && list.stream().allMatch(String.class::isInstance)) {
      return Optional.of(list.stream().map(String.class::cast).toList());
    }
    throw wrongType(key, node, "an array of strings, e.g. " + example);
  }

  /** The value of {@code key}, which must be {@code true} or {@code false}. */
  Optional<Boolean> bool(String key) throws ConfigException {
    ConfigNode node = table.entries().get(key);
    if (node == null) {
      return Optional.empty();
    }
    if (node instanceof Leaf leaf && leaf.value() instanceof Boolean value) {
      return Optional.of(value);
    }
    throw wrongType(key, node, "true or false");
  }

  /** The value of {@code key}, which must be an integer from 1 to {@code Integer.MAX_VALUE}. */
  Optional<Integer> positiveInt(String key) throws ConfigException {
    ConfigNode node = table.entries().get(key);
    if (node == null) {
      return Optional.empty();
    }
    if (!(node instanceof Leaf leaf && leaf.value() instanceof Long number)) {
      throw wrongType(key, node, "a positive integer");
    }
    if (number < 1 || number > Integer.MAX_VALUE) {
      throw new ConfigException(
          node.origin().position()
              + ": "
              + key
              + " is "
              + number
              + " (expected a positive integer up to "
              + Integer.MAX_VALUE
              + ")");
    }
    return Optional.of(number.intValue());
  }

  /**
   * The value of {@code key}, which must be a finite number: a {@code Long} when written as an
   * integer, a {@code Double} when written as a float.
   */
  Optional<Number> number(String key, String example) throws ConfigException {
    ConfigNode node = table.entries().get(key);
    if (node == null) {
      return Optional.empty();
    }
    if (node instanceof Leaf leaf && leaf.value() instanceof Long number) {
      return Optional.of(number);
    }
    if (node instanceof Leaf leaf && leaf.value() instanceof Double number) {
      if (!Double.isFinite(number)) {
        throw new ConfigException(
            node.origin().position()
                + ": "
                + key
                + " is "
                + BodyFields.tomlSpelling(number)
                + " (expected a finite number, e.g. "
                + example
                + ")");
      }
      return Optional.of(number);
    }
    throw wrongType(key, node, "a number, e.g. " + example);
  }

  /** The value of {@code key}, which must be an integer from {@code min} to {@code max}. */
  Optional<Integer> intInRange(String key, int min, int max) throws ConfigException {
    ConfigNode node = table.entries().get(key);
    if (node == null) {
      return Optional.empty();
    }
    if (!(node instanceof Leaf leaf && leaf.value() instanceof Long number)) {
      throw wrongType(key, node, "an integer from " + min + " to " + max);
    }
    if (number < min || number > max) {
      throw new ConfigException(
          node.origin().position()
              + ": "
              + key
              + " is "
              + number
              + " (expected an integer from "
              + min
              + " to "
              + max
              + ")");
    }
    return Optional.of(number.intValue());
  }

  /** The table under {@code key}. */
  Optional<Branch> table(String key, String example) throws ConfigException {
    ConfigNode node = table.entries().get(key);
    if (node == null) {
      return Optional.empty();
    }
    if (node instanceof Branch branch) {
      return Optional.of(branch);
    }
    throw wrongType(key, node, "a table, e.g. " + example);
  }

  /**
   * Where {@code key} was written, or where the table itself was when the key is not set.
   *
   * @see #has(String)
   */
  Origin origin(String key) {
    ConfigNode node = table.entries().get(key);
    return node == null ? table.origin() : node.origin();
  }

  /**
   * Adds one warning per key this table has but does not know, with a suggestion when a known key
   * is spelt almost the same.
   */
  void warnUnknownKeys(List<String> warnings, Map<String, String> hints) {
    for (Map.Entry<String, ConfigNode> entry : table.entries().entrySet()) {
      String key = entry.getKey();
      if (knownKeys.contains(key)) {
        continue;
      }
      String where = tableName.isEmpty() ? "" : " in " + tableName;
      String advice =
          Optional.ofNullable(hints.get(key))
              .or(() -> KeySpelling.closest(key, knownKeys).map(k -> "did you mean '" + k + "'?"))
              .orElse("known keys: " + String.join(", ", knownKeys));
      warnings.add(
          entry.getValue().origin().line()
              + ": unknown key '"
              + ConfigSyntax.printable(key)
              + "'"
              + where
              + " ignored ("
              + advice
              + ")");
    }
  }

  /** {@code key is an integer (expected a string in quotes)}, at the value. */
  static ConfigException wrongType(String key, ConfigNode node, String expected) {
    return new ConfigException(
        node.origin().position()
            + ": "
            + ConfigSyntax.printable(key)
            + " is "
            + kind(node)
            + " (expected "
            + expected
            + ")");
  }

  /** The TOML type of a value, with its article, as messages say it. */
  static String kind(ConfigNode node) {
    if (node instanceof Branch) {
      return "a table";
    }
    Object value = ((Leaf) node).value();
    if (value instanceof String) {
      return "a string";
    } else if (value instanceof Long) {
      return "an integer";
    } else if (value instanceof Double) {
      return "a float";
    } else if (value instanceof Boolean) {
      return "a boolean";
    } else if (value instanceof List) {
      return "an array";
    } else if (value instanceof Temporal) {
      return "a date or time";
    }
    return "a " + value.getClass().getSimpleName();
  }
}
