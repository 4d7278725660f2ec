package dev.agent.tui;

import static java.util.Objects.requireNonNull;

import com.googlecode.lanterna.TextColor;
import dev.agent.tui.terminal.ChatTerminal;
import dev.agent.tui.terminal.TerminalCapabilities;
import dev.agent.tui.terminal.TerminalCharset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.logging.LogManager;

/**
 * The process's terminal, set up for the chat on a thread of its own while the caller loads the
 * configuration, so that the two overlap at start-up instead of taking turns. Setting the terminal
 * up starts a process ({@code stty}) and waits for it, and loads Lanterna's terminal classes; the
 * thread also initialises Lanterna's colours (whose names are formatted with the locale's data),
 * then looks up the time zone and sets up java.util.logging, which the chat needs next. The chat
 * takes the terminal with {@link #take}; {@link #close} gives it back as it was found when the chat
 * never took it (a broken configuration, say), before the caller reports why.
 *
 * <p>Nothing else of Lanterna runs until {@link #take} returns, so no two threads initialise its
 * classes at once.
 */
public final class TerminalAhead implements AutoCloseable {
  private final Charset charset;
  private final CompletableFuture<ChatTerminal> opened = new CompletableFuture<>();
  private volatile ZoneId zone;
  private boolean taken;

  private TerminalAhead(Charset charset) {
    this.charset = charset;
  }

  /** Starts setting up the terminal on the process's standard input and output, as {@code env}. */
  public static TerminalAhead open(Map<String, String> env) {
    requireNonNull(env, "env");
    TerminalAhead ahead = new TerminalAhead(TerminalCharset.detect(env));
    TerminalCapabilities capabilities = TerminalCapabilities.of(env);
    Thread thread =
        new Thread(
            () -> {
              ChatTerminal terminal;
              try {
                terminal = ChatTerminal.open(ahead.charset, capabilities);
              } catch (IOException | RuntimeException | Error e) {
                ahead.opened.completeExceptionally(e);
                return;
              }
              try {
                TextColor.ANSI.values();
              } finally {
                ahead.opened.complete(terminal);
              }
              ahead.zone = ZoneId.systemDefault();
              LogManager.getLogManager();
            },
            "agent-terminal");
    thread.setDaemon(true);
    thread.start();
    return ahead;
  }

  /** The charset the terminal shows text in. */
  Charset charset() {
    return charset;
  }

  /** The time zone the chat shows times in; after {@link #take}. */
  ZoneId zone() {
    ZoneId known = zone;
    return known != null ? known : ZoneId.systemDefault();
  }

  /**
   * The terminal, once set up; from now on the caller closes it.
   *
   * @throws IOException when it could not be set up
   */
  ChatTerminal take() throws IOException {
    if (taken) {
      throw new IllegalStateException("the terminal was taken already");
    }
    taken = true;
    try {
      return opened.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  /** Gives the terminal back as it was found, unless the chat took it. */
  @Override
  public void close() {
    if (taken) {
      return;
    }
    taken = true;
    ChatTerminal terminal;
    try {
      terminal = opened.join();
    } catch (CompletionException e) {
      return; // never set up: nothing to give back
    }
    try {
      terminal.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restore the terminal: " + e.getMessage(), e);
    }
  }
}
