package dev.agent.config;

import dev.agent.config.ConfigNode.Branch;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads the {@code [model_providers.ID.models."MODEL"]} tables of one provider table. */
final class ModelBinder {
  /** Every key a model table may hold. */
  static final List<String> KEYS =
      List.of(
          "max_tokens",
          "reasoning_effort",
          "context_window",
          "http_headers",
          "extra_body",
          "temperature",
          "top_p",
          "system_prompt",
          "system_prompt_file");

  private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

  private ModelBinder() {}

  /**
   * The model tables under {@code models} in a provider's table, by model name, in written order.
   *
   * @param configDir against which a relative {@code system_prompt_file} is resolved
   * @param warnings receives one line per unknown key of a model table
   * @throws ConfigException at the offending value for a wrong type or a bad value
   */
  static Map<String, ModelSettings> bind(
      String id, TableReader provider, Path configDir, List<String> warnings)
      throws ConfigException {
    Optional<Branch> tables =
        provider.table(
            "models", "[model_providers." + id + ".models.\"MODEL\"] with max_tokens = 4096");
    Map<String, ModelSettings> models = new LinkedHashMap<>();
    if (tables.isEmpty()) {
      return models;
    }
    for (Map.Entry<String, ConfigNode> entry : tables.get().entries().entrySet()) {
      String model = entry.getKey();
      String tableName = "[model_providers." + id + ".models." + tomlKey(model) + "]";
      if (!(entry.getValue() instanceof Branch table)) {
        throw TableReader.wrongType(
            "models." + tomlKey(model),
            entry.getValue(),
            "a table, e.g. " + tableName + " with max_tokens = 4096");
      }
      TableReader reader = new TableReader(table, KEYS, tableName);
      models.put(
          model,
          new ModelSettings(
              reader.positiveInt("max_tokens").orElse(0),
              ProviderBinder.reasoningEffort(reader).orElse(""),
              reader.positiveInt("context_window").orElse(0),
              BodyFields.read(reader),
              ProviderBinder.headers(reader, Map.of()),
              ProviderBinder.systemPrompt(reader, tableName, configDir)));
      reader.warnUnknownKeys(warnings, hints(id));
    }
    return models;
  }

  /** Provider keys written in a model table: say where they belong. */
  private static Map<String, String> hints(String id) {
    Map<String, String> hints = new LinkedHashMap<>();
    for (String key : ProviderBinder.KEYS) {
      if (!KEYS.contains(key)) {
        hints.put(key, key + " is a provider setting; set it under [model_providers." + id + "]");
      }
    }
    return hints;
  }

  /** A model name as a TOML key: bare when it can be, else in quotes. */
  static String tomlKey(String name) {
    if (BARE_KEY.matcher(name).matches()) {
      return name;
    }
    return "\"" + ConfigSyntax.printable(name).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
