package dev.agent.chat;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What one turn sends: the model and the whole conversation so far, oldest message first.
 *
 * @param model the model (for Azure deployments, the deployment name)
 * @param messages the conversation; system messages may appear anywhere and are hoisted where the
 *     wire format needs it
 */
public record ChatRequest(String model, List<Message> messages) {
  public ChatRequest {
    requireNonNull(model, "model");
    messages = List.copyOf(messages);
    if (model.isBlank()) {
      throw new IllegalArgumentException("model is blank");
    }
  }
}
