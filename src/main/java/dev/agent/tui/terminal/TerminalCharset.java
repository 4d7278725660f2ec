package dev.agent.tui.terminal;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Map;

/**
 * The terminal's character encoding, from the locale variables the way the C library reads them:
 * the first of {@code LC_ALL}, {@code LC_CTYPE}, {@code LANG} that is set decides. Its codeset
 * ({@code en_US.ISO-8859-1}) names the charset; {@code C} and {@code POSIX} mean ASCII; anything
 * else, or nothing set, means UTF-8, which is what terminals use today.
 */
public final class TerminalCharset {
  private TerminalCharset() {}

  public static Charset detect(Map<String, String> env) {
    for (String variable : new String[] {"LC_ALL", "LC_CTYPE", "LANG"}) {
      String locale = env.getOrDefault(variable, "").strip();
      if (!locale.isEmpty()) {
        return ofLocale(locale);
      }
    }
    return StandardCharsets.UTF_8;
  }

  private static Charset ofLocale(String locale) {
    if (locale.equals("C") || locale.equals("POSIX")) {
      return StandardCharsets.US_ASCII;
    }
    int dot = locale.indexOf('.');
    if (dot < 0) {
      return StandardCharsets.UTF_8;
    }
    int at = locale.indexOf('@', dot);
    String codeset = locale.substring(dot + 1, at < 0 ? locale.length() : at);
    if (codeset.equalsIgnoreCase("utf8") || codeset.equalsIgnoreCase("utf-8")) {
      return StandardCharsets.UTF_8;
    }
    try {
      return Charset.forName(codeset);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      return StandardCharsets.UTF_8;
    }
  }
}
