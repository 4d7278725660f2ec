package dev.agent.tui;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The prompts sent so far, for recall with Up and Down the way a shell does: stepping back keeps
 * the unsent draft, and stepping forward past the newest prompt brings the draft back.
 */
final class PromptHistory {
  private static final Pattern KEY_WITH_TEXT =
      Pattern.compile("\\s*/key\\s+\\S", Pattern.CASE_INSENSITIVE);

  private final List<String> prompts = new ArrayList<>();
  private int position;
  private String draft = "";

  /**
   * Records a sent prompt (unless it repeats the newest) and ends any recall in progress. A prompt
   * that is {@code /key} with text after it is kept as {@code /key} alone: the text may be a key,
   * which Up must never bring back.
   */
  void add(String prompt) {
    requireNonNull(prompt, "prompt");
    if (KEY_WITH_TEXT.matcher(prompt).lookingAt()) {
      prompt = "/key";
    }
    if (prompts.isEmpty() || !prompts.get(prompts.size() - 1).equals(prompt)) {
      prompts.add(prompt);
    }
    position = prompts.size();
    draft = "";
  }

  /**
   * The prompt before the one shown, or empty at the oldest; {@code shown} is what the input has.
   */
  Optional<String> previous(String shown) {
    if (position == 0) {
      return Optional.empty();
    }
    if (position == prompts.size()) {
      draft = shown;
    }
    position--;
    return Optional.of(prompts.get(position));
  }

  /** The prompt after the one shown, the draft after the newest, or empty when not recalling. */
  Optional<String> next() {
    if (position >= prompts.size()) {
      return Optional.empty();
    }
    position++;
    return Optional.of(position == prompts.size() ? draft : prompts.get(position));
  }

  /** Leaves recall: the next Up starts again from the newest prompt. */
  void reset() {
    position = prompts.size();
    draft = "";
  }
}
