package dev.agent.tui;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden text screens under {@code src/test/resources/dev/agent/tui/screens}. Run the tests with
 * {@code -Dgoldens.update=true} to rewrite them after a reviewed change; review the diff before
 * committing.
 */
final class Goldens {
  private static final Path DIR = Path.of("src/test/resources/dev/agent/tui/screens");

  private Goldens() {}

  static void assertScreen(String name, String actual) {
    Path file = DIR.resolve(name + ".txt");
    String text = actual + "\n";
    try {
      if (Boolean.getBoolean("goldens.update")) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, UTF_8);
        return;
      }
      String expected =
          Files.exists(file)
              ? Files.readString(file, UTF_8)
              : "(no golden " + file + "; run with -Dgoldens.update=true)";
      assertEquals(expected, text, "screen " + name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
