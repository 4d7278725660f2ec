package dev.agent.tui.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.TextColor;
import dev.agent.tui.terminal.TerminalCapabilities.Colours;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TerminalCapabilitiesTest {
  private static Colours colours(String... env) {
    return TerminalCapabilities.of(env(env)).colours();
  }

  private static Map<String, String> env(String... pairs) {
    java.util.HashMap<String, String> env = new java.util.HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  void dumbIsLineModeWithoutColour() {
    TerminalCapabilities dumb = TerminalCapabilities.of(env("TERM", "dumb", "COLORTERM", "24bit"));
    assertEquals(new TerminalCapabilities(Colours.NONE, true, false), dumb);
    assertFalse(TerminalCapabilities.of(env("TERM", "xterm")).lineMode());
    assertFalse(TerminalCapabilities.of(env()).lineMode());
  }

  @Test
  void coloursAreWhatTermAndColortermSay() {
    assertEquals(Colours.NONE, colours("TERM", "vt100"));
    assertEquals(Colours.NONE, colours("TERM", "vt220"));
    assertEquals(Colours.NONE, colours("TERM", "vt102-nam"));
    assertEquals(Colours.NONE, colours("TERM", "vt100", "COLORTERM", "truecolor"));
    assertEquals(Colours.ANSI_16, colours("TERM", "linux"));
    assertEquals(Colours.ANSI_16, colours("TERM", "xterm"));
    assertEquals(Colours.ANSI_16, colours("TERM", "screen"));
    assertEquals(Colours.ANSI_16, colours());
    assertEquals(Colours.INDEXED_256, colours("TERM", "xterm-256color"));
    assertEquals(Colours.INDEXED_256, colours("TERM", "tmux-256color"));
    assertEquals(Colours.INDEXED_256, colours("TERM", "xterm-256color", "COLORTERM", "yes"));
    assertEquals(Colours.TRUE_COLOUR, colours("TERM", "xterm-256color", "COLORTERM", "truecolor"));
    assertEquals(Colours.TRUE_COLOUR, colours("TERM", "xterm", "COLORTERM", "24bit"));
    assertEquals(Colours.TRUE_COLOUR, colours("TERM", "xterm-kitty"));
    assertEquals(Colours.TRUE_COLOUR, colours("TERM", "foot-extra"));
  }

  @Test
  void synchronizedOutputOnlyWhereTheTerminalIsKnownToHoldAFrame() {
    assertTrue(TerminalCapabilities.of(env("TERM", "xterm-kitty")).synchronizedOutput());
    assertTrue(TerminalCapabilities.of(env("TERM", "foot")).synchronizedOutput());
    assertTrue(TerminalCapabilities.of(env("TERM", "alacritty")).synchronizedOutput());
    assertTrue(
        TerminalCapabilities.of(env("TERM", "xterm-256color", "TERM_PROGRAM", "WezTerm"))
            .synchronizedOutput());
    assertTrue(
        TerminalCapabilities.of(env("TERM", "xterm-256color", "TERM_PROGRAM", "iTerm.app"))
            .synchronizedOutput());
    assertFalse(TerminalCapabilities.of(env("TERM", "xterm-256color")).synchronizedOutput());
    assertFalse(TerminalCapabilities.of(env("TERM", "linux")).synchronizedOutput());
    assertFalse(TerminalCapabilities.of(env("TERM", "dumb")).synchronizedOutput());
    // tmux passes a frame on in pieces of its own, whatever the terminal around it.
    assertFalse(
        TerminalCapabilities.of(env("TERM", "tmux-256color", "TERM_PROGRAM", "iTerm.app"))
            .synchronizedOutput());
    assertFalse(
        TerminalCapabilities.of(env("TERM", "xterm-kitty", "TMUX", "/tmp/tmux-1/default,1,0"))
            .synchronizedOutput());
  }

  @Test
  void coloursAreFittedToTheTerminal() {
    TextColor rgb = new TextColor.RGB(0xff, 0x87, 0x00);
    TextColor indexed = new TextColor.Indexed(24);
    TerminalCapabilities truecolour = new TerminalCapabilities(Colours.TRUE_COLOUR, false, false);
    TerminalCapabilities indexed256 = new TerminalCapabilities(Colours.INDEXED_256, false, false);
    TerminalCapabilities ansi = new TerminalCapabilities(Colours.ANSI_16, false, false);
    TerminalCapabilities none = new TerminalCapabilities(Colours.NONE, false, false);

    assertEquals(rgb, truecolour.fit(rgb));
    assertEquals(new TextColor.Indexed(208), indexed256.fit(rgb));
    assertEquals(indexed, indexed256.fit(indexed));
    assertEquals(TextColor.ANSI.DEFAULT, none.fit(indexed));

    // The 16 first indexes are the ANSI colours; the rest go to the nearest.
    assertEquals(TextColor.ANSI.RED, ansi.fit(new TextColor.Indexed(1)));
    assertEquals(TextColor.ANSI.WHITE_BRIGHT, ansi.fit(new TextColor.Indexed(15)));
    assertEquals(TextColor.ANSI.BLACK, ansi.fit(new TextColor.Indexed(235)));
    assertEquals(TextColor.ANSI.WHITE_BRIGHT, ansi.fit(new TextColor.Indexed(231)));
    assertEquals(TextColor.ANSI.RED_BRIGHT, ansi.fit(new TextColor.RGB(0xf0, 0x60, 0x60)));
    assertEquals(TextColor.ANSI.DEFAULT, ansi.fit(TextColor.ANSI.DEFAULT));
    assertEquals(TextColor.ANSI.CYAN, ansi.fit(TextColor.ANSI.CYAN));
  }
}
