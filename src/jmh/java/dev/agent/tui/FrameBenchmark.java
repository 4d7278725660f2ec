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
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one frame of a streaming reply at 200x60, following the bottom, with a conversation
 * of {@code messages} messages on the screen's transcript: a token arrives, the UI draws the frame
 * and writes it as ANSI bytes to a terminal that discards them. The flat-cost goal: the
 * 10,000-message frame within 1.5 times the 1-message one. "1 message" is the smallest
 * conversation there is, the prompt and the reply being streamed.
 *
 * <p>Run with {@code bench/frame.py}, or {@code mvn -Pjmh test-compile} and JMH's main.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameBenchmark {
  @Param({"1", "100", "10000"})
  public int messages;

  private FakeBackend backend;
  private ChatUi ui;
  private FakeCall call;
  
  private Keyboard keyboard;
  private Path home;
  private long tokens;

  @Setup(Level.Trial)
  public void start() throws Exception {
    home = Files.createTempDirectory("agent-frame");
    keyboard = new Keyboard();
    ANSITerminal terminal =
        new ANSITerminal(keyboard, ChatTerminal.frameBuffered(new Discarding()), UTF_8) {
          @Override
          protected TerminalSize findTerminalSize() {
            return new TerminalSize(200, 60);
          }
        };
    terminal.getInputDecoder().addProfile(new ChatKeys());
    ChatScreen screen = new ChatScreen(terminal);
    screen.startScreen();
    backend = new FakeBackend();
    ui =
        new ChatUi(
            screen,
            ThemeCatalog.builtIn("dark"),
            new TextLayout(UTF_8),
            backend.backend(),
            new Selection(backend.provider("anthropic"), "claude-test"),
            List.of(),
            System::nanoTime,
            Duration.ZERO,
            new DiagnosticLog(home.resolve("agent.log")));
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

  @TearDown(Level.Trial)
  public void stop() throws IOException {
    ui.close();
    Files.deleteIfExists(home.resolve("agent.log"));
    Files.deleteIfExists(home);
  }

  /** One token arrives and its frame is drawn; a line ends every 24 tokens. */
  @Benchmark
  public boolean frame() throws IOException {
    call.emit(new TextDelta(++tokens % 24 == 0 ? "token\n" : "token "));
    return ui.tick();
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

  /** Discards what is written. */
  private static final class Discarding extends OutputStream {
    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] data, int offset, int length) {}
  }
}
