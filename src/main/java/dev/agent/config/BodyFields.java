package dev.agent.config;

import dev.agent.config.ConfigNode.Branch;
import dev.agent.config.ConfigNode.Leaf;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the request body fields of one table (the top level, a provider's, a model's): {@code
 * extra_body}, and {@code temperature} and {@code top_p}, which are shorthand for the {@code
 * extra_body} entries of the same names.
 */
final class BodyFields {
  /** The keys of a table that become body fields. */
  static final List<String> KEYS = List.of("extra_body", "temperature", "top_p");

  /** The keys that are shorthand for an {@code extra_body} entry. */
  private static final List<String> SHORTHANDS = List.of("temperature", "top_p");

  /** Why each reserved field is agent's, as the fix in the message says it. */
  private static final Map<String, String> RESERVED_FIXES =
      Map.of(
          "model", "choose the model with -m, model or default_model",
          "messages", "agent sends the conversation",
          "stream", "agent always streams the reply",
          "system", "agent sends the conversation's system messages there");

  private BodyFields() {}

  /**
   * The table's body fields: {@code extra_body} as written, with {@code temperature} and {@code
   * top_p} added.
   *
   * @throws ConfigException at the value for a field agent owns ({@link ExtraBody#RESERVED}), a
   *     value JSON cannot carry (a date, nan, inf), a shorthand that is not a number, or one set
   *     both plainly and in {@code extra_body}
   */
  static ExtraBody read(TableReader reader) throws ConfigException {
    Optional<Branch> table = reader.table("extra_body", "extra_body = { seed = 42 }");
    Map<String, Object> fields = new LinkedHashMap<>();
    if (table.isPresent()) {
      for (Map.Entry<String, ConfigNode> entry : table.get().entries().entrySet()) {
        String key = entry.getKey();
        String fix = RESERVED_FIXES.get(key);
        if (fix != null) {
          throw new ConfigException(
              entry.getValue().origin().position()
                  + ": extra_body may not set '"
                  + key
                  + "', which agent owns (remove it; "
                  + fix
                  + ")");
        }
        fields.put(key, value("extra_body." + key, entry.getValue()));
      }
    }
    for (String key : SHORTHANDS) {
      Optional<Number> number = reader.number(key, "0.7");
      if (number.isEmpty()) {
        continue;
      }
      if (fields.containsKey(key)) {
        throw new ConfigException(
            reader.origin(key).position()
                + ": "
                + key
                + " is set twice, here and in extra_body (expected one of them)");
      }
      fields.put(key, number.get());
    }
    return new ExtraBody(fields);
  }

  /** A value under {@code extra_body} as a plain value JSON can carry. */
  private static Object value(String path, ConfigNode node) throws ConfigException {
    if (node instanceof Branch branch) {
      Map<String, Object> entries = new LinkedHashMap<>();
      for (Map.Entry<String, ConfigNode> entry : branch.entries().entrySet()) {
        entries.put(entry.getKey(), value(path + "." + entry.getKey(), entry.getValue()));
      }
      return entries;
    }
    Leaf leaf = (Leaf) node;
    return plain(path, leaf.value(), leaf);
  }

  private static Object plain(String path, Object value, Leaf at) throws ConfigException {
    if (value instanceof Double number && !Double.isFinite(number)) {
      throw new ConfigException(
          at.origin().position()
              + ": "
              + ConfigSyntax.printable(path)
              + " is "
              + tomlSpelling(number)
              + ", which JSON cannot carry (expected a finite number)");
    }
    if (value instanceof Temporal) {
      throw new ConfigException(
          at.origin().position()
              + ": "
              + ConfigSyntax.printable(path)
              + " is a date or time, which JSON cannot carry (expected a string, a number, a"
              + " boolean, an array or a table; put it in quotes to send it as a string)");
    }
    if (value instanceof List<?> list) {
      List<Object> items = new ArrayList<>();
      for (Object item : list) {
        items.add(plain(path, item, at));
      }
      return items;
    }
    if (value instanceof Map<?, ?> table) {
      Map<String, Object> entries = new LinkedHashMap<>();
      for (Map.Entry<?, ?> entry : table.entrySet()) {
        String key = String.valueOf(entry.getKey());
        entries.put(key, plain(path + "." + key, entry.getValue(), at));
      }
      return entries;
    }
    return value;
  }

  /** {@code nan}, {@code inf} or {@code -inf}, as TOML writes them. */
  static String tomlSpelling(double number) {
    if (Double.isNaN(number)) {
      return "nan";
    }
    return number > 0 ? "inf" : "-inf";
  }
}
