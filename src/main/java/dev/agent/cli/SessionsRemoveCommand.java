package dev.agent.cli;

import dev.agent.store.SessionException;
import dev.agent.store.SessionStore;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code agent sessions rm ID}: deletes a saved conversation for good. */
@Command(
    name = "rm",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Delete a saved conversation for good.")
final class SessionsRemoveCommand implements Callable<Integer> {

  @ParentCommand SessionsCommand sessions;

  @Parameters(paramLabel = "ID", description = "The conversation (the start of its ID is enough).")
  String id;

  @Override
  public Integer call() throws IOException, SessionException {
    SessionStore store = sessions.store();
    String found = store.find(id);
    String title = store.load(found).title();
    store.delete(found);
    sessions.root.console().printLine("deleted " + found + " (" + title + ")");
    return ExitCodes.OK;
  }
}
