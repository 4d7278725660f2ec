package dev.agent.tui;

import static dev.agent.chat.StopReason.Kind.END_TURN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextCharacter;
import dev.agent.chat.ChatException;
import dev.agent.chat.StopReason;
import dev.agent.chat.StreamEvent.Completed;
import dev.agent.chat.StreamEvent.Failed;
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
 * A reply full of terminal control sequences is shown, not obeyed: each control character is a
 * visible picture in the transcript's cells, and none reaches the terminal as itself.
 */
class HostileReplyTest {
  @TempDir Path home;

  /** Retitles the window, writes the clipboard, clears the screen, hides text: in prose. */
  private static final String PROSE =
      lines(
          "\n",
          "Title \u001b]0;pwned\u0007 set",
          "",
          "Clip \u001b]52;c;ZXZpbA==\u001b\\ done",
          "",
          "Wipe \u001b[2J\u001b[31mred\u001b[0m and \u009b1;1H c1",
          "",
          "Back\bspace, del\u007f, bidi \u202eevil\u202c end",
          "",
          "Inline `\u001b[5mcode\u0007` too");

  /** The same inside a code block, with a tab, a lone CR, and CR LF line ends. */
  private static final String CODE =
      lines("\r\n", "```", "x\t= \"\u001b[1mbold\u0007\"", "safe\rEVIL", "```");

  /** Each line followed by {@code end}. */
  private static String lines(String end, String... lines) {
    StringBuilder text = new StringBuilder();
    for (String line : lines) {
      text.append(line).append(end);
    }
    return text.toString();
  }

  private static void reply(ChatDriver chat, String text) throws Exception {
    chat.send("Show me");
    chat.backend
        .client("anthropic")
        .nextCall()
        .emitFromAnotherThread(
            new TextDelta(text), new Completed(Usage.UNKNOWN, new StopReason(END_TURN, "stop")))
        .join();
    chat.await("the reply", screen -> screen.contains("in ?"));
  }

  /** Whether the cells of {@code text} on the screen hold it in reverse video. */
  private static boolean reversed(ChatDriver chat, String text, int at) {
    int row = chat.rowOf(text);
    int column = chat.row(row).indexOf(text) + at;
    TextCharacter cell = chat.cell(column, row);
    return cell.getModifiers().contains(SGR.REVERSE);
  }

  @Test
  void controlCharactersInProseAreShownAsPictures() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).size(80, 30).start()) {
      reply(chat, PROSE);
      assertEquals(
          List.of(
              " Title ^[]0;pwned^G set",
              "",
              " Clip ^[]52;c;ZXZpbA==^[\\ done",
              "",
              " Wipe ^[[2J^[[31mred^[[0m and \ufffd1;1H c1",
              "",
              " Back^Hspace, del^?, bidi \ufffdevil\ufffd end",
              "",
              " Inline ^[[5mcode^G too"),
          chat.rows(5, 13));

      assertTrue(reversed(chat, "^[]0;pwned", 0), "the picture stands out");
      assertTrue(reversed(chat, "^[]0;pwned", 1));
      assertFalse(reversed(chat, "^[]0;pwned", 2), "the text after it is plain");
      assertTrue(reversed(chat, "\ufffdevil", 0));
    }
  }

  @Test
  void controlCharactersInACodeBlockAreShownAsPicturesAndTabsAsSpaces() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).start()) {
      reply(chat, CODE);
      assertCode(chat);
    }
  }

  @Test
  void aCodeBlockStreamedInPiecesLooksTheSameAndNeverShowsTheCrOfACrLf() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).start()) {
      chat.send("Show me");
      FakeCall call = chat.backend.client("anthropic").nextCall();
      int cut = CODE.indexOf("EVIL") + "EVIL\r".length();
      for (String piece : List.of(CODE.substring(0, 9), CODE.substring(9, cut))) {
        call.emitFromAnotherThread(new TextDelta(piece)).join();
        chat.awaitText("│");
        assertFalse(chat.screenText().contains("^M"), chat.screenText());
      }
      call.emitFromAnotherThread(
              new TextDelta(CODE.substring(cut)),
              new Completed(Usage.UNKNOWN, new StopReason(END_TURN, "stop")))
          .join();
      chat.await("the reply", screen -> screen.contains("in ?"));
      assertCode(chat);
    }
  }

  /** The rows of {@link #CODE}: pictures for the controls, CR LF and a lone CR as line ends. */
  private static void assertCode(ChatDriver chat) {
    assertEquals(List.of(" ┌─", " │ x   = \"^[[1mbold^G\""), chat.rows(5, 6));
    assertEquals(" │ safe", chat.row(7), "CommonMark reads a lone CR as a line end");
    assertEquals(List.of(" │ EVIL", " └─"), chat.rows(8, 9));
    assertTrue(reversed(chat, "^[[1mbold", 0));
  }

  @Test
  void controlCharactersInAnErrorAreShownAsPictures() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).start()) {
      chat.send("Hi");
      chat.backend
          .client("anthropic")
          .nextCall()
          .emitFromAnotherThread(
              new Failed(
                  new ChatException(
                      ChatException.Kind.SERVER,
                      "anthropic: \u001b[8mhidden\u001b[0m\rshown (HTTP 500)")))
          .join();
      chat.awaitText("error: anthropic: ^[[8mhidden^[[0m^Mshown (HTTP 500)");
      assertEquals(" error: anthropic: ^[[8mhidden^[[0m^Mshown (HTTP 500)", chat.row(5));
    }
  }

  @Test
  void noControlCharacterOfTheReplyReachesTheTerminal() throws Exception {
    ByteTerminal terminal = ByteTerminal.of(80, 40);
    FakeBackend backend = new FakeBackend();
    try (ChatUi ui =
        ChatDriver.startChat(backend, home, terminal.start(new ChatScreen(terminal)))) {
      terminal.keyboard.type("Show me\r");
      while (ui.tick()) {
        // settle
      }
      FakeCall call = backend.client("anthropic").nextCall();
      terminal.output.take();
      call.emit(
          new TextDelta(PROSE + "\n" + CODE),
          new Completed(Usage.UNKNOWN, new StopReason(END_TURN, "stop")));
      while (ui.tick()) {
        // draw
      }
      String written = terminal.output.take();

      assertTrue(written.contains("pwned"), "the reply was drawn");
      for (String raw :
          List.of(
              "\u001b]",
              "\u001b[2J",
              "\u001b[31mred",
              "\u001b[5m",
              "\u001b\\",
              "\u0007",
              "\b",
              "\r",
              "\u007f",
              "\u009b",
              "\u202e",
              "\u202c")) {
        assertFalse(
            written.contains(raw),
            "the terminal got " + raw.codePoints().mapToObj(Integer::toHexString).toList());
      }
      for (int i = 0; i < written.length(); i++) {
        char c = written.charAt(i);
        if (c == '\u001b') {
          assertEquals('[', written.charAt(i + 1), "only Lanterna's own CSI sequences");
        } else {
          assertFalse(
              (c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f),
              "raw "
                  + (int) c
                  + " in "
                  + written
                      .substring(Math.max(0, i - 40), Math.min(written.length(), i + 10))
                      .replace("\u001b", "ESC"));
        }
      }
    }
  }
}
