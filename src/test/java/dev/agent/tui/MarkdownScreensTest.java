package dev.agent.tui;

import static dev.agent.chat.StopReason.Kind.END_TURN;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.googlecode.lanterna.graphics.Theme;
import dev.agent.chat.StopReason;
import dev.agent.chat.StreamEvent.Completed;
import dev.agent.chat.StreamEvent.TextDelta;
import dev.agent.chat.Usage;
import dev.agent.session.FakeChatClient.FakeCall;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replies in Markdown as the transcript shows them, text and styles, against reviewed golden
 * screens: each document at 80 and 50 columns, in the dark theme and without colour (NO_COLOR). The
 * {@code edge-*} documents stop mid-stream, to show the streaming edge.
 */
class MarkdownScreensTest {
  private static final List<String> DOCUMENTS =
      List.of("prose", "lists", "table", "code", "edge-fence", "edge-table", "edge-strong");
  private static final int ROWS = 100;

  @TempDir Path home;

  static Stream<Arguments> screens() {
    List<Arguments> all = new ArrayList<>();
    for (String document : DOCUMENTS) {
      for (int width : List.of(80, 50)) {
        for (String theme : List.of("dark", "mono")) {
          all.add(Arguments.of(document, width, theme));
        }
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} at {1} columns, {2}")
  @MethodSource("screens")
  void aReplyInMarkdownLooksAsReviewed(String document, int width, String themeName)
      throws Exception {
    String markdown = resource("markdown/" + document + ".md");
    Theme theme = ThemeCatalog.builtIn(themeName);
    try (ChatDriver chat = ChatDriver.builder(home).size(width, ROWS).theme(theme).start()) {
      chat.send("Show " + document);
      FakeCall call = chat.backend.client("anthropic").nextCall();
      call.emit(new TextDelta(markdown));
      if (!document.startsWith("edge-")) {
        call.emit(new Completed(Usage.UNKNOWN, new StopReason(END_TURN, "end_turn")));
      }
      chat.tick();
      String screen =
          StyledScreen.capture(chat.terminal, 1, ROWS - 2, theme, transcriptStyles(themeName));
      Goldens.assertScreen("markdown/" + document + "-" + width + "-" + themeName, screen);
    }
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = MarkdownScreensTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), UTF_8);
    }
  }

  /** The custom styles of the transcript that the theme file names. */
  static List<String> transcriptStyles(String themeName) {
    Properties properties = new Properties();
    try (InputStream in =
        ThemeCatalog.class.getResourceAsStream("themes/" + themeName + ".properties")) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String prefix = "dev.agent.tui.TranscriptView.";
    List<String> names = new ArrayList<>();
    for (String key : properties.stringPropertyNames()) {
      if (key.startsWith(prefix) && key.contains("[")) {
        String name = key.substring(key.indexOf('[') + 1, key.indexOf(']'));
        if (!names.contains(name)) {
          names.add(name);
        }
      }
    }
    return names;
  }
}
