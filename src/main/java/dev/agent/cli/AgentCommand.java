package dev.agent.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.agent.chat.ChatException;
import dev.agent.config.AgentConfig;
import dev.agent.config.AgentHome;
import dev.agent.config.ConfigException;
import dev.agent.config.ConfigLoader;
import dev.agent.config.Selection;
import dev.agent.provider.ProviderRegistry;
import dev.agent.provider.RequestLog;
import dev.agent.tui.ChatApp;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;

/**
 * {@code agent [OPTIONS] [PROMPT…]}: with a prompt (or piped input) streams one reply to standard
 * output; with neither, on a terminal, opens the chat UI. Holds the options every subcommand
 * inherits.
 */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Chat with large language models in the terminal.",
      "",
      "With no prompt on a terminal, opens the chat UI. With a prompt, or with input piped in,"
          + " streams the reply to standard output and exits."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:the request failed",
      "2:usage or configuration error",
      "130:interrupted"
    },
    footer = {"", "Configuration: ~/.agent/config.toml (see docs/configuration.md)."})
public final class AgentCommand implements Callable<Integer> {

  @Option(
      names = {"-p", "--provider"},
      paramLabel = "ID",
      scope = ScopeType.INHERIT,
      description = "Provider to use (see 'agent providers'); overrides model_provider.")
  String provider = "";

  @Option(
      names = {"-m", "--model"},
      paramLabel = "MODEL",
      scope = ScopeType.INHERIT,
      description = "Model to use; overrides model and the provider's default_model.")
  String model = "";

  @Option(
      names = "--config",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      description = "Config file (default: $AGENT_HOME/config.toml, else ~/.agent/config.toml).")
  Path configFile;

  @Option(
      names = "-c",
      paramLabel = "KEY=VALUE",
      scope = ScopeType.INHERIT,
      description =
          "Override a config key for this run; VALUE is TOML, dotted keys allowed. Repeatable.")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--theme", paramLabel = "NAME", description = "Theme of the chat UI.")
  String theme = "";

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description =
          "Write a log of HTTP requests (credentials blanked) and stack traces of unexpected"
              + " errors to $AGENT_HOME/agent.log.")
  boolean debug;

  @Parameters(paramLabel = "PROMPT", arity = "0..*", description = "The prompt to send.")
  List<String> prompt = new ArrayList<>();

  private final Console console;

  public AgentCommand(Console console) {
    this.console = requireNonNull(console, "console");
  }

  @Override
  public Integer call() throws ConfigException, ChatException, IOException {
    AgentConfig config = loadConfig();
    Selection selection = config.select(provider, model);
    String text = promptText();
    if (text.isEmpty()) {
      if (console.interactive()) {
        return openChat(config, selection);
      }
      console.err().println("agent: no prompt given; pass one as arguments or pipe it in");
      return ExitCodes.USAGE;
    }
    try (ProviderRegistry registry = registry(config, this::warn)) {
      return new OneShotReply(console, registry, selection).run(text);
    }
  }

  private int openChat(AgentConfig config, Selection selection) {
    // Nothing may write to the terminal while the screen is up, so the registry's warnings (a key
    // over plain http) are not printed here; the request log still follows --debug.
    try (ProviderRegistry registry = registry(config, warning -> {})) {
      return ChatApp.run(
          config, selection, registry, themeName(config), agentHome(), console.env());
    }
  }

  /** The theme: {@code --theme}, else {@code theme} from the config, else the default. */
  String themeName(AgentConfig config) {
    if (!theme.isEmpty()) {
      return theme;
    }
    return config.theme().isEmpty() ? "dark" : config.theme();
  }

  /** The arguments joined by spaces, followed by piped standard input when there is any. */
  private String promptText() throws IOException {
    String args = String.join(" ", prompt).strip();
    if (console.stdinIsTerminal()) {
      return args;
    }
    String piped = new String(console.in().readAllBytes(), UTF_8).strip();
    if (args.isEmpty()) {
      return piped;
    }
    return piped.isEmpty() ? args : args + "\n\n" + piped;
  }

  /** Loads the configuration and prints its warnings to standard error. */
  AgentConfig loadConfig() throws ConfigException {
    ConfigLoader loader = new ConfigLoader(console.env());
    AgentConfig config =
        configFile != null
            ? loader.load(configFile, true, overrides)
            : loader.load(agentHome().resolve("config.toml"), false, overrides);
    for (String warning : config.warnings()) {
      console.err().println("agent: warning: " + warning);
    }
    return config;
  }

  Path agentHome() {
    return AgentHome.resolve(console.env());
  }

  /**
   * The providers of {@code config}: their warnings go to standard error, and with {@code --debug}
   * their requests to {@code agent.log}.
   */
  ProviderRegistry registry(AgentConfig config) {
    return registry(config, this::warn);
  }

  private ProviderRegistry registry(AgentConfig config, Consumer<String> warnings) {
    RequestLog log = RequestLog.NONE;
    if (debug) {
      Path file = agentHome().resolve(AgentCli.LOG_FILE);
      log = line -> AgentCli.log(file, line);
    }
    return new ProviderRegistry(config, console.env(), warnings, log);
  }

  private void warn(String warning) {
    console.err().println("agent: warning: " + warning);
  }

  Console console() {
    return console;
  }

  boolean debug() {
    return debug;
  }
}
