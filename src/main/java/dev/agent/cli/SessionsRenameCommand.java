package dev.agent.cli;

import dev.agent.store.SessionException;
import dev.agent.store.SessionStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code agent sessions rename ID TITLE…}: gives a saved conversation a new title. */
@Command(
    name = "rename",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Give a saved conversation a new title.")
final class SessionsRenameCommand implements Callable<Integer> {

  @ParentCommand SessionsCommand sessions;

  @Parameters(
      index = "0",
      paramLabel = "ID",
      description = "The conversation (the start of its ID is enough).")
  String id;

  @Parameters(index = "1..*", paramLabel = "TITLE", description = "The new title.")
  List<String> title = new ArrayList<>();

  @Override
  public Integer call() throws IOException, SessionException {
    SessionStore store = sessions.store();
    String found = store.find(id);
    String saved = store.rename(found, String.join(" ", title));
    sessions.root.console().printLine("renamed " + found + " to " + saved);
    return ExitCodes.OK;
  }
}
