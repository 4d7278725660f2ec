package dev.agent.tui;

import static dev.agent.chat.StopReason.Kind.END_TURN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.agent.chat.StopReason;
import dev.agent.chat.StreamEvent.Completed;
import dev.agent.chat.StreamEvent.TextDelta;
import dev.agent.chat.Usage;
import dev.agent.session.FakeChatClient.FakeCall;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the screen says stays true as things change. */
class StatusTruthUiTest {
  @TempDir Path home;

  @Test
  void theStillStreamingNoticeGoesWhenTheReplyEnds() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).start()) {
      chat.send("First");
      FakeCall call = chat.backend.client("anthropic").nextCall();
      chat.send("Second");
      chat.awaitText("a reply is still streaming");
      call.emitFromAnotherThread(
              new TextDelta("Done."),
              new Completed(new Usage(3, 4), new StopReason(END_TURN, "end_turn")))
          .join();
      chat.awaitText("in 3 · out 4");
      assertFalse(chat.row(23).contains("still streaming"), chat.row(23));
      assertEquals("> Second", chat.row(22), "the prompt waits to be sent");
    }
  }

  @Test
  void endToFollowNamesCtrlEndWhileThePromptHoldsText() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).start()) {
      chat.send("Count");
      FakeCall call = chat.backend.client("anthropic").nextCall();
      StringBuilder lines = new StringBuilder();
      for (int i = 1; i <= 40; i++) {
        lines.append("line ").append(i).append('\n');
      }
      call.emitFromAnotherThread(new TextDelta(lines.toString())).join();
      chat.awaitText("line 40");
      chat.press(KeyType.PageUp).tick();
      call.emitFromAnotherThread(new TextDelta("line 41\n")).join();
      chat.awaitText("new output below: End to follow");

      chat.type("draft").tick();
      assertEquals(" new output below: Ctrl+End to follow", chat.row(21));
      chat.press(new KeyStroke(KeyType.End, true, false)).tick();
      assertEquals(" line 41", chat.row(20), "Ctrl+End follows");
      assertEquals("> draft", chat.row(22));
    }
  }

  private static void later(ChatDriver chat, long millis) {
    chat.clock.addAndGet(Duration.ofMillis(millis).toNanos());
  }

  @Test
  void aStalledReplySaysEachSecondHowLongItHasSentNothingUntilDataFlowsAgain() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).start()) {
      chat.send("Slow");
      FakeCall call = chat.backend.client("anthropic").nextCall();
      later(chat, 1000);
      call.emit(new TextDelta("Hello"));
      chat.tick();
      assertEquals(Duration.ofSeconds(5).toNanos(), chat.ui.nanosToWait(Long.MAX_VALUE));
      later(chat, 4999);
      assertFalse(chat.ui.tick(), "silent for less than 5 s: nothing to draw");
      assertTrue(chat.row(23).startsWith(" streaming · first token 1.00 s  "), chat.row(23));

      later(chat, 1);
      chat.tick();
      assertTrue(
          chat.row(23).startsWith(" streaming 6 s · no data for 5 s · first token 1.00 s  "),
          chat.row(23));
      assertEquals(Duration.ofSeconds(1).toNanos(), chat.ui.nanosToWait(Long.MAX_VALUE));
      later(chat, 999);
      assertFalse(chat.ui.tick(), "the same second: nothing to draw");
      later(chat, 1);
      chat.tick();
      assertTrue(
          chat.row(23).startsWith(" streaming 7 s · no data for 6 s · first token 1.00 s  "),
          chat.row(23));

      call.emit(new TextDelta(" again"));
      chat.tick();
      assertTrue(chat.row(23).startsWith(" streaming · first token 1.00 s  "), chat.row(23));
      assertEquals(Duration.ofSeconds(5).toNanos(), chat.ui.nanosToWait(Long.MAX_VALUE));

      call.emit(new Completed(new Usage(3, 4), new StopReason(END_TURN, "end_turn")));
      chat.tick();
      assertEquals(Long.MAX_VALUE, chat.ui.nanosToWait(Long.MAX_VALUE), "ended: no clock");
    }
  }

  @Test
  void aMessageTooWideForTheStatusLineIsAlsoShownWholeInTheTranscript() throws Exception {
    try (ChatDriver chat =
        ChatDriver.builder(home)
            .env(Map.of("TERM", "xterm-256color", "TMUX", "/tmp/tmux-1/default,1,0", "HOME", "/x"))
            .start()) {
      chat.send("Question");
      chat.backend
          .client("anthropic")
          .nextCall()
          .emit(new TextDelta("Answer."), new Completed(Usage.UNKNOWN, StopReason.NONE));
      chat.tick();
      chat.ctrl('o').tick();
      assertTrue(chat.row(23).startsWith(" no code block in the replies yet  "), chat.row(23));
      assertEquals(1, count(chat.screenText(), "no code block"), "a message that fits: only there");

      chat.ctrl('y').tick();
      String message =
          "Sent the last reply (7 chars) to the terminal through tmux; always in "
              + home.resolve("clipboard/reply.md");
      assertEquals(" " + message.substring(0, 78), chat.row(23), "cut on the status line");
      assertEquals(
          List.of(
              " Sent the last reply (7 chars) to the terminal through tmux; always in",
              " " + home.resolve("clipboard/reply.md"),
              ""),
          chat.rows(7, 9),
          "whole in the transcript, once");
    }
  }

  @Test
  void aCopyThatOnlyWentToAFileIsSaidOnceInTheTranscript() throws Exception {
    try (ChatDriver chat =
        ChatDriver.builder(home).env(Map.of("TERM", "linux", "HOME", "/x")).start()) {
      chat.send("Question");
      chat.backend
          .client("anthropic")
          .nextCall()
          .emit(new TextDelta("Answer."), new Completed(Usage.UNKNOWN, StopReason.NONE));
      chat.tick();
      chat.ctrl('y').tick();
      assertTrue(chat.row(23).startsWith(" This terminal (TERM=linux) has no clipboard"));
      assertEquals(
          1, count(String.join("\n", chat.rows(0, 22)), "has no clipboard"), chat.screenText());
    }
  }

  private static int count(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }
}
