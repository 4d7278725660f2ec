package dev.agent.tui;

import static dev.agent.chat.StopReason.Kind.END_TURN;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent.chat.Message;
import dev.agent.chat.StopReason;
import dev.agent.chat.StreamEvent.Completed;
import dev.agent.chat.StreamEvent.TextDelta;
import dev.agent.chat.Usage;
import dev.agent.session.FakeChatClient.FakeCall;
import dev.agent.tui.terminal.ByteTerminal;
import dev.agent.tui.terminal.ChatScreen;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Megabytes in and out: a paste into the prompt, as a terminal sends it, keeps the screen drawn
 * while it arrives, keeps its first {@link InputView#MAX_CHARS} chars and says how much was left
 * out; a reply of millions of chars streams at a bounded cost per frame.
 */
class OversizedInputUiTest {
  @TempDir Path home;

  private static String pasted(int size) {
    StringBuilder text = new StringBuilder(size + 100);
    for (int line = 0; text.length() < size; line++) {
      text.append("line ").append(line).append(" of a very long paste, words and words\n");
    }
    text.setLength(size);
    return text.toString();
  }

  @Test
  void aBracketedPasteOfFiveMegabytesIsCutToTheLimitWithoutHoldingTheScreen() throws Exception {
    ByteTerminal terminal = ByteTerminal.of(80, 24);
    FakeBackend backend = new FakeBackend();
    String paste = pasted(5 << 20);
    try (ChatUi ui =
        ChatDriver.startChat(backend, home, terminal.start(new ChatScreen(terminal)))) {
      terminal.keyboard.type(("\u001b[200~" + paste + "\u001b[201~").getBytes(UTF_8));
      int passes = 0;
      boolean busy = true;
      while (busy) {
        busy = ui.tick();
        passes++;
      }
      String screen = terminal.screenText();
      assertEquals(
          List.of(
              " The prompt holds at most 1,048,576 characters: the last 4,194,304 characters",
              " of what was pasted or edited in were left out."),
          screen.lines().toList().subList(1, 3),
          screen);
      // Passes are bounded in keys, not time (timing belongs in bench/): the paste came in over
      // many passes, each of which drew a frame, so the screen was never held for the whole paste.
      assertTrue(passes > 10, "frames were drawn while the paste came in: " + passes);

      terminal.keyboard.type("\r");
      while (ui.tick()) {
        // send
      }
      List<Message> sent = backend.client("anthropic").nextCall().request().messages();
      assertEquals(1, sent.size());
      assertEquals(InputView.MAX_CHARS, sent.get(0).text().length());
      assertEquals(paste.substring(0, InputView.MAX_CHARS), sent.get(0).text());
    }
  }

  @Test
  void aReplyOfMillionsOfCharactersStreamsWhileTheScreenStaysResponsive() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).start()) {
      chat.send("Dump the log");
      FakeCall call = chat.backend.client("anthropic").nextCall();
      StringBuilder log = new StringBuilder();
      for (int i = 0; log.length() < 4 << 20; i++) {
        log.append("12:00:").append(i).append(" INFO one line of a log without blank lines\n");
      }
      int delta = 16 * 1024;
      for (int at = 0; at < log.length(); at += delta) {
        call.emit(new TextDelta(log.substring(at, Math.min(log.length(), at + delta))));
        if (at == 2 << 20) {
          chat.type("typed while it streams");
        }
        chat.tick();
      }
      assertEquals("> typed while it streams", chat.row(22));
      call.emit(new Completed(Usage.UNKNOWN, new StopReason(END_TURN, "stop")));
      chat.awaitText("in ? · out ?");
      String lastLine = log.substring(log.lastIndexOf("\n", log.length() - 2) + 1).strip();
      assertEquals(" " + lastLine, chat.row(20), chat.screenText());
    }
  }
}
