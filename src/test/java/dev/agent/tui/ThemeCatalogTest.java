package dev.agent.tui;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.Theme;
import com.googlecode.lanterna.input.KeyType;
import dev.agent.chat.ChatException;
import dev.agent.chat.StreamEvent.Failed;
import dev.agent.chat.StreamEvent.TextDelta;
import dev.agent.tui.markdown.SyntaxHighlighter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThemeCatalogTest {
  @TempDir Path home;
  private final List<String> warnings = new ArrayList<>();

  /** A terminal of 256 colours, where the default is dark. */
  private static final Map<String, String> XTERM_256 = Map.of("TERM", "xterm-256color");

  private static Properties properties(String name) throws IOException {
    Properties properties = new Properties();
    try (InputStream in =
        ThemeCatalog.class.getResourceAsStream("themes/" + name + ".properties")) {
      properties.load(in);
    }
    return properties;
  }

  @Test
  void everyThemeStylesEveryPartOfTheScreen() throws IOException {
    TreeSet<String> darkKeys = new TreeSet<>(properties("dark").stringPropertyNames());
    for (String name : List.of("light", "basic", "mono")) {
      assertEquals(darkKeys, new TreeSet<>(properties(name).stringPropertyNames()), name);
    }
    for (String style :
        List.of(
            "user-header",
            "user",
            "assistant-header",
            "assistant",
            "error",
            "muted",
            "reasoning-header",
            "reasoning")) {
      assertTrue(darkKeys.contains("dev.agent.tui.TranscriptView.foreground[" + style + "]"));
    }
    for (String style :
        List.of(
            "md-heading1",
            "md-heading2",
            "md-heading3",
            "md-code",
            "md-link",
            "md-link-target",
            "md-quote",
            "md-quote-bar",
            "md-bullet",
            "md-rule",
            "md-table-header",
            "md-table-border",
            "md-code-block",
            "md-code-frame",
            "md-code-wrap")) {
      assertTrue(
          darkKeys.contains("dev.agent.tui.TranscriptView.foreground[" + style + "]"), style);
    }
    for (SyntaxHighlighter.Kind kind : SyntaxHighlighter.Kind.values()) {
      String key = "dev.agent.tui.TranscriptView.background[" + kind.themeName() + "]";
      assertTrue(darkKeys.contains(key), key);
    }
    for (String modifier : List.of("md-strong", "md-emphasis")) {
      assertTrue(darkKeys.contains("dev.agent.tui.TranscriptView.sgr[" + modifier + "]"), modifier);
    }
  }

  @Test
  void theBasicThemeUsesOnlyTheSixteenAnsiColours() throws IOException {
    Properties basic = properties("basic");
    for (String key : basic.stringPropertyNames()) {
      if (key.contains("foreground") || key.contains("background")) {
        assertInstanceOf(
            TextColor.ANSI.class, TextColor.Factory.fromString(basic.getProperty(key)), key);
      }
    }
  }

  @Test
  void themesAreChosenByNameAndAnUnknownOneFallsBackToDarkWithAWarning() {
    Theme light = ThemeCatalog.load("light", home, XTERM_256, warnings::add);
    assertEquals(
        TextColor.Factory.fromString("#255"),
        light.getDefaultDefinition().getNormal().getBackground());
    Theme dark = ThemeCatalog.load("", home, XTERM_256, warnings::add);
    assertEquals(
        TextColor.Factory.fromString("#235"),
        dark.getDefaultDefinition().getNormal().getBackground());
    assertEquals(List.of(), warnings);

    Theme fallback = ThemeCatalog.load("solarized", home, XTERM_256, warnings::add);
    assertEquals(
        TextColor.Factory.fromString("#235"),
        fallback.getDefaultDefinition().getNormal().getBackground());
    assertEquals(
        List.of(
            "unknown theme 'solarized' (built in: dark, light, basic; or add "
                + home.resolve("themes").resolve("NAME.properties")
                + "); using dark"),
        warnings);
  }

  @Test
  void aThemeFileUnderTheAgentHomeAddsATheme() throws IOException {
    Files.createDirectories(home.resolve("themes"));
    Files.writeString(
        home.resolve("themes/mine.properties"), "foreground = red\nbackground = #17\n", UTF_8);
    Theme mine = ThemeCatalog.load("mine", home, XTERM_256, warnings::add);
    assertEquals(TextColor.ANSI.RED, mine.getDefaultDefinition().getNormal().getForeground());
    assertEquals(List.of(), warnings);

    Files.writeString(home.resolve("themes/broken.properties"), "foreground = mauve\n", UTF_8);
    Theme broken = ThemeCatalog.load("broken", home, XTERM_256, warnings::add);
    assertNotSame(null, broken);
    assertEquals(
        List.of(
            home.resolve("themes/broken.properties")
                + ": not a usable Lanterna property theme (Unknown color definition \"mauve\");"
                + " using dark"),
        warnings);

    Files.writeString(
        home.resolve("themes/odd.properties"),
        "postrenderer = com.example.NoSuchRenderer\n",
        UTF_8);
    ThemeCatalog.load("odd", home, XTERM_256, warnings::add);
    assertEquals(2, warnings.size());
    assertTrue(warnings.get(1).contains("odd.properties: not a usable Lanterna property theme"));
  }

  /**
   * Theme files name the views' classes; the views stayed in {@code dev.agent.tui} when the UI was
   * split into layers, so a user's theme written before it loads as it did.
   */
  @Test
  void aUsersThemeFromBeforeTheLayersLoadsAsItDid() throws Exception {
    Files.createDirectories(home.resolve("themes"));
    Files.writeString(
        home.resolve("themes/old.properties"),
        """
        foreground = #252
        background = #235
        dev.agent.tui.TopBar.background = #17
        dev.agent.tui.TranscriptView.foreground[error] = #196
        dev.agent.tui.InputView.foreground = #231
        dev.agent.tui.StatusLine.background = #236
        dev.agent.tui.PickerWindow.foreground = #117
        dev.agent.tui.SessionsWindow.foreground = #118
        """,
        UTF_8);
    Theme old = ThemeCatalog.load("old", home, XTERM_256, warnings::add);
    assertEquals(List.of(), warnings);
    assertEquals(
        new TextColor.Indexed(17), old.getDefinition(TopBar.class).getNormal().getBackground());
    assertEquals(
        new TextColor.Indexed(196),
        old.getDefinition(TranscriptView.class).getCustom("error").getForeground());
    assertEquals(
        new TextColor.Indexed(231), old.getDefinition(InputView.class).getNormal().getForeground());
    assertEquals(
        new TextColor.Indexed(236),
        old.getDefinition(StatusLine.class).getNormal().getBackground());
    assertEquals(
        new TextColor.Indexed(117),
        old.getDefinition(PickerWindow.class).getNormal().getForeground());
    assertEquals(
        new TextColor.Indexed(118),
        old.getDefinition(SessionsWindow.class).getNormal().getForeground());
  }

  /** Every class a shipped theme names is a class of the build, so no style is silently lost. */
  @Test
  void everyClassTheShippedThemesNameExists() throws IOException {
    for (String name : List.of("dark", "light", "basic", "mono")) {
      for (String key : properties(name).stringPropertyNames()) {
        if (key.startsWith("dev.agent.")) {
          String className =
              key.substring(0, key.indexOf('.', key.lastIndexOf("dev.agent.tui.") + 14));
          try {
            Class.forName(className);
          } catch (ClassNotFoundException e) {
            throw new AssertionError(name + ": " + key + " names no class", e);
          }
        }
      }
    }
  }

  @Test
  void noColorGivesAScreenWithoutASingleColour() throws Exception {
    Theme mono = ThemeCatalog.load("light", home, Map.of("NO_COLOR", "1"), warnings::add);
    try (ChatDriver chat = ChatDriver.builder(home).theme(mono).provider("openai").start()) {
      chat.send("Hi");
      chat.tick();
      chat.ctrl('p').tick();
      TerminalSize size = chat.terminal.getTerminalSize();
      for (int row = 0; row < size.getRows(); row++) {
        for (int column = 0; column < size.getColumns(); column++) {
          TextCharacter cell = chat.cell(column, row);
          assertEquals(TextColor.ANSI.DEFAULT, cell.getForegroundColor(), column + "," + row);
          assertEquals(TextColor.ANSI.DEFAULT, cell.getBackgroundColor(), column + "," + row);
        }
      }
      chat.press(KeyType.Escape).tick();
      assertTrue(
          chat.cellOf("error: openai").getModifiers().contains(com.googlecode.lanterna.SGR.BOLD));
    }
    assertEquals(List.of(), warnings);
  }

  @Test
  void withNoNameTheTerminalChoosesAndATerminalWithoutColourGetsMonoWhateverTheName() {
    assertEquals(background("mono"), background(load("", Map.of("TERM", "vt100"))));
    assertEquals(background("mono"), background(load("dark", Map.of("TERM", "vt220"))));
    assertEquals(background("basic"), background(load("", Map.of("TERM", "linux"))));
    assertEquals(background("basic"), background(load("", Map.of("TERM", "xterm"))));
    assertEquals(background("dark"), background(load("", Map.of("TERM", "screen-256color"))));
    assertEquals(
        background("dark"),
        background(load("", Map.of("TERM", "xterm", "COLORTERM", "truecolor"))));
    // A theme named on a 16-colour terminal is kept; the terminal fits its colours.
    assertEquals(background("light"), background(load("light", Map.of("TERM", "linux"))));
    assertEquals(List.of(), warnings);

    load("solarized", Map.of("TERM", "linux"));
    assertTrue(warnings.get(0).endsWith("); using basic"), warnings.get(0));
  }

  private Theme load(String name, Map<String, String> env) {
    return ThemeCatalog.load(name, home, env, warnings::add);
  }

  private static List<TextColor> background(String builtIn) {
    return background(ThemeCatalog.builtIn(builtIn));
  }

  /** What tells the built-in themes apart: the page's and the selection's backgrounds. */
  private static List<TextColor> background(Theme theme) {
    return List.of(
        theme.getDefaultDefinition().getNormal().getBackground(),
        theme.getDefaultDefinition().getSelected().getBackground());
  }

  @Test
  void anEmptyNoColorChangesNothing() {
    Theme dark = ThemeCatalog.load("dark", home, Map.of("NO_COLOR", ""), warnings::add);
    assertEquals(
        TextColor.Factory.fromString("#235"),
        dark.getDefaultDefinition().getNormal().getBackground());
  }

  @Test
  void eachBuiltInThemeDrawsTheChat() throws Exception {
    for (String name : List.of("dark", "light", "basic", "mono")) {
      try (ChatDriver chat = ChatDriver.builder(home).theme(ThemeCatalog.builtIn(name)).start()) {
        chat.send("Hi");
        chat.backend
            .client("anthropic")
            .nextCall()
            .emitFromAnotherThread(
                new TextDelta("Hello"),
                new Failed(new ChatException(ChatException.Kind.SERVER, "anthropic: overloaded")))
            .join();
        chat.awaitText("incomplete: anthropic: overloaded");
        assertEquals(
            List.of(
                " anthropic · claude-sonnet-4-20250514",
                " Hello",
                " incomplete: anthropic: overloaded"),
            chat.rows(4, 6),
            name);
      }
    }
  }
}
