package dev.agent.tui;

import static dev.agent.chat.StopReason.Kind.END_TURN;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyType;
import dev.agent.chat.Message;
import dev.agent.chat.StopReason;
import dev.agent.chat.StreamEvent.Completed;
import dev.agent.chat.StreamEvent.TextDelta;
import dev.agent.chat.Usage;
import dev.agent.config.Selection;
import dev.agent.session.ChatSession;
import dev.agent.session.FakeChatClient;
import dev.agent.session.FakeChatClient.FakeCall;
import dev.agent.store.SessionInfo;
import dev.agent.store.SessionRecorder;
import dev.agent.store.SessionStore;
import dev.agent.store.StoredMessage;
import dev.agent.testing.TestProviders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saved conversations in the chat: Ctrl+S lists, opens, renames and deletes; Ctrl+N starts anew.
 */
class SessionsUiTest {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  @TempDir Path home;

  private SessionStore store() {
    return SessionStore.in(home);
  }

  private ChatDriver start() {
    return ChatDriver.builder(home).start();
  }

  /** Sends {@code prompt} in the chat and completes the reply with {@code reply}. */
  private static FakeCall exchange(ChatDriver chat, String prompt, String reply) throws Exception {
    chat.send(prompt);
    FakeCall call = chat.backend.client("anthropic").nextCall();
    call.emitFromAnotherThread(
            new TextDelta(reply),
            new Completed(new Usage(3, 4), new StopReason(END_TURN, "end_turn")))
        .join();
    chat.await("the reply to complete", screen -> screen.contains("in 3"));
    return call;
  }

  /** Saves a conversation outside the chat, on {@code selection}, as an earlier run would have. */
  private String saved(Selection selection, String prompt, String reply) throws Exception {
    try (var recorder = store().recorder(problem -> {})) {
      return saved(recorder, selection, prompt, reply);
    }
  }

  /**
   * Saves a conversation through {@code recorder}, which still holds it, as a running agent does.
   */
  private static String saved(
      SessionRecorder recorder, Selection selection, String prompt, String reply)
      throws InterruptedException {
    FakeChatClient client = new FakeChatClient();
    ChatSession session =
        new ChatSession(provider -> client, selection, Runnable::run, (turn, event) -> {});
    session.setRecorder(recorder);
    session.send(prompt);
    client
        .nextCall()
        .emit(new TextDelta(reply), new Completed(Usage.UNKNOWN, new StopReason(END_TURN, "stop")));
    return recorder.id().orElseThrow();
  }

  private void makeOlder(String id, String instant) throws Exception {
    Files.setLastModifiedTime(
        store().folder().resolve(id + ".jsonl"), FileTime.from(Instant.parse(instant)));
  }

  /** When the list says conversation {@code id} last changed: its file's time, in UTC. */
  private String updated(String id) throws Exception {
    for (SessionInfo info : store().list().sessions()) {
      if (info.id().equals(id)) {
        return WHEN.format(info.updated());
      }
    }
    throw new AssertionError("no saved conversation " + id);
  }

  private List<String> titles() throws Exception {
    List<String> titles = new ArrayList<>();
    for (SessionInfo info : store().list().sessions()) {
      titles.add(info.title());
    }
    return titles;
  }

  @Test
  void theChatSavesItsTurnsAndCtrlSListsThemWithTheOpenOneMarked() throws Exception {
    try (ChatDriver chat = start()) {
      exchange(chat, "How tall is Everest?", "8849 m.");
      assertEquals(List.of("How tall is Everest?"), titles());
      assertEquals(2, store().list().sessions().get(0).messages());

      String id = store().list().sessions().get(0).id();

      chat.ctrl('s').tick();

      assertEquals(
          List.of(
              "        ┌──Conversations: Enter opens, Esc closes──────────────────────┐",
              "        │ filter:                                                      │",
              "        │> How tall is Everest? (open)   2 messages · " + updated(id) + " │",
              "        │    anthropic/claude-sonnet-4-20250514 · " + id + " │",
              "        │                                                              │",
              "        └──────────────────────────────────────────────────────────────┘"),
          chat.rows(9, 14));
      assertEquals(
          " in 3 · out 4 · first token 0.00 s        Enter open  Ctrl+R rename  Del delete",
          chat.row(23));
      chat.press(KeyType.Escape).tick();
      assertFalse(chat.screenText().contains("Conversations:"), chat.screenText());
    }
  }

  @Test
  void enterOpensAConversationItsTurnsShowAndTheNextPromptCarriesThem() throws Exception {
    String older =
        saved(
            new Selection(TestProviders.anthropic(), "claude-old"), "Older question", "Old answer");
    makeOlder(older, "2020-06-15T12:00:00Z");
    try (ChatDriver chat = start()) {
      exchange(chat, "Current question", "Current answer");

      chat.ctrl('s').tick().press(KeyType.ArrowDown).press(KeyType.Enter).tick();

      assertEquals(
          List.of(
              " Conversation \"Older question\" (" + older + ", 2 messages)",
              "",
              " You",
              " Older question",
              "",
              " anthropic · claude-old",
              " Old answer"),
          chat.rows(1, 7));
      String screen = chat.screenText();
      assertFalse(screen.contains("Current answer"), screen);
      assertEquals(
          " Anthropic (anthropic)  model: claude-old                                 ready",
          chat.row(0));

      chat.send("Follow-up");
      FakeCall call = chat.backend.client("anthropic").nextCall();
      assertEquals("claude-old", call.request().model());
      assertEquals(
          List.of(
              Message.user("Older question"),
              Message.assistant("Old answer"),
              Message.user("Follow-up")),
          call.request().messages());
      call.emitFromAnotherThread(new Completed(Usage.UNKNOWN, new StopReason(END_TURN, "end_turn")))
          .join();
      chat.await("the reply to end", s -> s.contains("[empty reply]"));
      assertEquals(
          List.of("Older question", "Old answer", "Follow-up", ""),
          store().load(older).messages().stream().map(StoredMessage::text).toList());
    }
  }

  @Test
  void aConversationAnotherAgentIsSavingIntoIsNotOpenedAndTheChatSaysWhy() throws Exception {
    try (var elsewhere = store().recorder(problem -> {})) {
      String held =
          saved(
              elsewhere,
              new Selection(TestProviders.anthropic(), "claude-old"),
              "Older question",
              "Old answer");
      makeOlder(held, "2020-06-15T12:00:00Z");
      try (ChatDriver chat = start()) {
        exchange(chat, "Current question", "Current answer");

        chat.ctrl('s').tick().press(KeyType.ArrowDown).press(KeyType.Enter).tick();

        String screen = chat.screenText();
        assertTrue(screen.contains("Current answer"), screen);
        assertTrue(
            screen
                .replaceAll("\\s+", " ")
                .contains("conversation " + held + " is open in another agent"),
            screen);
        assertEquals(2, store().load(held).messages().size());
      }
    }
  }

  @Test
  void openingAConversationLastWithAnotherProviderSwitchesToIt() throws Exception {
    String id = saved(new Selection(TestProviders.ollama(), "qwen3"), "Local question", "Local");
    try (ChatDriver chat = start()) {
      chat.ctrl('s').tick().press(KeyType.Enter).tick();

      assertEquals(
          " Ollama (Local) (ollama)  model: qwen3                                    local",
          chat.row(0));
      chat.send("More");
      FakeCall call = chat.backend.client("ollama").nextCall();
      assertEquals("qwen3", call.request().model());
      assertEquals(3, call.request().messages().size());
      assertFalse(chat.backend.client("anthropic").hasPendingCall());
      assertEquals(3, store().load(id).messages().size());
    }
  }

  @Test
  void ctrlNStartsANewConversationInANewFile() throws Exception {
    try (ChatDriver chat = start()) {
      exchange(chat, "First topic", "One");

      chat.ctrl('n').tick();

      assertEquals(
          List.of(
              " Ask anything. Enter sends; Alt+Enter or Ctrl+J starts a new line; Ctrl+P picks",
              " a provider; Tab moves to the model field; Ctrl+S lists saved conversations,",
              " Ctrl+N starts a new one; Ctrl+Q quits."),
          chat.rows(1, 3));
      assertFalse(chat.screenText().contains("First topic"), chat.screenText());
      assertEquals(
          " a new conversation   Enter send  Alt+Enter newline  Ctrl+P provider  Tab model",
          chat.row(23));
      FakeCall call = exchange(chat, "Second topic", "Two");
      assertEquals(List.of(Message.user("Second topic")), call.request().messages());
      List<String> titles = titles();
      titles.sort(null);
      assertEquals(List.of("First topic", "Second topic"), titles);
    }
  }

  @Test
  void ctrlNWhileAReplyStreamsSavesItAsCancelledInTheOldConversation() throws Exception {
    try (ChatDriver chat = start()) {
      chat.send("Long story");
      FakeCall call = chat.backend.client("anthropic").nextCall();
      call.emitFromAnotherThread(new TextDelta("Once upon")).join();
      chat.awaitText("Once upon");
      String id = store().list().sessions().get(0).id();

      chat.ctrl('n').tick();

      assertTrue(call.cancelled());
      List<StoredMessage> messages = store().load(id).messages();
      assertEquals(2, messages.size());
      assertEquals("Once upon", messages.get(1).text());
      assertEquals("CANCELLED", messages.get(1).status().name());
    }
  }

  @Test
  void ctrlRRenamesInTheList() throws Exception {
    try (ChatDriver chat = start()) {
      exchange(chat, "Old title", "Reply");
      String id = store().list().sessions().get(0).id();
      chat.ctrl('s').tick().ctrl('r').tick();
      assertEquals(
          List.of(
              "        ┌──Conversations: Enter opens, Esc closes──────────────────────┐",
              "        │ filter:                                                      │",
              "        │> Old title (open)              2 messages · " + updated(id) + " │",
              "        │    anthropic/claude-sonnet-4-20250514 · " + id + " │",
              "        │ title: Old title                                             │",
              "        └──────────────────────────────────────────────────────────────┘"),
          chat.rows(9, 14));
      assertEquals(
          " in 3 · out 4 · first token 0.00 s           Enter save  Esc keep the old title",
          chat.row(23));

      for (int i = 0; i < "title".length(); i++) {
        chat.press(KeyType.Backspace);
      }
      chat.type("name").press(KeyType.Enter).tick();

      assertEquals(
          List.of(
              "        │> Old name (open)               2 messages · " + updated(id) + " │",
              "        │    anthropic/claude-sonnet-4-20250514 · " + id + " │",
              "        │ renamed                                                      │"),
          chat.rows(11, 13));
      assertEquals(List.of("Old name"), titles());

      // The chat goes on saving into the renamed conversation.
      chat.press(KeyType.Escape).tick();
      exchange(chat, "Next", "Reply");
      assertEquals(List.of("Old name"), titles());
      assertEquals(4, store().list().sessions().get(0).messages());
    }
  }

  @Test
  void deleteAsksFirstAndDeletingTheOpenConversationStartsANewOne() throws Exception {
    String other = saved(new Selection(TestProviders.anthropic(), "claude-x"), "Keep me", "Ok");
    makeOlder(other, "2020-06-15T12:00:00Z");
    try (ChatDriver chat = start()) {
      exchange(chat, "Delete me", "Ok");
      String open = store().list().sessions().get(0).id();
      chat.ctrl('s').tick().press(KeyType.Delete).tick();
      assertEquals(
          List.of(
              "        ┌──Conversations: Enter opens, Esc closes──────────────────────┐",
              "        │ filter:                                                      │",
              "        │> Delete me (open)              2 messages · " + updated(open) + " │",
              "        │    anthropic/claude-sonnet-4-20250514 · " + open + " │",
              "        │  Keep me                       2 messages · 2020-06-15 12:00 │",
              "        │    anthropic/claude-x · " + other + "                 │",
              "        │ delete \"Delete me\"? y deletes                                │",
              "        └──────────────────────────────────────────────────────────────┘"),
          chat.rows(8, 15));
      assertEquals(
          " in 3 · out 4 · first token 0.00 s                 y delete  other keys keep it",
          chat.row(23));

      chat.type("n").tick();
      assertEquals(
          "        │ kept                                                         │", chat.row(14));
      assertEquals(2, titles().size());

      chat.press(KeyType.Delete).type("y").tick();

      assertEquals(List.of("Keep me"), titles());
      assertEquals(
          List.of(
              "              ┌──Conversations: Enter opens, Esc closes──────────┐",
              "              │ filter:                                          │",
              "              │> Keep me           2 messages · 2020-06-15 12:00 │",
              "              │    anthropic/claude-x · " + other + "     │",
              "              │ deleted Delete me                                │",
              "              └──────────────────────────────────────────────────┘"),
          chat.rows(9, 14));
      String screen = chat.screenText();
      assertFalse(screen.contains("Delete me (open)"), screen);
      chat.press(KeyType.Escape).tick();
      assertFalse(chat.screenText().contains("Delete me"), "the transcript was cleared");
      FakeCall call = exchange(chat, "Fresh", "Ok");
      assertEquals(List.of(Message.user("Fresh")), call.request().messages());
      assertEquals(2, titles().size(), "a new conversation, not the deleted one again");
    }
  }

  @Test
  void typingFiltersTheListByTitle() throws Exception {
    saved(new Selection(TestProviders.anthropic(), "m"), "Apples and pears", "A");
    String bananas = saved(new Selection(TestProviders.anthropic(), "m"), "Bananas", "B");
    try (ChatDriver chat = start()) {
      chat.ctrl('s').tick().type("banan").tick();

      assertEquals(
          List.of(
              "             ┌──Conversations: Enter opens, Esc closes───────────┐",
              "             │ filter: banan                                     │",
              "             │> Bananas            2 messages · " + updated(bananas) + " │",
              "             │    anthropic/m · " + bananas + "             │",
              "             │                                                   │",
              "             │                                                   │",
              "             │                                                   │",
              "             └───────────────────────────────────────────────────┘"),
          chat.rows(8, 15));
      String screen = chat.screenText();
      assertFalse(screen.contains("Apples"), screen);
    }
  }

  @Test
  void aResumedConversationIsShownAtStartAndAnEmptyStoreSaysSo() throws Exception {
    String id = saved(new Selection(TestProviders.anthropic(), "claude-r"), "Resumed", "Yes");
    try (ChatDriver chat = ChatDriver.builder(home).resumed(store().load(id)).start()) {
      assertEquals(
          List.of(
              " Conversation \"Resumed\" (" + id + ", 2 messages)",
              "",
              " You",
              " Resumed",
              "",
              " anthropic · claude-r",
              " Yes"),
          chat.rows(1, 7));
      chat.send("And?");
      assertEquals(3, chat.backend.client("anthropic").nextCall().request().messages().size());
    }
    Path empty = home.resolve("other");
    try (ChatDriver chat =
        ChatDriver.builder(home).sessions(SessionStore.in(empty), true).chooseFirst().start()) {
      assertEquals(
          List.of(
              "              ┌──Conversations: Enter opens, Esc closes──────────┐",
              "              │ filter:                                          │",
              "              │  no saved conversations yet                      │",
              "              │                                                  │",
              "              └──────────────────────────────────────────────────┘"),
          chat.rows(9, 13));
    }
  }

  @Test
  void badLinesAreShownAsErrorsWhenAConversationOpens() throws Exception {
    String id = saved(new Selection(TestProviders.anthropic(), "m"), "Damaged", "Reply");
    Path file = store().folder().resolve(id + ".jsonl");
    Files.writeString(file, "{\"role\":\"assistant\",\"te", UTF_8, StandardOpenOption.APPEND);
    try (ChatDriver chat = start()) {
      chat.ctrl('s').tick().press(KeyType.Enter).tick();

      String screen = chat.screenText().replace("\n", "");
      assertTrue(screen.contains(":4: the last line is cut short"), screen);
      int you = chat.rowOf(" You");
      assertEquals(
          List.of(" You", " Damaged", "", " anthropic · m", " Reply"),
          chat.rows(you, you + 4),
          chat.screenText());
    }
  }

  @Test
  void noSaveWritesNothing() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).sessions(store(), false).start()) {
      assertEquals(
          List.of(
              " Ask anything. Enter sends; Alt+Enter or Ctrl+J starts a new line; Ctrl+P picks",
              " a provider; Tab moves to the model field; Ctrl+S lists saved conversations,",
              " Ctrl+N starts a new one; Ctrl+Q quits. This conversation is not saved",
              " (--no-save)."),
          chat.rows(1, 4));
      exchange(chat, "Private", "Ok");
    }
    assertFalse(Files.exists(store().folder()));
  }

  @Test
  void aConversationWhoseLastReplyWasLostSaysSo() throws Exception {
    FakeChatClient client = new FakeChatClient();
    var recorder = store().recorder(problem -> {});
    ChatSession session =
        new ChatSession(
            provider -> client,
            new Selection(TestProviders.anthropic(), "m"),
            Runnable::run,
            (turn, event) -> {});
    session.setRecorder(recorder);
    session.send("Killed mid-reply");
    String id = recorder.id().orElseThrow();
    recorder.close(); // the process was killed: the system let go of its lock
    try (ChatDriver chat = ChatDriver.builder(home).resumed(store().load(id)).start()) {
      assertEquals(
          List.of(
              " Conversation \"Killed mid-reply\" (" + id + ", 1 message)",
              "",
              " You",
              " Killed mid-reply",
              "",
              " The reply to this prompt was not saved (agent stopped while it streamed); it",
              " is not sent again unless you press Ctrl+R."),
          chat.rows(1, 7));
      chat.send("Again");
      assertEquals(
          List.of(Message.user("Again")),
          chat.backend.client("anthropic").nextCall().request().messages());
    }
  }
}
