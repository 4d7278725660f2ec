package dev.agent.tui.terminal;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.googlecode.lanterna.TerminalSize;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@link ChatTerminal} can be asked without a real terminal. */
class ChatTerminalTest {
  @Test
  void anEmojiIsEncodedWholeNotAsTwoHalves() {
    assertArrayEquals("😀".getBytes(UTF_8), ChatTerminal.encodeGrapheme("😀", UTF_8));
    assertArrayEquals(
        new byte[] {(byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80},
        ChatTerminal.encodeGrapheme("😀", UTF_8));
    assertArrayEquals("❤️".getBytes(UTF_8), ChatTerminal.encodeGrapheme("❤️", UTF_8));
  }

  @Test
  void controlCharactersNeverReachTheTerminal() {
    assertArrayEquals("a[2J".getBytes(UTF_8), ChatTerminal.encodeGrapheme("a\u001b[2J", UTF_8));
  }

  @Test
  void aCellIsEncodedWithoutTheNulThatLanternaAddsAfterATwoByteChar() {
    assertArrayEquals(new byte[] {(byte) 0xc2, (byte) 0xb7}, ChatTerminal.cellBytes("·", UTF_8));
    assertArrayEquals("é".getBytes(UTF_8), ChatTerminal.cellBytes("é", UTF_8));
    assertArrayEquals(new byte[] {(byte) 0x3f}, ChatTerminal.cellBytes("😀", US_ASCII));
    assertNull(ChatTerminal.cellBytes("x", US_ASCII), "Lanterna's own mapping, line drawing");
  }

  @Test
  void withSynchronizedOutputEachFrameIsFramedByMode2026InOneWrite() throws Exception {
    List<String> writes = new ArrayList<>();
    OutputStream sink =
        new OutputStream() {
          @Override
          public void write(int b) {
            writes.add(String.valueOf((char) b));
          }

          @Override
          public void write(byte[] b, int off, int len) {
            writes.add(new String(b, off, len, US_ASCII));
          }
        };
    OutputStream frames = ChatTerminal.frameBuffered(sink, true);
    frames.write("\u001b[1;1Hab".getBytes(US_ASCII));
    frames.write('c');
    frames.flush();
    frames.flush(); // nothing written since: no empty frame
    frames.write("d".getBytes(US_ASCII));
    frames.flush();
    assertEquals(
        List.of("\u001b[?2026h\u001b[1;1Habc\u001b[?2026l", "\u001b[?2026hd\u001b[?2026l"), writes);

    writes.clear();
    OutputStream plain = ChatTerminal.frameBuffered(sink, false);
    plain.write("abc".getBytes(US_ASCII));
    plain.flush();
    assertEquals(List.of("abc"), writes);
  }

  @Test
  void theSizeIsReadFromSttysAnswer() {
    assertEquals(new TerminalSize(200, 60), ChatTerminal.parseSize("60 200\n"));
    assertNull(ChatTerminal.parseSize(""));
    assertNull(ChatTerminal.parseSize("0 80"));
    assertNull(ChatTerminal.parseSize("stty: 'standard input': Inappropriate ioctl for device"));
  }
}
