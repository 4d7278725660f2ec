package dev.agent.tui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent.tui.terminal.ByteTerminal;
import dev.agent.tui.terminal.ChatScreen;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first frame of a start is drawn while nothing is compiled yet, so each cell written costs its
 * most: it writes each cell of the screen once, the chat window straight onto the screen, not
 * Lanterna's background pane first and the window over it from a buffer of its own.
 */
class FirstFrameTest {
  @TempDir Path home;

  @Test
  void theFirstFrameWritesTheWindowStraightOntoTheScreen() throws Exception {
    ByteTerminal terminal = ByteTerminal.of(200, 60);
    ChatScreen screen = new ChatScreen(terminal);
    ChatUi ui = ChatDriver.startChat(new FakeBackend(), home, terminal.start(screen));
    try {
      assertTrue(ui.tick(), "no first frame");
      assertTrue(terminal.screenText().contains("Type a message"), terminal.screenText());
      long cells = screen.cellsWritten();
      assertTrue(cells <= 15_000, cells + " cells written for a screen of 12,000");
    } finally {
      ui.close();
      screen.stopScreen();
    }
  }
}
