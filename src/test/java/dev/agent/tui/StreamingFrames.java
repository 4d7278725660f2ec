package dev.agent.tui;

import static dev.agent.chat.StopReason.Kind.END_TURN;

import dev.agent.chat.StopReason;
import dev.agent.chat.StreamEvent.Completed;
import dev.agent.chat.StreamEvent.TextDelta;
import dev.agent.chat.Usage;
import dev.agent.session.FakeChatClient;
import dev.agent.session.FakeChatClient.FakeCall;
import dev.agent.tui.terminal.ByteTerminal;
import dev.agent.tui.terminal.ChatScreen;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The chat at a given size with a conversation of a given number of messages on screen and a reply
 * streaming in, following the bottom, drawn as ANSI bytes to a {@link ByteTerminal} that counts
 * them (and drops them after each frame). Each {@link #frame} is a token arriving and the frame it
 * causes. Shared by the frame-cost micro-benchmark ({@code src/jmh/.../FrameBenchmark}) and {@link
 * StreamingFramesTest}, so the benchmark's set-up is compiled, and run, by every build.
 */
final class StreamingFrames implements AutoCloseable {
  private final ByteTerminal terminal;
  private final ChatScreen screen;
  private final ChatUi ui;
  private final FakeCall call;
  private long tokens;

  /**
   * A chat of {@code columns} by {@code rows} whose conversation has {@code messages} messages: the
   * prompt being answered, the reply streaming, and earlier exchanges before them.
   */
  StreamingFrames(int columns, int rows, int messages, Path home) throws Exception {
    terminal = ByteTerminal.of(columns, rows);
    FakeBackend backend = new FakeBackend();
    screen = new ChatScreen(terminal);
    ui = ChatDriver.startChat(backend, home, terminal.start(screen));
    FakeChatClient client = backend.client("anthropic");
    for (int exchange = 0; exchange < (messages - 2 + 1) / 2; exchange++) {
      send("question " + exchange);
      client
          .nextCall()
          .emit(
              new TextDelta("An earlier answer, number " + exchange + ", of a few words."),
              new Completed(Usage.UNKNOWN, new StopReason(END_TURN, "stop")));
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
    boolean drew = ui.tick();
    terminal.output.drop();
    return drew;
  }

  /** The terminal is resized to {@code columns} by {@code rows} and the frame drawn again. */
  void resize(int columns, int rows) throws IOException {
    terminal.resize(columns, rows);
    settle();
    terminal.output.drop();
  }

  /** The screen's cells written so far (see {@link ChatScreen#cellsWritten}). */
  long cellsWritten() {
    return screen.cellsWritten();
  }

  /** The rows the transcript has drawn so far (see {@link TranscriptView#rowsDrawn}). */
  long rowsDrawn() {
    return ui.transcriptRowsDrawn();
  }

  /** The rows the screen has compared or hashed so far (see {@link ChatScreen#rowsCompared}). */
  long rowsCompared() {
    return screen.rowsCompared();
  }

  /** All the bytes written to the terminal so far. */
  long bytesWritten() {
    return terminal.output.count();
  }

  private void send(String prompt) throws IOException {
    terminal.keyboard.type(prompt + "\r");
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
}
