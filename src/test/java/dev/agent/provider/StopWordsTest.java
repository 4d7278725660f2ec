package dev.agent.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agent.chat.StopReason;
import dev.agent.chat.StopReason.Kind;
import org.junit.jupiter.api.Test;

class StopWordsTest {
  @Test
  void eachWordOfEitherWireFormatMeansTheSameAndIsKept() {
    assertEquals(new StopReason(Kind.END_TURN, "stop"), StopWords.read("stop"));
    assertEquals(new StopReason(Kind.END_TURN, "end_turn"), StopWords.read("end_turn"));
    assertEquals(new StopReason(Kind.END_TURN, "stop_sequence"), StopWords.read("stop_sequence"));
    assertEquals(new StopReason(Kind.MAX_TOKENS, "length"), StopWords.read("length"));
    assertEquals(new StopReason(Kind.MAX_TOKENS, "max_tokens"), StopWords.read("max_tokens"));
    assertEquals(
        new StopReason(Kind.CONTENT_FILTER, "content_filter"), StopWords.read("content_filter"));
    assertEquals(new StopReason(Kind.CONTENT_FILTER, "refusal"), StopWords.read("refusal"));
  }

  @Test
  void anUnknownWordIsOtherAndNoWordIsNone() {
    assertEquals(new StopReason(Kind.OTHER, "tool_calls"), StopWords.read("tool_calls"));
    assertEquals(new StopReason(Kind.OTHER, "Length"), StopWords.read("Length"));
    assertEquals(StopReason.NONE, StopWords.read(""));
  }
}
