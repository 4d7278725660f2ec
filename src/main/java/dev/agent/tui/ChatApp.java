package dev.agent.tui;

import static java.util.Objects.requireNonNull;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.Theme;
import com.googlecode.lanterna.screen.TerminalScreen;
import dev.agent.config.AgentConfig;
import dev.agent.config.Selection;
import dev.agent.provider.ProviderRegistry;
import dev.agent.store.Conversation;
import dev.agent.store.SessionStore;
import dev.agent.tui.markdown.MarkdownRenderer;
import dev.agent.tui.markdown.ReplyRenderer;
import dev.agent.tui.terminal.ChatScreen;
import dev.agent.tui.terminal.ChatTerminal;
import dev.agent.tui.terminal.Clipboard;
import dev.agent.tui.terminal.DiagnosticLog;
import dev.agent.tui.terminal.ExternalEditor;
import dev.agent.tui.terminal.StandardStreams;
import dev.agent.tui.terminal.StreamTerminal;
import dev.agent.tui.terminal.TerminalCharset;
import dev.agent.tui.text.TextLayout;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The full-screen chat. {@link #run} takes over the terminal until the user quits and gives it back
 * as it found it: on quit, on an exception, and on SIGTERM or SIGHUP (a shutdown hook stops the
 * loop and waits for the terminal to be restored).
 */
public final class ChatApp {
  /** At most about 30 frames a second while a reply streams. */
  static final Duration FRAME_INTERVAL = Duration.ofMillis(33);

  /**
   * How long the rehearsal's loop sleeps when nothing happened: its terminal does not wake it when
   * a key arrives. The real loop sleeps until woken.
   */
  private static final long IDLE_MILLIS = 8;

  /** How long asking a server for its context window may take, per request, in the background. */
  private static final Duration WINDOW_LOOKUP_TIMEOUT = Duration.ofSeconds(5);

  private ChatApp() {}

  /** How the chat ended; the command line turns it into an exit code. */
  public enum Outcome {
    /** The user quit (Ctrl+Q). */
    QUIT,
    /** A signal stopped it, or the terminal went away, or Ctrl+C on an idle chat. */
    INTERRUPTED
  }

  /**
   * The chat stopped on an error it did not expect, in any of its threads: an exception or an
   * {@link Error} such as running out of memory. By the time it is thrown the terminal is given
   * back, the conversation is saved as far as it went (a reply in flight as cut short), and the
   * stack trace is in the log; its message is the one line for the user.
   */
  public static final class Crash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Crash(Throwable cause, Path log) {
      super("the chat stopped on an unexpected error (" + cause + "); details in " + log, cause);
    }
  }

  /**
   * What the chat does with saved conversations.
   *
   * @param store where conversations are listed, opened, renamed and deleted
   * @param save whether the chat's own turns are saved there ({@code --no-save} turns it off)
   * @param resumed the conversation to start with; empty for a new one
   * @param chooseFirst whether to open the list of conversations at once ({@code --resume} without
   *     an ID)
   * @param systemPrompt the run's {@code --system}, which replaces the resumed conversation's
   *     system prompt from the next reply on; empty when not given
   */
  public record Sessions(
      SessionStore store,
      boolean save,
      Optional<Conversation> resumed,
      boolean chooseFirst,
      Optional<String> systemPrompt) {
    public Sessions {
      requireNonNull(store, "store");
      requireNonNull(resumed, "resumed");
      requireNonNull(systemPrompt, "systemPrompt");
    }

    /** Without a {@code --system} of the run's own. */
    public Sessions(
        SessionStore store, boolean save, Optional<Conversation> resumed, boolean chooseFirst) {
      this(store, save, resumed, chooseFirst, Optional.empty());
    }
  }

  /**
   * Lines for the user that come from outside the chat: the config's warnings, an unknown theme,
   * and a provider's warnings while the chat runs (a key about to go over plain {@code http://}),
   * which arrive on whatever thread asked for the provider's client. Nothing may write to the
   * terminal while the screen is up, so such lines come here instead of standard error.
   * Thread-safe; the chat takes them on its own thread as it runs and shows each once in its
   * transcript, in the error colour.
   */
  public static final class Notices implements Consumer<String> {
    private final Queue<String> waiting = new ConcurrentLinkedQueue<>();
    private volatile Runnable wake = () -> {};

    /** Adds a line for the user; from any thread. */
    @Override
    public void accept(String notice) {
      waiting.add(requireNonNull(notice, "notice"));
      wake.run();
    }

    /** Runs {@code wake} after each line added from now on, so that the chat looks at once. */
    void wakeOn(Runnable wake) {
      this.wake = requireNonNull(wake, "wake");
    }

    /** Takes every line added since the last call, oldest first. */
    List<String> drain() {
      List<String> lines = new ArrayList<>();
      for (String line = waiting.poll(); line != null; line = waiting.poll()) {
        lines.add(line);
      }
      return lines;
    }
  }

  /**
   * Runs the chat on the process's terminal and returns how it ended: {@link Outcome#QUIT} when the
   * user quit, {@link Outcome#INTERRUPTED} when interrupted (Ctrl+C while idle, a signal, or the
   * terminal closing). Diagnostics go to {@code agent.log} under {@code agentHome}, never to the
   * screen.
   *
   * @param config the configuration: its warnings are shown in the transcript
   * @param selection the provider and model to start with
   * @param registry every provider and its client
   * @param theme the theme's name ({@code --theme}, else {@code theme} in the config); empty for
   *     the default
   * @param agentHome the agent's home folder, for the log and user themes
   * @param env the environment, for {@code NO_COLOR} and the locale
   * @param sessions the saved conversations, and the one to start with
   * @param notices where lines for the user arrive while the chat runs, the registry's warnings
   *     among them; the config's warnings are added to them first
   * @param profiles what the profile picker offers
   * @param ahead the terminal, being set up since before the configuration loaded; the chat takes
   *     it, and gives it back as it found it
   * @throws UncheckedIOException when the terminal cannot be set up or fails
   */
  public static Outcome run(
      AgentConfig config,
      Selection selection,
      ProviderRegistry registry,
      String theme,
      Path agentHome,
      Map<String, String> env,
      Sessions sessions,
      Notices notices,
      List<ProfileOption> profiles,
      TerminalAhead ahead) {
    requireNonNull(config, "config");
    requireNonNull(selection, "selection");
    requireNonNull(registry, "registry");
    requireNonNull(theme, "theme");
    requireNonNull(agentHome, "agentHome");
    requireNonNull(env, "env");
    requireNonNull(sessions, "sessions");
    requireNonNull(notices, "notices");
    requireNonNull(ahead, "ahead");
    Path logFile = agentHome.resolve("agent.log");
    DiagnosticLog log = new DiagnosticLog(logFile);
    Charset charset = ahead.charset();
    config.warnings().forEach(notices);
    ChatTerminal terminal;
    try {
      terminal = ahead.take();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set up the terminal: " + e.getMessage(), e);
    }

    AtomicBoolean stopRequested = new AtomicBoolean();
    CountDownLatch restored = new CountDownLatch(1);
    Thread uiThread = Thread.currentThread();
    terminal.wakeOn(() -> LockSupport.unpark(uiThread));
    Thread hook =
        new Thread(
            () -> {
              stopRequested.set(true);
              LockSupport.unpark(uiThread);
              try {
                restored.await(2, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "agent-restore-terminal");
    Runtime.getRuntime().addShutdownHook(hook);
    // An error no thread catches (an HTTP thread out of memory, say) would otherwise leave a reply
    // that never ends: it stops the chat as one on the UI thread does.
    AtomicReference<Throwable> uncaught = new AtomicReference<>();
    Thread.UncaughtExceptionHandler previousHandler = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, e) -> {
          uncaught.compareAndSet(null, e);
          LockSupport.unpark(uiThread);
        });
    StandardStreams streams = StandardStreams.redirectTo(log);
    ChatScreen screen = null;
    ChatUi ui = null;
    try {
      // Only now that the terminal is taken: nothing of Lanterna runs on two threads at once.
      Theme chosen = ThemeCatalog.load(theme, agentHome, env, notices);
      ChatBackend backend = backend(registry, profiles);
      screen = new ChatScreen(terminal, erasesInColour(env));
      screen.startScreen();
      terminal.setBracketedPaste(true);
      terminal.setMouseWheel(config.mouse());
      ChatHost host =
          new ChatHost(
              new Clipboard(agentHome.resolve("clipboard"), env, terminal::sendControl),
              new ExternalEditor(env, suspension(terminal, screen, config.mouse())));
      ui =
          new ChatUi(
              screen,
              chosen,
              new TextLayout(charset),
              backend,
              selection,
              notices,
              System::nanoTime,
              FRAME_INTERVAL,
              log,
              sessions,
              ahead.zone(),
              host);
      // Not to delay the first frame, nor compete with it for the CPU.
      ui.afterFirstFrame(() -> afterFirstFrame(terminal, charset, log));
      return loop(ui, stopRequested, uncaught);
    } catch (IOException e) {
      log.write("the terminal failed", e);
      throw new UncheckedIOException("the terminal failed: " + e.getMessage(), e);
    } catch (RuntimeException | Error e) {
      log.write("the chat stopped on an unexpected error", e);
      throw new Crash(e, logFile);
    } finally {
      close(ui, log);
      restore(terminal, screen, log);
      streams.restore();
      Thread.setDefaultUncaughtExceptionHandler(previousHandler);
      restored.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // The JVM is shutting down; the hook is what waited for us.
      }
    }
  }

  /**
   * Runs the chat once on a {@link StreamTerminal}, without the process's terminal: types {@code
   * prompt} as a terminal sends keys, lets the reply stream in and draws its frames as escape
   * sequences written to nowhere, then closes. For the start-up training run that records which
   * classes a real start needs (see {@code run.sh}); waits at most {@code limit} for the reply.
   */
  public static void rehearse(
      AgentConfig config,
      Selection selection,
      ProviderRegistry registry,
      Path agentHome,
      Map<String, String> env,
      String prompt,
      Duration limit)
      throws IOException {
    DiagnosticLog log = new DiagnosticLog(agentHome.resolve("agent.log"));
    Charset charset = TerminalCharset.detect(env);
    Notices notices = new Notices();
    config.warnings().forEach(notices);
    Theme theme = ThemeCatalog.load("dark", agentHome, env, notices);
    // There may be no terminal to open here: what opening one loads is loaded another way, the
    // terminal classes by a call into them, the process classes by a process (stty runs in one).
    ChatTerminal.parseSize("24 80");
    try {
      new ProcessBuilder("/bin/sh", "-c", ":").start().waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // Keys as the bytes a terminal sends, through the decoder a real start reads them with, and
    // written to nowhere as escape sequences: a start then finds those classes in the archive.
    PipedOutputStream keyboard = new PipedOutputStream();
    StreamTerminal terminal =
        new StreamTerminal(
            new PipedInputStream(keyboard, 1 << 12),
            OutputStream.nullOutputStream(),
            charset,
            new TerminalSize(200, 60));
    ChatScreen screen = new ChatScreen(terminal, erasesInColour(env));
    screen.startScreen();
    StandardStreams streams = StandardStreams.redirectTo(log);
    try (ChatUi ui =
        new ChatUi(
            screen,
            theme,
            new TextLayout(charset),
            backend(registry),
            selection,
            notices,
            System::nanoTime,
            FRAME_INTERVAL,
            log,
            // The rehearsal saves nothing, copies nothing and runs no editor.
            new Sessions(SessionStore.in(agentHome), false, Optional.empty(), false),
            ZoneId.systemDefault(),
            ChatHost.inert(agentHome.resolve("clipboard")))) {
      ui.tick();
      // The prompt typed with a slip mended (Left, Right, Backspace), then Enter.
      keyboard.write((prompt + "x\u001b[D\u001b[C\u007f\r").getBytes(StandardCharsets.UTF_8));
      keyboard.flush();
      long deadline = System.nanoTime() + limit.toNanos();
      while (System.nanoTime() < deadline && ui.outcome().isEmpty()) {
        if (!ui.tick()) {
          sleep(IDLE_MILLIS);
        }
        if (ui.idleAfterReply()) {
          break;
        }
      }
    } finally {
      streams.restore();
      screen.stopScreen();
    }
  }

  /** A reply with the Markdown a first reply is likely to hold, for {@link #warmUpReplies}. */
  private static final String WARM_UP =
      "Sure. Here is **the** `answer`:\n\n- one\n- two\n\n```java\nint x = 1;\n```\n\nDone.";

  /**
   * Set-up that can wait until the first frame is up, on a thread of its own: listens for the
   * terminal's resizes ({@link ChatTerminal#listenForResizes}), then renders a short reply off
   * screen, growing as a stream does, so that the first reply's first frame finds the Markdown
   * parser and renderer loaded, initialised and run once, instead of paying for that between the
   * first token's arrival and its frame (on a layout of its own, not shared with the UI thread). A
   * failure here is only logged.
   */
  private static void afterFirstFrame(ChatTerminal terminal, Charset charset, DiagnosticLog log) {
    Thread thread =
        new Thread(
            () -> {
              try {
                terminal.listenForResizes();
              } catch (IOException | RuntimeException e) {
                log.write("listening for the terminal's resizes failed", e);
              }
              try {
                warmUpReplies(charset);
              } catch (RuntimeException e) {
                log.write("warming up the reply renderer failed", e);
              }
            },
            "agent-warm-up");
    thread.setDaemon(true);
    thread.start();
  }

  /** Renders {@link #WARM_UP} as it would stream in, on the calling thread. */
  static void warmUpReplies(Charset charset) {
    ReplyRenderer renderer = new ReplyRenderer(new MarkdownRenderer(new TextLayout(charset)));
    for (int end = 1; end <= WARM_UP.length(); end += 7) {
      String text = WARM_UP.substring(0, end);
      boolean finished = end + 7 > WARM_UP.length();
      renderer.rows(
          new ReplyRenderer.Source() {
            @Override
            public String textFrom(int start) {
              return text.substring(Math.min(start, text.length()));
            }

            @Override
            public boolean finished() {
              return finished;
            }
          },
          80);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The registry as the UI sees it, without profiles. */
  static ChatBackend backend(ProviderRegistry registry) {
    return backend(registry, List.of());
  }

  /** The registry as the UI sees it, with the profiles to offer. */
  static ChatBackend backend(ProviderRegistry registry, List<ProfileOption> profiles) {
    return new ChatBackend(
        registry.providers(),
        registry::client,
        registry::keyStatus,
        registry::useKey,
        provider -> registry.client(provider).listModels(),
        (provider, model) -> registry.contextWindow(provider, model, WINDOW_LOOKUP_TIMEOUT),
        profiles);
  }

  /**
   * A choice of the profile picker (Ctrl+G): the configuration under that profile, the run's own
   * options applied after it.
   *
   * @param name the profile's name; empty for the configuration without a profile
   * @param summary what the profile sets, in a few words
   * @param inEffect whether the chat starts under it
   */
  public record ProfileOption(String name, String summary, AgentConfig config, boolean inEffect) {
    public ProfileOption {
      requireNonNull(name, "name");
      requireNonNull(summary, "summary");
      requireNonNull(config, "config");
    }
  }

  /** Leaves the screen and the terminal to the user's editor, and takes them back after. */
  private static ExternalEditor.Terminal suspension(
      ChatTerminal terminal, TerminalScreen screen, boolean mouse) {
    return new ExternalEditor.Terminal() {
      @Override
      public void suspend() throws IOException {
        terminal.setMouseWheel(false);
        terminal.setBracketedPaste(false);
        screen.stopScreen(false);
        terminal.giveBack();
      }

      @Override
      public void resume() throws IOException {
        terminal.takeOver();
        screen.startScreen();
        terminal.setBracketedPaste(true);
        terminal.setMouseWheel(mouse);
      }
    };
  }

  /** Runs the UI until the user quits, a signal stops it, or the terminal goes away. */
  static Outcome loop(ChatUi ui, AtomicBoolean stopRequested) throws IOException {
    return loop(ui, stopRequested, new AtomicReference<>());
  }

  /**
   * Runs the UI until the user quits, a signal stops it, or the terminal goes away; throws what
   * another thread let go uncaught, once it is in {@code uncaught}.
   */
  static Outcome loop(ChatUi ui, AtomicBoolean stopRequested, AtomicReference<Throwable> uncaught)
      throws IOException {
    while (true) {
      Throwable elsewhere = uncaught.get();
      if (elsewhere instanceof RuntimeException e) {
        throw e;
      }
      if (elsewhere instanceof Error e) {
        throw e;
      }
      if (elsewhere != null) {
        throw new IllegalStateException(elsewhere);
      }
      Optional<Outcome> outcome = ui.outcome();
      if (outcome.isPresent()) {
        return outcome.get();
      }
      if (stopRequested.get() || Thread.currentThread().isInterrupted()) {
        return Outcome.INTERRUPTED;
      }
      boolean busy;
      try {
        busy = ui.tick();
      } catch (EOFException e) {
        return Outcome.INTERRUPTED;
      }
      if (!busy) {
        ui.sleep();
        if (Thread.currentThread().isInterrupted()) {
          return Outcome.INTERRUPTED;
        }
      }
    }
  }

  /**
   * Whether the terminal fills rows it clears or scrolls in with the current background colour, as
   * xterm, tmux and nearly every terminal do. GNU screen does only when told to ({@code defbce}),
   * so inside it (its {@code STY}, or a {@code screen} terminal type, which also reaches a remote
   * shell over ssh) and not inside tmux, it is not assumed; a wrong guess that way costs bytes
   * only.
   */
  static boolean erasesInColour(Map<String, String> env) {
    if (env.containsKey("TMUX")) {
      return true;
    }
    return !env.containsKey("STY") && !env.getOrDefault("TERM", "").startsWith("screen");
  }

  /**
   * Closes the chat, which cancels a reply in flight and saves the conversation; what goes wrong
   * there is logged, so that the terminal is restored whatever happens.
   */
  private static void close(ChatUi ui, DiagnosticLog log) {
    if (ui == null) {
      return;
    }
    try {
      ui.close();
    } catch (RuntimeException | Error e) {
      log.write("closing the chat failed", e);
    }
  }

  /**
   * Gives the terminal back: mouse reports and paste mode off, main screen, cursor shown, line
   * settings restored.
   */
  private static void restore(ChatTerminal terminal, TerminalScreen screen, DiagnosticLog log) {
    try {
      terminal.setMouseWheel(false);
      terminal.setBracketedPaste(false);
      if (screen != null) {
        screen.stopScreen(false);
      }
    } catch (IOException | IllegalStateException e) {
      // Lanterna's own shutdown hook may have restored the screen already.
      log.write("restoring the screen: " + e.getMessage());
    }
    try {
      terminal.close();
    } catch (IOException | IllegalStateException e) {
      log.write("restoring the terminal: " + e.getMessage());
    }
  }
}
