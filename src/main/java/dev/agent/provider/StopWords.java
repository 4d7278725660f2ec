package dev.agent.provider;

import dev.agent.chat.StopReason;
import dev.agent.chat.StopReason.Kind;
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
      Map.of(
          // chat completions' finish_reason
          "stop", Kind.END_TURN,
          "length", Kind.MAX_TOKENS,
          "content_filter", Kind.CONTENT_FILTER,
          // Anthropic messages' stop_reason
          "end_turn", Kind.END_TURN,
          "stop_sequence", Kind.END_TURN,
          "max_tokens", Kind.MAX_TOKENS,
          "refusal", Kind.CONTENT_FILTER);

  private StopWords() {}

  /**
   * What a server's {@code word} means, the word kept for display; {@link StopReason#NONE} for an
   * empty one, {@link Kind#OTHER} for one not in the table ({@code tool_calls}, a new word).
   */
  public static StopReason read(String word) {
    if (word.isEmpty()) {
      return StopReason.NONE;
    }
    return new StopReason(KINDS.getOrDefault(word, Kind.OTHER), word);
  }
}
