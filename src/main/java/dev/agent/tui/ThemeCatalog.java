package dev.agent.tui;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.googlecode.lanterna.graphics.PropertyTheme;
import com.googlecode.lanterna.graphics.Theme;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The UI's themes: Lanterna property themes chosen by name. Built in are {@code dark} (the
 * default), {@code light} and {@code basic} (only the 16 ANSI colours, for terminals without 256);
 * a file {@code NAME.properties} under {@code $AGENT_HOME/themes} adds or replaces one. {@code
 * NO_COLOR} set to anything but empty (no-color.org) gives the colourless {@code mono} theme,
 * whatever the name.
 */
final class ThemeCatalog {
  static final String DEFAULT = "dark";
  static final List<String> BUILT_IN = List.of("dark", "light", "basic");
  private static final String MONO = "mono";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");

  private ThemeCatalog() {}

  /**
   * The theme called {@code name} (empty for the default). An unknown or broken theme is reported
   * through {@code warn}, one line saying how to fix it, and the default is used instead.
   */
  static Theme load(String name, Path agentHome, Map<String, String> env, Consumer<String> warn) {
    if (!env.getOrDefault("NO_COLOR", "").isEmpty()) {
      return builtIn(MONO);
    }
    String wanted = name.isBlank() ? DEFAULT : name.strip();
    if (!NAME.matcher(wanted).matches()) {
      warn.accept(unknown(wanted, agentHome));
      return builtIn(DEFAULT);
    }
    Path file = agentHome.resolve("themes").resolve(wanted + ".properties");
    if (Files.isRegularFile(file)) {
      try (Reader reader = Files.newBufferedReader(file, UTF_8)) {
        return parse(reader);
      } catch (IOException | RuntimeException e) {
        // PropertyTheme rejects an unknown class, colour or style with a RuntimeException.
        warn.accept(
            file + ": not a usable Lanterna property theme (" + e.getMessage() + "); using dark");
        return builtIn(DEFAULT);
      }
    }
    if (!BUILT_IN.contains(wanted)) {
      warn.accept(unknown(wanted, agentHome));
      return builtIn(DEFAULT);
    }
    return builtIn(wanted);
  }

  private static String unknown(String name, Path agentHome) {
    return "unknown theme '"
        + name
        + "' (built in: "
        + String.join(", ", BUILT_IN)
        + "; or add "
        + agentHome.resolve("themes").resolve("NAME.properties")
        + "); using dark";
  }

  /** A theme shipped in the jar, from the project's {@code themes/} folder. */
  static Theme builtIn(String name) {
    String resource = "themes/" + name + ".properties";
    try (InputStream in = ThemeCatalog.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("theme resource missing from the build: " + resource);
      }
      return parse(new InputStreamReader(in, UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Theme parse(Reader reader) throws IOException {
    Properties properties = new Properties();
    properties.load(reader);
    return new PropertyTheme(properties, false);
  }
}
