package dev.agent.tui;

import static dev.agent.chat.StopReason.Kind.END_TURN;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.agent.chat.Message;
import dev.agent.chat.StopReason;
import dev.agent.chat.StreamEvent.Completed;
import dev.agent.chat.StreamEvent.TextDelta;
import dev.agent.chat.Usage;
import dev.agent.session.FakeChatClient.FakeCall;
import dev.agent.tui.terminal.ExternalEditorTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl+Y, Ctrl+O / Alt+Y and Ctrl+E on the chat screen. */
class CopyAndEditKeysTest {
  @TempDir Path home;

  private static final String REPLY = "Run this:\n\n```bash\nls -la\n```\n\nOr this:\n\n    pwd\n";

  private static void reply(ChatDriver chat, String text) throws InterruptedException {
    chat.send("Question");
    FakeCall call = chat.backend.client("anthropic").nextCall();
    call.emit(
        new TextDelta(text), new Completed(Usage.UNKNOWN, new StopReason(END_TURN, "end_turn")));
    chat.tick();
  }

  private static String decoded(String sequence) {
    String payload = sequence.substring("\u001b]52;c;".length(), sequence.length() - 1);
    return new String(Base64.getDecoder().decode(payload), UTF_8);
  }

  @Test
  void ctrlYCopiesTheLastReplyAndCtrlOOrAltYItsLastCodeBlock() throws Exception {
    try (ChatDriver chat =
        ChatDriver.builder(home).env(Map.of("TERM", "xterm", "HOME", home.toString())).start()) {
      reply(chat, "An older reply with ```\nold code\n```");
      reply(chat, REPLY);

      chat.ctrl('y').tick();
      assertEquals(REPLY, decoded(chat.clipboardSequences.get(0)));
      assertEquals(
          " Copied the last reply (" + REPLY.length() + " chars); also in ~/clipboard/reply.md",
          chat.row(23));
      assertEquals(REPLY, Files.readString(home.resolve("clipboard/reply.md"), UTF_8));

      chat.ctrl('o').tick();
      assertEquals("pwd", decoded(chat.clipboardSequences.get(1)));
      chat.press(new KeyStroke('y', false, true)).tick();
      assertEquals("pwd", decoded(chat.clipboardSequences.get(2)));
      assertEquals("pwd", Files.readString(home.resolve("clipboard/code.txt"), UTF_8));
    }
  }

  @Test
  void withoutAClipboardTheTranscriptSaysWhereTheCopyIs() throws Exception {
    try (ChatDriver chat =
        ChatDriver.builder(home)
            .size(160, 24)
            .env(Map.of("TERM", "linux", "HOME", "/nowhere"))
            .start()) {
      reply(chat, "Just text.");
      chat.ctrl('o').tick();
      assertEquals(
          " no code block in the replies yet                                      Ctrl+P provider"
              + "  Ctrl+Q quit  Alt+Enter newline  Tab model  Ctrl+S sessions  Ctrl+Y copy",
          chat.row(23));
      chat.ctrl('y').tick();
      assertEquals(List.of(), chat.clipboardSequences);
      assertTrue(
          chat.screenText()
              .contains(
                  "This terminal (TERM=linux) has no clipboard: the last reply is saved in "
                      + home.resolve("clipboard/reply.md")),
          chat.screenText());
    }
  }

  @Test
  void ctrlEEditsThePromptInTheExternalEditorAndItComesBack() throws Exception {
    Path editor =
        ExternalEditorTest.script(home, "editor", "printf ' and from the editor' >> \"$1\"");
    try (ChatDriver chat =
        ChatDriver.builder(home).env(Map.of("EDITOR", editor.toString())).start()) {
      chat.type("typed here").ctrl('e').tick();
      assertEquals(List.of("suspend", "resume"), chat.terminalHandovers);
      assertEquals("> typed here and from the editor", chat.row(22));
      chat.press(KeyType.Enter).tick();
      assertEquals(
          List.of(Message.user("typed here and from the editor")),
          chat.backend.client("anthropic").nextCall().request().messages());
    }
  }

  @Test
  void aFailingEditorLeavesThePromptAndSaysWhy() throws Exception {
    Path editor = ExternalEditorTest.script(home, "editor", "exit 2");
    try (ChatDriver chat =
        ChatDriver.builder(home).env(Map.of("EDITOR", editor.toString())).start()) {
      chat.type("keep me").ctrl('e').tick();
      assertEquals("> keep me", chat.row(22));
      assertTrue(chat.screenText().contains("exited with status 2"), chat.screenText());
    }
  }
}
