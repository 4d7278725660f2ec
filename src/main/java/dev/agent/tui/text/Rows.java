package dev.agent.tui.text;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/** Lists of rows joined without copying, so a long reply's cached rows are never copied. */
public final class Rows {
  private Rows() {}

  /** A read-only view of {@code parts} one after the other; it sees later growth of each part. */
  public static List<Row> concat(List<List<Row>> parts) {
    return new Joined(List.copyOf(parts));
  }

  private static final class Joined extends AbstractList<Row> implements RandomAccess {
    private final List<List<Row>> parts;

    Joined(List<List<Row>> parts) {
      this.parts = parts;
    }

    @Override
    public Row get(int index) {
      if (index < 0) {
        throw new IndexOutOfBoundsException(index);
      }
      int at = index;
      for (List<Row> part : parts) {
        if (at < part.size()) {
          return part.get(at);
        }
        at -= part.size();
      }
      throw new IndexOutOfBoundsException(index);
    }

    @Override
    public int size() {
      int size = 0;
      for (List<Row> part : parts) {
        size += part.size();
      }
      return size;
    }
  }
}
