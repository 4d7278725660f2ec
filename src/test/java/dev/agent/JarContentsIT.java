package dev.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The runnable jar holds Lanterna's default theme and none of its other bundled ones: Lanterna
 * reads and parses every bundled theme it finds when its GUI is first made, at every start, and the
 * chat draws in its own themes.
 */
class JarContentsIT {
  private static final Path JAR = Path.of("target/agent.jar").toAbsolutePath();

  @Test
  void lanternasOnlyBundledThemeIsItsDefault() throws IOException {
    try (ZipFile jar = new ZipFile(JAR.toFile())) {
      List<String> themes =
          jar.stream()
              .map(entry -> entry.getName())
              .filter(name -> name.endsWith("-theme.properties"))
              .toList();
      assertEquals(List.of("default-theme.properties"), themes);
    }
  }
}
