package dev.agent.tui;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.googlecode.lanterna.graphics.PropertyTheme;
import com.googlecode.lanterna.graphics.Theme;
import dev.agent.tui.terminal.TerminalCapabilities;
import dev.agent.tui.terminal.TerminalCapabilities.Colours;
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
 * NO_COLOR} set to anything but empty (no-color.org), or a terminal without colours ({@code vt100},
 * {@code dumb}), gives the colourless {@code mono} theme, whatever the name. With no name, a
 * terminal of 16 colours ({@code linux}, {@code xterm}) gets {@code basic}, one of 256 or more
 * {@code dark}; a theme named on such a terminal is shown in the nearest colours it has ({@link
 * TerminalCapabilities#fit}).
 */
final class ThemeCatalog {
  static final String DEFAULT = "dark";
  private static final String SIXTEEN_COLOURS = "basic";
  static final List<String> BUILT_IN = List.of("dark", "light", "basic");
  private static final String MONO = "mono";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");

  private ThemeCatalog() {}

  /**
   * The theme called {@code name} (empty for the one that suits the terminal {@code env}
   * describes). An unknown or broken theme is reported through {@code warn}, one line saying how to
   * fix it, and the one that suits the terminal is used instead.
   */
  static Theme load(String name, Path agentHome, Map<String, String> env, Consumer<String> warn) {
    Colours colours = TerminalCapabilities.of(env).colours();
    if (!env.getOrDefault("NO_COLOR", "").isEmpty() || colours == Colours.NONE) {
      return builtIn(MONO);
    }
    String fallback = colours == Colours.ANSI_16 ? SIXTEEN_COLOURS : DEFAULT;
    String wanted = name.isBlank() ? fallback : name.strip();
    if (!NAME.matcher(wanted).matches()) {
      warn.accept(unknown(wanted, agentHome, fallback));
      return builtIn(fallback);
    }
    Path file = agentHome.resolve("themes").resolve(wanted + ".properties");
    if (Files.isRegularFile(file)) {
      try (Reader reader = Files.newBufferedReader(file, UTF_8)) {
        return parse(reader);
      } catch (IOException | RuntimeException e) {
        // PropertyTheme rejects an unknown class, colour or style with a RuntimeException.
        warn.accept(
            file
                + ": not a usable Lanterna property theme ("
                + e.getMessage()
                + "); using "
                + fallback);
        return builtIn(fallback);
      }
    }
    if (!BUILT_IN.contains(wanted)) {
      warn.accept(unknown(wanted, agentHome, fallback));
      return builtIn(fallback);
    }
    return builtIn(wanted);
  }

  private static String unknown(String name, Path agentHome, String fallback) {
    return "unknown theme '"
        + name
        + "' (built in: "
        + String.join(", ", BUILT_IN)
        + "; or add "
        + agentHome.resolve("themes").resolve("NAME.properties")
        + "); using "
        + fallback;
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
