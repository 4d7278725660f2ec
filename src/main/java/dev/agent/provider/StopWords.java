package dev.agent.provider;

import dev.agent.chat.StopReason;
import dev.agent.chat.StopReason.Kind;
import java.util.List;
import java.util.Map;

/**
 * The words servers give for why a reply ended, and what each means: the one place they are read.
 * Each decoder reads its own field ({@code finish_reason}, {@code stop_reason}) through {@link
 * #read}, once per reply.
 *
 * <p>One table serves every wire format: a compatible server need not keep to its format's own
 * words, and a saved reply keeps only the word, not the wire format it came in (a loaded
 * conversation's words are read back here too), so a word must mean the same wherever it is read.
 */
public final class StopWords {
  private static final Map<String, Kind> KINDS =
      Map.ofEntries(
          // chat completions' finish_reason
          Map.entry("stop", Kind.END_TURN),
          Map.entry("length", Kind.MAX_TOKENS),
          Map.entry("content_filter", Kind.CONTENT_FILTER),
          Map.entry("tool_calls", Kind.TOOL_CALL),
          Map.entry("function_call", Kind.TOOL_CALL),
          // Anthropic messages' stop_reason
          Map.entry("end_turn", Kind.END_TURN),
          Map.entry("stop_sequence", Kind.END_TURN),
          Map.entry("max_tokens", Kind.MAX_TOKENS),
          Map.entry("tool_use", Kind.TOOL_CALL),
          // Anthropic's stop_reason, and what a chat completions reply with refusal deltas ends as
          Map.entry("refusal", Kind.REFUSAL),
          // the Responses API's status, and its incomplete_details.reason
          Map.entry("completed", Kind.END_TURN),
          Map.entry("max_output_tokens", Kind.MAX_TOKENS));

  private StopWords() {}

  /**
   * What a server's {@code word} means, the word kept for display; {@link StopReason#NONE} for an
   * empty one, {@link Kind#OTHER} for one not in the table ({@code pause_turn}, a new word).
   */
  public static StopReason read(String word) {
    if (word.isEmpty()) {
      return StopReason.NONE;
    }
    return new StopReason(KINDS.getOrDefault(word, Kind.OTHER), word);
  }

  /**
   * What a reply's end means, given what its stream held besides the stop word: refusal text or a
   * tool call decides the kind even when the word says a plain stop (a compatible server may send
   * {@code stop} after tool calls), and then the word becomes that ending's own ({@code refusal},
   * {@code toolWord}) so that a saved reply reads back the same. A word that says the reply was cut
   * off or filtered keeps its meaning: it tells why the reply is unfinished.
   *
   * @param refused whether the stream carried refusal text
   * @param toolCalled whether the stream carried a tool call
   * @param tools the names of the tools called, in order, without repeats
   * @param toolWord the wire format's word for a tool call, used when the server's word is another
   */
  static StopReason ending(
      String word, boolean refused, boolean toolCalled, List<String> tools, String toolWord) {
    StopReason read = read(word);
    Kind kind = read.kind();
    if (kind == Kind.MAX_TOKENS || kind == Kind.CONTENT_FILTER) {
      return read;
    }
    if (refused || kind == Kind.REFUSAL) {
      return new StopReason(Kind.REFUSAL, kind == Kind.REFUSAL ? word : "refusal");
    }
    if (toolCalled || kind == Kind.TOOL_CALL) {
      return new StopReason(Kind.TOOL_CALL, kind == Kind.TOOL_CALL ? word : toolWord, tools);
    }
    return read;
  }
}
