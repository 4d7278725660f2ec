package dev.agent;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import org.junit.jupiter.api.Test;

/** The arguments as typed, whatever charset the locale made Java read them in. */
class MainTest {
  /** {@code /proc/self/cmdline}: each argument's bytes, NUL-terminated. */
  private static byte[] cmdline(Charset charset, String... arguments) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (String argument : arguments) {
      bytes.writeBytes(argument.getBytes(charset));
      bytes.write(0);
    }
    return bytes.toByteArray();
  }

  /** What Java 17 gives {@code main} under LANG=C: each byte that is not ASCII a U+FFFD. */
  private static String asJavaReadIt(String typed) {
    return new String(typed.getBytes(UTF_8), US_ASCII);
  }

  @Test
  void utf8ArgumentsUnderTheCLocaleAreReadAgainAsUtf8() {
    byte[] cmdline =
        cmdline(UTF_8, "/usr/bin/java", "-jar", "agent.jar", "-p", "custom", "héllo 日本 😀");
    assertArrayEquals(
        new String[] {"-p", "custom", "héllo 日本 😀"},
        Main.argumentsAsTyped(
            new String[] {"-p", "custom", asJavaReadIt("héllo 日本 😀")}, cmdline, US_ASCII));
  }

  @Test
  void argumentsThatAreNotUtf8OrDoNotLineUpStayAsJavaReadThem() {
    String[] latin1 = {"héllo"};
    assertArrayEquals(
        latin1,
        Main.argumentsAsTyped(latin1, cmdline(ISO_8859_1, "java", "héllo"), ISO_8859_1),
        "a Latin-1 argument in a Latin-1 locale");
    String[] given = {asJavaReadIt("héllo")};
    assertArrayEquals(
        given,
        Main.argumentsAsTyped(given, cmdline(UTF_8, "java", "other"), US_ASCII),
        "the file's last argument is not this one");
    assertArrayEquals(
        given, Main.argumentsAsTyped(given, new byte[0], US_ASCII), "fewer arguments there");
    String[] utf8 = {"héllo"};
    assertArrayEquals(
        utf8, Main.argumentsAsTyped(utf8, cmdline(UTF_8, "java", "hello"), UTF_8), "UTF-8 locale");
  }
}
