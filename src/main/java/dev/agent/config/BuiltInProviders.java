package dev.agent.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The providers {@code agent} knows without a config file: anthropic, openai, ollama, lmstudio and
 * azure, in that order. openai and azure send the output limit as {@code max_completion_tokens},
 * since their reasoning models refuse {@code max_tokens}; the others as {@code max_tokens}.
 */
final class BuiltInProviders {
  /** The most retries a configuration may ask for, as in Codex CLI. */
  static final int MAX_REQUEST_MAX_RETRIES = 100;

  /** Where Azure's resource endpoint comes from when the config file does not give one. */
  static final String AZURE_ENDPOINT_VARIABLE = "AZURE_OPENAI_ENDPOINT";

  private static final ProviderConfig.Hints OLLAMA_HINTS =
      new ProviderConfig.Hints("start it with `ollama serve`", "ollama pull", "");

  private static final ProviderConfig.Hints LMSTUDIO_HINTS =
      new ProviderConfig.Hints(
          "start LM Studio's local server (Developer tab, or `lms server start`)", "", "");

  private static final ProviderConfig.Hints AZURE_HINTS =
      new ProviderConfig.Hints(
          "",
          "",
          "no endpoint configured; set "
              + AZURE_ENDPOINT_VARIABLE
              + "=https://NAME.openai.azure.com or base_url under [model_providers.azure] in"
              + " config.toml");

  /**
   * The built-ins as they are when the environment sets nothing, for what is said about all of them
   * (the keyless ones, the server on a port); declared after what building them reads.
   */
  static final List<ProviderConfig> DEFAULTS = new BuiltInProviders(Map.of()).providers();

  private final List<ProviderConfig> providers;
  private final List<String> warnings;

  /** Built-ins for this environment: only azure's base URL depends on it. */
  BuiltInProviders(Map<String, String> env) {
    List<String> notes = new ArrayList<>();
    String azureEndpoint = azureEndpoint(env, notes);
    this.providers =
        List.of(
            provider(
                "anthropic",
                "Anthropic",
                "https://api.anthropic.com/v1",
                "ANTHROPIC_API_KEY",
                "claude-sonnet-4-20250514",
                WireApi.ANTHROPIC,
                AuthScheme.X_API_KEY,
                ProviderConfig.Hints.NONE,
                MaxTokensField.MAX_TOKENS),
            provider(
                "openai",
                "OpenAI",
                "https://api.openai.com/v1",
                "OPENAI_API_KEY",
                "gpt-4o",
                WireApi.CHAT,
                AuthScheme.BEARER,
                ProviderConfig.Hints.NONE,
                MaxTokensField.MAX_COMPLETION_TOKENS),
            provider(
                "ollama",
                "Ollama (Local)",
                "http://localhost:11434/v1",
                "",
                "llama3.2",
                WireApi.CHAT,
                AuthScheme.NONE,
                OLLAMA_HINTS,
                MaxTokensField.MAX_TOKENS),
            provider(
                "lmstudio",
                "LM Studio (Local)",
                "http://localhost:1234/v1",
                "",
                "local-model",
                WireApi.CHAT,
                AuthScheme.NONE,
                LMSTUDIO_HINTS,
                MaxTokensField.MAX_TOKENS),
            provider(
                "azure",
                "Azure OpenAI",
                azureEndpoint,
                "AZURE_OPENAI_API_KEY",
                "gpt-4o",
                WireApi.CHAT,
                AuthScheme.API_KEY,
                AZURE_HINTS,
                MaxTokensField.MAX_COMPLETION_TOKENS));
    this.warnings = List.copyOf(notes);
  }

  /** The built-ins in their fixed order. */
  List<ProviderConfig> providers() {
    return providers;
  }

  /** Problems with the environment the built-ins read, one line each. */
  List<String> warnings() {
    return warnings;
  }

  /**
   * What a new provider id starts from before its table is applied: named after its id, no URL, no
   * key, chat completions with a Bearer token.
   */
  static ProviderConfig custom(String id) {
    return provider(
        id,
        id,
        "",
        "",
        "",
        WireApi.CHAT,
        AuthScheme.BEARER,
        ProviderConfig.Hints.NONE,
        MaxTokensField.MAX_TOKENS);
  }

  /** How the key travels by default for a wire format. */
  static AuthScheme defaultAuth(WireApi wireApi) {
    return switch (wireApi) {
      case ANTHROPIC -> AuthScheme.X_API_KEY;
      case CHAT, RESPONSES -> AuthScheme.BEARER;
    };
  }

  private static String azureEndpoint(Map<String, String> env, List<String> notes) {
    String endpoint = env.getOrDefault(AZURE_ENDPOINT_VARIABLE, "").strip();
    if (endpoint.isEmpty()) {
      return "";
    }
    Optional<String> url = ConfigSyntax.baseUrl(endpoint);
    if (url.isEmpty()) {
      notes.add(
          AZURE_ENDPOINT_VARIABLE
              + " '"
              + ConfigSyntax.printable(endpoint)
              + "' is not an absolute http or https URL, ignored (expected e.g."
              + " https://NAME.openai.azure.com)");
    }
    return url.orElse("");
  }

  /**
   * The ids of the built-ins that run on this machine and need no key, in order: what to suggest to
   * someone who has no key.
   */
  static List<String> keylessLocalIds() {
    return DEFAULTS.stream()
        .filter(provider -> !provider.needsKey() && provider.isLocal())
        .map(ProviderConfig::id)
        .toList();
  }

  private static ProviderConfig provider(
      String id,
      String name,
      String baseUrl,
      String envKey,
      String defaultModel,
      WireApi wireApi,
      AuthScheme auth,
      ProviderConfig.Hints hints,
      MaxTokensField maxTokensField) {
    return ProviderConfig.builder(id)
        .name(name)
        .baseUrl(baseUrl)
        .envKey(envKey)
        .defaultModel(defaultModel)
        .wireApi(wireApi)
        .auth(auth)
        .hints(hints)
        .maxTokensField(maxTokensField)
        .build();
  }
}
