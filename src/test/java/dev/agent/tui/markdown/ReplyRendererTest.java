package dev.agent.tui.markdown;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent.tui.text.Row;
import dev.agent.tui.text.TextLayout;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A reply rendered while it streams: the same as rendered whole, and at a bounded cost. */
class ReplyRendererTest {
  /** Counts the cells a layout wraps or cuts: the rendering work of a frame. */
  static final class CountingLayout extends TextLayout {
    long chars;

    CountingLayout() {
      super(UTF_8);
    }

    @Override
    public List<Integer> wrap(String paragraph, int width) {
      chars += paragraph.length();
      return super.wrap(paragraph, width);
    }

    @Override
    public List<Integer> cut(String line, int width) {
      chars += line.length();
      return super.cut(line, width);
    }
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = ReplyRendererTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), UTF_8);
    }
  }

  private static List<String> texts(List<Row> rows) {
    List<String> texts = new ArrayList<>();
    for (Row row : rows) {
      texts.add(row.text() + " " + row.spans().stream().map(s -> s.style().name()).toList());
    }
    return texts;
  }

  private static List<String> renderWhole(String text, boolean finished, int width) {
    GrowingReply reply = new GrowingReply();
    reply.text.append(text);
    reply.finished = finished;
    return texts(new ReplyRenderer(new MarkdownRenderer(new TextLayout(UTF_8))).rows(reply, width));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"prose", "lists", "table", "code", "edge-fence", "edge-table"})
  void streamingCharByCharShowsAtEveryStepWhatTheTextSoFarShowsWhole(String document)
      throws IOException {
    String markdown = resource(document + ".md");
    GrowingReply reply = new GrowingReply();
    ReplyRenderer streaming = new ReplyRenderer(new MarkdownRenderer(new TextLayout(UTF_8)));
    List<String> before = List.of();
    int keptBefore = 0;
    for (int i = 0; i < markdown.length(); i++) {
      reply.text.append(markdown.charAt(i));
      List<String> now = texts(streaming.rows(reply, 60));
      assertEquals(
          renderWhole(reply.text.toString(), false, 60),
          now,
          "after " + (i + 1) + " chars: " + reply.text);
      // What was complete stays as it was drawn: the transcript does not jump.
      assertEquals(before.subList(0, keptBefore), now.subList(0, keptBefore));
      assertTrue(streaming.keptRows() >= keptBefore);
      before = now;
      keptBefore = streaming.keptRows();
    }
    reply.finished = true;
    assertEquals(renderWhole(markdown, true, 60), texts(streaming.rows(reply, 60)));
  }

  @Test
  void aLineNotYetCompleteInACodeBlockOrTableIsPlainUntilItsLineBreak() {
    assertEquals(
        List.of(
            "┌─ python [md-code-frame]",
            "│ x = 1 [md-code-frame, md-code-block, code-number]",
            "│ ret [md-code-frame, md-code-block]"),
        renderWhole("```python\nx = 1\nret", false, 40));
    assertEquals(
        List.of(
            "┌─ python [md-code-frame]",
            "│ x = 1 [md-code-frame, md-code-block, code-number]",
            "│ return [md-code-frame, code-keyword]"),
        renderWhole("```python\nx = 1\nreturn\n", false, 40));
    assertEquals(
        List.of("Text [assistant]", " []", "```pyth [assistant]"),
        renderWhole("Text\n\n```pyth", false, 40));
    List<String> table = renderWhole("| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4", false, 40);
    assertEquals("1 │ 2 [assistant, md-table-border, assistant]", table.get(2));
    assertEquals("| 3 | 4 [assistant]", table.get(3));
    assertEquals(4, table.size());
    assertEquals(
        List.of("| a | b | [assistant]", "|--- [assistant]"),
        renderWhole("| a | b |\n|---", false, 40));
  }

  @Test
  void anUnclosedStrongStaysLiteralUntilClosed() {
    assertEquals(List.of("a **b [assistant]"), renderWhole("a **b", false, 40));
    assertEquals(List.of("a b [assistant, assistant]"), renderWhole("a **b**", false, 40));
  }

  @Test
  void codeKeepsItsExactTextAndMarksABreakTheWidthForced() {
    String line = "x".repeat(30) + " " + "y".repeat(30);
    List<String> rows = renderWhole("```\n" + line + "\n\tz\n```\n", true, 40);
    assertEquals(
        "│ " + "x".repeat(30) + " " + "y".repeat(7) + " [md-code-frame, md-code-block]",
        rows.get(1));
    assertEquals("↪ " + "y".repeat(23) + " [md-code-wrap, md-code-block]", rows.get(2));
    assertEquals("│     z [md-code-frame, md-code-block]", rows.get(3));
    assertEquals("└─ [md-code-frame]", rows.get(4));
    assertEquals(
        Optional.of(line + "\n\tz"),
        MarkdownRenderer.lastCodeBlock("t\n```\n" + line + "\n\tz\n```\n"));
  }

  @Test
  void aFrameOfAStreamingTenThousandLineReplyCostsItsLastBlockNotItsLength() {
    for (String shape : List.of("paragraphs", "code")) {
      CountingLayout layout = new CountingLayout();
      ReplyRenderer renderer = new ReplyRenderer(new MarkdownRenderer(layout));
      GrowingReply reply = new GrowingReply();
      if (shape.equals("code")) {
        reply.text.append("```java\n");
      }
      long firstFrameParse = -1;
      long firstFrameLayout = -1;
      for (int line = 0; line < 10_000; line++) {
        reply.text.append(
            shape.equals("code")
                ? "int x" + line + " = " + line + "; // a line of code\n"
                : "Paragraph " + line + " with **some** `code` in it.\n\n");
        if (line == 100 || line == 9_999) {
          // One frame as the reply grows by a partial line.
          reply.text.append("More");
          renderer.rows(reply, 80);
          long parsed = renderer.parsedChars();
          long laidOut = layout.chars;
          reply.text.append(" text");
          renderer.rows(reply, 80);
          long frameParse = renderer.parsedChars() - parsed;
          long frameLayout = layout.chars - laidOut;
          if (line == 100) {
            firstFrameParse = frameParse;
            firstFrameLayout = frameLayout;
          } else {
            assertEquals(firstFrameParse, frameParse, shape + ": chars parsed in a frame");
            assertEquals(firstFrameLayout, frameLayout, shape + ": chars laid out in a frame");
          }
          reply.text.setLength(reply.text.length() - "More text".length());
        } else if (line % 97 == 0) {
          renderer.rows(reply, 80);
        }
      }
      assertTrue(firstFrameParse < 200, shape + ": a frame parses " + firstFrameParse);
    }
  }

  @Test
  void paragraphsOfPlainWordsStreamWithoutCommonmarkAndLookAsIfRenderedWhole() {
    ReplyRenderer renderer = new ReplyRenderer(new MarkdownRenderer(new TextLayout(UTF_8)));
    GrowingReply reply = new GrowingReply();
    String[] words = {"to", "the", "stream", "of", "tokens,", "arrives", "quickly", "(and)"};
    for (int k = 0; k < 300; k++) {
      reply.text.append(words[k % words.length]);
      reply.text.append((k + 1) % 56 == 0 ? "\n\n" : (k + 1) % 14 == 0 ? "\n" : " ");
      renderer.rows(reply, 40);
    }
    reply.finished = true;
    List<String> streamed = texts(renderer.rows(reply, 40));

    assertEquals(0, renderer.commonmarkChars(), "chars parsed by commonmark");
    assertTrue(renderer.parsedChars() > 10_000, "parsed " + renderer.parsedChars());
    assertEquals(renderWhole(reply.text.toString(), true, 40), streamed);
  }

  /** A block of about {@code size} chars still being written, of the given shape. */
  private static String longBlock(String shape, int size) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; text.length() < size; i++) {
      text.append(
          switch (shape) {
            case "log" -> "2026-03-14 12:00:" + i + " INFO a line of a log without blank lines\n";
            case "list" -> "- item " + i + " of a list of many thousands\n";
            case "steps" -> "- step " + i + "\n  ```sh\n  echo " + i + "\n  ```\n";
            default -> "word" + i + " ";
          });
    }
    return text.toString();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"log", "list", "steps"})
  void aBlockOfAMegabyteStreamsAtABoundedCostPerFrameAndLooksAsIfRenderedWhole(String shape) {
    String text = "Intro.\n\n" + longBlock(shape, 1 << 20);
    ReplyRenderer renderer = new ReplyRenderer(new MarkdownRenderer(new TextLayout(UTF_8)));
    GrowingReply reply = new GrowingReply();
    long mostPerFrame = 0;
    for (int at = 0; at < text.length(); at += 3_000) {
      reply.text.append(text, at, Math.min(text.length(), at + 3_000));
      long parsed = renderer.parsedChars();
      renderer.rows(reply, 70);
      mostPerFrame = Math.max(mostPerFrame, renderer.parsedChars() - parsed);
    }
    reply.finished = true;
    List<String> streamed = texts(renderer.rows(reply, 70));

    // Re-parsing the growing block every frame would parse gigabytes: 350 frames of up to 1 MB.
    assertTrue(
        mostPerFrame < 4 * (ReplyRenderer.LONG_BLOCK + 3_000), "a frame parsed " + mostPerFrame);
    assertEquals(renderWhole(text, true, 70), streamed, "cut into parts, it looks the same");
  }

  @Test
  void aSingleLineOfAMegabyteStreamsAtABoundedCostPerFrameAndLosesNoWord() {
    String text = longBlock("line", 1 << 20);
    ReplyRenderer renderer = new ReplyRenderer(new MarkdownRenderer(new TextLayout(UTF_8)));
    GrowingReply reply = new GrowingReply();
    long mostPerFrame = 0;
    for (int at = 0; at < text.length(); at += 3_000) {
      reply.text.append(text, at, Math.min(text.length(), at + 3_000));
      long parsed = renderer.parsedChars();
      renderer.rows(reply, 70);
      mostPerFrame = Math.max(mostPerFrame, renderer.parsedChars() - parsed);
    }
    reply.finished = true;
    StringBuilder shown = new StringBuilder();
    for (Row row : renderer.rows(reply, 70)) {
      shown.append(row.text()).append(' ');
    }

    assertTrue(
        mostPerFrame < 4 * (ReplyRenderer.LONG_BLOCK + 3_000), "a frame parsed " + mostPerFrame);
    assertEquals(text.strip(), shown.toString().strip().replaceAll(" +", " "));
  }
}
