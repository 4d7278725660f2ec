package dev.agent.tui;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.terminal.ansi.ANSITerminal;
import dev.agent.chat.StreamEvent.Completed;
import dev.agent.chat.StreamEvent.TextDelta;
import dev.agent.chat.Usage;
import dev.agent.config.Selection;
import dev.agent.session.FakeChatClient;
import dev.agent.session.FakeChatClient.FakeCall;
import dev.agent.store.SessionStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The chat at a given size with a conversation of a given number of messages on screen and a reply
 * streaming in, following the bottom, drawn as ANSI bytes to a terminal that counts and discards
 * them. Each {@link #frame} is a token arriving and the frame it causes. Shared by the frame-cost
 * micro-benchmark ({@code src/jmh/.../FrameBenchmark}) and {@link StreamingFramesTest}, so the
 * benchmark's set-up is compiled, and run, by every build.
 */
final class StreamingFrames implements AutoCloseable {
  private final Keyboard keyboard = new Keyboard();
  private final Counting counting = new Counting();
  private final ChatUi ui;
  private final FakeCall call;
  private long tokens;

  /**
   * A chat of {@code columns} by {@code rows} whose conversation has {@code messages} messages: the
   * prompt being answered, the reply streaming, and earlier exchanges before them.
   */
  StreamingFrames(int columns, int rows, int messages, Path home) throws Exception {
    ANSITerminal terminal =
        new ANSITerminal(keyboard, ChatTerminal.frameBuffered(counting), UTF_8) {
          @Override
          protected TerminalSize findTerminalSize() {
            return new TerminalSize(columns, rows);
          }
        };
    terminal.getInputDecoder().addProfile(new ChatKeys());
    ChatScreen screen = new ChatScreen(terminal);
    screen.startScreen();
    FakeBackend backend = new FakeBackend();
    ui =
        new ChatUi(
            screen,
            ThemeCatalog.builtIn("dark"),
            new TextLayout(UTF_8),
            backend.backend(),
            new Selection(backend.provider("anthropic"), "claude-test"),
            new ChatApp.Notices(),
            System::nanoTime,
            Duration.ZERO,
            new DiagnosticLog(home.resolve("agent.log")),
            new ChatApp.Sessions(SessionStore.in(home), false, Optional.empty(), false),
            ZoneOffset.UTC,
            ChatDriver.inertHost(home));
    FakeChatClient client = backend.client("anthropic");
    for (int exchange = 0; exchange < (messages - 2 + 1) / 2; exchange++) {
      send("question " + exchange);
      client
          .nextCall()
          .emit(
              new TextDelta("An earlier answer, number " + exchange + ", of a few words."),
              new Completed(Usage.UNKNOWN, "stop"));
      settle();
    }
    send("the question being answered");
    call = client.nextCall();
    frame("The reply begins. ");
  }

  /**
   * One token of the reply arrives and its frame is drawn: a line ends every 24 tokens, a paragraph
   * every 96, as in a reply of prose, so the paragraph being streamed stays of a size.
   */
  boolean frame() throws IOException {
    tokens++;
    return frame(tokens % 96 == 0 ? "token\n\n" : tokens % 24 == 0 ? "token\n" : "token ");
  }

  /** {@code token} arrives and its frame is drawn; returns whether a frame was drawn. */
  boolean frame(String token) throws IOException {
    call.emit(new TextDelta(token));
    return ui.tick();
  }

  /** All the bytes written to the terminal so far. */
  long bytesWritten() {
    return counting.count;
  }

  private void send(String prompt) throws IOException {
    keyboard.type(prompt + "\r");
    settle();
  }

  private void settle() throws IOException {
    for (int i = 0; i < 100 && ui.tick(); i++) {
      // again: a pass may queue work for the next
    }
  }

  @Override
  public void close() {
    ui.close();
  }

  /** Keys typed by the benchmark; never blocks. */
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

  /** Counts what is written and discards it. */
  private static final class Counting extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] data, int offset, int length) {
      count += length;
    }
  }
}
