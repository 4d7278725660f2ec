package dev.agent.tui;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.terminal.ansi.ANSITerminal;
import dev.agent.chat.Message;
import dev.agent.chat.StreamEvent.TextDelta;
import dev.agent.session.FakeChatClient.FakeCall;
import dev.agent.tui.terminal.ChatKeys;
import dev.agent.tui.terminal.ChatScreen;
import dev.agent.tui.terminal.ChatTerminal;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat on a real ANSI terminal over streams: keys arrive as the bytes a terminal sends, and a
 * frame leaves in one write because the output is buffered and flushed once per frame.
 */
class FrameWritesTest {
  @TempDir Path home;

  /** Bytes typed by the test; never blocks, as a terminal with nothing typed. */
  private static final class Keyboard extends InputStream {
    private final ConcurrentLinkedQueue<Integer> bytes = new ConcurrentLinkedQueue<>();

    void type(String text) {
      for (byte b : text.getBytes(UTF_8)) {
        bytes.add(b & 0xff);
      }
    }

    @Override
    public int read() {
      Integer next = bytes.poll();
      return next == null ? -1 : next;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      int count = 0;
      Integer next;
      while (count < length && (next = bytes.poll()) != null) {
        buffer[offset + count++] = (byte) (int) next;
      }
      return count == 0 ? -1 : count;
    }

    @Override
    public int available() {
      return bytes.size();
    }
  }

  /** Counts the writes that reach the terminal. */
  private static final class CountingOutput extends OutputStream {
    int writes;
    long bytes;

    @Override
    public void write(int b) {
      writes++;
      bytes++;
    }

    @Override
    public void write(byte[] data, int offset, int length) {
      writes++;
      bytes += length;
    }
  }

  private static final class StreamTerminal extends ANSITerminal {
    StreamTerminal(InputStream in, OutputStream out) {
      super(in, out, UTF_8);
      getInputDecoder().addProfile(new ChatKeys());
    }

    @Override
    protected TerminalSize findTerminalSize() {
      return new TerminalSize(80, 24);
    }
  }

  private int writesPerFrame(boolean buffered) throws Exception {
    Keyboard keyboard = new Keyboard();
    CountingOutput sink = new CountingOutput();
    OutputStream out = buffered ? ChatTerminal.frameBuffered(sink) : sink;
    StreamTerminal terminal = new StreamTerminal(keyboard, out);
    ChatScreen screen = new ChatScreen(terminal);
    screen.startScreen();
    FakeBackend backend = new FakeBackend();
    ChatUi ui = ChatDriver.startChat(backend, home, screen);
    try {
      keyboard.type("Hi there\r");
      while (ui.tick()) {
        // settle
      }
      FakeCall call = backend.client("anthropic").nextCall();
      assertEquals(List.of(Message.user("Hi there")), call.request().messages());
      sink.writes = 0;
      sink.bytes = 0;
      call.emit(new TextDelta("A streamed token"));
      assertTrue(ui.tick(), "a frame was drawn");
      assertTrue(sink.bytes > 0, "the frame reached the terminal");
      return sink.writes;
    } finally {
      ui.close();
    }
  }

  @Test
  void aFrameIsOneWriteToTheTerminal() throws Exception {
    assertEquals(1, writesPerFrame(true));
    assertTrue(writesPerFrame(false) > 10, "unbuffered, Lanterna writes piece by piece");
  }
}
