package dev.agent.config;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parsed configuration document in which every value remembers its {@link Origin}, so that the
 * file and {@code -c} overrides can be merged and still be reported where they were written.
 */
sealed interface ConfigNode permits ConfigNode.Leaf, ConfigNode.Branch {

  /** Where this value was written. */
  Origin origin();

  /**
   * Anything but a table: a {@code String}, {@code Long}, {@code Double}, {@code Boolean}, a {@code
   * java.time} value or a {@code List} of such values, in which a table is a {@code Map<String,
   * Object>} in written order.
   */
  record Leaf(Object value, Origin origin) implements ConfigNode {
    public Leaf {
      requireNonNull(value, "value");
      requireNonNull(origin, "origin");
    }
  }

  /** A table; its entries keep the order in which they were written. */
  record Branch(Map<String, ConfigNode> entries, Origin origin) implements ConfigNode {
    public Branch {
      entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
      requireNonNull(origin, "origin");
    }

    /**
     * This table with {@code over} laid on top: where both hold a table they merge key by key,
     * anything else in {@code over} replaces what was here. The result keeps this table's origin.
     */
    Branch mergedWith(Branch over) {
      Map<String, ConfigNode> merged = new LinkedHashMap<>(entries);
      for (Map.Entry<String, ConfigNode> entry : over.entries().entrySet()) {
        ConfigNode mine = merged.get(entry.getKey());
        ConfigNode theirs = entry.getValue();
        if (mine instanceof Branch mineTable && theirs instanceof Branch theirTable) {
          merged.put(entry.getKey(), mineTable.mergedWith(theirTable));
        } else {
          merged.put(entry.getKey(), theirs);
        }
      }
      return new Branch(merged, origin);
    }
  }
}
