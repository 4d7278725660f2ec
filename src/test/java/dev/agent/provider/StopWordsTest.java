package dev.agent.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agent.chat.StopReason;
import dev.agent.chat.StopReason.Kind;
import java.util.List;
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
    assertEquals(new StopReason(Kind.REFUSAL, "refusal"), StopWords.read("refusal"));
    assertEquals(new StopReason(Kind.TOOL_CALL, "tool_calls"), StopWords.read("tool_calls"));
    assertEquals(new StopReason(Kind.TOOL_CALL, "function_call"), StopWords.read("function_call"));
    assertEquals(new StopReason(Kind.TOOL_CALL, "tool_use"), StopWords.read("tool_use"));
  }

  @Test
  void aRefusalOrAToolCallInTheStreamDecidesOverAPlainStop() {
    List<String> tools = List.of("get_weather");
    assertEquals(
        new StopReason(Kind.REFUSAL, "refusal"),
        StopWords.ending("stop", true, false, List.of(), "tool_calls"));
    assertEquals(
        new StopReason(Kind.TOOL_CALL, "tool_calls", tools),
        StopWords.ending("stop", false, true, tools, "tool_calls"));
    assertEquals(
        new StopReason(Kind.TOOL_CALL, "tool_use", tools),
        StopWords.ending("tool_use", false, true, tools, "tool_calls"));
    assertEquals(
        new StopReason(Kind.TOOL_CALL, "tool_calls"),
        StopWords.ending("tool_calls", false, false, List.of(), "tool_calls"));
    // A reply cut off or filtered says so, whatever else it held.
    assertEquals(
        new StopReason(Kind.MAX_TOKENS, "length"),
        StopWords.ending("length", true, true, tools, "tool_calls"));
    assertEquals(
        new StopReason(Kind.END_TURN, "stop"),
        StopWords.ending("stop", false, false, List.of(), "tool_calls"));
  }

  @Test
  void anUnknownWordIsOtherAndNoWordIsNone() {
    assertEquals(new StopReason(Kind.OTHER, "pause_turn"), StopWords.read("pause_turn"));
    assertEquals(new StopReason(Kind.OTHER, "Length"), StopWords.read("Length"));
    assertEquals(StopReason.NONE, StopWords.read(""));
  }
}
