package dev.agent.tui.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.input.DefaultKeyDecodingProfile;
import com.googlecode.lanterna.input.InputDecoder;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.input.MouseAction;
import com.googlecode.lanterna.input.MouseActionType;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the terminal's bytes decode to once {@link ChatKeys} is added to Lanterna's profile. */
class ChatKeysTest {
  private static List<KeyStroke> decode(String bytes) throws IOException {
    InputDecoder decoder = new InputDecoder(new StringReader(bytes));
    decoder.addProfile(new DefaultKeyDecodingProfile());
    decoder.addProfile(new ChatKeys());
    List<KeyStroke> keys = new ArrayList<>();
    for (KeyStroke key = decoder.getNextCharacter(false);
        key != null && key.getKeyType() != KeyType.EOF;
        key = decoder.getNextCharacter(false)) {
      keys.add(key);
    }
    return keys;
  }

  @Test
  void carriageReturnIsEnterAndLineFeedIsCtrlJ() throws IOException {
    assertEquals(List.of(new KeyStroke(KeyType.Enter)), decode("\r"));
    assertEquals(List.of(ChatKeys.CTRL_J), decode("\n"));
    assertTrue(ChatKeys.isNewline(decode("\n").get(0)));
  }

  @Test
  void escapeThenCarriageReturnIsAltEnterNotEscapeAndEnter() throws IOException {
    assertEquals(List.of(ChatKeys.ALT_ENTER), decode("\u001b\r"));
    assertTrue(ChatKeys.isNewline(ChatKeys.ALT_ENTER));
    assertEquals(List.of(new KeyStroke(KeyType.Escape)), decode("\u001b"));
  }

  @Test
  void bracketedPasteMarkersFrameThePastedKeys() throws IOException {
    List<KeyStroke> keys = decode("\u001b[200~a\rb\u001b[201~");
    assertEquals(5, keys.size(), keys.toString());
    assertTrue(ChatKeys.isPasteStart(keys.get(0)));
    assertEquals(new KeyStroke('a', false, false), keys.get(1));
    assertEquals(new KeyStroke(KeyType.Enter), keys.get(2));
    assertEquals(new KeyStroke('b', false, false), keys.get(3));
    assertTrue(ChatKeys.isPasteEnd(keys.get(4)));
  }

  @Test
  void sgrMouseReportsAreMouseActionsAtTheirCell() throws IOException {
    List<KeyStroke> keys =
        decode("\u001b[<64;10;5M\u001b[<65;300;70Mx\u001b[<0;1;1M\u001b[<0;1;1m\u001b[<68;2;2M");
    assertEquals(6, keys.size(), keys.toString());
    MouseAction up = (MouseAction) keys.get(0);
    assertEquals(MouseActionType.SCROLL_UP, up.getActionType());
    assertEquals(new TerminalPosition(9, 4), up.getPosition());
    assertTrue(ChatKeys.isWheelUp(up));
    MouseAction down = (MouseAction) keys.get(1);
    assertEquals(MouseActionType.SCROLL_DOWN, down.getActionType());
    assertEquals(new TerminalPosition(299, 69), down.getPosition());
    assertTrue(ChatKeys.isWheelDown(down));
    assertEquals(new KeyStroke('x', false, false), keys.get(2));
    assertEquals(MouseActionType.CLICK_DOWN, ((MouseAction) keys.get(3)).getActionType());
    assertEquals(MouseActionType.CLICK_RELEASE, ((MouseAction) keys.get(4)).getActionType());
    // Shift held with the wheel (68 = 64 + 4), where a terminal passes it on: still the wheel.
    assertTrue(ChatKeys.isWheelUp(keys.get(5)));
    assertFalse(ChatKeys.isWheelUp(new KeyStroke(KeyType.PageUp)));
  }

  @Test
  void whatOnlyStartsLikeAMouseReportIsKeys() throws IOException {
    List<KeyStroke> keys = decode("\u001b[<6xz");
    assertFalse(keys.stream().anyMatch(key -> key instanceof MouseAction), keys.toString());
    assertEquals(new KeyStroke('z', false, false), keys.get(keys.size() - 1));
  }

  @Test
  void controlLettersStillDecode() throws IOException {
    assertEquals(
        List.of(
            new KeyStroke('q', true, false),
            new KeyStroke('c', true, false),
            new KeyStroke('p', true, false)),
        decode("\u0011\u0003\u0010"));
    assertEquals(List.of(new KeyStroke(KeyType.PageUp)), decode("\u001b[5~"));
    assertEquals(List.of(new KeyStroke(KeyType.Home, true, false)), decode("\u001b[1;5H"));
    assertEquals(List.of(new KeyStroke(KeyType.End, true, false)), decode("\u001b[1;5F"));
  }
}
