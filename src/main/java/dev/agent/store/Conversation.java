package dev.agent.store;

import static java.util.Objects.requireNonNull;

import dev.agent.session.Turn;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A saved conversation, loaded whole.
 *
 * @param id its ID
 * @param title its title
 * @param created when it began
 * @param messages every message that could be read, oldest first
 * @param problems one line per line that could not be read and was skipped ({@code
 *     …/sessions/ID.jsonl:7: not JSON (…); skipped})
 */
public record Conversation(
    String id, String title, Instant created, List<StoredMessage> messages, List<String> problems) {
  public Conversation {
    requireNonNull(id, "id");
    requireNonNull(title, "title");
    requireNonNull(created, "created");
    messages = List.copyOf(messages);
    problems = List.copyOf(problems);
  }

  /** The turns to {@link dev.agent.session.ChatSession#load load} into a session. */
  public List<Turn> turns() {
    return messages.stream().map(StoredMessage::toTurn).toList();
  }

  /** The last message, which says which provider and model the conversation was last with. */
  public Optional<StoredMessage> last() {
    return messages.isEmpty() ? Optional.empty() : Optional.of(messages.get(messages.size() - 1));
  }
}
