package dev.agent.tui;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.agent.tui.ChatKeymap.Command;
import dev.agent.tui.ChatKeymap.Focus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one table of the chat window's keys: what each key runs, and what hints and docs say. */
class ChatKeymapTest {
  private static KeyStroke ctrl(char letter) {
    return new KeyStroke(letter, true, false);
  }

  private static KeyStroke alt(char letter) {
    return new KeyStroke(letter, false, true);
  }

  @Test
  void eachKeyRunsItsCommand() {
    assertEquals(Optional.of(Command.SEND), ChatKeymap.commandOf(new KeyStroke(KeyType.Enter)));
    assertEquals(
        Optional.of(Command.NEWLINE),
        ChatKeymap.commandOf(new KeyStroke(KeyType.Enter, false, true)));
    assertEquals(Optional.of(Command.NEWLINE), ChatKeymap.commandOf(ctrl('j')));
    assertEquals(Optional.of(Command.QUIT), ChatKeymap.commandOf(ctrl('q')));
    assertEquals(Optional.of(Command.INTERRUPT), ChatKeymap.commandOf(ctrl('c')));
    assertEquals(Optional.of(Command.CANCEL), ChatKeymap.commandOf(new KeyStroke(KeyType.Escape)));
    assertEquals(Optional.of(Command.PICK_PROVIDER), ChatKeymap.commandOf(ctrl('p')));
    assertEquals(Optional.of(Command.REPAINT), ChatKeymap.commandOf(ctrl('l')));
    assertEquals(Optional.of(Command.SESSIONS), ChatKeymap.commandOf(ctrl('s')));
    assertEquals(Optional.of(Command.NEW_CONVERSATION), ChatKeymap.commandOf(ctrl('n')));
    assertEquals(Optional.of(Command.COPY_REPLY), ChatKeymap.commandOf(ctrl('y')));
    assertEquals(Optional.of(Command.COPY_CODE), ChatKeymap.commandOf(ctrl('o')));
    assertEquals(Optional.of(Command.COPY_CODE), ChatKeymap.commandOf(alt('y')));
    assertEquals(Optional.of(Command.EDIT_PROMPT), ChatKeymap.commandOf(ctrl('e')));
    assertEquals(Optional.of(Command.RETRY), ChatKeymap.commandOf(ctrl('r')));
    assertEquals(Optional.of(Command.TOGGLE_REASONING), ChatKeymap.commandOf(ctrl('t')));
    assertEquals(Optional.of(Command.PAGE_UP), ChatKeymap.commandOf(new KeyStroke(KeyType.PageUp)));
    assertEquals(
        Optional.of(Command.PAGE_DOWN), ChatKeymap.commandOf(new KeyStroke(KeyType.PageDown)));
    assertEquals(Optional.of(Command.TOP), ChatKeymap.commandOf(new KeyStroke(KeyType.Home)));
    assertEquals(
        Optional.of(Command.TOP), ChatKeymap.commandOf(new KeyStroke(KeyType.Home, true, false)));
    assertEquals(Optional.of(Command.BOTTOM), ChatKeymap.commandOf(new KeyStroke(KeyType.End)));
    assertEquals(Optional.of(Command.NEXT_FOCUS), ChatKeymap.commandOf(new KeyStroke(KeyType.Tab)));
    assertEquals(
        Optional.of(Command.PREVIOUS_FOCUS),
        ChatKeymap.commandOf(new KeyStroke(KeyType.ReverseTab)));
  }

  @Test
  void typedTextAndUnboundKeysRunNothing() {
    assertEquals(Optional.empty(), ChatKeymap.commandOf(new KeyStroke('q', false, false)));
    assertEquals(Optional.empty(), ChatKeymap.commandOf(new KeyStroke('y', true, true)));
    assertEquals(Optional.empty(), ChatKeymap.commandOf(new KeyStroke(KeyType.ArrowUp)));
    assertEquals(Optional.empty(), ChatKeymap.commandOf(ctrl('a')));
  }

  @Test
  void everyCommandHasExactlyOneRow() {
    Set<Command> seen = EnumSet.noneOf(Command.class);
    for (ChatKeymap.Binding binding : ChatKeymap.BINDINGS) {
      assertTrue(seen.add(binding.command()), "twice: " + binding.command());
    }
    assertEquals(EnumSet.allOf(Command.class), seen);
  }

  @Test
  void theHintsOfEachPlace() {
    assertEquals(
        List.of(
            "Enter send",
            "Alt+Enter newline",
            "Ctrl+P provider",
            "Tab model",
            "Ctrl+Q quit",
            "Ctrl+S sessions",
            "F1 help"),
        ChatKeymap.hints(Focus.PROMPT, false, false, false, 0));
    assertEquals(
        List.of(
            "Ctrl+R retry",
            "Ctrl+P provider",
            "Ctrl+Q quit",
            "Alt+Enter newline",
            "Tab model",
            "Ctrl+S sessions",
            "Ctrl+Y copy"),
        ChatKeymap.hints(Focus.PROMPT, false, true, true, 0));
    assertEquals(
        List.of("Esc cancel", "PgUp/PgDn scroll", "Ctrl+Q quit"),
        ChatKeymap.hints(Focus.PROMPT, true, false, true, 0));
    assertEquals(
        List.of("Enter apply", "Esc revert", "Down 3 models", "Tab next"),
        ChatKeymap.hints(Focus.MODEL_FIELD, false, false, false, 3));
    assertEquals(
        List.of("Enter apply", "Esc revert", "Tab next"),
        ChatKeymap.hints(Focus.MODEL_FIELD, true, false, false, 0));
    assertEquals(
        List.of("Enter apply", "Esc revert", "Down 1 model", "Tab next"),
        ChatKeymap.hints(Focus.MODEL_FIELD, false, false, false, 1));
    assertEquals(
        List.of("Up/Down PgUp/PgDn Home/End scroll", "Tab next", "Ctrl+Q quit"),
        ChatKeymap.hints(Focus.TRANSCRIPT, true, true, true, 5));
  }

  @Test
  void theWelcomeNamesTheKeysOfTheTable() {
    assertEquals(
        "Ask anything. Enter sends; Alt+Enter or Ctrl+J starts a new line; Ctrl+P picks a"
            + " provider; Tab moves to the model field; Ctrl+S lists saved conversations, Ctrl+N"
            + " starts a new one; Ctrl+Q quits.",
        ChatKeymap.welcome(true));
    assertEquals(
        ChatKeymap.welcome(true) + " This conversation is not saved (--no-save).",
        ChatKeymap.welcome(false));
  }

  /** docs/usage.md's table of keys has a row for each key of the table. */
  @Test
  void theUsageDocListsEveryKey() throws IOException {
    List<String> firstColumns = new ArrayList<>();
    String doc = Files.readString(Path.of("docs", "usage.md"), UTF_8);
    String keys = doc.substring(doc.indexOf("## Keys"));
    for (String line :
        keys.substring(0, keys.indexOf("\n\n", keys.indexOf("| key |"))).split("\n", -1)) {
      if (line.startsWith("| ")) {
        firstColumns.add(line.substring(2, line.indexOf(" |", 2)));
      }
    }
    List<String> missing = new ArrayList<>();
    for (ChatKeymap.Binding binding : ChatKeymap.BINDINGS) {
      for (String key : binding.keys()) {
        boolean listed =
            firstColumns.stream()
                .anyMatch(column -> List.of(column.split("(, | / )", -1)).contains(key));
        if (!listed) {
          missing.add(key);
        }
      }
    }
    assertEquals(List.of(), missing, "rows: " + firstColumns);
  }

  /**
   * The keys whose meaning once changed (Ctrl+G sent without the oldest turns before it became the
   * profile picker) read the same in docs/usage.md's table of keys as in the help.
   */
  @Test
  void theUsageDocSaysWhatTheTrimAndProfileKeysDo() throws IOException {
    String doc = Files.readString(Path.of("docs", "usage.md"), UTF_8);
    String trim = "| " + ChatKeymap.key(Command.TRIM) + " | ";
    String profile = "| " + ChatKeymap.key(Command.PICK_PROFILE) + " | ";

    assertTrue(doc.contains(trim + "send the prompt without the oldest turns"), trim);
    assertTrue(doc.contains(profile + "the profile picker"), profile);
    assertTrue(ChatKeymap.description(Command.TRIM).contains("without the oldest turns"));
    assertTrue(ChatKeymap.description(Command.PICK_PROFILE).startsWith("the profile picker"));
  }
}
