package dev.agent.tui;

import static dev.agent.chat.StopReason.Kind.END_TURN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.input.KeyType;
import dev.agent.chat.ChatException;
import dev.agent.chat.Message;
import dev.agent.chat.Role;
import dev.agent.chat.StopReason;
import dev.agent.chat.StreamEvent.Completed;
import dev.agent.chat.StreamEvent.Failed;
import dev.agent.chat.StreamEvent.Retrying;
import dev.agent.chat.StreamEvent.TextDelta;
import dev.agent.chat.Usage;
import dev.agent.session.FakeChatClient.FakeCall;
import dev.agent.store.Conversation;
import dev.agent.store.SessionStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults of a reply as the chat shows them: a provider's automatic retry with its countdown, a
 * reply that broke off (kept, marked incomplete), and Ctrl+R, which sends the prompt again.
 */
class RetryUiTest {
  private static final TextColor ERROR = TextColor.Factory.fromString("#210");
  private static final TextColor MUTED = TextColor.Factory.fromString("#244");

  @TempDir Path home;

  private static Failed brokeOff() {
    return new Failed(
        new ChatException(
            ChatException.Kind.INCOMPLETE,
            "anthropic: the stream broke off before the reply finished (unexpected end of"
                + " stream); try again"));
  }

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

  @Test
  void aRetryShowsWhyAndCountsDownUntilTheReplysTextArrives() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).start()) {
      chat.send("Hi");
      FakeCall call = chat.backend.client("anthropic").nextCall();
      call.emitFromAnotherThread(
              new Retrying(2, 3, Duration.ofMillis(2500), "HTTP 529: Overloaded"))
          .join();
      chat.awaitText(" HTTP 529: Overloaded — retrying in 3 s (attempt 2 of 3)");
      assertEquals(MUTED, chat.cellOf("HTTP 529: Overloaded").getForegroundColor());
      assertEquals(
          " retrying in 3 s (attempt 2 of 3)     Esc cancel  PgUp/PgDn scroll  Ctrl+Q quit",
          chat.row(23),
          "the status line counts down too");
      assertFalse(chat.screenText().contains("..."), "the countdown takes the place of ...");

      chat.clock.addAndGet(Duration.ofMillis(600).toNanos());
      chat.tick();
      assertEquals(" HTTP 529: Overloaded — retrying in 2 s (attempt 2 of 3)", chat.row(5));
      assertEquals(
          " retrying in 2 s (attempt 2 of 3)     Esc cancel  PgUp/PgDn scroll  Ctrl+Q quit",
          chat.row(23));
      chat.clock.addAndGet(Duration.ofSeconds(1).toNanos());
      chat.tick();
      assertEquals(" HTTP 529: Overloaded — retrying in 1 s (attempt 2 of 3)", chat.row(5));
      chat.clock.addAndGet(Duration.ofSeconds(1).toNanos());
      chat.tick();
      assertEquals(" HTTP 529: Overloaded — retrying now (attempt 2 of 3)", chat.row(5));

      call.emitFromAnotherThread(
              new Retrying(3, 3, Duration.ofSeconds(4), "no connection (connection reset)"))
          .join();
      chat.awaitText("no connection (connection reset) — retrying in 4 s (attempt 3 of 3)");
      assertFalse(chat.screenText().contains("HTTP 529"), "the newest retry replaces the last");

      call.emitFromAnotherThread(new TextDelta("Hello at last")).join();
      chat.awaitText("Hello at last");
      assertFalse(chat.screenText().contains("retrying"), chat.screenText());
      assertEquals(
          " streaming · first token 2.60 s       Esc cancel  PgUp/PgDn scroll  Ctrl+Q quit",
          chat.row(23));
    }
  }

  @Test
  void aReplyThatBrokeOffKeepsItsTextMarkedIncompleteAndCtrlRSendsThePromptAgain()
      throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).start()) {
      exchange(chat, "First question", "First answer");
      chat.send("Second question");
      chat.backend
          .client("anthropic")
          .nextCall()
          .emitFromAnotherThread(new TextDelta("Half an ans"), brokeOff())
          .join();
      chat.awaitText("incomplete: anthropic: the stream broke off before the reply finished");
      assertEquals(ERROR, chat.cellOf("incomplete: anthropic").getForegroundColor());
      assertEquals(
          List.of(
              " Half an ans",
              " incomplete: anthropic: the stream broke off before the reply finished",
              " (unexpected end of stream); try again"),
          chat.rows(11, 13));
      assertEquals(
          " in ? · out ? · first token 0.00 s   Ctrl+R retry  Ctrl+P provider  Ctrl+Q quit",
          chat.row(23));
      assertEquals("> Type a message", chat.row(22), "the prompt is empty for the next question");

      chat.ctrl('r').tick();
      FakeCall retry = chat.backend.client("anthropic").nextCall();
      assertEquals(
          List.of(
              Message.user("First question"),
              Message.assistant("First answer"),
              Message.user("Second question")),
          retry.request().messages(),
          "the conversation as it was when the prompt was first sent");
      assertEquals(
          List.of(
              " incomplete: anthropic: the stream broke off before the reply finished",
              " (unexpected end of stream); try again",
              " [retried below; this reply is not sent again]"),
          chat.rows(12, 14));
      assertEquals(" Half an ans", chat.row(11), "what the user saw stays");

      retry
          .emitFromAnotherThread(
              new TextDelta("The whole answer"),
              new Completed(new Usage(5, 6), new StopReason(END_TURN, "end_turn")))
          .join();
      chat.awaitText("in 5 · out 6");
      assertEquals(
          List.of(
              " [retried below; this reply is not sent again]",
              "",
              " anthropic · claude-sonnet-4-20250514",
              " The whole answer"),
          chat.rows(14, 17));
      assertEquals(
          " in 5 · out 6 · first token 0.00 s                 Ctrl+P provider  Ctrl+Q quit",
          chat.row(23),
          "nothing to retry any more");

      chat.send("Third question");
      assertEquals(
          List.of(
              Message.user("First question"),
              Message.assistant("First answer"),
              Message.user("Second question"),
              Message.assistant("The whole answer"),
              Message.user("Third question")),
          chat.backend.client("anthropic").nextCall().request().messages(),
          "the broken reply is never sent again");
    }
  }

  @Test
  void theSavedConversationHoldsBothRepliesAndResumesWithTheSameHistory() throws Exception {
    SessionStore store = SessionStore.in(home);
    try (ChatDriver chat = ChatDriver.builder(home).sessions(store, true).start()) {
      chat.send("Question");
      chat.backend
          .client("anthropic")
          .nextCall()
          .emitFromAnotherThread(new TextDelta("Partial"), brokeOff())
          .join();
      chat.awaitText("incomplete: ");
      chat.ctrl('r').tick();
      chat.backend
          .client("anthropic")
          .nextCall()
          .emitFromAnotherThread(
              new TextDelta("Complete"),
              new Completed(Usage.UNKNOWN, new StopReason(END_TURN, "stop")))
          .join();
      chat.awaitText("in ?");
    }

    Conversation saved = store.load(store.list().sessions().get(0).id());
    assertEquals(
        List.of("USER DONE Question", "ASSISTANT FAILED Partial", "ASSISTANT DONE Complete"),
        saved.messages().stream().map(m -> m.role() + " " + m.status() + " " + m.text()).toList());
    try (ChatDriver chat = ChatDriver.builder(home).sessions(store, true).resumed(saved).start()) {
      assertEquals(
          List.of(
              " Partial",
              " incomplete: anthropic: the stream broke off before the reply finished",
              " (unexpected end of stream); try again",
              " [retried below; this reply is not sent again]"),
          chat.rows(7, 10),
          "a resumed conversation shows the retry the same way");
      chat.send("Next");
      assertEquals(
          List.of(Message.user("Question"), Message.assistant("Complete"), Message.user("Next")),
          chat.backend.client("anthropic").nextCall().request().messages());
    }
  }

  @Test
  void ctrlRRetriesACancelledReplyButNotWhileStreamingNorWithNothingToRetry() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).start()) {
      chat.ctrl('r').tick();
      assertEquals(
          " nothing to retry: Ctrl+R sends the last prompt again after its reply failed",
          chat.row(23));
      assertFalse(chat.backend.client("anthropic").hasPendingCall());

      chat.send("Tell me a story");
      FakeCall first = chat.backend.client("anthropic").nextCall();
      chat.ctrl('r').tick();
      assertEquals(
          " a reply is still streaming: Esc cancels it        Esc cancel  PgUp/PgDn scroll",
          chat.row(23));
      assertFalse(chat.backend.client("anthropic").hasPendingCall());
      first.emitFromAnotherThread(new TextDelta("Once upon")).join();
      chat.awaitText("Once upon");
      chat.press(KeyType.Escape).tick();
      assertEquals(
          " in ? · out ? · first token 0.00 s   Ctrl+R retry  Ctrl+P provider  Ctrl+Q quit",
          chat.row(23));

      chat.ctrl('r').tick();
      FakeCall second = chat.backend.client("anthropic").nextCall();
      assertEquals(List.of(Message.user("Tell me a story")), second.request().messages());
      second.emitFromAnotherThread(new TextDelta("A fresh story")).join();
      chat.awaitText("A fresh story");
      assertEquals(
          List.of(" Once upon", " [cancelled]", " [retried below; this reply is not sent again]"),
          chat.rows(5, 7));
    }
  }

  @Test
  void aFailureBeforeAnyTextIsAnErrorNotAnIncompleteReply() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).start()) {
      chat.send("Hi");
      chat.backend
          .client("anthropic")
          .nextCall()
          .emitFromAnotherThread(
              new Failed(
                  new ChatException(ChatException.Kind.SERVER, "anthropic: down (HTTP 500)")))
          .join();
      chat.awaitText("error: anthropic: down (HTTP 500)");
      assertFalse(chat.screenText().contains("incomplete"));
      assertEquals(
          " in ? · out ?     Ctrl+R retry  Ctrl+P provider  Ctrl+Q quit  Alt+Enter newline",
          chat.row(23));
    }
  }

  @Test
  void aResumedConversationWhoseLastReplyWasLostCanBeAskedAgain() throws Exception {
    SessionStore store = SessionStore.in(home);
    try (ChatDriver chat = ChatDriver.builder(home).sessions(store, true).start()) {
      chat.send("Lost question");
      chat.backend.client("anthropic").nextCall();
      // The process dies here: the prompt was saved, its reply never was.
    }
    Conversation saved = store.load(store.list().sessions().get(0).id());
    // Cancelling on close saved the reply as cancelled; keep only the prompt, as a crash would.
    Conversation crashed =
        new Conversation(
            saved.id(), saved.title(), saved.created(), saved.messages().subList(0, 1), List.of());
    assertEquals(Role.USER, crashed.messages().get(0).role());
    try (ChatDriver chat =
        ChatDriver.builder(home).sessions(store, false).resumed(crashed).start()) {
      assertEquals(
          List.of(
              " The reply to this prompt was not saved (agent stopped while it streamed); it",
              " is not sent again unless you press Ctrl+R."),
          chat.rows(6, 7));
      assertEquals(
          "        Ctrl+R retry  Enter send  Alt+Enter newline  Ctrl+P provider  Tab model",
          chat.row(23));
      chat.ctrl('r').tick();
      assertEquals(
          List.of(Message.user("Lost question")),
          chat.backend.client("anthropic").nextCall().request().messages());
    }
  }
}
