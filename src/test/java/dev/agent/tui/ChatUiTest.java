package dev.agent.tui;

import static dev.agent.chat.StopReason.Kind.END_TURN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.input.MouseAction;
import com.googlecode.lanterna.input.MouseActionType;
import com.googlecode.lanterna.terminal.virtual.VirtualTerminalListener;
import dev.agent.chat.ChatException;
import dev.agent.chat.Message;
import dev.agent.chat.StopReason;
import dev.agent.chat.StreamEvent.Completed;
import dev.agent.chat.StreamEvent.Failed;
import dev.agent.chat.StreamEvent.TextDelta;
import dev.agent.chat.Usage;
import dev.agent.session.FakeChatClient.FakeCall;
import dev.agent.tui.terminal.ChatKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chat screen, headless: keys in, screen cells out, fake clients streaming from threads. */
class ChatUiTest {
  private static final TextColor USER = TextColor.Factory.fromString("#153");
  private static final TextColor ASSISTANT = TextColor.Factory.fromString("#252");
  private static final TextColor ERROR = TextColor.Factory.fromString("#210");

  /** The top bar at the start: anthropic, its default model, its key set. */
  private static final String TOP_BAR =
      " Anthropic (anthropic)  model: claude-sonnet-4-20250514                   ready";

  @TempDir Path home;

  private ChatDriver start() {
    return ChatDriver.builder(home).start();
  }

  /** Sends {@code prompt}, streams {@code reply} from another thread and completes it. */
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

  @Test
  void startsWithTheProviderTheModelAndTheKeys() {
    try (ChatDriver chat = start()) {
      Goldens.assertScreen("start-80x24", chat.screenText());
    }
  }

  @Test
  void theTopBarSaysWhetherTheProviderIsReadyLocalOrMissingItsKey() {
    try (ChatDriver chat = start()) {
      assertEquals(TOP_BAR, chat.row(0));
    }
    try (ChatDriver chat = ChatDriver.builder(home).provider("ollama").start()) {
      assertEquals(
          " Ollama (Local) (ollama)  model: llama3.2                                 local",
          chat.row(0));
    }
    try (ChatDriver chat = ChatDriver.builder(home).provider("openai").start()) {
      assertEquals(
          " OpenAI (openai)  model: gpt-4o                          OPENAI_API_KEY not set",
          chat.row(0));
      assertEquals(
          List.of(
              " openai: OPENAI_API_KEY is not set; export OPENAI_API_KEY=your-key before",
              " starting agent (ollama and lmstudio need no key); or type /key to enter the",
              " key for this run only"),
          chat.rows(5, 7),
          "below the welcome");
    }
  }

  @Test
  void aPromptStreamsItsReplyAndTheStatusLineShowsItsNumbers() throws Exception {
    try (ChatDriver chat = start()) {
      chat.send("What is 2+2?");
      FakeCall call = chat.backend.client("anthropic").nextCall();
      assertEquals(List.of(Message.user("What is 2+2?")), call.request().messages());
      assertEquals("claude-sonnet-4-20250514", call.request().model());
      chat.awaitText("...");

      chat.clock.addAndGet(500_000_000L);
      call.emitFromAnotherThread(new TextDelta("It is "), new TextDelta("4.")).join();
      chat.awaitText("It is 4.");
      assertEquals(
          " streaming · first token 0.50 s       Esc cancel  PgUp/PgDn scroll  Ctrl+Q quit",
          chat.row(23));

      chat.clock.addAndGet(1_000_000_000L);
      call.emitFromAnotherThread(
              new Completed(new Usage(12, 5), new StopReason(END_TURN, "end_turn")))
          .join();
      chat.awaitText("in 12 · out 5 · first token 0.50 s · 5.0 tok/s");
      Goldens.assertScreen("conversation-80x24", chat.screenText());
    }
  }

  @Test
  void theCursorIsHiddenWhileAReplyStreamsIntoAnEmptyPrompt() throws Exception {
    try (ChatDriver chat = start()) {
      chat.tick();
      assertTrue(chat.terminal.isCursorVisible());
      chat.send("Tell me a story");
      FakeCall call = chat.backend.client("anthropic").nextCall();
      call.emitFromAnotherThread(new TextDelta("Once upon ")).join();
      chat.awaitText("Once upon");
      assertFalse(chat.terminal.isCursorVisible());

      chat.type("and");
      chat.awaitText("> and");
      assertTrue(chat.terminal.isCursorVisible());
      assertEquals(new TerminalPosition(5, 22), chat.terminal.getCursorBufferPosition());

      chat.press(KeyType.Backspace).press(KeyType.Backspace).press(KeyType.Backspace).tick();
      assertFalse(chat.terminal.isCursorVisible());
      call.emitFromAnotherThread(
              new TextDelta("a time."),
              new Completed(Usage.UNKNOWN, new StopReason(END_TURN, "stop")))
          .join();
      chat.awaitText("Once upon a time.").tick();
      assertTrue(chat.terminal.isCursorVisible());
    }
  }

  @Test
  void userAndAssistantTurnsLookDifferentAndErrorsLookLikeErrors() throws Exception {
    try (ChatDriver chat = start()) {
      exchange(chat, "Question here", "Answer there");
      assertEquals(USER, chat.cellOf("Question here").getForegroundColor());
      assertEquals(ASSISTANT, chat.cellOf("Answer there").getForegroundColor());
      assertTrue(chat.cellOf("You").getModifiers().contains(SGR.BOLD));
      assertEquals(
          TextColor.Factory.fromString("#180"),
          chat.cellOf("anthropic · claude").getForegroundColor());

      chat.send("Again");
      chat.backend
          .client("anthropic")
          .nextCall()
          .emitFromAnotherThread(
              new TextDelta("Half an ans"),
              new Failed(
                  new ChatException(
                      ChatException.Kind.INCOMPLETE, "anthropic: the stream broke off; try again")))
          .join();
      chat.awaitText("incomplete: anthropic: the stream broke off; try again");
      assertEquals(ERROR, chat.cellOf("incomplete: anthropic").getForegroundColor());
      assertEquals(
          List.of(" Half an ans", " incomplete: anthropic: the stream broke off; try again"),
          chat.rows(11, 12),
          "the partial text stays");
    }
  }

  @Test
  void aMissingKeyIsAnErrorWithTheFixAndThePromptIsKept() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).provider("openai").start()) {
      chat.send("Hello there");
      assertEquals(
          List.of(
              " error: openai: OPENAI_API_KEY is not set; export OPENAI_API_KEY=your-key",
              " before starting agent (ollama and lmstudio need no key)"),
          chat.rows(13, 14));
      assertEquals(ERROR, chat.cellOf("error: openai").getForegroundColor());
      assertEquals("> Type a message", chat.row(22), "empty for the next question");
      chat.press(KeyType.ArrowUp).tick();
      assertEquals("> Hello there", chat.row(22), "Up brings the failed prompt back");
    }
  }

  @Test
  void aServerErrorKeepsThePromptForARetry() throws Exception {
    try (ChatDriver chat = start()) {
      chat.send("Retry me");
      chat.backend
          .client("anthropic")
          .nextCall()
          .emitFromAnotherThread(
              new Failed(
                  new ChatException(
                      ChatException.Kind.RATE_LIMITED,
                      429,
                      "anthropic: too many requests (HTTP 429); wait a minute and retry",
                      null)))
          .join();
      chat.awaitText("error: anthropic: too many requests (HTTP 429)");
      assertEquals("> Type a message", chat.row(22));
      assertTrue(chat.row(23).contains("Ctrl+R retry"), chat.row(23));
      chat.send("Another question");
      FakeCall next = chat.backend.client("anthropic").nextCall();
      assertEquals(
          List.of(Message.user("Another question")),
          next.request().messages(),
          "the next question is not glued onto the failed one");
      next.emitFromAnotherThread(
              new Failed(new ChatException(ChatException.Kind.UNREACHABLE, "anthropic: down")))
          .join();
      chat.awaitText("error: anthropic: down");

      chat.press(KeyType.ArrowUp).press(KeyType.ArrowUp).tick();
      assertEquals("> Retry me", chat.row(22), "Up brings a failed prompt back");
      chat.press(KeyType.Enter).tick();
      FakeCall retry = chat.backend.client("anthropic").nextCall();
      assertEquals(List.of(Message.user("Retry me")), retry.request().messages());
    }
  }

  @Test
  void aToolCallAndARefusalSayWhatTheModelDid() throws Exception {
    try (ChatDriver chat = start()) {
      chat.send("Weather?");
      chat.backend
          .client("anthropic")
          .nextCall()
          .emitFromAnotherThread(
              new Completed(
                  new Usage(3, 4),
                  new StopReason(StopReason.Kind.TOOL_CALL, "tool_use", List.of("get_weather"))))
          .join();
      chat.awaitText("[the model asked to call a tool (get_weather), which agent does not run]");
      chat.send("Why not?");
      chat.backend
          .client("anthropic")
          .nextCall()
          .emitFromAnotherThread(
              new TextDelta("I can't help with that."),
              new Completed(new Usage(3, 4), new StopReason(StopReason.Kind.REFUSAL, "refusal")))
          .join();
      chat.awaitText("[the model refused]");
      assertTrue(chat.screenText().contains("I can't help with that."), chat.screenText());
    }
  }

  @Test
  void longRepliesWrapAtWordsToTheWidth() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).size(40, 16).start()) {
      exchange(
          chat, "Hi", "The quick brown fox jumps over the lazy dog and keeps running far away.");
      int row = chat.rowOf(" The quick brown fox jumps over the");
      assertTrue(row >= 0, chat.screenText());
      assertEquals(" The quick brown fox jumps over the", chat.row(row));
      assertEquals(" lazy dog and keeps running far away.", chat.row(row + 1));
      assertEquals(" claude-sonnet-4-20250514         ready", chat.row(0));
    }
  }

  @Test
  void resizingRewrapsTheWholeTranscript() throws Exception {
    try (ChatDriver chat = start()) {
      exchange(
          chat, "Hi", "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi");
      assertEquals(
          " alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi", chat.row(5));

      chat.terminal.setTerminalSize(new TerminalSize(30, 20));
      chat.tick();
      assertEquals(
          List.of(
              " alpha beta gamma delta", " epsilon zeta eta theta iota", " kappa lambda mu nu xi"),
          chat.rows(5, 7));
      assertTrue(chat.row(0).endsWith("ready"), chat.row(0));
      assertEquals(TerminalSize.ZERO.withColumns(30).withRows(20), chat.screen.getTerminalSize());
    }
  }

  @Test
  void aTinyTerminalStillDrawsWithoutFailing() throws Exception {
    try (ChatDriver chat = start()) {
      exchange(chat, "Hi", "A reply long enough to wrap on any narrow screen at all.");
      for (int[] size : new int[][] {{20, 6}, {8, 4}, {3, 3}, {1, 1}, {80, 24}}) {
        chat.terminal.setTerminalSize(new TerminalSize(size[0], size[1]));
        chat.ctrl('p').tick().press(KeyType.Escape).tick();
        chat.type("x").press(KeyType.PageUp).press(KeyType.Tab).press(KeyType.Tab).tick();
        chat.press(KeyType.Tab).tick();
      }
      assertEquals(TOP_BAR, chat.row(0));
    }
  }

  @Test
  void wideCharactersTakeTwoCells() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).size(20, 12).start()) {
      exchange(chat, "jp", "日本語のテキストを表示します");
      int row = chat.rowOf("日本語のテキストを");
      assertTrue(row >= 0, chat.screenText());
      assertEquals("日", chat.cell(1, row).getCharacterString());
      assertTrue(chat.cell(1, row).isDoubleWidth());
      assertEquals("本", chat.cell(3, row).getCharacterString());
      assertEquals("を", chat.cell(17, row).getCharacterString());
      assertEquals(" 表示します", chat.row(row + 1));
    }
  }

  @Test
  void aClusterLanternaKeepsAsTwoCellsIsNotBlankedAtTheEndOfARow() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).size(20, 12).start()) {
      exchange(chat, "th", "\u0e01\u0e35");
      int row = chat.rowOf("\u0e01\u0e35");
      assertTrue(row >= 0, chat.screenText());
      assertEquals("\u0e01\u0e35", chat.cell(1, row).getCharacterString());
    }
  }

  @Test
  void itFollowsTheBottomUntilScrolledUpThenSaysThereIsNewOutput() throws Exception {
    try (ChatDriver chat = start()) {
      chat.send("Count");
      FakeCall call = chat.backend.client("anthropic").nextCall();
      StringBuilder lines = new StringBuilder();
      for (int i = 1; i <= 40; i++) {
        lines.append("line ").append(i).append('\n');
      }
      call.emitFromAnotherThread(new TextDelta(lines.toString())).join();
      chat.awaitText("line 40");
      assertEquals(20, chat.rowOf(" line 40"), "follows the bottom");

      chat.press(KeyType.PageUp).tick();
      String top = chat.row(1);
      assertFalse(chat.screenText().contains("line 40"));
      call.emitFromAnotherThread(new TextDelta("line 41\n")).join();
      chat.awaitText("new output below: End to follow");
      assertEquals(top, chat.row(1), "stays where the user is");
      assertEquals(" new output below: End to follow", chat.row(21));

      chat.press(KeyType.End).tick();
      assertEquals(" line 41", chat.row(20));
      call.emitFromAnotherThread(new TextDelta("line 42")).join();
      chat.awaitText("line 42");
      assertFalse(chat.screenText().contains("below"));
    }
  }

  @Test
  void pageKeysAndHomeEndScroll() throws Exception {
    try (ChatDriver chat = start()) {
      StringBuilder lines = new StringBuilder();
      for (int i = 1; i <= 60; i++) {
        lines.append("row ").append(i).append('\n');
      }
      exchange(chat, "Many", lines.toString().strip());
      chat.press(KeyType.Home).tick();
      assertEquals(" You", chat.row(1), "Home goes to the top while the prompt is empty");
      assertEquals(" more below: PgDn to scroll, End to follow", chat.row(21));

      chat.press(KeyType.PageDown).tick();
      assertEquals(" row 17", chat.row(1));
      chat.press(KeyType.PageUp).tick();
      assertEquals(" You", chat.row(1));
      chat.press(KeyType.End).tick();
      assertEquals(" row 60", chat.row(20));
      assertFalse(chat.screenText().contains("more below"));
    }
  }

  @Test
  void theMouseWheelScrollsTheTranscriptThreeRowsANotch() throws Exception {
    try (ChatDriver chat = start()) {
      StringBuilder lines = new StringBuilder();
      for (int i = 1; i <= 60; i++) {
        lines.append("row ").append(i).append('\n');
      }
      exchange(chat, "Many", lines.toString().strip());
      assertEquals(" row 60", chat.row(20));
      TerminalPosition over = new TerminalPosition(10, 10);
      chat.press(new MouseAction(MouseActionType.SCROLL_UP, 4, over)).tick();
      assertEquals(" row 57", chat.row(20));
      chat.press(new MouseAction(MouseActionType.SCROLL_UP, 4, over))
          .press(new MouseAction(MouseActionType.SCROLL_UP, 4, over))
          .tick();
      assertEquals(" row 51", chat.row(20));
      chat.press(new MouseAction(MouseActionType.SCROLL_DOWN, 5, over)).tick();
      assertEquals(" row 54", chat.row(20));

      // A click does nothing: no focus moves, no text is typed.
      chat.press(new MouseAction(MouseActionType.CLICK_DOWN, 1, over))
          .press(new MouseAction(MouseActionType.CLICK_RELEASE, 1, over))
          .type("x")
          .tick();
      assertEquals("> x", chat.row(22).stripTrailing());
      assertEquals(" row 54", chat.row(20));

      // Over the provider picker the wheel leaves the transcript alone.
      chat.ctrl('p').tick();
      chat.press(new MouseAction(MouseActionType.SCROLL_UP, 4, over)).tick();
      chat.press(KeyType.Escape).tick();
      assertEquals(" row 54", chat.row(20));
    }
  }

  @Test
  void withTextInThePromptHomeAndEndEditItAndCtrlHomeScrolls() throws Exception {
    try (ChatDriver chat = start()) {
      StringBuilder lines = new StringBuilder();
      for (int i = 1; i <= 40; i++) {
        lines.append("row ").append(i).append('\n');
      }
      exchange(chat, "Many", lines.toString().strip());
      chat.type("bc").press(KeyType.Home).type("a").press(KeyType.End).type("d").tick();
      assertEquals("> abcd", chat.row(22));
      assertEquals(" row 40", chat.row(20), "Home and End did not scroll");

      chat.press(new KeyStroke(KeyType.Home, true, false)).tick();
      assertEquals(" You", chat.row(1));
      chat.press(new KeyStroke(KeyType.End, true, false)).tick();
      assertEquals(" row 40", chat.row(20));
      assertEquals("> abcd", chat.row(22));
    }
  }

  @Test
  void theTranscriptTakesFocusAndArrowsScrollIt() throws Exception {
    try (ChatDriver chat = start()) {
      StringBuilder lines = new StringBuilder();
      for (int i = 1; i <= 30; i++) {
        lines.append("row ").append(i).append('\n');
      }
      exchange(chat, "Many", lines.toString().strip());
      chat.press(KeyType.Tab).press(KeyType.Tab).tick();
      assertEquals(
          " in 3 · out 4 · first token 0.00 s            Up/Down PgUp/PgDn Home/End scroll",
          chat.row(23));
      String bottom = chat.row(20);
      chat.press(KeyType.ArrowUp).tick();
      assertNotEquals(bottom, chat.row(20));
      chat.type("x").tick();
      assertEquals("> x", chat.row(22), "typing goes back to the prompt");
    }
  }

  @Test
  void altEnterAndCtrlJInsertLineBreaksAndEnterSendsThemAll() throws Exception {
    try (ChatDriver chat = start()) {
      chat.type("one").press(ChatKeys.ALT_ENTER).type("two").tick();
      chat.press(ChatKeys.CTRL_J).type("three").tick();
      assertEquals("> one", chat.row(20));
      assertEquals("  two", chat.row(21));
      assertEquals("  three", chat.row(22));
      assertFalse(chat.backend.client("anthropic").hasPendingCall());

      chat.press(KeyType.Enter).tick();
      FakeCall call = chat.backend.client("anthropic").nextCall();
      assertEquals(List.of(Message.user("one\ntwo\nthree")), call.request().messages());
      assertEquals("> Type a message", chat.row(22));
    }
  }

  @Test
  void theEditorWrapsLongTextAndScrollsPastSixRows() {
    try (ChatDriver chat = ChatDriver.builder(home).size(30, 20).start()) {
      for (int i = 1; i <= 8; i++) {
        chat.type("line" + i);
        if (i < 8) {
          chat.press(ChatKeys.CTRL_J);
        }
      }
      chat.tick();
      assertEquals("  line3", chat.row(13));
      assertEquals("  line8", chat.row(18));
      chat.type(" and a long tail that wraps").tick();
      assertEquals("  wraps", chat.row(18));
      assertEquals("  line8 and a long tail that", chat.row(17));
    }
  }

  @Test
  void aBracketedPasteInsertsLineBreaksAndNeverSends() {
    try (ChatDriver chat = start()) {
      chat.press(ChatKeys.PASTE_START).type("first line").press(KeyType.Enter);
      chat.type("second line").press(KeyType.Enter).press(ChatKeys.PASTE_END).tick();
      assertFalse(chat.backend.client("anthropic").hasPendingCall());
      assertEquals("> first line", chat.row(20));
      assertEquals("  second line", chat.row(21));
      assertEquals("", chat.row(22).strip());
    }
  }

  @Test
  void anEnterFollowedAtOnceByMoreKeysIsAPastedLineBreak() throws Exception {
    try (ChatDriver chat = start()) {
      chat.type("x").press(KeyType.Enter).type("y").tick();
      assertFalse(chat.backend.client("anthropic").hasPendingCall());
      assertEquals("> x", chat.row(21));
      assertEquals("  y", chat.row(22));
      chat.press(KeyType.Enter).tick();
      assertEquals(
          List.of(Message.user("x\ny")),
          chat.backend.client("anthropic").nextCall().request().messages());
    }
  }

  @Test
  void upAndDownRecallEarlierPromptsAndTheDraft() throws Exception {
    try (ChatDriver chat = start()) {
      exchange(chat, "first", "one");
      chat.send("second");
      chat.backend
          .client("anthropic")
          .nextCall()
          .emitFromAnotherThread(
              new TextDelta("two"), new Completed(Usage.UNKNOWN, new StopReason(END_TURN, "stop")))
          .join();
      chat.await("the reply to end", screen -> screen.contains("in ?"));
      chat.type("draft").press(KeyType.ArrowUp).tick();
      assertEquals("> second", chat.row(22));
      chat.press(KeyType.ArrowUp).tick();
      assertEquals("> first", chat.row(22));
      chat.press(KeyType.ArrowUp).tick();
      assertEquals("> first", chat.row(22));
      chat.press(KeyType.ArrowDown).tick();
      assertEquals("> second", chat.row(22));
      chat.press(KeyType.ArrowDown).tick();
      assertEquals("> draft", chat.row(22));
    }
  }

  @Test
  void escapeCancelsTheReplyKeepingItsTextMarkedCancelled() throws Exception {
    try (ChatDriver chat = start()) {
      chat.send("Tell me a story");
      FakeCall call = chat.backend.client("anthropic").nextCall();
      call.emitFromAnotherThread(new TextDelta("Once upon a time")).join();
      chat.awaitText("Once upon a time");
      assertEquals(
          " streaming · first token 0.00 s       Esc cancel  PgUp/PgDn scroll  Ctrl+Q quit",
          chat.row(23));

      chat.press(KeyType.Escape).tick();
      assertTrue(call.cancelled());
      assertEquals(List.of(" Once upon a time", " [cancelled]"), chat.rows(5, 6));
      call.emitDespiteCancel(new TextDelta(" there was"));
      chat.tick();
      assertFalse(chat.screenText().contains("there was"));
      assertEquals(Optional.empty(), chat.ui.outcome());

      chat.send("Go on");
      FakeCall next = chat.backend.client("anthropic").nextCall();
      assertEquals(
          List.of(
              Message.user("Tell me a story"),
              Message.assistant("Once upon a time"),
              Message.user("Go on")),
          next.request().messages());
    }
  }

  @Test
  void ctrlCCancelsWhileStreamingAndQuitsWhenIdle() throws Exception {
    try (ChatDriver chat = start()) {
      chat.send("Long answer please");
      FakeCall call = chat.backend.client("anthropic").nextCall();
      chat.ctrl('c').tick();
      assertTrue(call.cancelled());
      assertEquals(Optional.empty(), chat.ui.outcome());
      chat.awaitText("[cancelled]");

      chat.ctrl('c').tick();
      assertEquals(Optional.of(ChatApp.Outcome.INTERRUPTED), chat.ui.outcome());
    }
  }

  @Test
  void ctrlQQuitsAndStopsTheReply() throws Exception {
    try (ChatDriver chat = start()) {
      chat.send("Long answer please");
      FakeCall call = chat.backend.client("anthropic").nextCall();
      chat.ctrl('q').tick();
      assertTrue(call.cancelled());
      assertEquals(Optional.of(ChatApp.Outcome.QUIT), chat.ui.outcome());
    }
  }

  @Test
  void enterWhileAReplyStreamsKeepsThePromptAndSaysWhy() throws Exception {
    try (ChatDriver chat = start()) {
      chat.send("First");
      chat.backend.client("anthropic").nextCall();
      chat.send("Second");
      assertEquals("> Second", chat.row(22));
      assertEquals(
          " a reply is still streaming: Esc cancels it        Esc cancel  PgUp/PgDn scroll",
          chat.row(23));
      assertFalse(chat.backend.client("anthropic").hasPendingCall());
    }
  }

  @Test
  void ctrlPListsEveryProviderAndEnterSwitchesKeepingTheConversation() throws Exception {
    try (ChatDriver chat = start()) {
      exchange(chat, "Hi", "Hello!");
      chat.ctrl('p').tick();
      Goldens.assertScreen("provider-picker-80x24", chat.screenText());

      chat.press(KeyType.ArrowDown).press(KeyType.ArrowDown).press(KeyType.Enter).tick();
      assertEquals(
          " Ollama (Local) (ollama)  model: llama3.2                                 local",
          chat.row(0));
      chat.awaitText("Now talking to Ollama (Local) (ollama), model llama3.2.");

      chat.send("And you?");
      FakeCall call = chat.backend.client("ollama").nextCall();
      assertEquals("llama3.2", call.request().model());
      assertEquals(
          List.of(Message.user("Hi"), Message.assistant("Hello!"), Message.user("And you?")),
          call.request().messages());
    }
  }

  @Test
  void choosingAProviderWithoutItsKeySaysHowToSetIt() throws Exception {
    try (ChatDriver chat = start()) {
      chat.ctrl('p').tick().press(KeyType.ArrowDown).press(KeyType.Enter).tick();
      assertEquals(
          " OpenAI (openai)  model: gpt-4o                          OPENAI_API_KEY not set",
          chat.row(0));
      chat.awaitText("openai: OPENAI_API_KEY is not set; export OPENAI_API_KEY=your-key");
      assertEquals(
          List.of(
              " openai: OPENAI_API_KEY is not set; export OPENAI_API_KEY=your-key before",
              " starting agent (ollama and lmstudio need no key); or type /key to enter the",
              " key for this run only"),
          chat.rows(3, 5));
      assertEquals(ERROR, chat.cellOf("openai: OPENAI_API_KEY is not set").getForegroundColor());
    }
  }

  @Test
  void escapeClosesThePickerWithoutSwitching() {
    try (ChatDriver chat = start()) {
      chat.ctrl('p').tick().press(KeyType.ArrowDown).press(KeyType.Escape).tick();
      assertFalse(chat.screenText().contains("Provider: Enter selects"));
      assertEquals(TOP_BAR, chat.row(0));
      chat.type("still here").tick();
      assertEquals("> still here", chat.row(22));
    }
  }

  @Test
  void theModelFieldOffersTheListedModelsAndTheChoiceIsUsed() throws Exception {
    FakeBackend backend = new FakeBackend();
    backend
        .client("anthropic")
        .setModels(List.of("claude-a", "claude-b", "claude-sonnet-4-20250514"));
    try (ChatDriver chat = ChatDriver.builder(home).backend(backend).start()) {
      chat.press(KeyType.Tab).tick();
      chat.awaitText("Down 3 models");
      assertEquals(
          "                               Enter apply  Esc revert  Down 3 models  Tab next",
          chat.row(23));
      chat.press(KeyType.ArrowDown).tick();
      assertEquals(
          List.of(
              "                   ┌──Models of anthropic: type to filter──┐",
              "                   │ filter:                               │",
              "                   │  claude-a                             │",
              "                   │  claude-b                             │",
              "                   │> claude-sonnet-4-20250514     default │",
              "                   └───────────────────────────────────────┘"),
          chat.rows(9, 14));
      chat.type("-b").tick();
      assertFalse(chat.screenText().contains("claude-a"), chat.screenText());
      chat.press(KeyType.Enter).tick();
      assertEquals(
          " Anthropic (anthropic)  model: claude-b                                   ready",
          chat.row(0));

      chat.send("Which model?");
      assertEquals("claude-b", backend.client("anthropic").nextCall().request().model());
    }
  }

  @Test
  void theModelFieldTakesFreeTextAndEmptyMeansTheDefault() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).model("claude-x").start()) {
      assertEquals(
          " Anthropic (anthropic)  model: claude-x                                   ready",
          chat.row(0));
      chat.press(KeyType.Tab);
      for (int i = 0; i < "claude-x".length(); i++) {
        chat.press(KeyType.Backspace);
      }
      chat.type("my-model").press(KeyType.Enter).tick();
      chat.send("one");
      assertEquals("my-model", chat.backend.client("anthropic").nextCall().request().model());
      chat.press(KeyType.Escape).tick();

      chat.press(KeyType.Tab);
      for (int i = 0; i < "my-model".length(); i++) {
        chat.press(KeyType.Backspace);
      }
      chat.press(KeyType.Enter).tick();
      assertEquals(
          " Anthropic (anthropic)  model: default: claude-sonnet-4-20250514          ready",
          chat.row(0));
      chat.send("two");
      assertEquals(
          "claude-sonnet-4-20250514",
          chat.backend.client("anthropic").nextCall().request().model());
    }
  }

  @Test
  void escapeInTheModelFieldRevertsTheEdit() {
    try (ChatDriver chat = start()) {
      chat.press(KeyType.Tab).type("-typo").press(KeyType.Escape).tick();
      assertEquals(TOP_BAR, chat.row(0));
      chat.type("back in the prompt").tick();
      assertEquals("> back in the prompt", chat.row(22));
    }
  }

  @Test
  void modelsAreListedInTheBackgroundWithoutHoldingTheScreen() throws Exception {
    FakeBackend backend = new FakeBackend();
    backend.client("anthropic").setModels(List.of("claude-a"));
    backend.listingGate = new CountDownLatch(1);
    try (ChatDriver chat = ChatDriver.builder(home).backend(backend).start()) {
      chat.type("typing while the list is fetched").tick();
      assertEquals("> typing while the list is fetched", chat.row(22));
      chat.press(KeyType.Tab).tick();
      assertEquals(
          " asking anthropic for its models; type a model name meanwhile       Enter apply",
          chat.row(23),
          "no models offered before the list arrives, and the status line says why");
      backend.listingGate.countDown();
      chat.awaitText("Down 1 model ");
      assertEquals(
          "                                Enter apply  Esc revert  Down 1 model  Tab next",
          chat.row(23));
    }
  }

  @Test
  void aServerThatCannotListModelsIsLoggedAndTheModelFieldSaysWhy() throws Exception {
    FakeBackend backend = new FakeBackend();
    backend
        .client("anthropic")
        .failListing(
            new ChatException(ChatException.Kind.NOT_FOUND, "anthropic: no model list (HTTP 404)"));
    try (ChatDriver chat = ChatDriver.builder(home).backend(backend).start()) {
      Path log = home.resolve("agent.log");
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (!Files.exists(log) && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertTrue(
          Files.readString(log, StandardCharsets.UTF_8)
              .contains("listing the models of anthropic failed: anthropic: no model list"));
      assertFalse(chat.screenText().contains("404"), "not before the field has the focus");
      chat.press(KeyType.Tab).tick();
      assertEquals(
          " no model list: anthropic: no model list (HTTP 404); type a model name", chat.row(23));
      chat.press(KeyType.ArrowDown).tick();
      assertEquals(
          " no model list: anthropic: no model list (HTTP 404); type a model name",
          chat.row(23),
          "Down says it again rather than opening an empty list");
      assertFalse(chat.screenText().contains("Models of"), chat.screenText());
    }
  }

  @Test
  void aStreamIsDrawnAtTheFrameRateNotPerDelta() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).frameInterval(Duration.ofSeconds(1)).start()) {
      AtomicInteger frames = new AtomicInteger();
      chat.terminal.addVirtualTerminalListener(
          new VirtualTerminalListener() {
            @Override
            public void onFlush() {
              frames.incrementAndGet();
            }

            @Override
            public void onBell() {}

            @Override
            public void onClose() {}

            @Override
            public void onResized(
                com.googlecode.lanterna.terminal.Terminal terminal, TerminalSize newSize) {}
          });
      chat.send("Stream");
      FakeCall call = chat.backend.client("anthropic").nextCall();
      int before = frames.get();
      for (int i = 0; i < 20; i++) {
        call.emitFromAnotherThread(new TextDelta("tok" + i + " ")).join();
        chat.tick();
      }
      assertEquals(before, frames.get(), "no frame before the interval has passed");
      assertFalse(chat.screenText().contains("tok0"));

      chat.clock.addAndGet(Duration.ofSeconds(1).toNanos());
      chat.tick();
      assertEquals(before + 1, frames.get());
      assertEquals(
          List.of(
              " tok0 tok1 tok2 tok3 tok4 tok5 tok6 tok7 tok8 tok9 tok10 tok11 tok12 tok13",
              " tok14 tok15 tok16 tok17 tok18 tok19"),
          chat.rows(5, 6));
    }
  }

  @Test
  void configWarningsAndNoticesOpenTheTranscript() {
    try (ChatDriver chat =
        ChatDriver.builder(home).notices(List.of("config.toml:4: unknown key 'bse_url'")).start()) {
      assertEquals(" config.toml:4: unknown key 'bse_url'", chat.row(1));
      assertEquals(ERROR, chat.cellOf("config.toml:4").getForegroundColor());
    }
  }

  @Test
  void ctrlLRedrawsTheWholeScreen() {
    try (ChatDriver chat = start()) {
      chat.terminal.clearScreen();
      assertEquals("", chat.row(0));
      chat.ctrl('l').tick();
      assertEquals(TOP_BAR, chat.row(0));
    }
  }

  @Test
  void aTerminalThatCannotShowAGlyphGetsAQuestionMark() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).charset(StandardCharsets.US_ASCII).start()) {
      exchange(chat, "Hi", "caf\u00e9 \u65e5\u672c");
      assertEquals(List.of(" anthropic - claude-sonnet-4-20250514", " caf? ??"), chat.rows(4, 5));
    }
  }

  @Test
  void aPasteWithLineBreaksIsNotInterruptedByKeysThatLookLikeCommands() {
    try (ChatDriver chat = start()) {
      chat.press(ChatKeys.PASTE_START).type("a").press(new KeyStroke('c', true, false));
      chat.press(KeyType.Escape).type("b").press(ChatKeys.PASTE_END).tick();
      assertEquals(Optional.empty(), chat.ui.outcome());
      assertEquals("> ab", chat.row(22));
    }
  }

  @Test
  void noticesThatArriveFromAnotherThreadWhileTheChatRunsAreShown() throws Exception {
    try (ChatDriver chat = start()) {
      exchange(chat, "Hi", "Hello");
      Thread other =
          new Thread(
              () ->
                  chat.notices.accept(
                      "lab: the API key goes over plain http:// to gpu-box.lan, readable by anyone"
                          + " on the way; use an https:// base_url if the server offers one"));
      other.start();
      other.join();
      chat.awaitText(" lab: the API key goes over plain http:// to gpu-box.lan");
      assertEquals(ERROR, chat.cellOf("lab: the API key").getForegroundColor());
      assertEquals(
          List.of(
              " Hello",
              "",
              " lab: the API key goes over plain http:// to gpu-box.lan, readable by anyone on",
              " the way; use an https:// base_url if the server offers one"),
          chat.rows(5, 8));
    }
  }
}
