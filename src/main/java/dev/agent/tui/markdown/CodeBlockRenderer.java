package dev.agent.tui.markdown;

import static java.util.Objects.requireNonNull;

import com.googlecode.lanterna.TerminalTextUtils;
import dev.agent.tui.text.Row;
import dev.agent.tui.text.Span;
import dev.agent.tui.text.StyledText;
import dev.agent.tui.text.TextLayout;
import dev.agent.tui.text.TextStyle;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of a code block: a header naming the language, each line of code cut (never wrapped at
 * words) to the width with a continuation mark in the gutter where the width forced a break, and a
 * footer. A finished block and one still streaming line by line get the same rows, so a block does
 * not move when its closing fence arrives. Tabs are shown to the next multiple of four columns.
 */
final class CodeBlockRenderer {
  static final TextStyle BLOCK = TextStyle.of("md-code-block");
  static final TextStyle FRAME = TextStyle.of("md-code-frame");
  static final TextStyle WRAP = TextStyle.of("md-code-wrap");

  /** Cells left of the code: a bar, or the continuation mark, and a space. */
  static final int GUTTER = 2;

  private final TextLayout layout;

  CodeBlockRenderer(TextLayout layout) {
    this.layout = requireNonNull(layout, "layout");
  }

  /** The first row: a corner and the language of the fence's info string, if any. */
  Row header(String info) {
    String language = info.strip().split("\\s", 2)[0];
    String corner = layout.pick("┌─", "+-");
    String text = language.isEmpty() ? corner : corner + " " + language;
    return new Row(List.of(new Span(text, FRAME)), BLOCK, 0);
  }

  /** The last row. */
  Row footer() {
    return new Row(List.of(new Span(layout.pick("└─", "+-"), FRAME)), BLOCK, 0);
  }

  /** Every row of a block: header, {@code literal}'s lines coloured for the language, footer. */
  List<Row> block(String info, String literal, int width) {
    List<Row> rows = new ArrayList<>();
    rows.add(header(info));
    SyntaxHighlighter.Lexer lexer =
        SyntaxHighlighter.forInfo(info).map(SyntaxHighlighter::lexer).orElse(null);
    String body = literal.endsWith("\n") ? literal.substring(0, literal.length() - 1) : literal;
    if (!literal.isEmpty()) {
      for (String line : body.split("\n", -1)) {
        rows.addAll(line(line, lexer, width));
      }
    }
    rows.add(footer());
    return rows;
  }

  /**
   * The rows of one line of code, coloured by {@code lexer} (which moves on to the next line), or
   * uncoloured when {@code lexer} is null.
   */
  List<Row> line(String line, SyntaxHighlighter.Lexer lexer, int width) {
    StyledText styled = new StyledText();
    List<SyntaxHighlighter.Token> tokens = lexer == null ? List.of() : lexer.line(line);
    int at = 0;
    int column = 0;
    for (SyntaxHighlighter.Token token : tokens) {
      column = appendShown(styled, line.substring(at, token.start()), BLOCK, column);
      column =
          appendShown(
              styled,
              line.substring(token.start(), token.end()),
              BLOCK.colour(token.kind().themeName()),
              column);
      at = token.end();
    }
    appendShown(styled, line.substring(at), BLOCK, column);

    String shown = styled.text();
    List<Integer> starts = layout.cut(shown, Math.max(1, width - GUTTER));
    List<Row> rows = new ArrayList<>(starts.size());
    for (int i = 0; i < starts.size(); i++) {
      int end = i + 1 < starts.size() ? starts.get(i + 1) : shown.length();
      List<Span> spans = new ArrayList<>();
      spans.add(
          i == 0
              ? new Span(layout.pick("│", "|") + " ", FRAME)
              : new Span(layout.pick("↪", ">") + " ", WRAP));
      spans.addAll(styled.spans(starts.get(i), end));
      rows.add(new Row(spans, BLOCK, 0));
    }
    return rows;
  }

  /** Appends {@code piece} with its tabs turned into spaces; returns the column after it. */
  private static int appendShown(StyledText styled, String piece, TextStyle style, int column) {
    if (piece.indexOf('\t') < 0) {
      styled.append(piece, style);
      return column + approximateWidth(piece);
    }
    StringBuilder shown = new StringBuilder();
    int col = column;
    for (int i = 0; i < piece.length(); i++) {
      char c = piece.charAt(i);
      if (c == '\t') {
        int spaces = TextLayout.TAB_WIDTH - col % TextLayout.TAB_WIDTH;
        shown.append(" ".repeat(spaces));
        col += spaces;
      } else {
        shown.append(c);
        col += approximateWidth(String.valueOf(c));
      }
    }
    styled.append(shown.toString(), style);
    return col;
  }

  /**
   * Cells of {@code text} for tab stops: two for a wide char, none for a low surrogate, the width
   * of its picture for a control char.
   */
  private static int approximateWidth(String text) {
    int width = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String picture = TextLayout.controlPicture(c);
      if (picture != null) {
        width += picture.length();
      } else if (!Character.isLowSurrogate(c)) {
        width += TerminalTextUtils.isCharDoubleWidth(c) ? 2 : 1;
      }
    }
    return width;
  }
}
