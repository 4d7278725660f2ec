package dev.agent;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the layering of STYLE.md true by reading the import lines of the main sources: each package
 * may import only the JDK, itself and what the "May import:" paragraph of its {@code
 * package-info.java} lists, so the documentation and the rule are one text.
 *
 * <p>A listed package of ours ({@code dev.agent.tui}) allows its own classes, not its subpackages;
 * a listed class ({@code dev.agent.config.AgentFiles}) allows that class; a listed library ({@code
 * com.googlecode.lanterna}) allows all of it.
 */
class ArchitectureTest {
  private static final Path SOURCES = Path.of("src/main/java");
  private static final Pattern MAY_IMPORT =
      Pattern.compile("May import:([^.]*(?:\\.\\w[^.]*)*)\\.");
  private static final Pattern CODE = Pattern.compile("\\{@code\\s+([\\w.]+)\\s*}");

  @Test
  void everyPackageImportsOnlyWhatItsPackageInfoAllows() throws IOException {
    List<String> violations = new ArrayList<>();
    for (Path dir : packages()) {
      String pkg = SOURCES.relativize(dir).toString().replace('/', '.');
      List<String> allowed = allowedImports(dir);
      try (Stream<Path> files = Files.list(dir)) {
        files
            .filter(f -> f.toString().endsWith(".java"))
            .sorted()
            .forEach(f -> violations.addAll(violations(f.getFileName(), pkg, allowed, read(f))));
      }
    }
    assertEquals(List.of(), violations);
  }

  @Test
  void theLayersAreChecked() throws IOException {
    List<String> names = packages().stream().map(d -> SOURCES.relativize(d).toString()).toList();
    for (String layer :
        List.of(
            "dev/agent",
            "dev/agent/cli",
            "dev/agent/tui",
            "dev/agent/tui/terminal",
            "dev/agent/tui/text",
            "dev/agent/tui/markdown",
            "dev/agent/store",
            "dev/agent/session",
            "dev/agent/provider",
            "dev/agent/config",
            "dev/agent/chat")) {
      assertTrue(names.contains(layer), layer + " in " + names);
    }
  }

  @Test
  void aTerminalClassImportingTheAppLayerIsAViolation() throws IOException {
    List<String> allowed = allowedImports(SOURCES.resolve("dev/agent/tui/terminal"));
    List<String> lines =
        List.of(
            "package dev.agent.tui.terminal;",
            "import com.googlecode.lanterna.screen.Screen;",
            "import dev.agent.tui.ChatUi;",
            "import static dev.agent.tui.text.Rows.concat;");
    assertEquals(
        List.of(
            "Bad.java (dev.agent.tui.terminal) imports dev.agent.tui.ChatUi",
            "Bad.java (dev.agent.tui.terminal) imports dev.agent.tui.text.Rows.concat"),
        violations(Path.of("Bad.java"), "dev.agent.tui.terminal", allowed, lines));
  }

  @Test
  void theAppLayerMayNotReachIntoAnotherPackagesSubpackage() throws IOException {
    List<String> allowed = allowedImports(SOURCES.resolve("dev/agent/cli"));
    assertFalse(allowed.isEmpty());
    assertEquals(
        List.of("A.java (dev.agent.cli) imports dev.agent.tui.terminal.ChatTerminal"),
        violations(
            Path.of("A.java"),
            "dev.agent.cli",
            allowed,
            List.of(
                "import dev.agent.tui.ChatApp;", "import dev.agent.tui.terminal.ChatTerminal;")));
  }

  /** Every folder under {@code src/main/java/dev/agent} that holds Java sources. */
  private static List<Path> packages() throws IOException {
    try (Stream<Path> all = Files.walk(SOURCES.resolve("dev/agent"))) {
      return all.filter(Files::isDirectory).filter(ArchitectureTest::hasSources).sorted().toList();
    }
  }

  private static boolean hasSources(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(f -> f.toString().endsWith(".java"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The names listed by the "May import:" paragraph of the package's {@code package-info.java}. */
  private static List<String> allowedImports(Path dir) throws IOException {
    Path info = dir.resolve("package-info.java");
    assertTrue(Files.isRegularFile(info), info + " is missing");
    String text = String.join(" ", read(info)).replaceAll("\\s*\\*\\s*", " ");
    Matcher paragraph = MAY_IMPORT.matcher(text);
    assertTrue(paragraph.find(), info + " has no 'May import:' paragraph");
    List<String> allowed = new ArrayList<>();
    Matcher code = CODE.matcher(paragraph.group(1));
    while (code.find()) {
      allowed.add(code.group(1));
    }
    return allowed;
  }

  static List<String> violations(Path file, String pkg, List<String> allowed, List<String> lines) {
    List<String> violations = new ArrayList<>();
    for (String line : lines) {
      if (!line.startsWith("import ")) {
        continue;
      }
      String target = line.replace("import static ", "").replace("import ", "").replace(";", "");
      String targetPackage = packageOf(target);
      boolean ok =
          target.startsWith("java.")
              || target.startsWith("javax.")
              || targetPackage.equals(pkg)
              || allowed.stream().anyMatch(a -> allows(a, target, targetPackage));
      if (!ok) {
        violations.add(file.getFileName() + " (" + pkg + ") imports " + target);
      }
    }
    return violations;
  }

  private static boolean allows(String allowed, String target, String targetPackage) {
    if (!allowed.startsWith("dev.agent")) {
      return target.startsWith(allowed + "."); // a library, with its subpackages
    }
    if (packageOf(allowed).equals(allowed)) {
      return targetPackage.equals(allowed); // one package of ours, not its subpackages
    }
    return target.equals(allowed) || target.startsWith(allowed + "."); // one class of ours
  }

  /** The package of an imported name: the segments before the first that starts upper case. */
  private static String packageOf(String name) {
    List<String> segments = new ArrayList<>();
    for (String segment : name.split("\\.", -1)) {
      if (!segment.isEmpty() && Character.isUpperCase(segment.charAt(0))) {
        break;
      }
      segments.add(segment);
    }
    return String.join(".", segments);
  }

  private static List<String> read(Path file) {
    try {
      return Files.readAllLines(file, UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
