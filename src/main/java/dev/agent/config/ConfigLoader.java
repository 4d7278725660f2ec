package dev.agent.config;

import dev.agent.config.ConfigNode.Branch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Reads built-ins, {@code config.toml} and {@code -c} overrides into an {@link AgentConfig}. */
public final class ConfigLoader {
  static final List<String> TOP_LEVEL_KEYS =
      List.of(
          "model_provider",
          "model",
          "theme",
          "reasoning_effort",
          "model_reasoning_effort",
          "show_reasoning",
          "mouse",
          "extra_body",
          "temperature",
          "top_p",
          "system_prompt",
          "system_prompt_file",
          "profile",
          "profiles",
          "model_providers");

  /** Every key a {@code [profiles.NAME]} table may hold. */
  static final List<String> PROFILE_KEYS =
      List.of(
          "model_provider",
          "model",
          "system_prompt",
          "system_prompt_file",
          "reasoning_effort",
          "model_reasoning_effort",
          "extra_body",
          "temperature",
          "top_p",
          "theme");

  /**
   * Top-level keys of Codex CLI's {@code config.toml} that agent has no use for: a Codex file loads
   * with one warning for each, never an error; in a {@code [profiles.NAME]} table too.
   */
  static final List<String> CODEX_ONLY_KEYS =
      List.of(
          "approval_policy",
          "sandbox_mode",
          "sandbox_workspace_write",
          "model_reasoning_summary",
          "model_reasoning_summary_format",
          "model_supports_reasoning_summaries",
          "model_verbosity",
          "model_context_window",
          "model_max_output_tokens",
          "model_auto_compact_token_limit",
          "review_model",
          "oss_provider",
          "mcp_servers",
          "tui",
          "shell_environment_policy",
          "history",
          "file_opener",
          "hide_agent_reasoning",
          "show_raw_agent_reasoning",
          "notify",
          "instructions",
          "developer_instructions",
          "experimental_instructions_file",
          "project_doc_max_bytes",
          "project_doc_fallback_filenames",
          "projects",
          "preferred_auth_method",
          "forced_login_method",
          "forced_chatgpt_workspace_id",
          "cli_auth_credentials_store",
          "mcp_oauth_credentials_store",
          "chatgpt_base_url",
          "disable_response_storage",
          "tools",
          "features",
          "otel",
          "check_for_update_on_startup",
          "windows_wsl_setup_acknowledged",
          "notice");

  private final Map<String, String> env;

  /** {@code env} is the process environment (for {@code AZURE_OPENAI_ENDPOINT}, say). */
  public ConfigLoader(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /**
   * Loads the configuration: the built-in providers, then the file, then each override in order.
   * Unknown keys do not stop loading; they become {@link AgentConfig#warnings()}.
   *
   * @param file the config file; when {@code explicit} is false a missing file means defaults, when
   *     true (given with {@code --config}) a missing file is an error
   * @param overrides {@code -c key=value} strings, applied in order after the file
   * @throws ConfigException on broken TOML, a wrong type, a bad value or a bad override
   */
  public AgentConfig load(Path file, boolean explicit, List<String> overrides)
      throws ConfigException {
    String path = file.toString();
    Optional<String> text = read(file, explicit);
    Branch document;
    try {
      document =
          text.isPresent()
              ? TomlSource.parseFile(path, text.get())
              : new Branch(Map.of(), Origin.file(path));
      for (String override : overrides) {
        document = document.mergedWith(TomlSource.parseOverride(override));
      }
    } catch (StackOverflowError e) {
      // Tables are read and merged recursively; thousands of levels would end the program.
      throw new ConfigException(path + ": tables nested too deeply (expected a few levels)");
    }
    return bind(document, file.toAbsolutePath());
  }

  private AgentConfig bind(Branch document, Path configFile) throws ConfigException {
    List<String> warnings = new ArrayList<>();
    try {
      return bind(document, configFile, warnings);
    } catch (ConfigException e) {
      throw e.withWarnings(warnings);
    }
  }

  /**
   * The largest config file read: a hundred times a long real one. Not more, since tomlj builds a
   * parse-tree node per character of a string: a 1 MiB string took 11 s of CPU to parse, 256 KiB
   * about one.
   */
  static final int MAX_CONFIG_BYTES = 256 * 1024;

  private static Optional<String> read(Path file, boolean explicit) throws ConfigException {
    try {
      // Only a regular file of a sane size: /dev/zero, a FIFO or a huge file would hang the start.
      if (Files.exists(file) && !Files.isRegularFile(file)) {
        throw new ConfigException(
            file
                + ": not a regular file (expected a TOML text file, such as ~/.agent/config.toml)");
      }
      byte[] content;
      try (InputStream in = Files.newInputStream(file)) {
        // Bounded as it is read, for a file that grows after a size check would have passed.
        content = in.readNBytes(MAX_CONFIG_BYTES + 1);
      }
      if (content.length > MAX_CONFIG_BYTES) {
        throw new ConfigException(
            file
                + ": larger than "
                + MAX_CONFIG_BYTES / 1024
                + " KiB, far more than any configuration (expected a TOML text file; a long"
                + " system prompt goes in a file of its own)");
      }
      return Optional.of(
          StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(content)).toString());
    } catch (NoSuchFileException e) {
      if (explicit) {
        throw new ConfigException(file + ": no such file");
      }
      return Optional.empty();
    } catch (AccessDeniedException e) {
      throw new ConfigException(file + ": cannot read it (permission denied)");
    } catch (CharacterCodingException e) {
      throw new ConfigException(file + ": not valid UTF-8 (expected a UTF-8 text file)");
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read it (" + e.getMessage() + ")");
    }
  }

  /** Binds {@code document}; {@code warnings} holds those found so far when it throws. */
  private AgentConfig bind(Branch document, Path configFile, List<String> warnings)
      throws ConfigException {
    BuiltInProviders builtIns = new BuiltInProviders(env);
    warnings.addAll(builtIns.warnings());
    document = withoutCodexOnlyKeys(document, warnings);
    TableReader top = new TableReader(document, TOP_LEVEL_KEYS, "");
    String modelProvider = top.string("model_provider").orElse("");
    String model = top.string("model").orElse("");
    String theme = top.string("theme").orElse("");
    // Codex's name for it, taken when agent's own is not written.
    Optional<String> codexEffort = ProviderBinder.reasoningEffort(top, "model_reasoning_effort");
    String reasoningEffort = ProviderBinder.reasoningEffort(top).or(() -> codexEffort).orElse("");
    boolean showReasoning = top.bool("show_reasoning").orElse(true);
    boolean mouse = top.bool("mouse").orElse(true);
    ExtraBody extraBody = BodyFields.read(top);
    Path configDir = configFile.getParent() != null ? configFile.getParent() : configFile;
    Optional<String> systemPrompt = ProviderBinder.systemPrompt(top, "", configDir);
    Map<String, Profile> profiles = profiles(top, configDir, warnings);
    String profile = top.string("profile").orElse("");
    if (!profile.isEmpty() && !profiles.containsKey(profile)) {
      throw new ConfigException(
          top.origin("profile").position()
              + ": profile '"
              + ConfigSyntax.printable(profile)
              + "' is not defined (expected the name of a [profiles.NAME] table"
              + (profiles.isEmpty() ? "" : ": " + String.join(", ", profiles.keySet()))
              + ")");
    }
    Optional<Branch> tables =
        top.table("model_providers", "[model_providers.ID] with base_url = \"…\"");
    top.warnUnknownKeys(warnings, topLevelHints());

    Map<String, ProviderConfig> providers = new LinkedHashMap<>();
    builtIns.providers().forEach(provider -> providers.put(provider.id(), provider));
    List<String> builtInIds = List.copyOf(providers.keySet());
    Map<String, ProviderConfig> custom = new TreeMap<>();
    if (tables.isPresent()) {
      for (Map.Entry<String, ConfigNode> entry : tables.get().entries().entrySet()) {
        String id = entry.getKey();
        if (!(entry.getValue() instanceof Branch table)) {
          throw TableReader.wrongType(
              "model_providers." + id,
              entry.getValue(),
              "a table, e.g. [model_providers." + id + "] with base_url = \"…\"");
        }
        if (!ConfigSyntax.isProviderId(id)) {
          throw new ConfigException(
              table.origin().position()
                  + ": provider id '"
                  + ConfigSyntax.printable(id)
                  + "' is not usable with --provider (expected letters, digits, '-' and '_')");
        }
        ProviderConfig builtIn = providers.get(id);
        ProviderConfig bound =
            ProviderBinder.bind(id, table, builtIn, builtInIds, configFile, warnings);
        if (builtIn == null) {
          custom.put(id, bound);
        } else {
          providers.put(id, bound);
        }
      }
    }
    providers.putAll(custom);
    if (!reasoningEffort.isEmpty()) {
      // The top level's effort is for every provider whose table sets none.
      providers.replaceAll(
          (id, provider) ->
              provider.reasoningEffort().isEmpty()
                  ? provider.toBuilder().reasoningEffort(reasoningEffort).build()
                  : provider);
    }
    if (!extraBody.isEmpty()) {
      // The top level's fields are for every provider, under the provider's own.
      providers.replaceAll(
          (id, provider) ->
              provider.toBuilder().extraBody(extraBody.with(provider.extraBody())).build());
    }
    if (systemPrompt.isPresent()) {
      // The top level's prompt is for every provider whose table sets none.
      providers.replaceAll(
          (id, provider) ->
              provider.systemPrompt().isPresent()
                  ? provider
                  : provider.toBuilder().systemPrompt(systemPrompt.get()).build());
    }
    return new AgentConfig(
        modelProvider,
        model,
        theme,
        reasoningEffort,
        showReasoning,
        mouse,
        providers,
        warnings,
        profile,
        profiles);
  }

  /** The {@code [profiles.NAME]} tables, in written order. */
  private static Map<String, Profile> profiles(
      TableReader top, Path configDir, List<String> warnings) throws ConfigException {
    Optional<Branch> tables = top.table("profiles", "[profiles.NAME] with model = \"…\"");
    Map<String, Profile> profiles = new LinkedHashMap<>();
    if (tables.isEmpty()) {
      return profiles;
    }
    Map<String, String> hints = new LinkedHashMap<>();
    for (String key : CODEX_ONLY_KEYS) {
      hints.put(key, "a Codex key, not used by agent");
    }
    for (Map.Entry<String, ConfigNode> entry : tables.get().entries().entrySet()) {
      String name = entry.getKey();
      String tableName = "[profiles." + ModelBinder.tomlKey(name) + "]";
      if (!(entry.getValue() instanceof Branch table)) {
        throw TableReader.wrongType(
            "profiles." + ModelBinder.tomlKey(name),
            entry.getValue(),
            "a table, e.g. " + tableName + " with model = \"…\"");
      }
      TableReader reader = new TableReader(table, PROFILE_KEYS, tableName);
      Optional<String> codexEffort =
          ProviderBinder.reasoningEffort(reader, "model_reasoning_effort");
      profiles.put(
          name,
          new Profile(
              name,
              reader.string("model_provider").orElse(""),
              reader.string("model").orElse(""),
              ProviderBinder.systemPrompt(reader, tableName, configDir),
              ProviderBinder.reasoningEffort(reader).or(() -> codexEffort).orElse(""),
              BodyFields.read(reader),
              reader.string("theme").orElse("")));
      reader.warnUnknownKeys(warnings, hints);
    }
    return profiles;
  }

  /**
   * The document without the top-level keys only Codex CLI uses, one warning for each: a Codex
   * {@code config.toml} loads as it is.
   */
  private static Branch withoutCodexOnlyKeys(Branch document, List<String> warnings) {
    Map<String, ConfigNode> kept = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigNode> entry : document.entries().entrySet()) {
      String key = entry.getKey();
      String line = entry.getValue().origin().line();
      if (CODEX_ONLY_KEYS.contains(key)) {
        warnings.add(line + ": '" + key + "' is a Codex key, not used by agent (ignored)");
      } else {
        kept.put(key, entry.getValue());
      }
    }
    return kept.size() == document.entries().size()
        ? document
        : new Branch(kept, document.origin());
  }

  /** Provider keys written at the top level: say where they belong. */
  private static Map<String, String> topLevelHints() {
    Map<String, String> hints = new LinkedHashMap<>();
    for (String key : ProviderBinder.KEYS) {
      if (TOP_LEVEL_KEYS.contains(key)) {
        continue;
      }
      hints.put(key, key + " belongs in a provider's table, e.g. under [model_providers.openai]");
    }
    hints.put(
        "context_window",
        "context_window belongs in a model's table, e.g. under"
            + " [model_providers.ollama.models.\"qwen3:8b\"]");
    hints.put("provider", "did you mean 'model_provider'?");
    hints.put("providers", "did you mean 'model_providers'?");
    return hints;
  }
}
