package dev.agent.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyType;
import dev.agent.session.FakeChatClient.FakeCall;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl+C and Ctrl+D never lose what was typed: Ctrl+C closes a window, cancels a reply or clears
 * the prompt (Up brings it back) before it quits; Ctrl+D quits only from an empty prompt.
 */
class InterruptUiTest {
  @TempDir Path home;

  private ChatDriver start() {
    return ChatDriver.builder(home).start();
  }

  /** Lets more than a moment pass, so that the next Ctrl+C is a first one again. */
  private static void later(ChatDriver chat) {
    chat.clock.addAndGet(Duration.ofSeconds(2).toNanos());
  }

  @Test
  void ctrlCClearsATypedPromptUpBringsItBackAndOnlyAnEmptyPromptQuits() {
    try (ChatDriver chat = start()) {
      chat.type("a long draft").tick();
      chat.ctrl('c').tick();
      assertEquals(
          Optional.empty(), chat.ui.outcome(), "the draft was cleared, not lost in a quit");
      assertEquals("> Type a message", chat.row(22));
      assertTrue(chat.row(23).startsWith(" prompt cleared: Up brings it back"), chat.row(23));

      chat.press(KeyType.ArrowUp).tick();
      assertEquals("> a long draft", chat.row(22));

      later(chat);
      chat.ctrl('c').tick();
      assertEquals(Optional.empty(), chat.ui.outcome());
      later(chat);
      chat.ctrl('c').tick();
      assertEquals(Optional.of(ChatApp.Outcome.INTERRUPTED), chat.ui.outcome());
    }
  }

  @Test
  void aSecondCtrlCWithinAMomentQuitsWhateverTheFirstDid() {
    try (ChatDriver chat = start()) {
      chat.type("draft").ctrl('c').tick();
      assertEquals(Optional.empty(), chat.ui.outcome());
      chat.type("another").tick();
      chat.clock.addAndGet(Duration.ofMillis(500).toNanos());
      chat.ctrl('c').tick();
      assertEquals(Optional.of(ChatApp.Outcome.INTERRUPTED), chat.ui.outcome());
    }
  }

  @Test
  void ctrlCClosesThePickerAndTheConversationsListKeepingTheDraft() {
    try (ChatDriver chat = start()) {
      chat.type("keep me").ctrl('p').tick();
      assertTrue(chat.screenText().contains("Provider: Enter selects"), chat.screenText());
      chat.ctrl('c').tick();
      assertFalse(chat.screenText().contains("Provider: Enter selects"), chat.screenText());
      assertEquals(Optional.empty(), chat.ui.outcome());
      assertEquals("> keep me", chat.row(22));

      later(chat);
      chat.ctrl('s').tick();
      assertTrue(chat.screenText().contains("Conversations: Enter opens"), chat.screenText());
      chat.ctrl('c').tick();
      assertFalse(chat.screenText().contains("Conversations: Enter opens"), chat.screenText());
      assertEquals(Optional.empty(), chat.ui.outcome());
      assertEquals("> keep me", chat.row(22));

      chat.type("!").tick();
      assertEquals("> keep me!", chat.row(22), "the prompt has the keys again");
    }
  }

  @Test
  void ctrlCWhileAReplyStreamsCancelsItAndKeepsWhatIsTypedForTheNext() throws Exception {
    try (ChatDriver chat = start()) {
      chat.send("Long answer please");
      FakeCall call = chat.backend.client("anthropic").nextCall();
      chat.type("next question").ctrl('c').tick();
      assertTrue(call.cancelled());
      chat.awaitText("[cancelled]");
      assertEquals(Optional.empty(), chat.ui.outcome());
      assertEquals("> next question", chat.row(22));
    }
  }

  @Test
  void ctrlDQuitsFromAnEmptyPromptAndDeletesTheCharacterAheadOtherwise() {
    try (ChatDriver chat = start()) {
      chat.type("ab").press(KeyType.ArrowLeft).ctrl('d').tick();
      assertEquals("> a", chat.row(22));
      assertEquals(Optional.empty(), chat.ui.outcome());

      chat.press(KeyType.Backspace).ctrl('d').tick();
      assertEquals(Optional.of(ChatApp.Outcome.QUIT), chat.ui.outcome());
    }
  }
}
