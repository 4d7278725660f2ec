package dev.agent.cli;

import dev.agent.store.Conversation;
import dev.agent.store.ConversationExport;
import dev.agent.store.SessionException;
import dev.agent.store.SessionStore;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code agent export [ID] [--format markdown|json]}: a saved conversation on standard output. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Write a saved conversation (the latest without ID) to standard output.")
final class ExportCommand implements Callable<Integer> {

  @ParentCommand AgentCommand root;

  @Parameters(
      arity = "0..1",
      paramLabel = "ID",
      description = "The conversation (the start of its ID is enough); the latest when left out.")
  String id;

  @Option(names = "--format", paramLabel = "FORMAT", description = "markdown (default) or json.")
  String format = "markdown";

  @Override
  public Integer call() throws IOException, SessionException {
    String wanted = format.strip().toLowerCase(Locale.ROOT);
    if (!wanted.equals("markdown") && !wanted.equals("json")) {
      root.console()
          .err()
          .println("agent: unknown export format '" + format + "'; use markdown or json");
      return ExitCodes.USAGE;
    }
    SessionStore store = SessionStore.in(root.agentHome());
    String found = id == null ? AgentCommand.latest(store) : store.find(id);
    Conversation conversation = store.load(found);
    for (String problem : conversation.problems()) {
      root.console().printErrorLine("agent: warning: " + problem);
    }
    root.console()
        .print(
            wanted.equals("json")
                ? ConversationExport.json(conversation)
                : ConversationExport.markdown(conversation));
    return ExitCodes.OK;
  }
}
