package dev.agent.config;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole configuration of one run.
 *
 * @param modelProvider top-level {@code model_provider}; empty when not set
 * @param model top-level {@code model}; empty when not set; belongs to {@code model_provider}
 * @param theme top-level {@code theme}; empty when not set
 * @param reasoningEffort top-level {@code reasoning_effort}, for every provider whose table sets
 *     none (already merged into those providers' {@link ProviderConfig#reasoningEffort}); empty
 *     when not set
 * @param showReasoning top-level {@code show_reasoning}: whether a one-shot reply's reasoning is
 *     shown on standard error (true when not set)
 * @param mouse top-level {@code mouse}: whether the chat reads the mouse wheel (true when not set);
 *     false leaves the mouse to the terminal, for selecting text
 * @param providers every provider, built-in and configured, by id, in a stable order (built-ins
 *     first, then configured ones alphabetically)
 * @param warnings one line each, compiler style ({@code config.toml:4: unknown key 'bse_url'})
 * @param profile the profile in effect: top-level {@code profile} as loaded, the one applied after
 *     {@link #withProfile}; empty for none
 * @param profiles the {@code [profiles.NAME]} tables by name, in written order
 */
public record AgentConfig(
    String modelProvider,
    String model,
    String theme,
    String reasoningEffort,
    boolean showReasoning,
    boolean mouse,
    Map<String, ProviderConfig> providers,
    List<String> warnings,
    String profile,
    Map<String, Profile> profiles) {

  public AgentConfig {
    requireNonNull(modelProvider, "modelProvider");
    requireNonNull(model, "model");
    requireNonNull(theme, "theme");
    requireNonNull(reasoningEffort, "reasoningEffort");
    providers = Collections.unmodifiableMap(new LinkedHashMap<>(providers));
    warnings = List.copyOf(warnings);
    requireNonNull(profile, "profile");
    profiles = Collections.unmodifiableMap(new LinkedHashMap<>(profiles));
  }

  /** A configuration without profiles. */
  public AgentConfig(
      String modelProvider,
      String model,
      String theme,
      String reasoningEffort,
      boolean showReasoning,
      boolean mouse,
      Map<String, ProviderConfig> providers,
      List<String> warnings) {
    this(
        modelProvider,
        model,
        theme,
        reasoningEffort,
        showReasoning,
        mouse,
        providers,
        warnings,
        "",
        Map.of());
  }

  /** The provider used when neither the command line nor the config file names one. */
  public static final String DEFAULT_PROVIDER = "anthropic";

  /**
   * The ids of the built-in providers that run on this machine and need no key ({@code ollama},
   * {@code lmstudio}), in their order: what to suggest to someone who has no key.
   */
  public static List<String> keylessBuiltIns() {
    return BuiltInProviders.keylessLocalIds();
  }

  /**
   * Applies precedence. Provider: {@code cliProvider} &gt; {@code model_provider} &gt; {@value
   * #DEFAULT_PROVIDER}. Model: {@code cliModel} &gt; top-level {@code model} (only when the chosen
   * provider is the one {@code model_provider} names) &gt; the provider's {@code default_model}.
   * Reasoning effort: the chosen model's ({@link ProviderConfig#settingsFor}), which is {@code
   * --reasoning-effort} &gt; the model's table &gt; the provider's &gt; the top level (see {@link
   * #withReasoningEffort}).
   *
   * @param cliProvider {@code --provider}, or empty
   * @param cliModel {@code --model}, or empty
   * @throws ConfigException when the provider is unknown, naming it and the known ids, or when no
   *     model is chosen and the provider has no {@code default_model}
   */
  public Selection select(String cliProvider, String cliModel) throws ConfigException {
    ProviderConfig provider = selectProvider(cliProvider);
    String id = provider.id();
    String chosenModel = modelInEffect(cliProvider, cliModel);
    if (chosenModel.isEmpty()) {
      throw new ConfigException(
          "provider '"
              + id
              + "' has no default model; pass -m MODEL or set default_model under [model_providers."
              + id
              + "]");
    }
    return new Selection(provider, chosenModel);
  }

  /**
   * The provider a run talks to, model or none: {@code --provider} when given ({@code
   * cliProvider}), else {@code model_provider}, else the default; for what needs no model, such as
   * listing a provider's models.
   *
   * @throws ConfigException when the provider is unknown, naming it and the known ids
   */
  public ProviderConfig selectProvider(String cliProvider) throws ConfigException {
    return provider(cliProvider.isEmpty() ? configuredProvider() : cliProvider);
  }

  /**
   * The model a run talks to, as {@link #select} chooses it; empty when the provider has no {@code
   * default_model} and none is chosen, for what needs no model, such as listing providers.
   *
   * @throws ConfigException when the provider is unknown
   */
  public String modelInEffect(String cliProvider, String cliModel) throws ConfigException {
    String configured = configuredProvider();
    String id = cliProvider.isEmpty() ? configured : cliProvider;
    if (!cliModel.isEmpty()) {
      return cliModel;
    }
    if (!model.isEmpty() && id.equals(configured)) {
      return model;
    }
    return provider(id).defaultModel();
  }

  private String configuredProvider() {
    return modelProvider.isEmpty() ? DEFAULT_PROVIDER : modelProvider;
  }

  /**
   * This configuration with every provider and model table at {@code effort}: a run's {@code
   * --reasoning-effort}, which wins over each model's and provider's table and the top level, for
   * whichever provider and model the run (or the chat, after a switch) talks to.
   *
   * @param effort one of {@link ProviderConfig#REASONING_EFFORTS}
   * @throws IllegalArgumentException when {@code effort} is not one of them
   */
  public AgentConfig withReasoningEffort(String effort) {
    if (!ProviderConfig.REASONING_EFFORTS.contains(effort)) {
      throw new IllegalArgumentException("unknown reasoning effort " + effort);
    }
    Map<String, ProviderConfig> replaced = new LinkedHashMap<>();
    providers.forEach((id, provider) -> replaced.put(id, provider.withReasoningEffort(effort)));
    return withProviders(replaced);
  }

  /**
   * This configuration with {@code prompt} as the system prompt of every provider and model table:
   * a run's {@code --system}, which wins over each model's and provider's table and the top level.
   * An empty prompt means none.
   */
  public AgentConfig withSystemPrompt(String prompt) {
    requireNonNull(prompt, "prompt");
    Map<String, ProviderConfig> replaced = new LinkedHashMap<>();
    providers.forEach((id, provider) -> replaced.put(id, provider.withSystemPrompt(prompt)));
    return withProviders(replaced);
  }

  /**
   * This configuration under the profile {@code name}: its {@code model_provider} and {@code model}
   * replace the top level's (a profile that names a provider but no model takes that provider's
   * {@code default_model}), its {@code theme} the top level's; its {@code reasoning_effort} and
   * {@code system_prompt} win, as a run's options do, over every provider's and model's table, and
   * its {@code extra_body} is laid over theirs. What it does not set stays as configured. {@code
   * -p}, {@code -m} and the run's other options still win over it: apply them after. An empty name
   * returns this configuration.
   *
   * @throws ConfigException naming the unknown profile and the known ones
   */
  public AgentConfig withProfile(String name) throws ConfigException {
    if (name.isEmpty()) {
      return this;
    }
    Profile chosen = profiles.get(name);
    if (chosen == null) {
      throw new ConfigException(
          "unknown profile '"
              + name
              + "' ("
              + (profiles.isEmpty()
                  ? "none is defined"
                  : "known: " + String.join(", ", profiles.keySet()))
              + "); define it under [profiles."
              + name
              + "] in config.toml"
              + KeySpelling.closest(name, profiles.keySet())
                  .map(known -> ", or did you mean '" + known + "'?")
                  .orElse(""));
    }
    AgentConfig applied = this;
    if (!chosen.reasoningEffort().isEmpty()) {
      applied = applied.withReasoningEffort(chosen.reasoningEffort());
    }
    if (chosen.systemPrompt().isPresent()) {
      applied = applied.withSystemPrompt(chosen.systemPrompt().get());
    }
    Map<String, ProviderConfig> replaced = new LinkedHashMap<>(applied.providers);
    if (!chosen.extraBody().isEmpty()) {
      replaced.replaceAll((id, provider) -> provider.withExtraBodyOver(chosen.extraBody()));
    }
    return new AgentConfig(
        chosen.modelProvider().isEmpty() ? modelProvider : chosen.modelProvider(),
        chosen.modelProvider().isEmpty() && chosen.model().isEmpty() ? model : chosen.model(),
        chosen.theme().isEmpty() ? theme : chosen.theme(),
        reasoningEffort,
        showReasoning,
        mouse,
        replaced,
        warnings,
        name,
        profiles);
  }

  private AgentConfig withProviders(Map<String, ProviderConfig> replaced) {
    return new AgentConfig(
        modelProvider,
        model,
        theme,
        reasoningEffort,
        showReasoning,
        mouse,
        replaced,
        warnings,
        profile,
        profiles);
  }

  /**
   * The provider with this id.
   *
   * @throws ConfigException naming the unknown id and listing the known ones
   */
  public ProviderConfig provider(String id) throws ConfigException {
    ProviderConfig provider = providers.get(id);
    if (provider == null) {
      String fix =
          KeySpelling.closest(id, providers.keySet())
              .map(known -> "did you mean '" + known + "'? or add")
              .orElse("add");
      throw new ConfigException(
          "unknown provider '"
              + id
              + "' (known: "
              + String.join(", ", providers.keySet())
              + "); "
              + fix
              + " it under [model_providers."
              + id
              + "] in config.toml");
    }
    return provider;
  }
}
