package dev.agent.tui;

import static dev.agent.chat.StopReason.Kind.END_TURN;
import static dev.agent.chat.StopReason.Kind.MAX_TOKENS;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.gui2.BasicWindow;
import com.googlecode.lanterna.gui2.MultiWindowTextGUI;
import com.googlecode.lanterna.gui2.Window;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.agent.chat.Role;
import dev.agent.chat.StopReason;
import dev.agent.chat.StreamEvent.Completed;
import dev.agent.chat.StreamEvent.ReasoningDelta;
import dev.agent.chat.StreamEvent.ReasoningSignature;
import dev.agent.chat.StreamEvent.TextDelta;
import dev.agent.chat.StreamEvent.TextWasReasoning;
import dev.agent.chat.Usage;
import dev.agent.session.FakeChatClient.FakeCall;
import dev.agent.session.Turn;
import dev.agent.tui.text.TextLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reasoning model's thinking on the chat screen: a dim block above the answer, live under a
 * header that counts seconds, folded to one line once the answer starts, unfolded by Ctrl+T.
 */
class ReasoningUiTest {
  private static final TextColor REASONING = TextColor.Factory.fromString("#243");
  private static final TextColor REASONING_HEADER = TextColor.Factory.fromString("#246");
  private static final TextColor ANSWER = TextColor.Factory.fromString("#252");

  private static final String THOUGHT =
      "The user asks why. Let me think about this carefully, because the question is short and"
          + " could mean many things.\n\nFirst";

  @TempDir Path home;

  private static void later(ChatDriver chat, long millis) {
    chat.clock.addAndGet(Duration.ofMillis(millis).toNanos());
  }

  /** Sends a prompt; 0.4 s later the model starts thinking. Returns the call. */
  private static FakeCall thinking(ChatDriver chat) throws InterruptedException {
    chat.send("Why?");
    FakeCall call = chat.backend.client("anthropic").nextCall();
    later(chat, 400);
    call.emit(new ReasoningDelta(THOUGHT));
    chat.tick();
    return call;
  }

  /** ... then thinks for 4.2 s, and answers 0.4 s after that. */
  private static void answered(ChatDriver chat, FakeCall call) {
    later(chat, 4200);
    call.emit(new ReasoningSignature("c2lnbmF0dXJl"), new TextDelta("Because."));
    later(chat, 400);
    call.emit(new Completed(new Usage(3, 40), new StopReason(END_TURN, "end_turn")));
    chat.tick();
  }

  @Test
  void theThinkingStreamsLiveInADimBlockUnderAHeaderThatCountsSeconds() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).start()) {
      FakeCall call = thinking(chat);
      Goldens.assertScreen("reasoning-live", chat.screenText());
      assertEquals(REASONING_HEADER, chat.cellOf("Thinking… 0 s").getForegroundColor());
      assertTrue(chat.cellOf("Thinking… 0 s").getModifiers().contains(SGR.ITALIC));
      assertEquals(REASONING, chat.cellOf("The user asks why").getForegroundColor());
      assertEquals(REASONING, chat.cellOf("First").getForegroundColor());
      assertFalse(chat.screenText().contains("..."), "the header stands for the reply to come");

      later(chat, 999);
      assertFalse(chat.ui.tick(), "the same second: nothing to draw");
      later(chat, 1);
      assertTrue(chat.ui.tick(), "another second: the header and the status line move on");
      chat.tick();
      assertEquals(" Thinking… 1 s", chat.row(5));
      assertEquals(
          " thinking 1 s · first token 0.40 s    Esc cancel  PgUp/PgDn scroll  Ctrl+Q quit",
          chat.row(23));

      call.emit(new ReasoningDelta(" of all, the sky."));
      later(chat, 3000);
      chat.tick();
      assertEquals(
          List.of(" Thinking… 4 s", " First of all, the sky."), List.of(chat.row(5), chat.row(9)));
      assertEquals(
          " thinking 4 s · first token 0.40 s    Esc cancel  PgUp/PgDn scroll  Ctrl+Q quit",
          chat.row(23));
    }
  }

  @Test
  void onceTheAnswerStartsTheThinkingFoldsAndCtrlTUnfoldsAndFoldsIt() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).start()) {
      answered(chat, thinking(chat));
      Goldens.assertScreen("reasoning-folded", chat.screenText());
      assertEquals(REASONING_HEADER, chat.cellOf("Thought for 4.2 s").getForegroundColor());
      assertEquals(ANSWER, chat.cellOf("Because.").getForegroundColor());

      chat.ctrl('t').tick();
      Goldens.assertScreen("reasoning-unfolded", chat.screenText());
      assertEquals(REASONING, chat.cellOf("The user asks why").getForegroundColor());

      chat.ctrl('t').tick();
      Goldens.assertScreen("reasoning-folded", chat.screenText());
    }
  }

  @Test
  void ctrlTUnfoldsEveryReplyAndSaysSoWhenNoneThought() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).size(80, 40).start()) {
      chat.send("Plain?");
      chat.backend
          .client("anthropic")
          .nextCall()
          .emit(new TextDelta("Plain."), new Completed(Usage.UNKNOWN, StopReason.NONE));
      chat.tick();
      chat.ctrl('t').tick();
      assertTrue(chat.row(39).startsWith(" no reply has thinking to show  "), chat.row(39));

      answered(chat, thinking(chat));
      answered(chat, thinking(chat));
      assertEquals(2, count(chat.screenText(), "Ctrl+T shows it"));
      assertEquals(0, count(chat.screenText(), "The user asks why"));
      chat.ctrl('t').tick();
      assertEquals(2, count(chat.screenText(), "Ctrl+T hides it"));
      assertEquals(2, count(chat.screenText(), "The user asks why"));
    }
  }

  private static int count(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }

  @Test
  void aTerminalWithoutUnicodeGetsDotsAndAHyphen() throws Exception {
    try (ChatDriver chat =
        ChatDriver.builder(home).charset(java.nio.charset.StandardCharsets.US_ASCII).start()) {
      FakeCall call = thinking(chat);
      assertEquals(" Thinking... 0 s", chat.row(5));
      answered(chat, call);
      assertEquals(" Thought for 4.2 s - Ctrl+T shows it", chat.row(5));
    }
  }

  @Test
  void foldingWhileScrolledUpInsideTheThinkingShowsThatReplyFromItsTop() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).size(80, 12).start()) {
      for (int i = 0; i < 3; i++) {
        answered(chat, thinking(chat));
      }
      chat.ctrl('t').tick();
      chat.press(com.googlecode.lanterna.input.KeyType.PageUp).tick();
      assertEquals(List.of("", " First"), chat.rows(1, 2), chat.screenText());
      chat.ctrl('t').tick();
      assertEquals(
          List.of(" anthropic · claude-sonnet-4-20250514", " Thought for 4.2 s — Ctrl+T shows it"),
          chat.rows(1, 2),
          chat.screenText());
    }
  }

  @Test
  void whileThinkingTheLoopSleepsOnlyUntilTheHeadersSecondsMove() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).start()) {
      assertEquals(Long.MAX_VALUE, chat.ui.nanosToWait(Long.MAX_VALUE), "no clock: until woken");
      FakeCall call = thinking(chat);
      later(chat, 1300);
      assertEquals(Duration.ofMillis(700).toNanos(), chat.ui.nanosToWait(Long.MAX_VALUE));
      answered(chat, call);
      assertEquals(Long.MAX_VALUE, chat.ui.nanosToWait(Long.MAX_VALUE), "thought: no clock");
    }
  }

  @Test
  void anIdleChatDrawsNothingAsTimeGoesBy() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).start()) {
      answered(chat, thinking(chat));
      for (int i = 0; i < 5; i++) {
        later(chat, 1000);
        assertFalse(chat.ui.tick(), "second " + i);
      }
      assertEquals(8_000_000L, chat.ui.nanosToWait(8_000_000L));
    }
  }

  @Test
  void textThatWasReasoningMovesIntoTheThinkingAndTheAnswerStartsAfresh() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).start()) {
      chat.send("Why?");
      FakeCall call = chat.backend.client("anthropic").nextCall();
      later(chat, 300);
      // Complete paragraphs, so the answer's renderer keeps rows past where the answer restarts.
      call.emit(new TextDelta("Okay, the user asks why.\n\nMaybe the sky.\n\nOr the sea.\n\nHm"));
      chat.tick();
      assertEquals(List.of(" Okay, the user asks why.", "", " Maybe the sky."), chat.rows(5, 7));

      later(chat, 700);
      call.emit(new TextWasReasoning());
      chat.tick();
      assertEquals(
          List.of(
              " anthropic · claude-sonnet-4-20250514",
              " Thinking… 0 s",
              " Okay, the user asks why.",
              "",
              " Maybe the sky.",
              "",
              " Or the sea.",
              "",
              " Hm",
              "",
              "> Type a message"),
          concat(chat.rows(4, 13), List.of(chat.row(22))));
      assertEquals(REASONING, chat.cellOf("Maybe the sky.").getForegroundColor());

      later(chat, 500);
      call.emit(new TextDelta("Because."), new Completed(Usage.UNKNOWN, StopReason.NONE));
      chat.tick();
      assertEquals(
          List.of(
              " anthropic · claude-sonnet-4-20250514",
              " Thought for 1.2 s — Ctrl+T shows it",
              " Because.",
              ""),
          chat.rows(4, 7));
      assertEquals(ANSWER, chat.cellOf("Because.").getForegroundColor());
      chat.ctrl('t').tick();
      assertEquals(
          List.of(" Thought for 1.2 s — Ctrl+T hides it", " Okay, the user asks why."),
          chat.rows(5, 6));
      assertEquals(List.of(" Hm", "", " Because.", ""), chat.rows(12, 15));
    }
  }

  @Test
  void anAnswerLongerThanTheTextThatWasReasoningArrivingBeforeTheNextFrameIsShownWhole()
      throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).start()) {
      chat.send("Why?");
      FakeCall call = chat.backend.client("anthropic").nextCall();
      call.emit(new TextDelta("Hm.\n\nSky?\n\nSea"));
      chat.tick();
      assertEquals(List.of(" Hm.", "", " Sky?", "", " Sea"), chat.rows(5, 9));
      call.emit(
          new TextWasReasoning(),
          new TextDelta("Because of Rayleigh scattering.\n\nShort waves scatter most."),
          new Completed(Usage.UNKNOWN, StopReason.NONE));
      chat.tick();
      assertEquals(
          List.of(
              " Thought for 0.0 s — Ctrl+T shows it",
              " Because of Rayleigh scattering.",
              "",
              " Short waves scatter most.",
              ""),
          chat.rows(5, 9));
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  @Test
  void aReplyCutOffWhileStillThinkingSaysWhatToRaise() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).start()) {
      FakeCall call = thinking(chat);
      later(chat, 2000);
      call.emit(new Completed(new Usage(3, 1024), new StopReason(MAX_TOKENS, "length")));
      chat.tick();
      assertEquals(
          List.of(
              " anthropic · claude-sonnet-4-20250514",
              " Thought for 2.0 s — Ctrl+T shows it",
              " [cut off at the output limit (length) while still thinking: raise max_tokens",
              " or lower reasoning_effort for the provider in config.toml]",
              ""),
          chat.rows(4, 8));
    }
  }

  @Test
  void aReplyCutOffAfterItsAnswerBeganKeepsTheUsualNote() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).start()) {
      FakeCall call = thinking(chat);
      call.emit(
          new TextDelta("Becau"),
          new Completed(new Usage(3, 1024), new StopReason(MAX_TOKENS, "length")));
      chat.tick();
      assertEquals(
          List.of(
              " Becau",
              " [cut off at the output limit (length); raise max_tokens for the provider in",
              " config.toml]"),
          chat.rows(6, 8));
    }
  }

  @Test
  void ctrlYCopiesTheAnswerAndNeverTheThinking() throws Exception {
    try (ChatDriver chat =
        ChatDriver.builder(home).env(Map.of("TERM", "xterm", "HOME", home.toString())).start()) {
      answered(chat, thinking(chat));
      chat.ctrl('t').tick();
      chat.ctrl('y').tick();
      String sequence = chat.clipboardSequences.get(0);
      String payload = sequence.substring("\u001b]52;c;".length(), sequence.length() - 1);
      assertEquals("Because.", new String(Base64.getDecoder().decode(payload), UTF_8));
      assertEquals("Because.", Files.readString(home.resolve("clipboard/reply.md"), UTF_8));
    }
  }

  @Test
  void hostileBytesInTheThinkingAreShownAsPicturesAndItsLineEndsAsLineEnds() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).start()) {
      chat.send("Why?");
      FakeCall call = chat.backend.client("anthropic").nextCall();
      call.emit(
          new ReasoningDelta("\n\nTitle \u001b]0;pwned\u0007 set\r"),
          new ReasoningDelta("\nWipe \u001b[2J and \u009b1;1H c1\rbidi \u202eevil\u202c end\r\n"),
          new ReasoningDelta(ReasoningDeltaText.REDACTED + "\n\n"));
      chat.tick();
      assertEquals(
          List.of(
              " Thinking… 0 s",
              " Title ^[]0;pwned^G set",
              " Wipe ^[[2J and \ufffd1;1H c1",
              " bidi \ufffdevil\ufffd end",
              " [redacted thinking]",
              "",
              "> Type a message"),
          concat(chat.rows(5, 10), List.of(chat.row(22))));
      assertFalse(chat.screenText().contains("^M"), chat.screenText());
      TextCharacter escape = chat.cellOf("^[]0;pwned");
      assertTrue(escape.getModifiers().contains(SGR.REVERSE), "the picture stands out");
      assertEquals(REASONING, escape.getForegroundColor());
    }
  }

  /** The marker of redacted thinking, as the provider layer sends it. */
  private static final class ReasoningDeltaText {
    static final String REDACTED = ReasoningDelta.REDACTED;
  }

  /** Counts the chars the transcript wraps of the thinking's text (its words start with "w"). */
  private static final class CountingLayout extends TextLayout {
    long wrapped;

    CountingLayout() {
      super(UTF_8);
    }

    @Override
    public List<Integer> wrap(String paragraph, int width) {
      if (paragraph.startsWith("w")) {
        wrapped += paragraph.length();
      }
      return super.wrap(paragraph, width);
    }
  }

  @Test
  void aLongThoughtStreamsAtTheCostOfItsLastRowPerFrame() throws Exception {
    CountingLayout layout = new CountingLayout();
    try (ChatDriver chat = ChatDriver.builder(home).layout(layout).start()) {
      chat.send("Think hard");
      FakeCall call = chat.backend.client("anthropic").nextCall();
      StringBuilder all = new StringBuilder();
      for (int i = 0; i < 2000; i++) {
        // One line of 10,000 chars, then lines of 500: a frame after every delta.
        String delta = i % 100 == 99 && i > 1000 ? "word\n" : "word ";
        call.emit(new ReasoningDelta(delta));
        all.append(delta);
        chat.tick();
      }
      String last = all.substring(all.lastIndexOf("\n", all.length() - 2) + 1).strip();
      assertTrue(chat.screenText().contains(" word word"), chat.screenText());
      assertTrue(
          layout.wrapped < 20L * all.length(),
          "wrapped " + layout.wrapped + " chars for " + all.length() + " (" + last.length() + ")");
    }
  }

  @Test
  void aReplyLoadedFromASavedConversationKeptNoTimingsAndSaysOnlyThatItThought() throws Exception {
    DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(60, 8));
    TerminalScreen screen = new TerminalScreen(terminal);
    screen.startScreen();
    MultiWindowTextGUI gui = new MultiWindowTextGUI(screen);
    gui.setTheme(ThemeCatalog.builtIn("dark"));
    TranscriptView transcript = new TranscriptView(new TextLayout(UTF_8), () -> 0L);
    BasicWindow window = new BasicWindow();
    window.setHints(List.of(Window.Hint.FULL_SCREEN, Window.Hint.NO_DECORATIONS));
    window.setComponent(transcript);
    gui.addWindow(window);
    transcript.addTurn(
        Turn.restored(
            Role.ASSISTANT,
            "anthropic",
            "claude",
            "The answer.",
            Turn.Status.DONE,
            null,
            Usage.UNKNOWN,
            StopReason.NONE,
            "Saved thinking.\n" + ReasoningDelta.REDACTED,
            "c2ln"));
    gui.updateScreen();
    assertEquals(
        List.of(" anthropic · claude", " Thought — Ctrl+T shows it", " The answer.", ""),
        rows(terminal, 4));
    assertTrue(transcript.toggleReasoning());
    gui.updateScreen();
    assertEquals(
        List.of(
            " anthropic · claude",
            " Thought — Ctrl+T hides it",
            " Saved thinking.",
            " [redacted thinking]",
            "",
            " The answer."),
        rows(terminal, 6));
    screen.stopScreen();
  }

  private static List<String> rows(DefaultVirtualTerminal terminal, int count) {
    List<String> rows = new ArrayList<>();
    for (int row = 0; row < count; row++) {
      StringBuilder line = new StringBuilder();
      for (int column = 0; column < terminal.getTerminalSize().getColumns(); column++) {
        line.append(terminal.getCharacter(column, row).getCharacterString());
      }
      rows.add(line.toString().stripTrailing());
    }
    return rows;
  }
}
