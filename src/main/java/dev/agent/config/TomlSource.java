package dev.agent.config;

import dev.agent.config.ConfigNode.Branch;
import dev.agent.config.ConfigNode.Leaf;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/** Turns TOML text (a config file or one {@code -c key=value}) into a {@link ConfigNode} tree. */
final class TomlSource {
  private static final String BYTE_ORDER_MARK = "\uFEFF";

  private TomlSource() {}

  /**
   * Parses a whole file.
   *
   * @param path the file as the user gave it, for messages
   * @throws ConfigException on broken TOML, at the first error's line and column
   */
  static Branch parseFile(String path, String text) throws ConfigException {
    // Editors on Windows like to start UTF-8 files with a byte order mark; TOML forbids it there.
    String body = text.startsWith(BYTE_ORDER_MARK) ? text.substring(1) : text;
    TomlParseResult result;
    try {
      result = Toml.parse(body);
    } catch (StackOverflowError e) {
      // The parser recurses once per level of nested arrays and tables; thousands of levels
      // (no real config has ten) would otherwise end the program.
      throw new ConfigException(
          path + ": arrays or tables nested too deeply (expected a few levels)");
    }
    if (result.hasErrors()) {
      TomlParseError first =
          result.errors().stream()
              .min((a, b) -> inFileOrder(a.position(), b.position()))
              .orElseThrow();
      throw new ConfigException(
          origin(path, first.position()).position() + ": " + parserMessage(first.getMessage()));
    }
    return branch(result, List.of(), Origin.file(path), keyPath -> origin(path, result, keyPath));
  }

  /**
   * Parses one {@code -c key=value}: the key may be dotted; the value is read as a TOML value, and
   * taken as a plain string when it is not one (so {@code -c model=gpt-4o} works unquoted).
   *
   * @return a tree holding just that value, to be merged over the file's
   * @throws ConfigException when there is no {@code =} or the key is not a TOML key
   */
  static Branch parseOverride(String override) throws ConfigException {
    int equals = override.indexOf('=');
    if (equals < 0) {
      throw new ConfigException(
          "-c "
              + ConfigSyntax.printable(override)
              + ": missing '=' (expected -c key=value, e.g. -c model=gpt-4o)");
    }
    String key = override.substring(0, equals).strip();
    String text = override.substring(equals + 1).strip();
    if (key.isEmpty()) {
      // The value is not shown: it may be a secret header.
      throw new ConfigException(
          "-c =…: missing key before '=' (expected -c key=value, e.g. -c model=gpt-4o)");
    }
    List<String> path;
    try {
      path = Toml.parseDottedKey(key);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "-c "
              + ConfigSyntax.printable(key)
              + ": not a valid key (expected a dotted key such as"
              + " model_providers.openai.base_url)");
    }
    Origin origin = Origin.override(key);
    ConfigNode node = overrideValue(text, origin);
    for (int i = path.size() - 1; i >= 0; i--) {
      node = new Branch(Map.of(path.get(i), node), origin);
    }
    return (Branch) node;
  }

  /**
   * Parses TOML text.
   *
   * @param where the file or override, for the message
   */
  private static TomlParseResult parse(String text, String where) throws ConfigException {
    try {
      return Toml.parse(text);
    } catch (StackOverflowError e) {
      // The parser recurses once per level of nested arrays and tables; thousands of levels
      // (no real config has ten) would otherwise end the program.
      throw new ConfigException(
          where + ": arrays or tables nested too deeply (expected a few levels)");
    }
  }

  private static ConfigNode overrideValue(String text, Origin origin) throws ConfigException {
    TomlParseResult parsed = parse("value = " + text, origin.position());
    // More than one key means the text smuggled in a newline and another assignment: not a value.
    if (parsed.hasErrors() || !parsed.keySet().equals(Set.of("value"))) {
      return new Leaf(text, origin);
    }
    return node(parsed.get("value"), origin, List.of("value"), keyPath -> origin);
  }

  private static TomlPosition positionOf(TomlTable table, String key) {
    return table.inputPositionOf(List.of(key));
  }

  /**
   * Orders positions as in the file: by line, then column; none (a key tomlj has no position for)
   * last. Written out rather than made of {@link java.util.Comparator}'s factories, whose lambdas
   * belong to the JDK: the start-up archive cannot hold them, so each start would make them anew.
   */
  private static int inFileOrder(TomlPosition a, TomlPosition b) {
    if (a == null) {
      return b == null ? 0 : 1;
    }
    if (b == null) {
      return -1;
    }
    int byLine = Integer.compare(a.line(), b.line());
    return byLine != 0 ? byLine : Integer.compare(a.column(), b.column());
  }

  private static Branch branch(
      TomlTable table, List<String> path, Origin origin, Function<List<String>, Origin> originOf) {
    List<Map.Entry<String, Object>> entries = new ArrayList<>(table.entrySet());
    // tomlj promises no order for a table's keys; warnings read best in file order.
    entries.sort(
        (a, b) -> inFileOrder(positionOf(table, a.getKey()), positionOf(table, b.getKey())));
    Map<String, ConfigNode> nodes = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : entries) {
      List<String> keyPath = new ArrayList<>(path);
      keyPath.add(entry.getKey());
      nodes.put(entry.getKey(), node(entry.getValue(), originOf.apply(keyPath), keyPath, originOf));
    }
    return new Branch(nodes, origin);
  }

  private static ConfigNode node(
      Object value, Origin origin, List<String> keyPath, Function<List<String>, Origin> originOf) {
    if (value instanceof TomlTable table) {
      return branch(table, keyPath, origin, originOf);
    }
    if (value instanceof TomlArray array) {
      return new Leaf(plain(array), origin);
    }
    return new Leaf(value, origin);
  }

  /**
   * An array's or a table's content as plain values: a {@code List} for an array and a {@code Map}
   * in written order for a table, at every depth, so that nothing past this class sees tomlj's
   * types.
   */
  private static Object plain(Object value) {
    if (value instanceof TomlArray array) {
      List<Object> items = new ArrayList<>();
      for (int i = 0; i < array.size(); i++) {
        items.add(plain(array.get(i)));
      }
      return items;
    }
    if (value instanceof TomlTable table) {
      List<String> keys = new ArrayList<>(table.keySet());
      keys.sort((a, b) -> inFileOrder(positionOf(table, a), positionOf(table, b)));
      Map<String, Object> entries = new LinkedHashMap<>();
      for (String key : keys) {
        entries.put(key, plain(table.get(List.of(key))));
      }
      return entries;
    }
    return value;
  }

  private static Origin origin(String path, TomlTable root, List<String> keyPath) {
    TomlPosition position = root.inputPositionOf(keyPath);
    return position == null ? Origin.file(path) : origin(path, position);
  }

  private static Origin origin(String path, TomlPosition position) {
    return Origin.inFile(path, position.line(), position.column());
  }

  /**
   * tomlj says {@code Unexpected 'x', expected a-z…}; compiler style is lower case, with the
   * expectation in parentheses.
   */
  private static String parserMessage(String message) {
    String text = message.startsWith("Unexpected ") ? "u" + message.substring(1) : message;
    int expected = text.indexOf(", expected ");
    if (expected < 0) {
      return text;
    }
    return text.substring(0, expected)
        + " (expected "
        + text.substring(expected + ", expected ".length())
        + ")";
  }
}
