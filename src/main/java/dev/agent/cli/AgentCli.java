package dev.agent.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.agent.chat.ChatException;
import dev.agent.config.AgentFiles;
import dev.agent.config.AgentHome;
import dev.agent.config.ConfigException;
import dev.agent.store.SessionException;
import dev.agent.tui.ChatApp;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * Runs the command line: parses, dispatches to a command, and turns every exception into one line
 * on standard error and an exit code. The only place that does so.
 */
public final class AgentCli {
  /** The log under the agent's home folder: request logs and stack traces with --debug. */
  static final String LOG_FILE = "agent.log";

  /** The subcommands by name, in the order the help lists them. */
  static final List<Map.Entry<String, Supplier<Object>>> SUBCOMMANDS =
      List.of(
          Map.entry("providers", ProvidersCommand::new),
          Map.entry("models", ModelsCommand::new),
          Map.entry("profiles", ProfilesCommand::new),
          Map.entry("sessions", SessionsCommand::new),
          Map.entry("export", ExportCommand::new));

  private AgentCli() {}

  /** Runs {@code agent} with {@code args} and returns the exit code; never throws. */
  public static int run(String[] args, Console console) {
    AgentCommand root = new AgentCommand(console);
    if (args.length == 0) {
      // Nothing to parse: the command runs with its defaults. Building picocli's model of the
      // commands (reflection over their annotations) is a quarter of the time to the chat's first
      // frame, which is what a bare `agent` opens.
      try {
        int code = root.call();
        console.out().flush();
        return code;
      } catch (Exception | Error e) {
        return handle(e, root, console);
      }
    }
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      // What picocli would print, without reflecting over every command to get there.
      try {
        console.out().println("agent " + VersionProvider.version());
        console.out().flush();
        return ExitCodes.OK;
      } catch (IOException e) {
        return handle(e, root, console);
      }
    }
    CommandLine cli = new CommandLine(root);
    // An argument is never a file of more arguments: `agent @notes.txt` is a prompt, and a file
    // must not be able to set options (a base_url, say, that the key would then be sent to).
    cli.setExpandAtFiles(false);
    // A subcommand runs only when its name is one of the arguments, and picocli's model of each
    // costs milliseconds of reflection: only those named are added, or all of them for the help.
    List<String> given = List.of(args);
    boolean all = false;
    for (String arg : given) {
      boolean shortOptions = arg.startsWith("-") && !arg.startsWith("--");
      all |= arg.equals("--help") || (shortOptions && arg.indexOf('h') > 0);
    }
    for (Map.Entry<String, Supplier<Object>> subcommand : SUBCOMMANDS) {
      if (all || given.contains(subcommand.getKey())) {
        cli.addSubcommand(subcommand.getKey(), subcommand.getValue().get());
      }
    }
    cli.setOut(new PrintWriter(new OutputStreamWriter(console.out(), UTF_8), true));
    cli.setErr(new PrintWriter(new OutputStreamWriter(console.err(), UTF_8), true));
    cli.setParameterExceptionHandler(
        (e, arguments) -> {
          console.err().println("agent: " + e.getMessage());
          console.err().println("Try 'agent --help' for usage.");
          return ExitCodes.USAGE;
        });
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> handle(e, root, console));
    int code;
    try {
      code = cli.execute(args);
    } catch (Error e) {
      // picocli hands on only exceptions; an error (out of memory, say) comes through it.
      return handle(e, root, console);
    }
    console.out().flush();
    return code;
  }

  private static int handle(Throwable e, AgentCommand root, Console console) {
    if (e instanceof ConfigException config) {
      for (String warning : config.warnings()) {
        console.err().println("agent: warning: " + warning);
      }
      console.err().println("agent: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    if (e instanceof SessionException) {
      console.err().println("agent: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    if (e instanceof ChatException chat) {
      console.err().println("agent: " + chat.getMessage());
      return ExitCodes.of(chat);
    }
    if (e instanceof IOException || e instanceof UncheckedIOException) {
      console.err().println("agent: " + e.getMessage());
      return ExitCodes.REQUEST_FAILED;
    }
    if (e instanceof ChatApp.Crash) {
      // The chat has logged the details already.
      console.err().println("agent: " + e.getMessage());
      return ExitCodes.REQUEST_FAILED;
    }
    Path log = AgentHome.resolve(console.env()).resolve(LOG_FILE);
    String where = "rerun with --debug to write the details to " + log;
    if (root.debug() && writeLog(log, e)) {
      where = "details in " + log;
    }
    console.err().println("agent: unexpected error (" + e + "); " + where);
    return ExitCodes.REQUEST_FAILED;
  }

  private static boolean writeLog(Path log, Throwable e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    return log(log, trace.toString().stripTrailing());
  }

  /**
   * Appends one entry, stamped with the time, to the log, which is created owner-only; returns
   * whether it could. Several threads may log at once (the HTTP client's, with --debug).
   */
  static synchronized boolean log(Path log, String entry) {
    try {
      AgentFiles.append(log, Instant.now() + " " + entry + System.lineSeparator());
      return true;
    } catch (IOException ioe) {
      return false;
    }
  }
}
