package dev.agent.tui;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.BasicTextImage;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.graphics.ThemeDefinition;
import dev.agent.tui.markdown.GrowingReply;
import dev.agent.tui.markdown.MarkdownRenderer;
import dev.agent.tui.markdown.ReplyRenderer;
import dev.agent.tui.text.Row;
import dev.agent.tui.text.Span;
import dev.agent.tui.text.TextLayout;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A micro benchmark, without JMH, of the frames of a streaming 10,000-line Markdown reply: after
 * each delta the reply's rows are rendered and the last screenful drawn, as the transcript does.
 * Prints the time per frame near the start and near the end of the reply; the two should match.
 *
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) dev.agent.tui.ReplyRenderBench
 * </pre>
 */
final class ReplyRenderBench {
  private ReplyRenderBench() {}

  public static void main(String[] args) {
    int lines = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    for (int round = 0; round < 3; round++) {
      long[][] frames = run(lines, 80, 24);
      System.out.printf(
          Locale.ROOT,
          "round %d: first 500 frames %s; last 500 frames %s%n",
          round,
          summary(frames[0]),
          summary(frames[1]));
    }
  }

  /** One line of a reply that mixes prose, lists, a table and code. */
  static String line(int i) {
    return switch (i % 40) {
      case 0 -> "## Section " + i + "\n";
      case 1, 5, 30 -> "\n";
      case 2, 3, 4 -> "Some **bold** and `code` in paragraph line " + i + ".\n";
      case 6, 7, 8 -> "- item " + i + " with a [link](https://example.com/" + i + ")\n";
      case 9 -> "\n| a | b |\n|---|--:|\n";
      case 10, 11, 12 -> "| cell " + i + " | " + i + " |\n";
      case 13 -> "\n```java\n";
      case 28 -> "```\n";
      default ->
          i % 40 > 13 && i % 40 < 28
              ? "int value" + i + " = compute(" + i + "); // comment\n"
              : "Closing prose " + i + ".\n";
    };
  }

  /** Nanoseconds per frame of the first and the last 500 frames of a reply of {@code lines}. */
  static long[][] run(int lines, int columns, int rows) {
    TextLayout layout = new TextLayout(UTF_8);
    ReplyRenderer renderer = new ReplyRenderer(new MarkdownRenderer(layout));
    GrowingReply reply = new GrowingReply();
    TextGraphics graphics = new BasicTextImage(new TerminalSize(columns, rows)).newTextGraphics();
    ThemeDefinition theme = ThemeCatalog.builtIn("dark").getDefinition(TranscriptView.class);
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      all.append(line(i));
    }
    int deltas = all.length() / 12;
    long[] first = new long[Math.min(500, deltas)];
    long[] last = new long[Math.min(500, deltas)];
    for (int d = 0; d < deltas; d++) {
      reply.text.append(all, d * 12, d * 12 + 12);
      long start = System.nanoTime();
      List<Row> shown = renderer.rows(reply, columns - 2);
      for (int r = Math.max(0, shown.size() - rows); r < shown.size(); r++) {
        int used = 0;
        for (Span span : shown.get(r).spans()) {
          span.style().apply(graphics, theme);
          used += layout.draw(graphics, 1 + used, r % rows, span.text(), columns - 2 - used);
        }
      }
      long spent = System.nanoTime() - start;
      if (d < first.length) {
        first[d] = spent;
      }
      if (d >= deltas - last.length) {
        last[d - (deltas - last.length)] = spent;
      }
    }
    return new long[][] {first, last};
  }

  private static String summary(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return String.format(
        Locale.ROOT,
        "median %.3f ms, p99 %.3f ms",
        sorted[sorted.length / 2] / 1e6,
        sorted[sorted.length * 99 / 100] / 1e6);
  }
}
