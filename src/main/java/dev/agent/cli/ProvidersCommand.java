package dev.agent.cli;

import dev.agent.config.AgentConfig;
import dev.agent.config.ConfigException;
import dev.agent.config.ExtraBody;
import dev.agent.config.ModelSettings;
import dev.agent.config.ProviderConfig;
import dev.agent.provider.KeyStatus;
import dev.agent.provider.ProviderCheck;
import dev.agent.provider.ProviderRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code agent providers}: every provider, its settings and key status, the active one marked. */
@Command(
    name = "providers",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "List the providers, built-in and configured; '*' marks the active one.")
final class ProvidersCommand implements Callable<Integer> {
  static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);

  @ParentCommand AgentCommand root;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Option(
      names = "--check",
      description = "Also ask each provider, in parallel, whether it answers and accepts the key.")
  boolean check;

  @Override
  public Integer call() throws ConfigException {
    if (!root.reasoningEffortIsKnown()) {
      return ExitCodes.USAGE;
    }
    AgentConfig config = root.configured();
    String active = config.selectProvider(root.provider).id();
    String activeModel = config.modelInEffect(root.provider, root.model);
    List<ProviderConfig> providers;
    List<ProviderCheck> checks;
    List<KeyStatus> keys = new ArrayList<>();
    try (ProviderRegistry registry = root.registry(config)) {
      providers = registry.providers();
      checks = check ? checkAll(registry, providers, active, activeModel) : List.of();
      for (ProviderConfig p : providers) {
        keys.add(registry.keyStatus(p));
      }
    }

    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < providers.size(); i++) {
      ProviderConfig p = providers.get(i);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", p.id());
      row.put("name", p.name());
      row.put("base_url", p.baseUrl());
      row.put("default_model", p.defaultModel());
      row.put("wire_api", p.wireApi().configName());
      row.put("key", keyText(p, keys.get(i)));
      row.put("active", p.id().equals(active));
      if (check) {
        row.put("check", checkText(p, checks.get(i)));
      }
      if (json) {
        row.putAll(settings(p.maxTokens(), p.reasoningEffort(), p.extraBody(), p.httpHeaders()));
        Map<String, Object> models = new LinkedHashMap<>();
        for (String model : p.models().keySet()) {
          ModelSettings effective = p.settingsFor(model);
          Map<String, Object> shown = new LinkedHashMap<>();
          shown.putAll(
              settings(
                  effective.maxTokens(),
                  effective.reasoningEffort(),
                  effective.extraBody(),
                  effective.httpHeaders()));
          shown.put(
              "context_window", effective.contextWindow() > 0 ? effective.contextWindow() : null);
          models.put(model, shown);
        }
        row.put("models", models);
      }
      rows.add(row);
    }
    if (json) {
      root.console().printLine(Json.write(rows));
    } else {
      printTable(rows);
    }
    return ExitCodes.OK;
  }

  /**
   * The request settings {@code --json} shows: unset numbers and efforts as null, header values as
   * {@code ****}, since a header in the file may carry a token and nothing tells which.
   */
  private static Map<String, Object> settings(
      int maxTokens, String reasoningEffort, ExtraBody extraBody, Map<String, String> headers) {
    Map<String, Object> shown = new LinkedHashMap<>();
    shown.put("max_tokens", maxTokens > 0 ? maxTokens : null);
    shown.put("reasoning_effort", reasoningEffort.isEmpty() ? null : reasoningEffort);
    shown.put("extra_body", extraBody.fields());
    Map<String, Object> masked = new TreeMap<>();
    headers.keySet().forEach(name -> masked.put(name, "****"));
    shown.put("http_headers", masked);
    return shown;
  }

  /**
   * Checks every provider at once: the active one with the model in effect ({@code -m}, {@code
   * model}, the profile's), the others with their default model.
   */
  private static List<ProviderCheck> checkAll(
      ProviderRegistry registry,
      List<ProviderConfig> providers,
      String active,
      String activeModel) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, providers.size()));
    try {
      List<CompletableFuture<ProviderCheck>> futures = new ArrayList<>();
      for (ProviderConfig p : providers) {
        String model = p.id().equals(active) ? activeModel : p.defaultModel();
        futures.add(
            CompletableFuture.supplyAsync(() -> registry.check(p, model, CHECK_TIMEOUT), pool));
      }
      List<ProviderCheck> results = new ArrayList<>();
      for (CompletableFuture<ProviderCheck> future : futures) {
        results.add(future.join());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  static String keyText(ProviderConfig p, KeyStatus status) {
    return switch (status) {
      case ENTERED -> "key entered in this chat";
      case SET -> p.envKey() + " set";
      case NOT_SET -> p.envKey() + " not set";
      case COMMAND -> "from command " + p.authCommand().map(c -> c.command()).orElse("");
      case IN_FILE -> "experimental_bearer_token in config file";
      case NOT_NEEDED -> "no key needed";
    };
  }

  static String checkText(ProviderConfig p, ProviderCheck check) {
    String verdict =
        switch (check.status()) {
          case OK -> "ok";
          case UNREACHABLE -> "unreachable";
          case KEY_REFUSED -> "key refused";
          case NOT_CONFIGURED -> "not configured";
          case ERROR -> "error";
        };
    // Details are the provider's messages, which start with its id; the row already shows it.
    String detail = check.detail();
    if (detail.startsWith(p.id() + ": ")) {
      detail = detail.substring(p.id().length() + 2);
    }
    return detail.isEmpty() ? verdict : verdict + ": " + detail;
  }

  private void printTable(List<Map<String, Object>> rows) {
    List<String> columns = new ArrayList<>(List.of("id", "name", "base_url", "default_model"));
    columns.addAll(List.of("wire_api", "key"));
    if (check) {
      columns.add("check");
    }
    List<List<String>> cells = new ArrayList<>();
    List<String> header = new ArrayList<>();
    for (String column : columns) {
      header.add(column.toUpperCase(java.util.Locale.ROOT).replace('_', ' '));
    }
    cells.add(header);
    for (Map<String, Object> row : rows) {
      List<String> line = new ArrayList<>();
      for (String column : columns) {
        String value = String.valueOf(row.get(column));
        line.add(value.isEmpty() ? "-" : value);
      }
      cells.add(line);
    }
    int[] widths = new int[columns.size()];
    for (List<String> line : cells) {
      for (int c = 0; c < line.size(); c++) {
        widths[c] = Math.max(widths[c], line.get(c).length());
      }
    }
    for (int r = 0; r < cells.size(); r++) {
      boolean active = r > 0 && Boolean.TRUE.equals(rows.get(r - 1).get("active"));
      StringBuilder out = new StringBuilder(active ? "* " : "  ");
      List<String> line = cells.get(r);
      for (int c = 0; c < line.size(); c++) {
        out.append(line.get(c));
        if (c < line.size() - 1) {
          out.append(" ".repeat(widths[c] - line.get(c).length() + 2));
        }
      }
      root.console().printLine(out.toString());
    }
  }
}
