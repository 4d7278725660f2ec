package dev.agent.tui.terminal;

import static java.util.Objects.checkFromIndexSize;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.List;

/**
 * The terminal's keys, read ahead on a thread of their own so that the chat's loop can sleep until
 * a key arrives instead of looking every few milliseconds: each read that brings bytes runs the
 * {@linkplain #onInput listener} (the loop's wake-up). Lanterna reads from this stream without
 * blocking ({@link #available()} says what is buffered).
 *
 * <p>The terminal itself is read by a small child process (by default {@code cat}, its input the
 * terminal, its output a pipe to us), not by a thread of this JVM: a thread blocked in a read of
 * the terminal cannot be stopped, and it would take keys from the user's editor while that runs
 * (see {@link ExternalEditor}); the process is ended by {@link #pause()}, which frees the terminal
 * at once, and started again by {@link #resume()}. The buffer holds at most {@value #CAPACITY}
 * bytes: a paste of megabytes waits in the pipe and the terminal, not in memory.
 *
 * <p>Thread-safe. The stream ends ({@code -1}) when the terminal does: the process ended without
 * being paused (a hang-up, a closed terminal).
 */
public final class TerminalInput extends InputStream {
  static final int CAPACITY = 1 << 16;

  private final List<String> command;
  private final byte[] buffer = new byte[CAPACITY];
  private int start;
  private int length;
  private boolean ended;
  private boolean paused = true;
  private boolean closed;
  private Process reader;
  private volatile Runnable onInput = () -> {};

  /** Reads with {@code command}, a process that copies its input to its output as it comes. */
  TerminalInput(List<String> command) {
    this.command = List.copyOf(command);
  }

  /** The terminal on the process's standard input, read by {@code cat}; not yet started. */
  public static TerminalInput ofStandardInput() {
    return new TerminalInput(List.of("cat"));
  }

  /** Runs {@code listener}, from the reading thread, each time bytes arrive or the input ends. */
  public void onInput(Runnable listener) {
    this.onInput = requireNonNull(listener, "listener");
  }

  /** Starts reading the terminal (again, after {@link #pause()}). */
  public synchronized void resume() throws IOException {
    if (closed || !paused) {
      return;
    }
    Process process =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.INHERIT)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    process.getOutputStream().close();
    reader = process;
    paused = false;
    Thread pump = new Thread(() -> pump(process), "agent-keys");
    pump.setDaemon(true);
    pump.start();
  }

  /**
   * Stops reading the terminal, so that another program can (the bytes already read stay for
   * later), and returns once the terminal is free.
   */
  public void pause() {
    Process process;
    synchronized (this) {
      paused = true;
      process = reader;
      reader = null;
    }
    if (process != null) {
      process.destroy();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void pump(Process process) {
    byte[] chunk = new byte[8192];
    try (InputStream in = process.getInputStream()) {
      while (true) {
        int room;
        synchronized (this) {
          while (length == CAPACITY && reader == process) {
            wait();
          }
          if (reader != process) {
            return;
          }
          room = CAPACITY - length;
        }
        int read = in.read(chunk, 0, Math.min(chunk.length, room));
        synchronized (this) {
          if (reader != process) {
            return; // paused: what the ended process still passed on is not ours
          }
          if (read < 0) {
            ended = true; // the terminal went away: the process was not paused
            notifyAll();
          } else {
            for (int i = 0; i < read; i++) {
              buffer[(start + length + i) % CAPACITY] = chunk[i];
            }
            length += read;
            notifyAll();
          }
        }
        onInput.run();
        if (read < 0) {
          return;
        }
      }
    } catch (IOException e) {
      synchronized (this) {
        if (reader == process) {
          ended = true;
          notifyAll();
        }
      }
      onInput.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public synchronized int available() {
    return length;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  /** Blocks until a byte is buffered or the terminal has gone away. */
  @Override
  public synchronized int read(byte[] into, int offset, int count) throws IOException {
    checkFromIndexSize(offset, count, into.length);
    if (count == 0) {
      return 0;
    }
    try {
      while (length == 0 && !ended && !closed) {
        wait();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a key");
    }
    if (length == 0) {
      return -1;
    }
    int taken = Math.min(count, length);
    for (int i = 0; i < taken; i++) {
      into[offset + i] = buffer[(start + i) % CAPACITY];
    }
    start = (start + taken) % CAPACITY;
    length -= taken;
    notifyAll();
    return taken;
  }

  /** Stops reading for good; what was read and not taken is dropped. */
  @Override
  public void close() {
    pause();
    synchronized (this) {
      closed = true;
      length = 0;
      notifyAll();
    }
  }
}
