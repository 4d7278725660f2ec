package dev.agent.tui.terminal;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.screen.TerminalScreen;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A {@link StreamTerminal} for tests, as a real terminal: keys arrive as the bytes a terminal sends
 * (megabytes of them, for a paste) and every byte written to it is kept.
 */
public final class ByteTerminal extends StreamTerminal {
  public final Keyboard keyboard;
  public final Output output;

  private TerminalSize size;

  private TerminalScreen screen;

  private ByteTerminal(Keyboard keyboard, Output output, TerminalSize size) {
    super(keyboard, output, UTF_8, size);
    this.keyboard = keyboard;
    this.output = output;
    this.size = size;
  }

  public static ByteTerminal of(int columns, int rows) {
    return new ByteTerminal(new Keyboard(), new Output(), new TerminalSize(columns, rows));
  }

  /** The terminal is made {@code columns} by {@code rows}, as a window resized by the user. */
  public void resize(int columns, int rows) {
    size = new TerminalSize(columns, rows);
    resize(size);
  }

  /** Starts {@code screen}, a screen on this terminal, whose text {@link #screenText} reads. */
  public <S extends TerminalScreen> S start(S screen) throws IOException {
    this.screen = screen;
    screen.startScreen();
    return screen;
  }

  /** The screen as text, as last drawn: one line per row, trailing spaces cut. */
  public String screenText() {
    StringBuilder text = new StringBuilder();
    for (int row = 0; row < size.getRows(); row++) {
      StringBuilder line = new StringBuilder();
      for (int column = 0; column < size.getColumns(); column++) {
        line.append(screen.getFrontCharacter(column, row).getCharacterString());
      }
      text.append(line.toString().stripTrailing()).append('\n');
    }
    return text.toString();
  }

  /** Bytes typed by the test; never blocks, as a terminal with nothing typed. */
  public static final class Keyboard extends InputStream {
    private byte[] pending = new byte[0];
    private int at;

    public void type(String text) {
      type(text.getBytes(UTF_8));
    }

    public synchronized void type(byte[] bytes) {
      byte[] rest = Arrays.copyOfRange(pending, at, pending.length + bytes.length);
      System.arraycopy(bytes, 0, rest, pending.length - at, bytes.length);
      pending = rest;
      at = 0;
    }

    @Override
    public synchronized int read() {
      return at < pending.length ? pending[at++] & 0xff : -1;
    }

    @Override
    public synchronized int read(byte[] buffer, int offset, int length) {
      if (at >= pending.length) {
        return -1;
      }
      int count = Math.min(length, pending.length - at);
      System.arraycopy(pending, at, buffer, offset, count);
      at += count;
      return count;
    }

    @Override
    public synchronized int available() {
      return pending.length - at;
    }
  }

  /** Keeps what reaches the terminal. */
  public static final class Output extends OutputStream {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private long count;

    @Override
    public synchronized void write(int b) {
      bytes.write(b);
      count++;
    }

    @Override
    public synchronized void write(byte[] data, int offset, int length) {
      bytes.write(data, offset, length);
      count += length;
    }

    /** Drops what was written so far, without taking it; {@link #count()} goes on. */
    public synchronized void drop() {
      bytes.reset();
    }

    /** All the bytes written so far, taken or not. */
    public synchronized long count() {
      return count;
    }

    /** What was written since the last call, as text. */
    public synchronized String take() {
      String text = bytes.toString(UTF_8);
      bytes.reset();
      return text;
    }
  }
}
