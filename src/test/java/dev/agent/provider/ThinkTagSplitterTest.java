package dev.agent.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agent.Fuzz;
import dev.agent.config.ThinkTags;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ThinkTagSplitterTest {

  /** What a splitter said, as the listener sees it: the calls, in order. */
  private static List<String> calls(ThinkTags mode, String... chunks) {
    List<String> calls = new ArrayList<>();
    ThinkTagSplitter splitter =
        new ThinkTagSplitter(
            mode,
            new ThinkTagSplitter.Output() {
              @Override
              public void text(String text) {
                calls.add("text:" + text);
              }

              @Override
              public void reasoning(String text) {
                calls.add("reasoning:" + text);
              }

              @Override
              public void textWasReasoning() {
                calls.add("text was reasoning");
              }
            });
    for (String chunk : chunks) {
      splitter.accept(chunk);
    }
    splitter.flush();
    return calls;
  }

  /**
   * Where the text ends up once the calls are applied as a turn applies them: the reasoning, then
   * the answer.
   */
  private static List<String> outcome(List<String> calls) {
    StringBuilder reasoning = new StringBuilder();
    StringBuilder answer = new StringBuilder();
    for (String call : calls) {
      if (call.startsWith("text:")) {
        answer.append(call.substring(5));
      } else if (call.startsWith("reasoning:")) {
        reasoning.append(call.substring(10));
      } else {
        reasoning.append(answer);
        answer.setLength(0);
      }
    }
    return List.of(reasoning.toString(), answer.toString());
  }

  @Test
  void aLeadingThinkBlockIsReasoningAndTheBlankLineAfterItIsDropped() {
    assertEquals(
        List.of("reasoning:Let me think.", "reasoning:\n", "text:It is 4."),
        calls(ThinkTags.AUTO, "<think>", "\nLet me think.", "\n</think>", "\n\n", "It is 4."));
  }

  @Test
  void tagsSplitAcrossChunksAreFound() {
    assertEquals(
        List.of("Hmm", "Yes."),
        outcome(calls(ThinkTags.AUTO, "\n<th", "ink>H", "mm</thi", "nk>Y", "es.")));
  }

  @Test
  void textWithoutTagsPassesAsItIsByteForByte() {
    assertEquals(
        List.of("text:  Hello", "text: a < b", "text: ", "text:</b>"),
        calls(ThinkTags.AUTO, "  Hello", " a < b", " <", "/b>"));
  }

  @Test
  void aThinkTagLaterInAnAnswerIsText() {
    assertEquals(
        List.of("", "Use <think> and </think> tags."),
        outcome(calls(ThinkTags.AUTO, "Use ", "<think>", " and ", "</think>", " tags.")));
  }

  @Test
  void aClosingTagAloneTurnsTheTextBeforeItIntoReasoning() {
    assertEquals(
        List.of("text:Okay, 2+2", "text: is 4.\n", "text was reasoning", "text:4"),
        calls(ThinkTags.AUTO, "Okay, 2+2", " is 4.\n", "</think>\n\n", "4"));
  }

  @Test
  void openModeStartsInsideReasoningAndDropsALeadingTag() {
    assertEquals(
        List.of("reasoning:Okay.\n", "text:4"), calls(ThinkTags.OPEN, "\nOkay.\n</think>\n4"));
    assertEquals(List.of("Okay.", "4"), outcome(calls(ThinkTags.OPEN, "<think>Okay.</think>4")));
  }

  @Test
  void openModeWithNoClosingTagIsAllReasoning() {
    assertEquals(
        List.of("Still thinking", ""), outcome(calls(ThinkTags.OPEN, "Still", " thinking")));
  }

  @Test
  void offModeLeavesTagsInTheAnswer() {
    assertEquals(List.of("text:<think>x</think>y"), calls(ThinkTags.OFF, "<think>x</think>y"));
  }

  @Test
  void aReplyCutOffWhileThinkingKeepsItsReasoning() {
    assertEquals(
        List.of("reasoning:Step 1", "reasoning:</thi"),
        calls(ThinkTags.AUTO, "<think>Step 1", "</thi"));
  }

  @Test
  void aReplyThatIsOnlyTheStartOfATagIsText() {
    assertEquals(List.of("text:<thi"), calls(ThinkTags.AUTO, "<thi"));
  }

  @Test
  void anyChunkingSplitsTheSame() throws Exception {
    List<String> replies =
        List.of(
            "<think>\nFirst, 27*453.\n27*400=10800, 27*53=1431.\n</think>\n\n27 * 453 = 12,231.",
            "  <think>a<b</think>  answer <think> stays",
            "reasoning only</think>\n\nthe answer",
            "no tags at all, just < and > and </thin",
            "<think></think>\n\nempty thinking",
            "<think>never closed",
            "</think>",
            "a <think> later </think> still text");
    for (ThinkTags mode : ThinkTags.values()) {
      Fuzz.forAll(
          400,
          random -> chunked(random, Fuzz.pick(random, replies)),
          Object::toString,
          chunks ->
              assertEquals(
                  outcome(calls(mode, String.join("", chunks))),
                  outcome(calls(mode, chunks.toArray(String[]::new))),
                  mode + " " + chunks));
    }
  }

  /** {@code text} cut at random places, empty pieces included. */
  private static List<String> chunked(Random random, String text) {
    List<String> chunks = new ArrayList<>();
    int at = 0;
    while (at < text.length()) {
      int length = random.nextInt(Math.min(9, text.length() - at + 1));
      chunks.add(text.substring(at, at + length));
      at += length;
    }
    return chunks;
  }
}
