package dev.agent.tui;

import static dev.agent.chat.StopReason.Kind.END_TURN;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyType;
import dev.agent.chat.ChatException;
import dev.agent.chat.Message;
import dev.agent.chat.StopReason;
import dev.agent.chat.StreamEvent.Completed;
import dev.agent.chat.StreamEvent.TextDelta;
import dev.agent.chat.Usage;
import dev.agent.store.SessionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prompt's slash commands, the help (F1, /help), the model field's editing and why its list is
 * empty, and every window at 40x12: keys in, screen out, on Lanterna's virtual terminal.
 */
class SlashCommandsUiTest {
  @TempDir Path home;

  private static void exchange(ChatDriver chat, String prompt, String reply) throws Exception {
    chat.send(prompt);
    chat.backend
        .client("anthropic")
        .nextCall()
        .emitFromAnotherThread(
            new TextDelta(reply),
            new Completed(new Usage(3, 4), new StopReason(END_TURN, "end_turn")))
        .join();
    chat.await("the reply to complete", screen -> screen.contains("in 3"));
  }

  private static String lastUserText(ChatDriver chat) throws Exception {
    List<Message> messages = chat.backend.client("anthropic").nextCall().request().messages();
    return messages.get(messages.size() - 1).text();
  }

  /** Everything the help shows, page by page from its top to its end. */
  private static String wholeHelp(ChatDriver chat) {
    StringBuilder seen = new StringBuilder();
    chat.press(KeyType.Home).tick();
    for (int i = 0; i < 40; i++) {
      seen.append(chat.screenText()).append('\n');
      chat.press(KeyType.ArrowDown).tick();
    }
    return seen.toString();
  }

  @Test
  void f1AndSlashHelpShowEveryKeyOfTheTableAndEveryCommandAndEscCloses() {
    try (ChatDriver chat = ChatDriver.builder(home).start()) {
      chat.press(KeyType.F1).tick();
      assertTrue(chat.screenText().contains("Help: Esc closes"), chat.screenText());
      assertTrue(chat.row(23).contains("Esc close"), chat.row(23));
      String help = wholeHelp(chat);
      for (ChatKeymap.Binding binding : ChatKeymap.BINDINGS) {
        String keys = String.join(", ", binding.keys());
        assertTrue(help.contains(" " + keys + " "), keys + " missing from\n" + help);
      }
      for (String usage :
          List.of(
              "/help",
              "/model [NAME]",
              "/provider [ID]",
              "/key",
              "/new",
              "/sessions",
              "/copy [code]",
              "/export [FILE]",
              "/retry",
              "/quit")) {
        assertTrue(help.contains(usage), usage + " missing from\n" + help);
      }
      chat.press(KeyType.Escape).tick();
      assertFalse(chat.screenText().contains("Help: Esc closes"), chat.screenText());

      chat.type("/help").press(KeyType.Enter).tick();
      assertTrue(chat.screenText().contains("Help: Esc closes"), chat.screenText());
      chat.press(KeyType.F1).tick();
      assertFalse(chat.screenText().contains("Help: Esc closes"), chat.screenText());
      assertEquals("> Type a message", chat.row(22), "the command left the prompt");
    }
  }

  @Test
  void tabCompletesCommandsAndModelsAndSlashModelSetsTheModel() throws Exception {
    FakeBackend backend = new FakeBackend();
    backend.client("anthropic").setModels(List.of("claude-a", "claude-b"));
    try (ChatDriver chat = ChatDriver.builder(home).backend(backend).start()) {
      chat.type("/mo").press(KeyType.Tab).tick();
      assertEquals("> /model", chat.row(22).stripTrailing());
      chat.type("cl").press(KeyType.Tab).tick();
      assertEquals("> /model claude-", chat.row(22));
      assertTrue(chat.row(23).startsWith(" claude-a  claude-b"), chat.row(23));
      chat.type("b").press(KeyType.Enter).tick();
      assertTrue(chat.row(0).contains("model: claude-b "), chat.row(0));
      assertEquals("> Type a message", chat.row(22));
      chat.send("Which model?");
      assertEquals("claude-b", backend.client("anthropic").nextCall().request().model());
    }
  }

  @Test
  void tabOnSeveralCommandsListsThemAndOnPlainTextMovesTheFocus() {
    try (ChatDriver chat = ChatDriver.builder(home).start()) {
      chat.type("/").press(KeyType.Tab).tick();
      assertTrue(
          chat.row(23).startsWith(" /help  /model  /provider  /profile  /key  /new"), chat.row(23));
      assertEquals("> /", chat.row(22));
      chat.type("he").press(KeyType.Tab).tick();
      assertEquals("> /help", chat.row(22), "completed whole, with no argument to follow");
      assertFalse(chat.row(23).startsWith(" no command"), chat.row(23));
      chat.ctrl('u').type("/zz").press(KeyType.Tab).tick();
      assertTrue(chat.row(23).startsWith(" no command starts so: /help"), chat.row(23));
      chat.ctrl('u').type("/model zz").press(KeyType.Tab).tick();
      assertTrue(chat.row(23).startsWith(" no choice known starts so"), chat.row(23));
      chat.ctrl('u').type("plain text").press(KeyType.Tab).tick();
      assertTrue(chat.row(23).contains("Enter apply"), "the focus went to the model field");
    }
  }

  @Test
  void slashProviderSwitchesByIdWithCompletionAndRefusesAnUnknownId() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).start()) {
      chat.type("/provider ol").press(KeyType.Tab).tick();
      assertEquals("> /provider ollama", chat.row(22));
      chat.press(KeyType.Enter).tick();
      assertTrue(chat.row(0).startsWith(" Ollama (Local) (ollama)"), chat.row(0));
      chat.type("/provider nope").press(KeyType.Enter).tick();
      assertTrue(
          chat.row(23).startsWith(" no provider 'nope': anthropic, openai, ollama"), chat.row(23));
      assertEquals("> /provider nope", chat.row(22), "kept, to be corrected");
    }
  }

  @Test
  void anUnknownCommandIsNotSentAndADoubleSlashSendsOneSlash() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).start()) {
      chat.type("/frobnicate now").press(KeyType.Enter).tick();
      assertTrue(chat.row(23).startsWith(" unknown command /frobnicate: /help"), chat.row(23));
      assertEquals("> /frobnicate now", chat.row(22));
      assertFalse(chat.backend.client("anthropic").hasPendingCall(), "nothing was sent");
      chat.type(" x").press(KeyType.Tab).tick();
      assertEquals("> /frobnicate now x", chat.row(22), "Tab completes nothing unknown");

      chat.ctrl('u').send("//etc is a folder");
      assertEquals("/etc is a folder", lastUserText(chat));
      assertTrue(chat.screenText().contains("\n /etc is a folder"), chat.screenText());
      chat.press(KeyType.Escape).tick();
      chat.send("/usr/bin/env is missing");
      assertEquals("/usr/bin/env is missing", lastUserText(chat), "a path is text");
    }
  }

  @Test
  void slashNewSessionsCopyRetryAndQuitRunWhatTheirKeysRun() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).start()) {
      exchange(chat, "First question", "First answer");
      chat.type("/copy").press(KeyType.Enter).tick();
      assertEquals(1, chat.clipboardSequences.size(), chat.screenText());
      chat.type("/retry").press(KeyType.Enter).tick();
      assertTrue(chat.row(23).startsWith(" nothing to retry"), chat.row(23));
      chat.type("/new extra").press(KeyType.Enter).tick();
      assertTrue(chat.row(23).startsWith(" /new takes no argument"), chat.row(23));
      chat.ctrl('u').type("/new").press(KeyType.Enter).tick();
      assertFalse(chat.screenText().contains("First answer"), chat.screenText());
      chat.type("/sessions").press(KeyType.Enter).tick();
      assertTrue(chat.screenText().contains("First question"), chat.screenText());
      chat.press(KeyType.Escape).tick();
      chat.type("/quit").press(KeyType.Enter).tick();
      assertEquals(Optional.of(ChatApp.Outcome.QUIT), chat.ui.outcome());
    }
  }

  @Test
  void slashExportWritesTheConversationAndSaysWhere() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).start()) {
      chat.type("/export").press(KeyType.Enter).tick();
      assertTrue(chat.row(23).startsWith(" nothing to export yet"), chat.row(23));
      chat.ctrl('u');
      exchange(chat, "Export me", "Exported answer");
      String id = SessionStore.in(home).list().sessions().get(0).id();
      chat.type("/export").press(KeyType.Enter).tick();
      Path markdown = home.resolve("agent-" + id + ".md");
      String text = Files.readString(markdown, UTF_8);
      assertTrue(text.startsWith("# Export me\n"), text);
      assertTrue(text.contains("Exported answer"), text);
      assertTrue(
          chat.screenText().contains("Exported 2 messages as Markdown to"), chat.screenText());

      chat.type("/export out.json").press(KeyType.Enter).tick();
      assertTrue(Files.readString(home.resolve("out.json"), UTF_8).contains("\"Exported answer\""));
      chat.type("/export out.json").press(KeyType.Enter).tick();
      assertTrue(chat.row(23).contains("out.json exists"), chat.row(23));
    }
  }

  @Test
  void slashExportOfAnUnsavedConversationWritesWhatTheChatHolds() throws Exception {
    try (ChatDriver chat =
        ChatDriver.builder(home).sessions(SessionStore.in(home), false).start()) {
      exchange(chat, "Not saved\nsecond line", "Still exported");
      chat.type("/export").press(KeyType.Enter).tick();
      String text = Files.readString(home.resolve("agent-unsaved.md"), UTF_8);
      assertTrue(text.startsWith("# Not saved\n"), text);
      assertTrue(text.contains("Still exported"), text);
    }
  }

  @Test
  void theModelFieldSelectsAllOnFocusAndEditsWithThePromptsKeys() {
    try (ChatDriver chat = ChatDriver.builder(home).model("claude-x").start()) {
      chat.press(KeyType.Tab).type("gpt").tick();
      assertTrue(chat.row(0).contains("model: gpt "), "typing replaced it: " + chat.row(0));
      chat.ctrl('a').type("my-").ctrl('e').type(" b").tick();
      assertTrue(chat.row(0).contains("model: my-gpt b "), chat.row(0));
      chat.ctrl('w').tick();
      assertTrue(chat.row(0).contains("model: my-gpt "), chat.row(0));
      chat.ctrl('u').tick();
      assertTrue(chat.row(0).contains("model: default: claude-sonnet"), chat.row(0));
      chat.press(KeyType.Escape).tick();
      assertTrue(chat.row(0).contains("model: claude-x "), "reverted: " + chat.row(0));
      chat.press(KeyType.Tab).press(KeyType.Backspace).tick();
      assertTrue(chat.row(0).contains("model: default: claude-sonnet"), chat.row(0));
      assertTrue(chat.terminalHandovers.isEmpty(), "Ctrl+E did not start the editor");
    }
  }

  @Test
  void theModelFieldSaysWhyItsListIsEmpty() throws Exception {
    FakeBackend backend = new FakeBackend();
    backend
        .client("anthropic")
        .failListing(
            new ChatException(ChatException.Kind.NOT_FOUND, "anthropic: no model list (HTTP 404)"));
    try (ChatDriver chat = ChatDriver.builder(home).backend(backend).start()) {
      chat.press(KeyType.Tab).tick();
      assertTrue(
          chat.row(23)
              .startsWith(" no model list: anthropic: no model list (HTTP 404); type a model"),
          chat.row(23));
      chat.press(KeyType.Escape).type("/model").press(KeyType.Enter).tick();
      assertTrue(chat.row(23).startsWith(" no model list: anthropic"), chat.row(23));
      chat.type("/provider openai").press(KeyType.Enter).tick();
      chat.press(KeyType.Tab).tick();
      assertTrue(
          chat.row(23).startsWith(" no model list: OPENAI_API_KEY not set; type a model name"),
          chat.row(23));
    }
  }

  /** The lines of {@code screen} between a window's top and bottom border, both included. */
  private static List<String> box(ChatDriver chat) {
    List<String> rows = new ArrayList<>();
    for (int row = 0; row < 12; row++) {
      String line = chat.row(row);
      if (line.contains("┌") || (!rows.isEmpty() && !rows.get(rows.size() - 1).contains("┘"))) {
        rows.add(line);
      }
    }
    return rows;
  }

  @Test
  void everyWindowFitsAndReadsAt40x12() throws Exception {
    FakeBackend backend = new FakeBackend();
    backend.client("anthropic").setModels(List.of("claude-a", "claude-b"));
    try (ChatDriver chat = ChatDriver.builder(home).backend(backend).size(40, 12).start()) {
      exchange(chat, "Second conversation", "x");
      chat.press(KeyType.F1).tick();
      List<String> help = box(chat);
      assertTrue(help.get(0).contains("Help: Esc closes"), String.join("\n", help));
      assertBoxed(help);
      chat.press(KeyType.Escape).ctrl('p').tick();
      List<String> providers = box(chat);
      assertTrue(providers.get(0).contains("─Provider─"), String.join("\n", providers));
      assertTrue(providers.get(1).contains("Anthropic (anthropic)"), providers.get(1));
      assertBoxed(providers);
      chat.press(KeyType.Escape).press(KeyType.Tab).press(KeyType.ArrowDown).tick();
      List<String> models = box(chat);
      assertTrue(models.get(0).contains("─Models of anthropic─"), String.join("\n", models));
      assertBoxed(models);
      chat.press(KeyType.Escape).ctrl('s').tick();
      List<String> sessions = box(chat);
      assertTrue(sessions.get(0).contains("─Conversations─"), String.join("\n", sessions));
      assertTrue(sessions.get(2).contains("> Second conversation "), sessions.get(2));
      assertBoxed(sessions);
      chat.press(KeyType.Delete).tick();
      assertTrue(chat.screenText().contains("│ delete it for good? y deletes"), chat.screenText());
      assertBoxed(box(chat));
    }
  }

  /** Each row of a window's box is whole: both borders on the screen. */
  private static void assertBoxed(List<String> box) {
    assertTrue(box.size() >= 3, String.join("\n", box));
    int left = box.get(0).indexOf('┌');
    int right = box.get(0).indexOf('┐');
    assertTrue(right > left, "no right border: " + box.get(0));
    for (String row : box) {
      String inner = row.length() > right ? row.substring(left, right + 1) : "";
      assertTrue(
          (inner.startsWith("┌") && inner.endsWith("┐"))
              || (inner.startsWith("│") && inner.endsWith("│"))
              || (inner.startsWith("└") && inner.endsWith("┘")),
          "cut: '" + row + "' of\n" + String.join("\n", box));
    }
  }
}
