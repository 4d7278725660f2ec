package dev.agent;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the layering of STYLE.md true by reading the import lines of the main sources: each package
 * may import only what its {@code package-info.java} says.
 */
class ArchitectureTest {
  private static final Path SOURCES = Path.of("src/main/java/dev/agent");

  /** Package → prefixes of what it may import besides the JDK and itself. */
  private static final Map<String, List<String>> ALLOWED =
      Map.of(
          "chat", List.of(),
          "config", List.of("dev.agent.chat.", "org.tomlj."),
          "provider",
              List.of(
                  "dev.agent.chat.",
                  "dev.agent.config.",
                  "okhttp3.",
                  "okio.",
                  "com.fasterxml.jackson."),
          "session", List.of("dev.agent.chat.", "dev.agent.config.", "dev.agent.provider."),
          "store",
              List.of(
                  "dev.agent.chat.",
                  "dev.agent.session.",
                  "dev.agent.config.AgentFiles",
                  "com.fasterxml.jackson."),
          "tui",
              List.of(
                  "dev.agent.chat.",
                  "dev.agent.config.",
                  "dev.agent.provider.",
                  "dev.agent.session.",
                  "dev.agent.store.",
                  "com.googlecode.lanterna.",
                  "org.commonmark."),
          "cli",
              List.of(
                  "dev.agent.chat.",
                  "dev.agent.config.",
                  "dev.agent.provider.",
                  "dev.agent.session.",
                  "dev.agent.store.",
                  "dev.agent.tui.",
                  "picocli."));

  @Test
  void everyPackageImportsOnlyWhatItMay() throws IOException {
    List<String> violations = new ArrayList<>();
    for (Map.Entry<String, List<String>> entry : ALLOWED.entrySet()) {
      Path dir = SOURCES.resolve(entry.getKey());
      if (!Files.isDirectory(dir)) {
        continue; // a package not written yet (git keeps no empty folders) has nothing to check
      }
      try (Stream<Path> files = Files.walk(dir)) {
        files
            .filter(f -> f.toString().endsWith(".java"))
            .forEach(f -> check(f, entry.getKey(), entry.getValue(), violations));
      }
    }
    assertEquals(List.of(), violations);
  }

  private static void check(Path file, String pkg, List<String> allowed, List<String> violations) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String line : lines) {
      if (!line.startsWith("import ")) {
        continue;
      }
      String target = line.replace("import static ", "").replace("import ", "").replace(";", "");
      boolean ok =
          target.startsWith("java.")
              || target.startsWith("javax.")
              || target.startsWith("dev.agent." + pkg + ".")
              || allowed.stream().anyMatch(target::startsWith);
      if (!ok) {
        violations.add(file.getFileName() + " (" + pkg + ") imports " + target);
      }
    }
  }
}
