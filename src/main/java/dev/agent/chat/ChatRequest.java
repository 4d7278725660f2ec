package dev.agent.chat;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What one turn sends: the model, the whole conversation so far, oldest message first, and how hard
 * a reasoning model should think.
 *
 * @param model the model (for Azure deployments, the deployment name)
 * @param messages the conversation; system messages may appear anywhere and are hoisted where the
 *     wire format needs it
 * @param reasoningEffort one of {@code none}, {@code minimal}, {@code low}, {@code medium}, {@code
 *     high}, {@code xhigh}, which each wire format maps to its own field; empty to send nothing and
 *     leave it to the model (and, for Anthropic, to the provider's {@code thinking_budget_tokens})
 */
public record ChatRequest(String model, List<Message> messages, String reasoningEffort) {
  public ChatRequest {
    requireNonNull(model, "model");
    messages = List.copyOf(messages);
    requireNonNull(reasoningEffort, "reasoningEffort");
    if (model.isBlank()) {
      throw new IllegalArgumentException("model is blank");
    }
  }

  /** A request that asks for no particular reasoning effort. */
  public ChatRequest(String model, List<Message> messages) {
    this(model, messages, "");
  }
}
