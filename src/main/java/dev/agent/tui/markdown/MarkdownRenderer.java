package dev.agent.tui.markdown;

import static java.util.Objects.requireNonNull;

import dev.agent.tui.text.Row;
import dev.agent.tui.text.Span;
import dev.agent.tui.text.StyledText;
import dev.agent.tui.text.TextLayout;
import dev.agent.tui.text.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableHead;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.Code;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.LinkReferenceDefinition;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

/**
 * Turns Markdown blocks (parsed by commonmark-java with GFM tables) into styled transcript rows at
 * a width: headings keep their {@code #} marks, emphasis is italic and bold, lists get bullets or
 * right-aligned numbers, quotes a bar, links their target in brackets after the text, code blocks a
 * frame and syntax colours ({@link CodeBlockRenderer}), tables aligned columns fitted to the width.
 * A line break inside a paragraph stays a line break: replies are written to be read as they are
 * laid out. Belongs to the UI thread.
 */
public final class MarkdownRenderer {
  private static final TextStyle BULLET = TextStyle.of("md-bullet");
  private static final TextStyle QUOTE_BAR = TextStyle.of("md-quote-bar");
  private static final TextStyle RULE = TextStyle.of("md-rule");
  private static final TextStyle TABLE_BORDER = TextStyle.of("md-table-border");

  /**
   * A table's columns are not narrowed below their longest word, up to this many cells; when even
   * that does not fit, the table is shown as records.
   */
  private static final int LONGEST_UNBROKEN = 16;

  private final TextLayout layout;
  private final CodeBlockRenderer code;

  public MarkdownRenderer(TextLayout layout) {
    this.layout = requireNonNull(layout, "layout");
    this.code = new CodeBlockRenderer(layout);
  }

  /** A parser for replies: CommonMark, GFM tables, and where each block starts in the input. */
  static Parser parser() {
    return Parser.builder()
        .extensions(List.of(TablesExtension.create()))
        .includeSourceSpans(IncludeSourceSpans.BLOCKS)
        .build();
  }

  CodeBlockRenderer code() {
    return code;
  }

  /** The rows of one top-level block; none for a link reference definition. */
  List<Row> block(Node block, int width) {
    return render(block, Math.max(1, width), TextStyle.ASSISTANT, 0);
  }

  /** {@code text} as it is, wrapped: for a line not yet complete at the streaming edge. */
  List<Row> plain(String text, int width) {
    List<Row> rows = new ArrayList<>();
    for (List<Span> spans :
        new StyledText().append(text, TextStyle.ASSISTANT).wrap(layout, Math.max(1, width))) {
      rows.add(Row.of(spans));
    }
    return rows;
  }

  /**
   * The text of the last code block, fenced or indented, in {@code markdown}, without the line
   * break that ends its last line; empty when there is none.
   */
  public static Optional<String> lastCodeBlock(String markdown) {
    String[] last = {null};
    collectCode(parser().parse(markdown), last);
    return Optional.ofNullable(last[0]);
  }

  private static void collectCode(Node node, String[] last) {
    for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
      String literal = null;
      if (child instanceof FencedCodeBlock fenced) {
        literal = fenced.getLiteral();
      } else if (child instanceof IndentedCodeBlock indented) {
        literal = indented.getLiteral();
      }
      if (literal != null) {
        last[0] = literal.endsWith("\n") ? literal.substring(0, literal.length() - 1) : literal;
      } else {
        collectCode(child, last);
      }
    }
  }

  private List<Row> render(Node node, int width, TextStyle base, int depth) {
    if (node instanceof Paragraph) {
      return rows(inline(node, base, new StyledText()), width);
    }
    if (node instanceof Heading heading) {
      TextStyle style = base.colour("md-heading" + Math.min(3, heading.getLevel()));
      StyledText text = new StyledText().append("#".repeat(heading.getLevel()) + " ", style);
      return rows(inline(node, style, text), width);
    }
    if (node instanceof BlockQuote) {
      List<Row> inner = children(node, width - 2, base.colour("md-quote"), depth, false);
      List<Span> bar = List.of(new Span(layout.pick("│", ">") + " ", QUOTE_BAR));
      List<Row> rows = new ArrayList<>(inner.size());
      for (Row row : inner) {
        rows.add(row.prefixed(bar, 2));
      }
      return rows;
    }
    if (node instanceof ListBlock list) {
      return list(list, width, base, depth);
    }
    if (node instanceof FencedCodeBlock fenced) {
      return code.block(fenced.getInfo(), fenced.getLiteral(), width);
    }
    if (node instanceof IndentedCodeBlock indented) {
      return code.block("", indented.getLiteral(), width);
    }
    if (node instanceof ThematicBreak) {
      return List.of(Row.of(layout.pick("─", "-").repeat(width), RULE));
    }
    if (node instanceof HtmlBlock html) {
      String literal = html.getLiteral();
      return rows(
          new StyledText()
              .append(
                  literal.endsWith("\n") ? literal.substring(0, literal.length() - 1) : literal,
                  base.colour("muted")),
          width);
    }
    if (node instanceof TableBlock table) {
      return table(table, width, base);
    }
    if (node instanceof LinkReferenceDefinition) {
      return List.of();
    }
    return children(node, width, base, depth, false);
  }

  /** The child blocks of {@code parent}, a blank row between two unless {@code tight}. */
  private List<Row> children(Node parent, int width, TextStyle base, int depth, boolean tight) {
    List<Row> rows = new ArrayList<>();
    int safeWidth = Math.max(1, width);
    for (Node child = parent.getFirstChild(); child != null; child = child.getNext()) {
      List<Row> block = render(child, safeWidth, base, depth);
      if (block.isEmpty()) {
        continue;
      }
      if (!rows.isEmpty() && !tight) {
        rows.add(Row.BLANK);
      }
      rows.addAll(block);
    }
    return rows;
  }

  private List<Row> list(ListBlock list, int width, TextStyle base, int depth) {
    List<String> markers = new ArrayList<>();
    int number = 1;
    String delimiter = ".";
    if (list instanceof OrderedList ordered) {
      number = ordered.getMarkerStartNumber() == null ? 1 : ordered.getMarkerStartNumber();
      delimiter = ordered.getMarkerDelimiter() == null ? "." : ordered.getMarkerDelimiter();
    }
    for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
      if (list instanceof OrderedList) {
        markers.add(number++ + delimiter);
      } else {
        markers.add(bullet(depth));
      }
    }
    int markerWidth = 0;
    for (String marker : markers) {
      markerWidth = Math.max(markerWidth, layout.width(marker));
    }
    markerWidth += 1;
    TextStyle markerStyle = base.colour(BULLET.name());
    List<Row> rows = new ArrayList<>();
    int index = 0;
    for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
      String marker = markers.get(index++);
      String padded = " ".repeat(markerWidth - 1 - layout.width(marker)) + marker + " ";
      List<Row> content =
          item instanceof ListItem
              ? children(item, width - markerWidth, base, depth + 1, list.isTight())
              : List.of();
      if (!rows.isEmpty() && !list.isTight()) {
        rows.add(Row.BLANK);
      }
      if (content.isEmpty()) {
        rows.add(Row.of(padded.stripTrailing(), markerStyle));
        continue;
      }
      List<Span> first = List.of(new Span(padded, markerStyle));
      List<Span> indent = List.of(new Span(" ".repeat(markerWidth), base));
      for (int i = 0; i < content.size(); i++) {
        rows.add(content.get(i).prefixed(i == 0 ? first : indent, markerWidth));
      }
    }
    return rows;
  }

  private String bullet(int depth) {
    return switch (depth % 3) {
      case 0 -> layout.pick("•", "*");
      case 1 -> layout.pick("◦", "-");
      default -> layout.pick("▪", "+");
    };
  }

  private List<Row> rows(StyledText text, int width) {
    List<Row> rows = new ArrayList<>();
    for (List<Span> spans : text.wrap(layout, width)) {
      rows.add(Row.of(spans));
    }
    return rows;
  }

  /** Appends the inline content of {@code parent} to {@code out} in {@code style}. */
  private StyledText inline(Node parent, TextStyle style, StyledText out) {
    for (Node node = parent.getFirstChild(); node != null; node = node.getNext()) {
      if (node instanceof Text text) {
        out.append(text.getLiteral(), style);
      } else if (node instanceof Code codeSpan) {
        out.append(codeSpan.getLiteral(), style.colour("md-code"));
      } else if (node instanceof Emphasis) {
        inline(node, style.modify("md-emphasis"), out);
      } else if (node instanceof StrongEmphasis) {
        inline(node, style.modify("md-strong"), out);
      } else if (node instanceof Link link) {
        int start = out.length();
        inline(node, style.colour("md-link"), out);
        String label = out.text().substring(start);
        String target = link.getDestination();
        if (!target.isEmpty() && !target.equals(label) && !target.equals("mailto:" + label)) {
          out.append(" (" + target + ")", style.colour("md-link-target"));
        }
      } else if (node instanceof Image image) {
        TextStyle linkStyle = style.colour("md-link");
        out.append("[image: ", linkStyle);
        inline(node, linkStyle, out);
        out.append("]", linkStyle);
        if (!image.getDestination().isEmpty()) {
          out.append(" (" + image.getDestination() + ")", style.colour("md-link-target"));
        }
      } else if (node instanceof SoftLineBreak || node instanceof HardLineBreak) {
        out.append("\n", style);
      } else if (node instanceof HtmlInline html) {
        out.append(html.getLiteral(), style.colour("muted"));
      } else {
        inline(node, style, out);
      }
    }
    return out;
  }

  /** One cell of a table: its text and how it is aligned. */
  private record Cell(StyledText text, TableCell.Alignment alignment) {}

  private List<Row> table(TableBlock table, int width, TextStyle base) {
    List<List<Cell>> body = new ArrayList<>();
    List<Cell> header = new ArrayList<>();
    for (Node section = table.getFirstChild(); section != null; section = section.getNext()) {
      boolean head = section instanceof TableHead;
      TextStyle style = head ? base.colour("md-table-header") : base;
      for (Node row = section.getFirstChild(); row != null; row = row.getNext()) {
        if (!(row instanceof TableRow)) {
          continue;
        }
        List<Cell> cells = new ArrayList<>();
        for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
          TableCell.Alignment alignment =
              cell instanceof TableCell tableCell ? tableCell.getAlignment() : null;
          cells.add(new Cell(inline(cell, style, new StyledText()), alignment));
        }
        if (head) {
          header = cells;
        } else {
          body.add(cells);
        }
      }
    }
    int columns = header.size();
    for (List<Cell> row : body) {
      columns = Math.max(columns, row.size());
    }
    if (columns == 0) {
      return List.of();
    }
    int[] widths = new int[columns];
    int[] floors = new int[columns];
    for (int c = 0; c < columns; c++) {
      widths[c] = Math.max(1, naturalWidth(header, c));
      floors[c] = longestWord(header, c);
      for (List<Cell> row : body) {
        widths[c] = Math.max(widths[c], naturalWidth(row, c));
        floors[c] = Math.max(floors[c], longestWord(row, c));
      }
      floors[c] = Math.min(widths[c], Math.min(floors[c], LONGEST_UNBROKEN));
    }
    if (!fit(widths, floors, width - 3 * (columns - 1))) {
      return records(header, body, width, base);
    }
    String vertical = layout.pick("│", "|");
    String horizontal = layout.pick("─", "-");
    List<Row> rows = new ArrayList<>(tableRow(header, widths, base, vertical));
    StringBuilder rule = new StringBuilder();
    for (int c = 0; c < columns; c++) {
      if (c > 0) {
        rule.append(horizontal).append(layout.pick("┼", "+")).append(horizontal);
      }
      rule.append(horizontal.repeat(widths[c]));
    }
    rows.add(Row.of(rule.toString(), TABLE_BORDER));
    for (List<Cell> row : body) {
      rows.addAll(tableRow(row, widths, base, vertical));
    }
    return rows;
  }

  private int naturalWidth(List<Cell> row, int column) {
    return column < row.size() ? layout.width(row.get(column).text().text()) : 0;
  }

  /** The widest word of a cell, in cells: below it a column would break words. */
  private int longestWord(List<Cell> row, int column) {
    if (column >= row.size()) {
      return 1;
    }
    int longest = 1;
    for (String word : row.get(column).text().text().split("\\s+", -1)) {
      longest = Math.max(longest, layout.width(word));
    }
    return longest;
  }

  /**
   * Sets {@code widths} (the natural ones on entry) so that the columns fit {@code room}: when they
   * do not as they are, each starts at its floor and the room left goes a cell at a time to the
   * column furthest from its natural width. False when even the floors do not fit.
   */
  private static boolean fit(int[] widths, int[] floors, int room) {
    int total = 0;
    int floorTotal = 0;
    for (int c = 0; c < widths.length; c++) {
      total += widths[c];
      floorTotal += floors[c];
    }
    if (total <= room) {
      return true;
    }
    if (floorTotal > room) {
      return false;
    }
    int[] natural = widths.clone();
    System.arraycopy(floors, 0, widths, 0, widths.length);
    for (int left = room - floorTotal; left > 0; left--) {
      int neediest = 0;
      for (int c = 1; c < widths.length; c++) {
        if (natural[c] - widths[c] > natural[neediest] - widths[neediest]) {
          neediest = c;
        }
      }
      widths[neediest]++;
    }
    return true;
  }

  /** One table row: each cell wrapped to its column, aligned, the columns split by bars. */
  private List<Row> tableRow(List<Cell> cells, int[] widths, TextStyle base, String vertical) {
    List<List<List<Span>>> wrapped = new ArrayList<>();
    int height = 1;
    for (int c = 0; c < widths.length; c++) {
      List<List<Span>> lines =
          c < cells.size() ? cells.get(c).text().wrap(layout, widths[c]) : List.of(List.of());
      wrapped.add(lines);
      height = Math.max(height, lines.size());
    }
    List<Row> rows = new ArrayList<>(height);
    for (int line = 0; line < height; line++) {
      List<Span> spans = new ArrayList<>();
      for (int c = 0; c < widths.length; c++) {
        if (c > 0) {
          spans.add(new Span(" " + vertical + " ", TABLE_BORDER));
        }
        List<Span> content = line < wrapped.get(c).size() ? wrapped.get(c).get(line) : List.of();
        int used = 0;
        for (Span span : content) {
          used += layout.width(span.text());
        }
        int free = Math.max(0, widths[c] - used);
        TableCell.Alignment alignment = c < cells.size() ? cells.get(c).alignment() : null;
        int left =
            alignment == TableCell.Alignment.RIGHT
                ? free
                : alignment == TableCell.Alignment.CENTER ? free / 2 : 0;
        if (left > 0) {
          spans.add(new Span(" ".repeat(left), base));
        }
        spans.addAll(content);
        if (free - left > 0 && c + 1 < widths.length) {
          spans.add(new Span(" ".repeat(free - left), base));
        }
      }
      rows.add(Row.of(spans));
    }
    return rows;
  }

  /** A table too wide for any fitting: each body row as lines of {@code header: value}. */
  private List<Row> records(List<Cell> header, List<List<Cell>> body, int width, TextStyle base) {
    List<Row> rows = new ArrayList<>();
    TextStyle label = base.colour("md-table-header");
    for (List<Cell> row : body) {
      if (!rows.isEmpty()) {
        rows.add(Row.of(layout.pick("─", "-").repeat(Math.min(width, 3)), TABLE_BORDER));
      }
      for (int c = 0; c < row.size(); c++) {
        StyledText line = new StyledText();
        String name = c < header.size() ? header.get(c).text().text() : "";
        line.append(name + ": ", label);
        List<Span> value = row.get(c).text().spans(0, row.get(c).text().length());
        for (Span span : value) {
          line.append(span.text(), span.style());
        }
        rows.addAll(rows(line, width));
      }
    }
    return rows;
  }
}
