package dev.agent.config;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fields laid over a request's JSON body ({@code extra_body}, with {@code temperature} and {@code
 * top_p} as shorthand for two of them), as plain values: {@code String}, {@code Long}, {@code
 * Double} (finite), {@code Boolean}, {@code List} and {@code Map<String, Object>} of those, in the
 * order they were written. Immutable all the way down.
 *
 * @param fields the top-level fields; never one of {@link #RESERVED}
 */
public record ExtraBody(Map<String, Object> fields) {
  /**
   * The fields agent owns and no configuration may set: the model, the conversation ({@code
   * messages}, and {@code system}, where the Anthropic format puts its system messages) and {@code
   * stream}, which the reply's decoding depends on.
   */
  public static final List<String> RESERVED = List.of("model", "messages", "stream", "system");

  /** No fields. Declared after {@link #RESERVED}, which its construction reads. */
  public static final ExtraBody EMPTY = new ExtraBody(Map.of());

  public ExtraBody {
    requireNonNull(fields, "fields");
    for (String reserved : RESERVED) {
      if (fields.containsKey(reserved)) {
        throw new IllegalArgumentException("extra body sets reserved field " + reserved);
      }
    }
    fields = copyOfTable(fields);
  }

  /** Whether there are no fields. */
  public boolean isEmpty() {
    return fields.isEmpty();
  }

  /**
   * This body with {@code over} laid on top: where both hold a table the two merge key by key (at
   * every depth), anything else in {@code over} (a value, an array) replaces what was here.
   */
  public ExtraBody with(ExtraBody over) {
    if (over.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return over;
    }
    return new ExtraBody(merged(fields, over.fields));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> merged(Map<String, Object> under, Map<String, Object> over) {
    Map<String, Object> result = new LinkedHashMap<>(under);
    for (Map.Entry<String, Object> entry : over.entrySet()) {
      Object mine = result.get(entry.getKey());
      Object theirs = entry.getValue();
      if (mine instanceof Map<?, ?> mineTable && theirs instanceof Map<?, ?> theirTable) {
        result.put(
            entry.getKey(),
            merged((Map<String, Object>) mineTable, (Map<String, Object>) theirTable));
      } else {
        result.put(entry.getKey(), theirs);
      }
    }
    return result;
  }

  private static Map<String, Object> copyOfTable(Map<?, ?> table) {
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : table.entrySet()) {
      if (!(entry.getKey() instanceof String key)) {
        throw new IllegalArgumentException("extra body key is not a string: " + entry.getKey());
      }
      copy.put(key, copyOf(entry.getValue()));
    }
    return Collections.unmodifiableMap(copy);
  }

  private static Object copyOf(Object value) {
    if (value instanceof String || value instanceof Long || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Double number) {
      if (!Double.isFinite(number)) {
        throw new IllegalArgumentException("extra body number is not finite: " + number);
      }
      return number;
    }
    if (value instanceof Map<?, ?> table) {
      return copyOfTable(table);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      for (Object item : list) {
        copy.add(copyOf(item));
      }
      return Collections.unmodifiableList(copy);
    }
    throw new IllegalArgumentException(
        "extra body value cannot be JSON: " + (value == null ? "null" : value.getClass()));
  }
}
