package dev.agent.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.agent.chat.ChatException;
import dev.agent.config.AgentConfig;
import dev.agent.config.AgentHome;
import dev.agent.config.ConfigException;
import dev.agent.config.ConfigLoader;
import dev.agent.config.Profile;
import dev.agent.config.ProviderConfig;
import dev.agent.config.Selection;
import dev.agent.provider.ProviderRegistry;
import dev.agent.provider.RequestLog;
import dev.agent.session.Turn;
import dev.agent.session.TurnRecorder;
import dev.agent.store.Conversation;
import dev.agent.store.SessionException;
import dev.agent.store.SessionInfo;
import dev.agent.store.SessionRecorder;
import dev.agent.store.SessionStore;
import dev.agent.store.StoredMessage;
import dev.agent.tui.ChatApp;
import dev.agent.tui.TerminalAhead;
import dev.agent.tui.terminal.TerminalCapabilities;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
          + " streams the reply to standard output and exits.",
      "Conversations are saved under $AGENT_HOME/sessions (see 'agent sessions')."
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
  /**
   * How long a one-shot or line-chat request waits to learn the model's context window from the
   * server, when it could overflow it; a local server answers in milliseconds.
   */
  private static final Duration WINDOW_LOOKUP_DEADLINE = Duration.ofSeconds(2);

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
      names = {"-e", "--reasoning-effort"},
      paramLabel = "LEVEL",
      description =
          "How hard a reasoning model thinks: none, minimal, low, medium, high or xhigh; overrides"
              + " reasoning_effort for every provider.")
  String reasoningEffort = "";

  @Option(
      names = {"-s", "--system"},
      paramLabel = "TEXT",
      description =
          "System prompt for this run (\"\" for none); overrides system_prompt everywhere. With"
              + " --continue or --resume and a prompt, replaces the conversation's.")
  String system;

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      scope = ScopeType.INHERIT,
      description =
          "Profile to use, a [profiles.NAME] table (see 'agent profiles'); overrides profile.")
  String profile = "";

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
      names = "--continue",
      description =
          "Continue the latest saved conversation: in the chat UI, or with a prompt, one more"
              + " exchange.")
  boolean continueLatest;

  @Option(
      names = "--resume",
      arity = "0..1",
      paramLabel = "ID",
      fallbackValue = "",
      description =
          "Continue the saved conversation ID (or the start of one); without ID, choose from the"
              + " list.")
  String resume;

  @Option(
      names = "--no-save",
      description = "Do not save this conversation (saved under $AGENT_HOME/sessions otherwise).")
  boolean noSave;

  @Option(
      names = "--hide-reasoning",
      description =
          "Do not show the reply's reasoning on standard error (as show_reasoning = false does).")
  boolean hideReasoning;

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
  public Integer call() throws ConfigException, ChatException, IOException, SessionException {
    if (continueLatest && resume != null) {
      console.err().println("agent: --continue and --resume cannot be used together; pick one");
      return ExitCodes.USAGE;
    }
    if (!reasoningEffortIsKnown()) {
      return ExitCodes.USAGE;
    }
    // Headed for the chat: its terminal is set up while the configuration loads (see
    // TerminalAhead), and given back as it was if the chat does not open after all.
    boolean chatAhead = String.join(" ", prompt).isBlank() && console.interactive() && !lineMode();
    try (TerminalAhead terminal = chatAhead ? TerminalAhead.open(console.env()) : null) {
      return run(terminal);
    }
  }

  /**
   * The run after the options were checked; {@code terminal} is null unless headed for the chat.
   */
  private int run(TerminalAhead terminal)
      throws ConfigException, ChatException, IOException, SessionException {
    AgentConfig loaded = loadConfig();
    AgentConfig config = underProfile(loaded, profile.isEmpty() ? loaded.profile() : profile);
    String text = promptText();
    SessionStore store = SessionStore.in(agentHome());
    Conversation resumed = null;
    boolean chooseFromList = false;
    if (continueLatest) {
      resumed = store.load(latest(store));
    } else if (resume != null && !resume.isBlank()) {
      resumed = store.load(store.find(resume));
    } else if (resume != null) {
      if (!text.isEmpty() || !console.interactive() || lineMode()) {
        SessionsCommand.print(store, console, false);
        console
            .err()
            .println(
                "agent: --resume needs an ID here; pick one from 'agent sessions' and run"
                    + " 'agent --resume ID'");
        return ExitCodes.USAGE;
      }
      chooseFromList = true;
    }
    Selection selection = selection(config, resumed);
    boolean lineChat = text.isEmpty() && lineMode();
    if (text.isEmpty() && !lineChat) {
      if (console.interactive()) {
        if (resumed != null && !noSave) {
          // Refused here, before the screen opens, rather than as a notice in a chat not saved.
          store.requireNotInUse(resumed.id());
        }
        return openChat(
            terminal,
            config,
            selection,
            new ChatApp.Sessions(
                store,
                !noSave,
                Optional.ofNullable(resumed),
                chooseFromList,
                system == null ? Optional.empty() : Optional.of(selection.systemPrompt())),
            profileOptions(loaded, config.profile()));
      }
      console.err().println("agent: no prompt given; pass one as arguments or pipe it in");
      return ExitCodes.USAGE;
    }
    List<Turn> earlier = List.of();
    TurnRecorder recorder = TurnRecorder.NONE;
    if (resumed != null) {
      for (String problem : resumed.problems()) {
        console.err().println("agent: warning: " + problem);
      }
      earlier = resumed.turns();
    }
    SessionRecorder saving = null;
    if (!noSave) {
      saving = store.recorder(this::warn);
      if (resumed != null) {
        saving.continueIn(resumed.id());
      }
      recorder = saving;
    }
    try (ProviderRegistry registry = registry(config, this::warn)) {
      boolean showReasoning = config.showReasoning() && !hideReasoning;
      OneShotReply replies =
          new OneShotReply(
              console,
              registry::client,
              OneShotReply.Windows.within(
                  WINDOW_LOOKUP_DEADLINE,
                  (provider, model) ->
                      registry.contextWindow(provider, model, WINDOW_LOOKUP_DEADLINE)),
              selection,
              earlier,
              recorder,
              showReasoning,
              system != null);
      if (lineChat) {
        return new LineChat(console, replies, lineChatHeader(selection, resumed)).run();
      }
      return replies.run(text);
    } finally {
      if (saving != null) {
        saving.close();
      }
    }
  }

  /**
   * Whether the chat is plain lines: on a terminal that shows no screen ({@code TERM=dumb}), where
   * the full-screen chat's escape sequences would be text.
   */
  private boolean lineMode() {
    return console.interactive() && TerminalCapabilities.of(console.env()).lineMode();
  }

  /** What the line chat says first: who answers, the conversation continued, how to end. */
  private static String lineChatHeader(Selection selection, Conversation resumed) {
    String continued =
        resumed == null
            ? ""
            : "; continuing \""
                + resumed.title()
                + "\" ("
                + resumed.id()
                + ", "
                + resumed.messages().size()
                + " messages)";
    return "agent: "
        + selection.provider().name()
        + " ("
        + selection.provider().id()
        + ") · "
        + selection.model()
        + continued
        + " (TERM=dumb: each line is a prompt; Ctrl+D quits)";
  }

  /**
   * Whether {@code --reasoning-effort} is unset or a known level; says what is wrong on standard
   * error when it is neither.
   */
  boolean reasoningEffortIsKnown() {
    if (reasoningEffort.isEmpty() || ProviderConfig.REASONING_EFFORTS.contains(reasoningEffort)) {
      return true;
    }
    List<String> levels = ProviderConfig.REASONING_EFFORTS;
    console
        .err()
        .println(
            "agent: unknown reasoning effort '"
                + TerminalText.neutralise(reasoningEffort)
                + "' for --reasoning-effort (expected "
                + String.join(", ", levels.subList(0, levels.size() - 1))
                + " or "
                + levels.get(levels.size() - 1)
                + ")");
    return false;
  }

  /**
   * {@code loaded} under the profile {@code name} (none when empty), then at the run's {@code
   * --reasoning-effort} and {@code --system} when given, which win over the profile.
   *
   * @throws ConfigException when no such profile is defined
   */
  AgentConfig underProfile(AgentConfig loaded, String name) throws ConfigException {
    AgentConfig config = loaded.withProfile(name);
    if (!reasoningEffort.isEmpty()) {
      config = config.withReasoningEffort(reasoningEffort);
    }
    return system == null ? config : config.withSystemPrompt(system.strip());
  }

  /** The configuration as the run's options and its profile (or the config's) make it. */
  AgentConfig configured() throws ConfigException {
    AgentConfig loaded = loadConfig();
    return underProfile(loaded, profile.isEmpty() ? loaded.profile() : profile);
  }

  /** The ID of the conversation most recently active. */
  static String latest(SessionStore store) throws IOException, SessionException {
    List<SessionInfo> sessions = store.list().sessions();
    if (sessions.isEmpty()) {
      throw new SessionException(
          "no saved conversation in " + store.folder() + " yet; start one with 'agent PROMPT'");
    }
    return sessions.get(0).id();
  }

  /**
   * The provider and model: as {@code -p} and {@code -m} and the config say, except that a resumed
   * conversation, when neither option is given, goes on with the provider and model of its last
   * message (when the config still has that provider).
   */
  private Selection selection(AgentConfig config, Conversation resumed) throws ConfigException {
    if (resumed != null && provider.isEmpty() && model.isEmpty()) {
      StoredMessage last = resumed.last().orElse(null);
      if (last != null && config.providers().containsKey(last.provider())) {
        ProviderConfig previous = config.providers().get(last.provider());
        String previousModel = last.model().isEmpty() ? previous.defaultModel() : last.model();
        if (!previousModel.isEmpty()) {
          return new Selection(previous, previousModel);
        }
      }
    }
    return config.select(provider, model);
  }

  /**
   * What the chat's profile picker offers: no profile, then each one, each with the run's own
   * options applied after it; nothing when the config has no profiles.
   */
  private List<ChatApp.ProfileOption> profileOptions(AgentConfig loaded, String inEffect)
      throws ConfigException {
    List<ChatApp.ProfileOption> options = new ArrayList<>();
    if (loaded.profiles().isEmpty()) {
      return options;
    }
    options.add(
        new ChatApp.ProfileOption(
            "", "the settings outside the profiles", underProfile(loaded, ""), inEffect.isEmpty()));
    for (Profile profile : loaded.profiles().values()) {
      options.add(
          new ChatApp.ProfileOption(
              profile.name(),
              profile.summary(),
              underProfile(loaded, profile.name()),
              profile.name().equals(inEffect)));
    }
    return options;
  }

  private int openChat(
      TerminalAhead terminal,
      AgentConfig config,
      Selection selection,
      ChatApp.Sessions sessions,
      List<ChatApp.ProfileOption> profiles) {
    // Nothing may write to the terminal while the screen is up, so the registry's warnings (a key
    // over plain http) go to the chat's transcript instead of standard error.
    ChatApp.Notices notices = new ChatApp.Notices();
    try (ProviderRegistry registry = registry(config, notices)) {
      ChatApp.Outcome outcome =
          ChatApp.run(
              config,
              selection,
              registry,
              themeName(config),
              agentHome(),
              console.env(),
              sessions,
              notices,
              profiles,
              // Set up ahead by call(), whose test for a chat is this method's callers' own.
              requireNonNull(terminal, "terminal"));
      return switch (outcome) {
        case QUIT -> ExitCodes.OK;
        case INTERRUPTED -> ExitCodes.INTERRUPTED;
      };
    }
  }

  /**
   * The theme: {@code --theme}, else {@code theme} from the config; empty for the one that suits
   * the terminal.
   */
  String themeName(AgentConfig config) {
    return theme.isEmpty() ? config.theme() : theme;
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
