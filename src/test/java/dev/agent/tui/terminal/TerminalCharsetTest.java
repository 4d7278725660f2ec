package dev.agent.tui.terminal;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
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

  /** What a reader in {@link TerminalCharset#forKeys}{@code (shown)} makes of {@code bytes}. */
  private static String keys(Charset shown, byte[] bytes) throws IOException {
    try (Reader reader =
        new InputStreamReader(new ByteArrayInputStream(bytes), TerminalCharset.forKeys(shown))) {
      StringBuilder text = new StringBuilder();
      for (int c = reader.read(); c >= 0; c = reader.read()) {
        text.append((char) c);
      }
      return text.toString();
    }
  }

  @Test
  void keysAreReadAsUtf8WhateverTheLocaleSaysAndOtherBytesInTheLocalesCharset() throws IOException {
    String typed = "héllo 日本 😀";
    assertEquals(typed, keys(US_ASCII, typed.getBytes(UTF_8)), "LANG=C");
    assertEquals(typed, keys(ISO_8859_1, typed.getBytes(UTF_8)));
    assertEquals("héllo", keys(ISO_8859_1, "héllo".getBytes(ISO_8859_1)), "a Latin-1 terminal");
    assertEquals(
        "h\ufffdllo", keys(US_ASCII, "héllo".getBytes(ISO_8859_1)), "not UTF-8, not ASCII");
    assertEquals("a\ufffd", keys(US_ASCII, new byte[] {'a', (byte) 0xe6, (byte) 0x97}), "cut");
    assertEquals("\ufffd\ufffd", keys(US_ASCII, new byte[] {(byte) 0xc0, (byte) 0xaf}), "overlong");
    assertEquals(UTF_8, TerminalCharset.forKeys(UTF_8));
  }

  @Test
  void textIsStillShownInTheLocalesCharset() {
    Charset keys = TerminalCharset.forKeys(US_ASCII);
    assertEquals("h?llo", new String("héllo".getBytes(keys), US_ASCII));
    assertEquals(
        "héllo", new String("héllo".getBytes(TerminalCharset.forKeys(ISO_8859_1)), ISO_8859_1));
  }

  /** A multi-byte charset's bytes cannot be told from UTF-8's one at a time: it stays itself. */
  @Test
  void aMultiByteLocaleCharsetIsKept() {
    Charset eucJp = Charset.forName("EUC-JP");
    assertEquals(eucJp, TerminalCharset.forKeys(eucJp));
  }
}
