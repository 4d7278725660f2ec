package dev.agent.tui;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.fail;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.graphics.Theme;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.agent.config.Selection;
import dev.agent.store.Conversation;
import dev.agent.store.SessionStore;
import dev.agent.tui.terminal.ChatScreen;
import dev.agent.tui.terminal.Clipboard;
import dev.agent.tui.terminal.DiagnosticLog;
import dev.agent.tui.terminal.ExternalEditor;
import dev.agent.tui.text.TextLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Runs a {@link ChatUi} on a {@link DefaultVirtualTerminal}, driven from the test thread (which is
 * the UI thread): keys go in, {@link #tick()} runs the loop, and the screen is read back as text
 * and cells.
 */
final class ChatDriver implements AutoCloseable {
  final FakeBackend backend;
  final DefaultVirtualTerminal terminal;
  final ChatScreen screen;
  final ChatUi ui;
  final DiagnosticLog log;

  /** Lines for the transcript from outside the chat; a test adds more as the chat runs. */
  final ChatApp.Notices notices;

  /** The escape sequences the clipboard sent to the terminal. */
  final List<String> clipboardSequences = new ArrayList<>();

  /** What the external editor asked of the terminal: {@code suspend}, {@code resume}. */
  final List<String> terminalHandovers = new ArrayList<>();

  /** The session's and the frame limiter's clock, in nanoseconds; tests move it. */
  final AtomicLong clock = new AtomicLong(1_000_000_000L);

  /** A driver with the dark theme, UTF-8, no frame limit, starting on anthropic. */
  static Builder builder(Path home) {
    return new Builder(home);
  }

  static final class Builder {
    private final Path home;
    private FakeBackend backend = new FakeBackend();
    private ChatBackend uiBackend;
    private Selection selection;
    private TerminalSize size = new TerminalSize(80, 24);
    private Theme theme = ThemeCatalog.builtIn("dark");
    private TextLayout layout;
    private String provider = "anthropic";
    private String model = "";
    private Duration frameInterval = Duration.ZERO;
    private ChatApp.Notices notices = new ChatApp.Notices();
    private SessionStore store;
    private boolean save = true;
    private Conversation resumed;
    private String systemPrompt;
    private boolean chooseFirst;
    private Map<String, String> env = Map.of("TERM", "xterm-256color");

    Builder(Path home) {
      this.home = home;
    }

    Builder backend(FakeBackend backend) {
      this.backend = backend;
      return this;
    }

    /**
     * Runs on {@code uiBackend} (a real registry, say) instead of fakes, starting at {@code
     * selection}.
     */
    Builder backend(ChatBackend uiBackend, Selection selection) {
      this.uiBackend = uiBackend;
      this.selection = selection;
      return this;
    }

    Builder size(int columns, int rows) {
      this.size = new TerminalSize(columns, rows);
      return this;
    }

    Builder theme(Theme theme) {
      this.theme = theme;
      return this;
    }

    Builder charset(Charset charset) {
      this.layout = new TextLayout(charset);
      return this;
    }

    Builder layout(TextLayout layout) {
      this.layout = layout;
      return this;
    }

    Builder provider(String id) {
      this.provider = id;
      return this;
    }

    Builder model(String model) {
      this.model = model;
      return this;
    }

    Builder frameInterval(Duration interval) {
      this.frameInterval = interval;
      return this;
    }

    Builder notices(List<String> notices) {
      notices.forEach(this.notices);
      return this;
    }

    /** Takes its notices from {@code notices}, where a registry's warnings go, say. */
    Builder notices(ChatApp.Notices notices) {
      this.notices = notices;
      return this;
    }

    /** Saved conversations in {@code store} (default: under the home folder), saved or not. */
    Builder sessions(SessionStore store, boolean save) {
      this.store = store;
      this.save = save;
      return this;
    }

    /** Starts with {@code conversation} loaded, as {@code --resume ID} does. */
    Builder resumed(Conversation conversation) {
      this.resumed = conversation;
      return this;
    }

    /** Starts with {@code --system PROMPT}, which replaces a resumed conversation's. */
    Builder systemPrompt(String prompt) {
      this.systemPrompt = prompt;
      return this;
    }

    /** Starts with the list of conversations open, as {@code --resume} without an ID does. */
    Builder chooseFirst() {
      this.chooseFirst = true;
      return this;
    }

    /** The environment of the clipboard and the editor; {@code TERM=xterm-256color} if unset. */
    Builder env(Map<String, String> env) {
      this.env = Map.copyOf(env);
      return this;
    }

    ChatDriver start() {
      return new ChatDriver(this);
    }
  }

  private ChatDriver(Builder builder) {
    this.backend = builder.backend;
    this.notices = builder.notices;
    this.terminal = new DefaultVirtualTerminal(builder.size);
    this.log = new DiagnosticLog(builder.home.resolve("agent.log"));
    try {
      // The chat's own screen, as a real start has it; told that the terminal does not erase in
      // the background colour, which Lanterna's virtual terminal does not do.
      this.screen = new ChatScreen(terminal, false);
      screen.startScreen();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Selection selection = builder.selection;
    if (selection == null) {
      var provider = backend.provider(builder.provider);
      String model = builder.model.isEmpty() ? provider.defaultModel() : builder.model;
      selection = new Selection(provider, model);
    }
    this.ui =
        new ChatUi(
            screen,
            builder.theme,
            builder.layout == null ? new TextLayout(UTF_8) : builder.layout,
            builder.uiBackend == null ? backend.backend() : builder.uiBackend,
            selection,
            builder.notices,
            clock::get,
            builder.frameInterval,
            log,
            new ChatApp.Sessions(
                builder.store == null ? SessionStore.in(builder.home) : builder.store,
                builder.save,
                Optional.ofNullable(builder.resumed),
                builder.chooseFirst,
                Optional.ofNullable(builder.systemPrompt)),
            ZoneOffset.UTC,
            new ChatHost(
                new Clipboard(
                    builder.home.resolve("clipboard"), builder.env, clipboardSequences::add),
                new ExternalEditor(
                    builder.env,
                    new ExternalEditor.Terminal() {
                      @Override
                      public void suspend() {
                        terminalHandovers.add("suspend");
                      }

                      @Override
                      public void resume() {
                        terminalHandovers.add("resume");
                      }
                    }),
                builder.home));
    tick();
    // The model list is fetched after the first frame; a test starts once it is on screen, unless
    // it holds the listing back on purpose.
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!ui.listingsSettled()
        && backend.listingGate.getCount() == 0
        && System.nanoTime() < deadline) {
      sleep();
      tick();
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * A chat on {@code screen}, which must be started, with the dark theme, UTF-8 and no frame limit,
   * on anthropic with {@code backend}, its turns not saved: for tests that drive a terminal of
   * their own.
   */
  static ChatUi startChat(FakeBackend backend, Path home, ChatScreen screen) throws IOException {
    return startChat(backend, home, screen, "dark");
  }

  /** As {@link #startChat(FakeBackend, Path, ChatScreen)}, with the built-in {@code theme}. */
  static ChatUi startChat(FakeBackend backend, Path home, ChatScreen screen, String theme)
      throws IOException {
    return new ChatUi(
        screen,
        ThemeCatalog.builtIn(theme),
        new TextLayout(UTF_8),
        backend.backend(),
        new Selection(backend.provider("anthropic"), "claude-test"),
        new ChatApp.Notices(),
        System::nanoTime,
        Duration.ZERO,
        new DiagnosticLog(home.resolve("agent.log")),
        new ChatApp.Sessions(SessionStore.in(home), false, Optional.empty(), false),
        ZoneOffset.UTC,
        inertHost(home));
  }

  /** A host whose clipboard and editor do nothing visible: for tests of other things. */
  static ChatHost inertHost(Path home) {
    return ChatHost.inert(home.resolve("clipboard"));
  }

  /** Types each character as a key. */
  ChatDriver type(String text) {
    for (int i = 0; i < text.length(); i++) {
      terminal.addInput(new KeyStroke(text.charAt(i), false, false));
    }
    return this;
  }

  ChatDriver press(KeyType type) {
    terminal.addInput(new KeyStroke(type));
    return this;
  }

  ChatDriver press(KeyStroke key) {
    terminal.addInput(key);
    return this;
  }

  ChatDriver ctrl(char letter) {
    terminal.addInput(new KeyStroke(letter, true, false));
    return this;
  }

  ChatDriver alt(char letter) {
    terminal.addInput(new KeyStroke(letter, false, true));
    return this;
  }

  /** Types {@code text}, presses Enter and runs the loop. */
  ChatDriver send(String text) {
    type(text).press(KeyType.Enter);
    return tick();
  }

  /** Runs the loop until it has nothing more to do. */
  ChatDriver tick() {
    try {
      for (int i = 0; i < 100 && ui.tick(); i++) {
        // again: a pass may have queued work for the next
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Runs the loop until the screen satisfies {@code condition}, for up to five seconds. */
  ChatDriver await(String what, Predicate<String> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (true) {
      tick();
      String text = screenText();
      if (condition.test(text)) {
        return this;
      }
      if (System.nanoTime() > deadline) {
        fail("timed out waiting for " + what + "; the screen is:\n" + text);
      }
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** Runs the loop until the screen shows {@code text}. */
  ChatDriver awaitText(String text) {
    return await("'" + text + "'", screen -> screen.contains(text));
  }

  /** The screen as text: one line per row, trailing spaces cut, a wide character once. */
  String screenText() {
    return String.join("\n", rows(0, terminal.getTerminalSize().getRows() - 1));
  }

  /** Rows {@code first} to {@code last}, both included, each as {@link #row} gives it. */
  List<String> rows(int first, int last) {
    List<String> rows = new ArrayList<>();
    for (int row = first; row <= last; row++) {
      rows.add(row(row));
    }
    return rows;
  }

  /** A row as text: trailing spaces cut, a wide character once. */
  String row(int row) {
    StringBuilder line = new StringBuilder();
    int columns = terminal.getTerminalSize().getColumns();
    for (int column = 0; column < columns; column++) {
      TextCharacter cell = terminal.getCharacter(column, row);
      line.append(cell.getCharacterString());
      if (cell.isDoubleWidth()) {
        column++;
      }
    }
    return line.toString().stripTrailing();
  }

  /** The first row containing {@code text}, or -1. */
  int rowOf(String text) {
    for (int row = 0; row < terminal.getTerminalSize().getRows(); row++) {
      if (row(row).contains(text)) {
        return row;
      }
    }
    return -1;
  }

  TextCharacter cell(int column, int row) {
    return terminal.getCharacter(column, row);
  }

  /** The cell where {@code text} starts on the screen; fails when it is not there. */
  TextCharacter cellOf(String text) {
    int row = rowOf(text);
    if (row < 0) {
      fail("'" + text + "' is not on the screen:\n" + screenText());
    }
    int column = 0;
    String line = row(row);
    int index = line.indexOf(text);
    for (int i = 0; i < index; i++) {
      column += cell(column, row).isDoubleWidth() ? 2 : 1;
    }
    return cell(column, row);
  }

  @Override
  public void close() {
    ui.close();
  }
}
