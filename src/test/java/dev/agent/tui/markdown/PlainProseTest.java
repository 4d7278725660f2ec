package dev.agent.tui.markdown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.commonmark.node.Node;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Plain prose parsed without commonmark: the very document commonmark parses, or none. */
class PlainProseTest {
  private static final Parser COMMONMARK = MarkdownRenderer.parser();

  /** The tree under {@code node}: each node's kind, its text, and its source spans. */
  private static String dump(Node node) {
    StringBuilder out = new StringBuilder();
    dump(node, "", out);
    return out.toString();
  }

  private static void dump(Node node, String indent, StringBuilder out) {
    out.append(indent).append(node.getClass().getSimpleName());
    if (node instanceof Text text) {
      out.append(" '").append(text.getLiteral()).append('\'');
    }
    for (SourceSpan span : node.getSourceSpans()) {
      out.append(" [line ")
          .append(span.getLineIndex())
          .append(", column ")
          .append(span.getColumnIndex())
          .append(", input ")
          .append(span.getInputIndex())
          .append(", length ")
          .append(span.getLength())
          .append(']');
    }
    out.append('\n');
    for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
      dump(child, indent + "  ", out);
    }
  }

  private static void assertSameAsCommonmark(String text) {
    Node plain = PlainProse.parse(text);
    assertNotNull(plain, () -> "taken for not plain: " + text.replace("\n", "\\n"));
    assertEquals(dump(COMMONMARK.parse(text)), dump(plain), () -> text.replace("\n", "\\n"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "to",
        "to the stream of tokens ",
        "to the stream\nof tokens arrives\n",
        "to the stream\nof tokens\n\nthe terminal draws\n\n",
        "\n\nWords, (and) \"quotes\": it's 42% = 6/7 + 1.5 - 2; done? yes. #hash @at",
        "Größe und Maß, 中文 text\nnext line  with  double  spaces",
        "last line ends in spaces   ",
        "a\n\n\n\nb\n"
      })
  void plainProseIsTheDocumentCommonmarkParses(String text) {
    assertSameAsCommonmark(text);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "**bold**",
        "a `tick`",
        "a line  \nhard break",
        "a line \nspace before the break",
        " indented",
        "- item",
        "1. item",
        "# heading",
        "a\n===",
        "a | b",
        "see [x]",
        "a & b",
        "a < b",
        "tab\there",
        "cr\r\n",
        "back\\slash",
        "bang!",
        "an emoji \uD83D\uDE00"
      })
  void markdownOrAnythingInDoubtIsLeftToCommonmark(String text) {
    assertNull(PlainProse.parse(text), text);
  }

  /**
   * Random texts of words, spaces, line breaks and punctuation, now and then with a char or a line
   * start that Markdown reads: wherever the fast path takes one, its document is commonmark's.
   */
  @Test
  void everyRandomTextTakenForPlainIsTheDocumentCommonmarkParses() {
    String[] pieces = {
      "word", "to", "the", "Ab", "é", "中", "12", " ", " ", "  ", "   ", "\n", "\n", "\n\n", ".",
      ",", "(", ")", "'", "\"", "-", "=", "#", "@", "%", "/", "?", ":", "+", ">", "\u00a0"
    };
    String[] spice = {
      "*",
      "_",
      "`",
      "[",
      "]",
      "!",
      "\\",
      "<",
      "&",
      "|",
      "~",
      "\t",
      "\r",
      "1. ",
      "- ",
      "# ",
      "===",
      "---",
      "    ",
      "\u0000",
      "\uD83D\uDE00"
    };
    Random random = new Random(17);
    int taken = 0;
    for (int round = 0; round < 100_000; round++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(30);
      for (int i = 0; i < length; i++) {
        String[] from = random.nextInt(25) == 0 ? spice : pieces;
        text.append(from[random.nextInt(from.length)]);
      }
      if (PlainProse.parse(text.toString()) != null) {
        assertSameAsCommonmark(text.toString());
        taken++;
      }
    }
    assertTrue(taken > 8_000, "only " + taken + " texts taken for plain prose");
  }
}
