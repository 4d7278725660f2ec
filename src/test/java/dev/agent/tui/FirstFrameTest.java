package dev.agent.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.TerminalPosition;
import dev.agent.tui.terminal.ByteTerminal;
import dev.agent.tui.terminal.ChatScreen;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first frame of a start is drawn while nothing is compiled yet, so each cell written costs its
 * most: it writes each cell of the screen once, the chat window straight onto the screen, not
 * Lanterna's background pane first and the window over it from a buffer of its own, nor the window
 * cleared before its views draw.
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
      assertTrue(cells <= 12_500, cells + " cells written for a screen of 12,000");
    } finally {
      ui.close();
      screen.stopScreen();
    }
  }

  /**
   * The first frame is not cleared, which leaves it right only while every view draws every cell of
   * its area: it must show, cell by cell and colour by colour, what a cleared frame of the same
   * size shows (after a resize to another size and back).
   */
  @Test
  void theFirstFrameShowsWhatAClearedFrameShows() throws Exception {
    for (String theme : ThemeCatalog.BUILT_IN) {
      ByteTerminal terminal = ByteTerminal.of(90, 24);
      ChatScreen screen = new ChatScreen(terminal);
      ChatUi ui = ChatDriver.startChat(new FakeBackend(), home, terminal.start(screen), theme);
      try {
        assertTrue(ui.tick(), "no first frame");
        List<String> first = cells(screen, 90, 24);
        terminal.resize(70, 20);
        assertTrue(ui.tick(), "no frame after the resize");
        terminal.resize(90, 24);
        assertTrue(ui.tick(), "no frame after the resize back");
        List<String> cleared = cells(screen, 90, 24);
        for (int cell = 0; cell < cleared.size(); cell++) {
          assertEquals(cleared.get(cell), first.get(cell), theme + ": the first frame differs");
        }
      } finally {
        ui.close();
        screen.stopScreen();
      }
    }
  }

  private static List<String> cells(ChatScreen screen, int columns, int rows) {
    List<String> cells = new ArrayList<>();
    for (int row = 0; row < rows; row++) {
      for (int column = 0; column < columns; column++) {
        cells.add(
            column + "," + row + " " + screen.getBackCharacter(new TerminalPosition(column, row)));
      }
    }
    return cells;
  }
}
