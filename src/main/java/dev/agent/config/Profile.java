package dev.agent.config;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A {@code [profiles.NAME]} table: a named set of choices for a run, picked with {@code --profile
 * NAME}, top-level {@code profile = "NAME"}, or the chat's profile picker (see {@link
 * AgentConfig#withProfile}). Each value is empty when the profile does not set it.
 *
 * @param name the table's name
 * @param modelProvider the provider, as {@code model_provider}
 * @param model the model, as top-level {@code model}
 * @param systemPrompt {@code system_prompt} or {@code system_prompt_file}'s text; an empty text is
 *     a setting (no system prompt)
 * @param reasoningEffort one of {@link ProviderConfig#REASONING_EFFORTS}, or empty
 * @param extraBody fields laid over every request's JSON body
 * @param theme the chat's theme
 */
public record Profile(
    String name,
    String modelProvider,
    String model,
    Optional<String> systemPrompt,
    String reasoningEffort,
    ExtraBody extraBody,
    String theme) {
  public Profile {
    requireNonNull(name, "name");
    requireNonNull(modelProvider, "modelProvider");
    requireNonNull(model, "model");
    requireNonNull(systemPrompt, "systemPrompt");
    requireNonNull(reasoningEffort, "reasoningEffort");
    requireNonNull(extraBody, "extraBody");
    requireNonNull(theme, "theme");
  }

  /** What the profile sets, for a listing: {@code ollama · qwen3:8b · effort high · prompt}. */
  public String summary() {
    StringBuilder text = new StringBuilder();
    if (!modelProvider.isEmpty() || !model.isEmpty()) {
      text.append(modelProvider.isEmpty() ? "(model_provider)" : modelProvider);
      if (!model.isEmpty()) {
        text.append(" · ").append(model);
      }
    }
    append(text, reasoningEffort.isEmpty() ? "" : "effort " + reasoningEffort);
    append(
        text, systemPrompt.map(p -> p.isEmpty() ? "no system prompt" : "system prompt").orElse(""));
    append(text, extraBody.isEmpty() ? "" : "extra_body");
    append(text, theme.isEmpty() ? "" : "theme " + theme);
    return text.length() == 0 ? "(sets nothing)" : text.toString();
  }

  private static void append(StringBuilder text, String part) {
    if (part.isEmpty()) {
      return;
    }
    if (text.length() > 0) {
      text.append(" · ");
    }
    text.append(part);
  }
}
