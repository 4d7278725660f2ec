package dev.agent.cli;

import dev.agent.config.AgentConfig;
import dev.agent.config.ConfigException;
import dev.agent.config.Profile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code agent profiles}: the {@code [profiles.NAME]} tables, the one in effect marked. */
@Command(
    name = "profiles",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "List the profiles of the config file and what each sets; '*' marks the one in effect"
            + " (--profile, else profile).")
final class ProfilesCommand implements Callable<Integer> {

  @ParentCommand AgentCommand root;

  @Option(names = "--json", description = "Print JSON instead of lines.")
  boolean json;

  @Override
  public Integer call() throws ConfigException {
    AgentConfig config = root.configured();
    String active = config.profile();
    if (json) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Profile p : config.profiles().values()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", p.name());
        row.put("active", p.name().equals(active));
        row.put("model_provider", p.modelProvider());
        row.put("model", p.model());
        row.put("reasoning_effort", p.reasoningEffort());
        p.systemPrompt().ifPresent(prompt -> row.put("system_prompt", prompt));
        row.put("extra_body", p.extraBody().fields());
        row.put("theme", p.theme());
        rows.add(row);
      }
      root.console().printLine(Json.write(rows));
      return ExitCodes.OK;
    }
    if (config.profiles().isEmpty()) {
      root.console()
          .err()
          .println(
              "agent: no profiles defined; add a [profiles.NAME] table to config.toml (see"
                  + " docs/configuration.md)");
      return ExitCodes.OK;
    }
    int width = 0;
    for (String name : config.profiles().keySet()) {
      width = Math.max(width, TerminalText.neutralise(name).length());
    }
    for (Profile p : config.profiles().values()) {
      String name = TerminalText.neutralise(p.name());
      root.console()
          .printLine(
              (p.name().equals(active) ? "* " : "  ")
                  + name
                  + " ".repeat(width - name.length() + 2)
                  + TerminalText.neutralise(p.summary()));
    }
    return ExitCodes.OK;
  }
}
