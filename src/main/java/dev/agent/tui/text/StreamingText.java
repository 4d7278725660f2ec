package dev.agent.tui.text;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * Plain text that only grows (a model's reasoning), word-wrapped into rows of one style at a cost
 * per frame of what arrived since the last frame and of the row being written, not of the whole
 * text.
 *
 * <p>Lines end at LF, CR LF or a lone CR, as in a reply's Markdown. A complete line is wrapped once
 * and its rows kept. Of the line still being written, every row but the last is final too (greedy
 * wrapping only ever adds row starts), so those are kept as well and the next frame wraps the line
 * from the start of its last row; a line that is not in NFC, which normalizing could shorten, is
 * wrapped whole until it completes. Blank lines before the first text and after the last are not
 * shown. Control characters are left in the rows, for {@link TextLayout#draw} to show as pictures.
 * Belongs to the UI thread.
 */
public final class StreamingText {
  /** The text as it grows; it only ever grows. */
  public interface Source {
    /** The text from char {@code start} on. */
    String textFrom(int start);

    /** Whether the text is complete, so its last line is too. */
    boolean finished();
  }

  private final TextLayout layout;
  private final TextStyle style;
  private final List<Row> kept = new ArrayList<>();
  private int width = -1;
  private int consumed;

  public StreamingText(TextLayout layout, TextStyle style) {
    this.layout = requireNonNull(layout, "layout");
    this.style = requireNonNull(style, "style");
  }

  /**
   * The text's rows at {@code width}: a view of the kept rows followed by those of the row being
   * written, valid until the next call.
   */
  public List<Row> rows(Source source, int width) {
    if (width != this.width) {
      this.width = width;
      kept.clear();
      consumed = 0;
    }
    boolean finished = source.finished();
    String tail = source.textFrom(consumed);
    int at = 0;
    while (true) {
      int end = lineEnd(tail, at);
      if (end == tail.length()) {
        break;
      }
      int next = end + 1;
      if (tail.charAt(end) == '\r') {
        if (next == tail.length() && !finished) {
          break; // the first half of a CR LF, maybe: the line waits for what follows
        }
        if (next < tail.length() && tail.charAt(next) == '\n') {
          next++;
        }
      }
      keep(tail.substring(at, end));
      at = next;
    }
    consumed += at;
    String partial = tail.substring(at);
    if (partial.endsWith("\r")) {
      partial = partial.substring(0, partial.length() - 1);
    }
    List<Row> last = List.of();
    if (finished) {
      if (!partial.isEmpty()) {
        keep(partial);
      }
      consumed += tail.length() - at;
    } else if (!partial.isBlank() || !kept.isEmpty()) {
      last = partial(partial);
    }
    List<Row> rows = Rows.concat(List.of(kept, last));
    int shown = rows.size();
    while (shown > 0 && rows.get(shown - 1).text().isBlank()) {
      shown--;
    }
    return shown == rows.size() ? rows : rows.subList(0, shown);
  }

  /** Keeps the rows of a complete line; none for a blank line before the first text. */
  private void keep(String line) {
    if (kept.isEmpty() && line.isBlank()) {
      return;
    }
    String normal = TextLayout.normalize(line);
    List<Integer> starts = layout.wrap(normal, width);
    for (int i = 0; i < starts.size(); i++) {
      kept.add(row(normal, starts, i));
    }
  }

  /** The rows of the line being written: all but the last are kept when the line is NFC. */
  private List<Row> partial(String line) {
    String normal = TextLayout.normalize(line);
    List<Integer> starts = layout.wrap(normal, width);
    int from = 0;
    if (normal.equals(line) && starts.size() > 1) {
      from = starts.size() - 1;
      for (int i = 0; i < from; i++) {
        kept.add(row(normal, starts, i));
      }
      consumed += starts.get(from);
    }
    List<Row> rows = new ArrayList<>(starts.size() - from);
    for (int i = from; i < starts.size(); i++) {
      rows.add(row(normal, starts, i));
    }
    return rows;
  }

  private Row row(String text, List<Integer> starts, int i) {
    int end = i + 1 < starts.size() ? starts.get(i + 1) : text.length();
    return Row.of(text.substring(starts.get(i), end), style);
  }

  /** Where the line from {@code from} ends: at its LF or CR, or at the end of the text. */
  private static int lineEnd(String text, int from) {
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        return i;
      }
    }
    return text.length();
  }
}
