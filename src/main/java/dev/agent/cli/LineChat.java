package dev.agent.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.LongSupplier;

/**
 * The chat as plain lines, for a terminal that shows no screen ({@code TERM=dumb}: Emacs's {@code
 * M-x shell}, a serial console): a line read from standard input is a prompt, and its reply streams
 * to standard output as {@link OneShotReply} streams one, with no escape sequence at all (control
 * characters in a reply are shown as {@code ^[} and the like, as on any terminal). Every reply is
 * one more exchange of the same conversation, saved as the chat saves one. End of input (Ctrl+D, or
 * {@code C-c C-d} in Emacs) ends it.
 *
 * <p>Ctrl+C (SIGINT) does what it does in the full-screen chat: while a reply streams it cancels
 * the reply, whose text so far stays printed and is saved as cut short, and the prompt comes back;
 * at the prompt (where the terminal has already dropped the line being typed) it gives a fresh
 * prompt and says how to quit; a second Ctrl+C within {@link #INTERRUPT_AGAIN} of the last quits,
 * with exit code 130.
 */
final class LineChat {
  /** How soon a second Ctrl+C quits, whatever the first did. */
  static final Duration INTERRUPT_AGAIN = Duration.ofSeconds(2);

  /** What the line chat says after a Ctrl+C at the prompt. */
  static final String QUIT_HINT = "(Ctrl+D or a second Ctrl+C quits)";

  /**
   * Where Ctrl+C comes from: {@link #SIGINT} in a real process; tests call the handler themselves.
   */
  @FunctionalInterface
  interface Interrupts {
    /**
     * Calls {@code handler}, on a thread of its own, each time the user presses Ctrl+C, until the
     * returned handle is closed.
     */
    Trap onInterrupt(Runnable handler);
  }

  /** A handler of Ctrl+C in place; closing it puts back what was there before. */
  interface Trap extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * SIGINT, which the terminal sends for Ctrl+C in line mode, caught with {@code sun.misc.Signal}
   * (the JDK's only way; reached by reflection, since javac warns of every direct use of it and the
   * build allows no warning). When the signal cannot be caught (it was ignored when agent started,
   * as for a job started in the background, or the JVM runs with {@code -Xrs}), Ctrl+C keeps the
   * JVM's own behaviour.
   */
  static final Interrupts SIGINT =
      handler -> {
        try {
          Class<?> signalClass = Class.forName("sun.misc.Signal");
          Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
          Object signal = signalClass.getConstructor(String.class).newInstance("INT");
          Object ours =
              Proxy.newProxyInstance(
                  handlerClass.getClassLoader(),
                  new Class<?>[] {handlerClass},
                  (proxy, method, args) -> {
                    if (method.getName().equals("handle")) {
                      handler.run();
                      return null;
                    }
                    return switch (method.getName()) {
                      case "hashCode" -> System.identityHashCode(proxy);
                      case "equals" -> proxy == args[0];
                      default -> "SIGINT handler of the line chat";
                    };
                  });
          Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
          Object previous = handle.invoke(null, signal, ours);
          return () -> {
            try {
              handle.invoke(null, signal, previous);
            } catch (ReflectiveOperationException e) {
              // The process is on its way out of the line chat; the JVM's handler stays ours.
            }
          };
        } catch (ReflectiveOperationException | RuntimeException e) {
          return () -> {};
        }
      };

  /** What the reading thread hands the chat, and what Ctrl+C does at the prompt. */
  private sealed interface Input {}

  private record Line(String text) implements Input {}

  private record EndOfInput() implements Input {}

  private record ReadFailed(IOException error) implements Input {}

  private record Interrupted(boolean again) implements Input {}

  private final Console console;
  private final OneShotReply replies;
  private final String header;
  private final Interrupts interrupts;
  private final LongSupplier nanoClock;
  private final BlockingQueue<Input> inputs = new LinkedBlockingQueue<>();

  /** Whether a reply is streaming; read by Ctrl+C's thread. */
  private volatile boolean replying;

  /** When Ctrl+C was last pressed, by {@link #nanoClock}; guarded by this. */
  private long lastInterrupt;

  /** Whether Ctrl+C was pressed before; guarded by this. */
  private boolean interruptedBefore;

  /**
   * @param replies the conversation, each of whose replies is streamed to standard output
   * @param header what to say first: who answers, and how to end
   */
  LineChat(Console console, OneShotReply replies, String header) {
    this(console, replies, header, SIGINT, System::nanoTime);
  }

  LineChat(
      Console console,
      OneShotReply replies,
      String header,
      Interrupts interrupts,
      LongSupplier nanoClock) {
    this.console = requireNonNull(console, "console");
    this.replies = requireNonNull(replies, "replies");
    this.header = requireNonNull(header, "header");
    this.interrupts = requireNonNull(interrupts, "interrupts");
    this.nanoClock = requireNonNull(nanoClock, "nanoClock");
  }

  /**
   * Reads prompts until standard input ends, streaming each reply; returns 0, 130 after a second
   * Ctrl+C, or the exit code of a reply that could not go on (standard output closed). A reply that
   * fails is said on standard error, and the next prompt can follow it.
   */
  int run() throws IOException {
    console.printErrorLine(header);
    startReading();
    Trap trapped = interrupts.onInterrupt(this::interrupt);
    try {
      return converse();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCodes.INTERRUPTED;
    } finally {
      trapped.close();
    }
  }

  private int converse() throws IOException, InterruptedException {
    while (true) {
      console.out().print("> ");
      console.out().flush();
      Input input = inputs.take();
      if (input instanceof EndOfInput) {
        console.out().println();
        console.out().flush();
        return ExitCodes.OK;
      }
      if (input instanceof ReadFailed failed) {
        throw failed.error();
      }
      if (input instanceof Interrupted interrupted) {
        console.out().println();
        console.out().flush();
        if (interrupted.again()) {
          return ExitCodes.INTERRUPTED;
        }
        console.printErrorLine(QUIT_HINT);
        continue;
      }
      String line = ((Line) input).text();
      if (line.isBlank()) {
        continue;
      }
      int code;
      replying = true;
      try {
        code = replies.run(line.strip());
      } finally {
        replying = false;
      }
      if (code == ExitCodes.OUTPUT_CLOSED || code == ExitCodes.INTERRUPTED) {
        return code;
      }
      console.out().println();
    }
  }

  /**
   * Reads standard input on a thread of its own, so that Ctrl+C at the prompt is heard while a read
   * waits. It reads ahead: a line typed while a reply streams is the next prompt.
   */
  private void startReading() {
    Thread reader =
        new Thread(
            () -> {
              BufferedReader lines = new BufferedReader(new InputStreamReader(console.in(), UTF_8));
              try {
                String line;
                while ((line = lines.readLine()) != null) {
                  inputs.add(new Line(line));
                }
                inputs.add(new EndOfInput());
              } catch (IOException e) {
                inputs.add(new ReadFailed(e));
              }
            },
            "agent-line-input");
    reader.setDaemon(true);
    reader.start();
  }

  /** Ctrl+C, on the signal's thread: cancels the reply streaming, else goes to the prompt. */
  void interrupt() {
    boolean again;
    synchronized (this) {
      long now = nanoClock.getAsLong();
      again = interruptedBefore && now - lastInterrupt < INTERRUPT_AGAIN.toNanos();
      interruptedBefore = true;
      lastInterrupt = now;
    }
    if (replying) {
      replies.cancelFromAnotherThread();
      if (!again) {
        return;
      }
    }
    inputs.add(new Interrupted(again));
  }
}
