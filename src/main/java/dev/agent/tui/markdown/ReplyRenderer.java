package dev.agent.tui.markdown;

import static java.util.Objects.requireNonNull;

import dev.agent.tui.text.Row;
import dev.agent.tui.text.Rows;
import java.util.ArrayList;
import java.util.List;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.Parser;

/**
 * One assistant reply rendered as Markdown while it streams, at a cost per frame of its last block,
 * not of the whole reply.
 *
 * <p>Appending text can change only the last top-level block of a CommonMark document: a block that
 * another one follows, on a complete line, is closed for good. So the reply's complete blocks are
 * rendered once and kept ({@code stable}); each frame parses and renders only the rest, which is
 * the block still growing plus the line being written. A top-level fenced code block is kept line
 * by line as its lines complete (a line of code is final once its line break arrives), so a long
 * block streams at a constant cost too. The one thing this gives up: a link whose reference
 * definition arrives in a later block than the link stays literal text.
 *
 * <p>At the streaming edge, a line not yet complete that would be a row of a table, a line of code
 * or the opening fence of a code block is shown as plain text until its line break arrives, so a
 * half row never lays the table out wrong; one that is prose (a paragraph, a heading, a list item)
 * is rendered with its block, where an unclosed {@code **} simply stays literal.
 *
 * <p>A block still being written that grows past {@link #LONG_BLOCK} chars (a log of thousands of
 * lines without a blank one, a list of thousands of items) is kept in parts: its complete lines are
 * rendered and kept, and what follows goes on as a block of its own, drawn right under them. So a
 * frame never parses much more than that, however long the reply. A paragraph is cut between lines,
 * a list between items, so what is cut looks as it would whole, but for Markdown that spans the cut
 * (an emphasis across lines) and the width of an ordered list's numbers; tables and code, whose
 * layout needs every line, are never cut. Belongs to the UI thread.
 */
public final class ReplyRenderer {
  /** The reply's text as it grows; it only ever grows. */
  public interface Source {
    /** The text from char {@code start} on. */
    String textFrom(int start);

    /** Whether the reply is over, so its last line is complete. */
    boolean finished();
  }

  /** The size past which a block still being written is kept in parts. */
  static final int LONG_BLOCK = 16 * 1024;

  private final MarkdownRenderer markdown;
  private final CodeBlockRenderer code;
  private final Parser parser = MarkdownRenderer.parser();
  private final List<Row> stable = new ArrayList<>();
  private int width = -1;
  private int consumed;
  private int checkedTo = -1;
  private int blocks;
  private OpenFence fence;
  private Node pending;
  private boolean glued;
  private long parsedChars;
  private long commonmarkChars;

  public ReplyRenderer(MarkdownRenderer markdown) {
    this.markdown = requireNonNull(markdown, "markdown");
    this.code = markdown.code();
  }

  /**
   * The reply's rows at {@code width}: a view of the kept rows followed by those of the rest, valid
   * until the next call.
   */
  public List<Row> rows(Source source, int width) {
    if (width != this.width) {
      this.width = width;
      stable.clear();
      consumed = 0;
      checkedTo = -1;
      blocks = 0;
      fence = null;
      pending = null;
      glued = false;
    }
    boolean finished = source.finished();
    String tail = keepComplete(source.textFrom(consumed), finished);
    if (!finished) {
      tail = keepLongBlock(keepClosedBlock(tail));
    }
    return Rows.concat(List.of(stable, renderRest(tail)));
  }

  /** Of {@link #parsedChars}, those handed to commonmark: the rest was plain prose. */
  long commonmarkChars() {
    return commonmarkChars;
  }

  /** How many of the rows are kept: drawn once, never again while the width stays. */
  int keptRows() {
    return stable.size();
  }

  /** Chars handed to the Markdown parser so far: the work a frame does, for tests. */
  long parsedChars() {
    return parsedChars;
  }

  /** Moves what is complete at the start of {@code tail} into the kept rows; returns the rest. */
  private String keepComplete(String tail, boolean finished) {
    String rest = tail;
    while (true) {
      if (fence != null) {
        rest = keepCodeLines(rest, finished);
        if (fence != null) {
          return rest;
        }
        continue;
      }
      String complete = finished ? rest : rest.substring(0, rest.lastIndexOf('\n') + 1);
      if (complete.isEmpty() || (!finished && consumed + complete.length() == checkedTo)) {
        return rest;
      }
      checkedTo = consumed + complete.length();
      pending = null;
      List<Node> parsed = topLevel(parse(complete));
      int keep = finished ? parsed.size() : parsed.size() - 1;
      for (int i = 0; i < keep; i++) {
        keep(markdown.block(parsed.get(i), width));
      }
      if (finished || parsed.isEmpty()) {
        if (finished) {
          consumed += rest.length();
          return "";
        }
        return rest;
      }
      Node last = parsed.get(parsed.size() - 1);
      int start = lineStart(last);
      consumed += start;
      rest = rest.substring(start);
      if (!(last instanceof FencedCodeBlock fenced) || fenced.getClosingFenceLength() != null) {
        pending = last;
        return rest;
      }
      // An open fence: from now on its lines are kept as they complete.
      separate();
      stable.add(code.header(fenced.getInfo()));
      fence = new OpenFence(fenced);
      int opener = rest.indexOf('\n') + 1;
      consumed += opener;
      rest = rest.substring(opener);
    }
  }

  /**
   * Keeps the last complete block too once a blank line and the start of another block follow it,
   * if it is of a kind that a blank line closes: the line being written can no longer join it.
   */
  private String keepClosedBlock(String rest) {
    if (pending == null || !closedByBlankLine(pending)) {
      return rest;
    }
    int lastNewline = rest.lastIndexOf('\n');
    if (lastNewline < 1 || rest.substring(lastNewline + 1).isBlank()) {
      return rest;
    }
    int lineBefore = rest.lastIndexOf('\n', lastNewline - 1);
    if (!rest.substring(lineBefore + 1, lastNewline).isBlank()) {
      return rest;
    }
    keep(markdown.block(pending, width));
    pending = null;
    consumed += lastNewline + 1;
    return rest.substring(lastNewline + 1);
  }

  /**
   * Keeps what is complete of a block still being written once it has grown past {@link
   * #LONG_BLOCK} chars, cut where the rest can go on as a block of its own ({@link #cutPoint}). The
   * rest is drawn right under what was kept, without the blank row between two blocks.
   */
  private String keepLongBlock(String rest) {
    String left = rest;
    while (fence == null && left.length() > LONG_BLOCK) {
      int cut = cutPoint(left);
      if (cut <= 0) {
        return left;
      }
      String part = left.substring(0, cut);
      for (Node node : topLevel(parse(part))) {
        keep(markdown.block(node, width));
      }
      glued = !endsInBlankLine(part);
      consumed += cut;
      checkedTo = -1;
      pending = null;
      left = left.substring(cut);
    }
    return left;
  }

  /**
   * Where a long block at the start of {@code text} can be cut, or 0 for nowhere: a paragraph (a
   * log without blank lines) or HTML after its last complete line, and a single line that long
   * after a space; a list or a quote before its last item or block, so that an item is never split
   * (its code block included). Tables and code are never cut: their layout needs every line.
   */
  private int cutPoint(String text) {
    int complete = text.lastIndexOf('\n') + 1;
    List<Node> parsed = topLevel(parse(complete == 0 ? text : text.substring(0, complete)));
    if (parsed.isEmpty()) {
      return complete;
    }
    Node block = parsed.get(0);
    if (block instanceof Paragraph || block instanceof HtmlBlock) {
      if (complete > 0) {
        return complete;
      }
      int space = text.lastIndexOf(' ', LONG_BLOCK) + 1;
      if (space > 0) {
        return space;
      }
      return Character.isHighSurrogate(text.charAt(LONG_BLOCK - 1)) ? LONG_BLOCK - 1 : LONG_BLOCK;
    }
    if ((block instanceof ListBlock || block instanceof BlockQuote)
        && block.getLastChild() != block.getFirstChild()) {
      return lineStart(block.getLastChild());
    }
    return 0;
  }

  private static boolean endsInBlankLine(String text) {
    if (!text.endsWith("\n")) {
      return false;
    }
    int lineBefore = text.lastIndexOf('\n', text.length() - 2);
    return text.substring(lineBefore + 1, text.length() - 1).isBlank();
  }

  private static boolean closedByBlankLine(Node block) {
    return block instanceof Paragraph
        || block instanceof Heading
        || block instanceof ThematicBreak
        || block instanceof TableBlock
        || block instanceof BlockQuote
        || (block instanceof FencedCodeBlock fenced && fenced.getClosingFenceLength() != null);
  }

  /** Keeps the complete lines of the open fence; closes it at its closing fence. */
  private String keepCodeLines(String tail, boolean finished) {
    int at = 0;
    while (at < tail.length()) {
      int end = lineEnd(tail, at);
      // A CR at the very end may be the first half of a CR LF still on its way.
      boolean complete =
          end < tail.length() - 1 || (end < tail.length() && tail.charAt(end) == '\n');
      if (!complete && !finished) {
        break;
      }
      int next = end;
      if (next < tail.length()) {
        next += tail.startsWith("\r\n", next) ? 2 : 1;
      }
      String line = tail.substring(at, end);
      at = next;
      if (fence.closedBy(line)) {
        closeFence();
        break;
      }
      stable.addAll(code.line(fence.content(line), fence.lexer, width));
    }
    consumed += at;
    if (fence != null && finished) {
      closeFence();
    }
    return tail.substring(at);
  }

  /** Where the line from {@code from} ends: at an LF, a CR or a CR LF, as CommonMark reads it. */
  private static int lineEnd(String text, int from) {
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        return i;
      }
    }
    return text.length();
  }

  private void closeFence() {
    stable.add(code.footer());
    fence = null;
    checkedTo = -1;
  }

  /** The rows of what is not kept: the last block and the line being written, drawn afresh. */
  private List<Row> renderRest(String rest) {
    if (rest.isEmpty()) {
      return List.of();
    }
    if (fence != null) {
      // A CR at the end waits for the LF that may follow it; it is no part of the line.
      String line = rest.endsWith("\r") ? rest.substring(0, rest.length() - 1) : rest;
      return code.line(fence.content(line), null, width);
    }
    List<Row> rows = new ArrayList<>();
    Node document = parse(rest);
    int lastNewline = rest.lastIndexOf('\n');
    boolean partial = lastNewline < rest.length() - 1;
    int lastLine = countLines(rest) - 1;
    if (partial && endsInCodeOrTable(document, lastLine)) {
      String complete = rest.substring(0, lastNewline + 1);
      List<Node> before = complete.isEmpty() ? List.of() : topLevel(parse(complete));
      appendBlocks(rows, before);
      boolean sameBlock = !before.isEmpty() && topLevel(document).size() == before.size();
      if (!sameBlock && blankBefore(rows)) {
        rows.add(Row.BLANK);
      }
      rows.addAll(markdown.plain(rest.substring(lastNewline + 1), width));
      return rows;
    }
    appendBlocks(rows, topLevel(document));
    return rows;
  }

  private void appendBlocks(List<Row> rows, List<Node> nodes) {
    for (Node node : nodes) {
      List<Row> block = markdown.block(node, width);
      if (block.isEmpty()) {
        continue;
      }
      if (blankBefore(rows)) {
        rows.add(Row.BLANK);
      }
      rows.addAll(block);
    }
  }

  private void keep(List<Row> block) {
    if (!block.isEmpty()) {
      separate();
      stable.addAll(block);
    }
  }

  /**
   * Whether a block drawn after {@code rows} (those of the rest, after the kept ones) needs a blank
   * row before it: not the first block of all, nor the continuation of a block kept in parts.
   */
  private boolean blankBefore(List<Row> rows) {
    return !rows.isEmpty() || (blocks > 0 && !glued);
  }

  /** Counts a kept block, after a blank row when one came before it. */
  private void separate() {
    if (blankBefore(List.of())) {
      stable.add(Row.BLANK);
    }
    glued = false;
    blocks++;
  }

  /** The document of {@code text}: built directly when it is plain prose, else commonmark's. */
  private Node parse(String text) {
    parsedChars += text.length();
    Node plain = PlainProse.parse(text);
    if (plain != null) {
      return plain;
    }
    commonmarkChars += text.length();
    return parser.parse(text);
  }

  private static List<Node> topLevel(Node document) {
    List<Node> nodes = new ArrayList<>();
    for (Node node = document.getFirstChild(); node != null; node = node.getNext()) {
      nodes.add(node);
    }
    return nodes;
  }

  /** Where the line on which {@code block} starts begins in the parsed text. */
  private static int lineStart(Node block) {
    List<SourceSpan> spans = block.getSourceSpans();
    if (spans.isEmpty()) {
      return 0;
    }
    return spans.get(0).getInputIndex() - spans.get(0).getColumnIndex();
  }

  private static int countLines(String text) {
    int lines = 1;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        lines++;
      }
    }
    return lines;
  }

  /** Whether the innermost last block of {@code document} is code or a table reaching line. */
  private static boolean endsInCodeOrTable(Node document, int line) {
    Node node = document.getLastChild();
    while (node != null) {
      if (node instanceof FencedCodeBlock
          || node instanceof IndentedCodeBlock
          || node instanceof TableBlock) {
        List<SourceSpan> spans = node.getSourceSpans();
        return !spans.isEmpty() && spans.get(spans.size() - 1).getLineIndex() == line;
      }
      if (!(node instanceof BlockQuote || node instanceof ListBlock || node instanceof ListItem)) {
        return false;
      }
      node = node.getLastChild();
    }
    return false;
  }

  /** A top-level code fence still open: how it closes and how its lines are coloured. */
  private static final class OpenFence {
    private final char fenceChar;
    private final int fenceLength;
    private final int indent;
    private final SyntaxHighlighter.Lexer lexer;

    OpenFence(FencedCodeBlock block) {
      this.fenceChar = block.getFenceCharacter().charAt(0);
      this.fenceLength = block.getOpeningFenceLength();
      this.indent = block.getFenceIndent();
      this.lexer =
          SyntaxHighlighter.forInfo(block.getInfo()).map(SyntaxHighlighter::lexer).orElse(null);
    }

    /** CommonMark's closing fence: up to three spaces, at least as many fence chars, spaces. */
    boolean closedBy(String line) {
      int i = 0;
      while (i < line.length() && i < 4 && line.charAt(i) == ' ') {
        i++;
      }
      if (i > 3) {
        return false;
      }
      int run = 0;
      while (i < line.length() && line.charAt(i) == fenceChar) {
        run++;
        i++;
      }
      return run >= fenceLength && line.substring(i).isBlank();
    }

    /** A content line without the indentation of the opening fence, as CommonMark strips it. */
    String content(String line) {
      int i = 0;
      while (i < indent && i < line.length() && line.charAt(i) == ' ') {
        i++;
      }
      return line.substring(i);
    }
  }
}
