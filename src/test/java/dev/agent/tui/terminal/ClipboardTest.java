package dev.agent.tui.terminal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClipboardTest {
  @TempDir Path home;
  private final List<String> sent = new ArrayList<>();

  private Clipboard clipboard(Map<String, String> env) {
    return new Clipboard(home.resolve(".agent/clipboard"), env, sent::add);
  }

  private static String osc52(String text) {
    return "\u001b]52;c;" + Base64.getEncoder().encodeToString(text.getBytes(UTF_8)) + "\u0007";
  }

  @Test
  void theTextGoesToTheTerminalAsOsc52AndToAnOwnerOnlyFile() throws IOException {
    Clipboard.Result result =
        clipboard(Map.of("TERM", "xterm-256color", "HOME", home.toString()))
            .copy("the last reply", "reply.md", "héllo\nworld");
    assertEquals(List.of(osc52("héllo\nworld")), sent);
    assertTrue(result.sent());
    assertEquals(
        "Copied the last reply (11 chars); also in ~/.agent/clipboard/reply.md", result.message());
    Path file = home.resolve(".agent/clipboard/reply.md");
    assertEquals("héllo\nworld", Files.readString(file, UTF_8));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
  }

  @Test
  void insideTmuxItIsSentPlainAndWrappedInTmuxPassthrough() throws IOException {
    Clipboard.Result result =
        clipboard(
                Map.of(
                    "TERM",
                    "tmux-256color",
                    "TMUX",
                    "/tmp/tmux-0/default,1,0",
                    "HOME",
                    home.toString()))
            .copy("the last code block", "code.txt", "ls");
    String plain = osc52("ls");
    assertEquals(List.of(plain, "\u001bPtmux;\u001b\u001b]52;c;bHM=\u0007\u001b\\"), sent);
    assertEquals(
        "Sent the last code block (2 chars) to the terminal through tmux; always in"
            + " ~/.agent/clipboard/code.txt",
        result.message(),
        "tmux may not pass it on: not 'Copied'");
  }

  @Test
  void aTerminalWithoutAClipboardOrATooLongTextIsOnlySavedAndSaysWhere() throws IOException {
    Clipboard.Result console =
        clipboard(Map.of("TERM", "linux", "HOME", home.toString()))
            .copy("the last reply", "reply.md", "x");
    assertFalse(console.sent());
    assertEquals(
        "This terminal (TERM=linux) has no clipboard: the last reply is saved in"
            + " ~/.agent/clipboard/reply.md",
        console.message());

    String big = "y".repeat(80_000);
    Clipboard.Result tooLong =
        clipboard(Map.of("TERM", "xterm")).copy("the last reply", "reply.md", big);
    assertFalse(tooLong.sent());
    assertEquals(
        "The last reply (80,000 chars) is too long for the terminal's clipboard: saved in "
            + home.resolve(".agent/clipboard/reply.md"),
        tooLong.message());
    assertEquals(List.of(), sent);
    assertEquals(big, Files.readString(home.resolve(".agent/clipboard/reply.md"), UTF_8));
  }

  @Test
  void aFileThatCannotBeWrittenIsAOneLineError() throws IOException {
    Files.writeString(home.resolve("blocker"), "a file where the folder should be");
    Clipboard clipboard =
        new Clipboard(home.resolve("blocker/clipboard"), Map.of("TERM", "xterm"), sent::add);
    IOException e =
        assertThrows(IOException.class, () -> clipboard.copy("the last reply", "reply.md", "x"));
    assertTrue(
        e.getMessage().startsWith("cannot save the copy in " + home.resolve("blocker")),
        e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }
}
