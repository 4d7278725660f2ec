package dev.agent.tui.terminal;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TerminalCharsetTest {
  @Test
  void theFirstLocaleVariableSetDecides() {
    assertEquals(UTF_8, TerminalCharset.detect(Map.of()));
    assertEquals(UTF_8, TerminalCharset.detect(Map.of("LANG", "en_US.UTF-8")));
    assertEquals(UTF_8, TerminalCharset.detect(Map.of("LANG", "de_DE.utf8")));
    assertEquals(
        ISO_8859_1,
        TerminalCharset.detect(Map.of("LC_ALL", "en_US.ISO-8859-1", "LANG", "en_US.UTF-8")));
    assertEquals(
        ISO_8859_1,
        TerminalCharset.detect(Map.of("LC_CTYPE", "fr_FR.ISO-8859-1@euro", "LANG", "C")));
    assertEquals(US_ASCII, TerminalCharset.detect(Map.of("LANG", "C")));
    assertEquals(US_ASCII, TerminalCharset.detect(Map.of("LC_ALL", "POSIX")));
    assertEquals(UTF_8, TerminalCharset.detect(Map.of("LANG", "C.UTF-8")));
    assertEquals(UTF_8, TerminalCharset.detect(Map.of("LANG", "xx_XX.NOT-A-CHARSET")));
  }
}
