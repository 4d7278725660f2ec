package dev.agent.store;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Instant;

/**
 * What a listing shows of one saved conversation, read from its header line and its last line only.
 *
 * @param id the conversation's ID: its file name without {@code .jsonl}
 * @param title from the first prompt, or as renamed
 * @param created when the conversation began
 * @param updated when its file last changed: the time of its last message
 * @param provider the provider of the last message, or empty when it cannot be read
 * @param model the model of the last message, or empty when it cannot be read
 * @param messages how many message lines the file holds (complete lines after the header)
 * @param file where it is saved
 */
public record SessionInfo(
    String id,
    String title,
    Instant created,
    Instant updated,
    String provider,
    String model,
    int messages,
    Path file) {
  public SessionInfo {
    requireNonNull(id, "id");
    requireNonNull(title, "title");
    requireNonNull(created, "created");
    requireNonNull(updated, "updated");
    requireNonNull(provider, "provider");
    requireNonNull(model, "model");
    requireNonNull(file, "file");
  }
}
