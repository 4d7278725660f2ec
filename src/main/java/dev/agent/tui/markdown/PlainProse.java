package dev.agent.tui.markdown;

import org.commonmark.node.Document;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.Text;

/**
 * The document commonmark-java would parse from text that is plain prose, built without it: most of
 * a streamed reply is paragraphs of words, which {@link ReplyRenderer} parses again on each frame
 * while they grow, and commonmark's block and inline parsers (an inline parser made afresh for each
 * parse) were the largest part of a streaming frame.
 *
 * <p>Plain prose here: lines that are empty or start with a letter, no tab, CR or control char, no
 * space before a line break, and none of the chars that start Markdown inside a line ({@code * _ `
 * [ ] ! \ < & | ~}); each of its runs of non-empty lines is then a paragraph of those lines, parted
 * by soft line breaks, without the spaces that end the last. {@code PlainProseTest} compares the
 * result, node by node with its source spans, with commonmark's for many thousand random texts.
 */
final class PlainProse {
  private PlainProse() {}

  /** The document commonmark would parse from {@code text}, or null when it is not plain prose. */
  static Document parse(String text) {
    if (!isPlain(text)) {
      return null;
    }
    Document document = new Document();
    Paragraph paragraph = null;
    int line = 0;
    int start = 0;
    while (start <= text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      if (end == start) {
        paragraph = null;
      } else {
        if (paragraph == null) {
          paragraph = new Paragraph();
          document.appendChild(paragraph);
        } else {
          paragraph.appendChild(new SoftLineBreak());
        }
        paragraph.addSourceSpan(SourceSpan.of(line, 0, start, end - start));
        int textEnd = end;
        while (text.charAt(textEnd - 1) == ' ') {
          textEnd--; // only the last line can end in spaces: isPlain refuses one before a break
        }
        paragraph.appendChild(new Text(text.substring(start, textEnd)));
      }
      start = end + 1;
      line++;
    }
    return document;
  }

  private static boolean isPlain(String text) {
    boolean lineStart = true;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        if (i > 0 && text.charAt(i - 1) == ' ') {
          return false;
        }
        lineStart = true;
        continue;
      }
      if (lineStart ? !Character.isLetter(c) : !isPlainChar(c)) {
        return false;
      }
      lineStart = false;
    }
    return true;
  }

  private static boolean isPlainChar(char c) {
    if (c < 0x80) {
      return c >= ' ' && c < 0x7f && "*_`[]!\\<&|~".indexOf(c) < 0;
    }
    return Character.isLetterOrDigit(c);
  }
}
