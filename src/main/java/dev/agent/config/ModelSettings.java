package dev.agent.config;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/**
 * The settings of one model: what a {@code [model_providers.ID.models."MODEL"]} table sets (see
 * {@link ProviderConfig#models()}), or, from {@link ProviderConfig#settingsFor}, what a request to
 * that model goes with once the provider's and the top level's settings are merged in.
 *
 * @param maxTokens the reply length limit; 0 when not set (the provider's, or the wire format's)
 * @param reasoningEffort one of {@link ProviderConfig#REASONING_EFFORTS}; empty when not set
 * @param contextWindow how many tokens the server runs the model's context with; 0 when not set
 *     (then the server is asked). The chat keeps requests within it
 * @param extraBody fields laid over the request's JSON body
 * @param httpHeaders extra headers, laid over the provider's {@code http_headers}
 * @param systemPrompt the {@code system_prompt} (or {@code system_prompt_file}'s text); empty when
 *     not set. An empty text is a setting: no system prompt for this model
 */
public record ModelSettings(
    int maxTokens,
    String reasoningEffort,
    int contextWindow,
    ExtraBody extraBody,
    Map<String, String> httpHeaders,
    Optional<String> systemPrompt) {

  /** A model table that sets nothing. */
  public static final ModelSettings NONE =
      new ModelSettings(0, "", 0, ExtraBody.EMPTY, Map.of(), Optional.empty());

  public ModelSettings {
    requireNonNull(reasoningEffort, "reasoningEffort");
    requireNonNull(extraBody, "extraBody");
    if (maxTokens < 0) {
      throw new IllegalArgumentException("maxTokens < 0: " + maxTokens);
    }
    if (contextWindow < 0) {
      throw new IllegalArgumentException("contextWindow < 0: " + contextWindow);
    }
    if (!reasoningEffort.isEmpty() && !ProviderConfig.REASONING_EFFORTS.contains(reasoningEffort)) {
      throw new IllegalArgumentException("unknown reasoningEffort " + reasoningEffort);
    }
    httpHeaders = Map.copyOf(httpHeaders);
    requireNonNull(systemPrompt, "systemPrompt");
  }

  /** The system prompt a request goes with, or empty text for none. */
  public String systemPromptText() {
    return systemPrompt.orElse("");
  }

  /** These settings at {@code effort}, a run's {@code --reasoning-effort}. */
  ModelSettings withReasoningEffort(String effort) {
    return new ModelSettings(
        maxTokens, effort, contextWindow, extraBody, httpHeaders, systemPrompt);
  }

  /** These settings with {@code prompt}, a run's {@code --system} or a profile's. */
  ModelSettings withSystemPrompt(String prompt) {
    return new ModelSettings(
        maxTokens, reasoningEffort, contextWindow, extraBody, httpHeaders, Optional.of(prompt));
  }

  /** These settings with {@code fields} laid over their extra body fields: a profile's. */
  ModelSettings withExtraBodyOver(ExtraBody fields) {
    return new ModelSettings(
        maxTokens,
        reasoningEffort,
        contextWindow,
        extraBody.with(fields),
        httpHeaders,
        systemPrompt);
  }
}
