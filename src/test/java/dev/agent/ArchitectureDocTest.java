package dev.agent;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md names every class of {@code src/main} under its package ({@code ### `pkg`},
 * then {@code - `A`, `B`: what they are}), and nothing that is gone, so a reader can go from the
 * page to any class.
 */
class ArchitectureDocTest {
  private static final Path SOURCES = Path.of("src/main/java");
  private static final Pattern HEADING = Pattern.compile("^### `([\\w.]+)`$");
  private static final Pattern NAME = Pattern.compile("`(\\w+)`");

  @Test
  void thePageListsEveryClassUnderItsPackage() throws IOException {
    assertEquals(classesInSources(), classesOnThePage());
  }

  private static Map<String, List<String>> classesInSources() throws IOException {
    Map<String, List<String>> classes = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES.resolve("dev/agent"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        String name = file.getFileName().toString().replace(".java", "");
        if (!name.equals("package-info")) {
          String pkg = SOURCES.relativize(file.getParent()).toString().replace('/', '.');
          classes.computeIfAbsent(pkg, p -> new ArrayList<>()).add(name);
        }
      }
    }
    classes.values().forEach(names -> names.sort(null));
    return classes;
  }

  private static Map<String, List<String>> classesOnThePage() throws IOException {
    Map<String, List<String>> classes = new TreeMap<>();
    String pkg = null;
    for (String line : Files.readAllLines(Path.of("docs", "architecture.md"), UTF_8)) {
      Matcher heading = HEADING.matcher(line);
      if (heading.matches()) {
        pkg = heading.group(1);
      } else if (line.startsWith("## ")) {
        pkg = null;
      } else if (pkg != null && line.startsWith("- `") && line.contains("`:")) {
        // "- `A`, `B`: what they are": the names before the colon
        Matcher name = NAME.matcher(line.substring(0, line.indexOf("`:") + 1));
        while (name.find()) {
          classes.computeIfAbsent(pkg, p -> new ArrayList<>()).add(name.group(1));
        }
      }
    }
    classes.values().forEach(names -> names.sort(null));
    return classes;
  }
}
