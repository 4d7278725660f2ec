package dev.agent.cli;

import dev.agent.store.SessionInfo;
import dev.agent.store.SessionStore;
import java.io.IOException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code agent sessions}: the saved conversations, most recently active first; {@code rm} and
 * {@code rename} are its subcommands.
 */
@Command(
    name = "sessions",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "List the saved conversations, most recently active first.",
      "Continue one with 'agent --resume ID' (the start of an ID is enough)."
    },
    subcommands = {SessionsRemoveCommand.class, SessionsRenameCommand.class})
final class SessionsCommand implements Callable<Integer> {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

  @ParentCommand AgentCommand root;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    print(store(), root.console(), json);
    return ExitCodes.OK;
  }

  SessionStore store() {
    return SessionStore.in(root.agentHome());
  }

  /**
   * Prints the listing of {@code store} to standard output (a table, or JSON), and each file that
   * could not be read as a warning on standard error.
   */
  static void print(SessionStore store, Console console, boolean json) throws IOException {
    SessionStore.Listing listing = store.list();
    for (String problem : listing.problems()) {
      console.printErrorLine("agent: warning: " + problem);
    }
    if (json) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (SessionInfo info : listing.sessions()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", info.id());
        row.put("title", info.title());
        row.put("created", info.created().toString());
        row.put("updated", info.updated().toString());
        row.put("provider", info.provider());
        row.put("model", info.model());
        row.put("messages", info.messages());
        row.put("file", info.file().toString());
        rows.add(row);
      }
      console.printLine(Json.write(rows));
      return;
    }
    if (listing.sessions().isEmpty()) {
      console.err().println("agent: no saved conversations in " + store.folder() + " yet");
      return;
    }
    List<List<String>> cells = new ArrayList<>();
    cells.add(List.of("ID", "UPDATED", "MESSAGES", "PROVIDER/MODEL", "TITLE"));
    ZoneId zone = ZoneId.systemDefault();
    for (SessionInfo info : listing.sessions()) {
      String with = info.provider().isEmpty() ? "-" : info.provider() + "/" + info.model();
      cells.add(
          List.of(
              info.id(),
              WHEN.format(info.updated().atZone(zone)),
              Integer.toString(info.messages()),
              with,
              info.title()));
    }
    int[] widths = new int[cells.get(0).size()];
    for (List<String> row : cells) {
      for (int c = 0; c < row.size(); c++) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    for (List<String> row : cells) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.size(); c++) {
        String cell = row.get(c);
        if (c == 2) {
          line.append(" ".repeat(widths[c] - cell.length())).append(cell);
        } else {
          line.append(cell);
          if (c < row.size() - 1) {
            line.append(" ".repeat(widths[c] - cell.length()));
          }
        }
        if (c < row.size() - 1) {
          line.append("  ");
        }
      }
      console.printLine(line.toString());
    }
  }
}
