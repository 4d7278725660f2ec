package dev.agent.tui;

import static java.util.Objects.requireNonNull;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.Theme;
import com.googlecode.lanterna.gui2.BasicWindow;
import com.googlecode.lanterna.gui2.BorderLayout;
import com.googlecode.lanterna.gui2.Interactable;
import com.googlecode.lanterna.gui2.Panel;
import com.googlecode.lanterna.gui2.TextGUIThread;
import com.googlecode.lanterna.gui2.Window;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;
import dev.agent.chat.ChatException;
import dev.agent.chat.Role;
import dev.agent.chat.StreamEvent;
import dev.agent.config.ProviderConfig;
import dev.agent.config.Selection;
import dev.agent.provider.KeyStatus;
import dev.agent.session.ChatSession;
import dev.agent.session.ClientSource;
import dev.agent.session.Turn;
import dev.agent.store.Conversation;
import dev.agent.store.SessionException;
import dev.agent.store.SessionRecorder;
import dev.agent.store.SessionStore;
import dev.agent.store.StoredMessage;
import dev.agent.tui.markdown.MarkdownRenderer;
import dev.agent.tui.terminal.ChatKeys;
import dev.agent.tui.terminal.Clipboard;
import dev.agent.tui.terminal.DiagnosticLog;
import dev.agent.tui.terminal.ExternalEditor;
import dev.agent.tui.text.TextLayout;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The chat screen: builds the window, routes keys, and connects the session to the views.
 *
 * <p>Everything here runs on the thread that created it, which is Lanterna's GUI thread: the
 * session hops stream events onto it through {@link TextGUIThread#invokeLater}, and model lists
 * fetched in the background arrive the same way. A text delta only marks the screen stale; {@link
 * #tick()} redraws a stale screen at most once per frame interval, so a fast stream costs a bounded
 * number of frames.
 */
final class ChatUi implements AutoCloseable {
  static final int EXIT_QUIT = 0;
  static final int EXIT_INTERRUPTED = 130;

  /** Lists a provider's models; blocks, so it is called off the UI thread. */
  @FunctionalInterface
  interface ModelLister {
    List<String> models(ProviderConfig provider) throws ChatException;
  }

  /**
   * What the UI needs of the providers; {@link ChatApp} adapts the registry to it.
   *
   * @param providers every provider, in the order the picker lists them
   * @param clients the client of a provider, or a {@code SETUP} failure saying what is missing
   * @param keyStatus whether a provider's key is in the environment
   * @param models a provider's models
   */
  record Backend(
      List<ProviderConfig> providers,
      ClientSource clients,
      Function<ProviderConfig, KeyStatus> keyStatus,
      ModelLister models) {
    Backend {
      providers = List.copyOf(providers);
      requireNonNull(clients, "clients");
      requireNonNull(keyStatus, "keyStatus");
      requireNonNull(models, "models");
    }
  }

  /**
   * What the chat uses of the world around the screen.
   *
   * @param clipboard where Ctrl+Y and Ctrl+O copy to
   * @param editor the editor Ctrl+E runs on the prompt
   */
  record Host(Clipboard clipboard, ExternalEditor editor) {
    Host {
      requireNonNull(clipboard, "clipboard");
      requireNonNull(editor, "editor");
    }
  }

  private final Screen screen;
  private final TextLayout layout;
  private final Backend backend;
  private final ChatApp.Notices notices;
  private final Host host;
  private final LongSupplier nanoClock;
  private final long frameNanos;
  private final DiagnosticLog log;
  private final ChatTextGUI gui;
  private final BasicWindow window;
  private final TopBar topBar;
  private final TranscriptView transcript;
  private final InputView input;
  private final StatusLine status;
  private final ChatSession session;
  private final ExecutorService background;
  private final Map<String, List<String>> modelCache = new HashMap<>();
  private final SessionStore store;
  private final SessionRecorder recorder;
  private final ZoneId zone;
  private final Set<String> reportedProblems = new HashSet<>();

  /** Model listings started and not yet shown (or failed). */
  private final AtomicInteger listings = new AtomicInteger();

  private PickerWindow picker;
  private SessionsWindow sessionsWindow;
  private String shownId = "";
  private Turn lastReply;
  private String lastPrompt = "";
  private String flash = "";
  private String shownCountdown = "";
  private long unreportedCut;
  private boolean framePending;
  private boolean firstFrameDrawn;
  private long lastFrameAt;
  private Integer exitCode;

  /**
   * Builds the chat on {@code screen}, which must be started. Call on the thread that will run the
   * UI.
   *
   * @param notices lines for the transcript: those already there first (config warnings, an unknown
   *     theme), then any that arrive, from any thread, while the chat runs
   * @param frameInterval the least time between two frames drawn for a stream
   * @param sessions the saved conversations, and the one to start with
   * @param zone the time zone for the dates of saved conversations
   * @param host the clipboard and the external editor
   */
  ChatUi(
      Screen screen,
      Theme theme,
      TextLayout layout,
      Backend backend,
      Selection selection,
      ChatApp.Notices notices,
      LongSupplier nanoClock,
      Duration frameInterval,
      DiagnosticLog log,
      ChatApp.Sessions sessions,
      ZoneId zone,
      Host host) {
    this.screen = requireNonNull(screen, "screen");
    this.host = requireNonNull(host, "host");
    this.layout = requireNonNull(layout, "layout");
    this.backend = requireNonNull(backend, "backend");
    this.notices = requireNonNull(notices, "notices");
    this.nanoClock = requireNonNull(nanoClock, "nanoClock");
    this.frameNanos = frameInterval.toNanos();
    this.log = requireNonNull(log, "log");
    this.store = sessions.store();
    this.zone = requireNonNull(zone, "zone");
    this.gui = new ChatTextGUI(screen, this::handleGlobalKey);
    gui.setTheme(requireNonNull(theme, "theme"));
    // Lanterna's default handler prints the stack trace onto the screen and carries on; ours lets
    // it reach ChatApp, which restores the terminal and logs it.
    gui.getGUIThread()
        .setExceptionHandler(
            new TextGUIThread.ExceptionHandler() {
              @Override
              public boolean onIOException(IOException e) {
                throw new UncheckedIOException(e);
              }

              @Override
              public boolean onRuntimeException(RuntimeException e) {
                throw e;
              }
            });
    this.background =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "agent-models");
              thread.setDaemon(true);
              return thread;
            });

    ProviderConfig provider = selection.provider();
    this.topBar = new TopBar(layout, new TopBarActions(), provider, stateOf(provider));
    topBar.setModel(selection.model());
    this.transcript = new TranscriptView(layout, nanoClock);
    transcript.setEmptyHint(
        "Ask anything. Enter sends; Alt+Enter or Ctrl+J starts a new line; Ctrl+P picks a"
            + " provider; Tab moves to the model field; Ctrl+S lists saved conversations, Ctrl+N"
            + " starts a new one; Ctrl+Q quits."
            + (sessions.save() ? "" : " This conversation is not saved (--no-save)."));
    this.input = new InputView(layout, this::submit);
    input.setPlaceholder("Type a message");
    this.status = new StatusLine(layout);
    TextGUIThread guiThread = gui.getGUIThread();
    // Stream events wake the loop at once rather than at its next look, so a token reaches the
    // screen as soon as the frame rate allows.
    Thread uiThread = Thread.currentThread();
    this.session =
        new ChatSession(
            backend.clients(),
            selection,
            event -> {
              guiThread.invokeLater(event);
              LockSupport.unpark(uiThread);
            },
            this::onReplyEvent,
            nanoClock);
    this.recorder = sessions.save() ? store.recorder(this::savingStopped) : null;
    if (recorder != null) {
      session.setRecorder(recorder);
    }

    Panel bottom = unfilledPanel();
    bottom.addComponent(input, BorderLayout.Location.CENTER);
    bottom.addComponent(status, BorderLayout.Location.BOTTOM);
    Panel root = unfilledPanel();
    root.addComponent(topBar, BorderLayout.Location.TOP);
    root.addComponent(transcript, BorderLayout.Location.CENTER);
    root.addComponent(bottom, BorderLayout.Location.BOTTOM);
    this.window = new BasicWindow();
    window.setHints(
        List.of(
            Window.Hint.FULL_SCREEN, Window.Hint.NO_DECORATIONS, Window.Hint.NO_POST_RENDERING));
    window.setComponent(root);
    gui.addWindow(window);
    window.setFocusedInteractable(input);

    showNotices();
    sessions.resumed().ifPresent(this::continueWith);
    if (stateOf(provider).blocksSending()) {
      explainSetup(provider);
    }
    if (sessions.chooseFirst()) {
      openSessions();
    }
    refreshStatus();
    this.lastFrameAt = nanoClock.getAsLong();
  }

  /** Whether a reply was sent and has ended, with no frame left to draw. */
  boolean idleAfterReply() {
    return lastReply != null && !session.isStreaming() && !framePending;
  }

  /**
   * A panel laid out by regions that does not clear its area before its components draw: every view
   * here paints each cell of its own area, and each pass over the cells costs a frame a good part
   * of a millisecond at 200x60 (Lanterna tests every cell it sets for wide characters).
   */
  private static Panel unfilledPanel() {
    Panel panel = new Panel(new BorderLayout());
    Panel.DefaultPanelRenderer renderer = panel.new DefaultPanelRenderer();
    renderer.setFillAreaBeforeDrawingComponents(false);
    panel.setRenderer(renderer);
    return panel;
  }

  /** Set once the user has asked to quit: 0 for Ctrl+Q, 130 for Ctrl+C. */
  OptionalInt exitCode() {
    return exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
  }

  /**
   * Runs one pass of the loop: reads the keys waiting, runs what other threads handed over, and
   * draws a frame when something changed (for a stream, at most one per frame interval). Returns
   * whether anything happened, so an idle loop can sleep.
   *
   * @throws EOFException when the terminal has gone away
   */
  boolean tick() throws IOException {
    showNotices();
    boolean cutting = reportCut();
    countDown();
    input.hideCursor(session.isStreaming() && input.isEmpty());
    boolean drew = gui.getGUIThread().processEventsAndUpdate();
    if (!firstFrameDrawn) {
      // The model list is fetched once the first frame is up: loading the HTTP client and asking
      // the network must not delay it (nor compete with it for the CPU).
      firstFrameDrawn = true;
      fetchModels(topBar.provider());
    }
    long now = nanoClock.getAsLong();
    if (drew) {
      // Whatever was drawn included the stream's latest text, but not the status line's numbers
      // for it: those are set now and drawn by the next pass.
      if (framePending) {
        refreshStatus();
      }
      framePending = false;
      lastFrameAt = now;
    } else if (framePending && now - lastFrameAt >= frameNanos) {
      framePending = false;
      lastFrameAt = now;
      transcript.invalidate();
      refreshStatus();
      gui.updateScreen();
      drew = true;
    }
    return drew || cutting;
  }

  /** Adds the notices that arrived since the last look to the transcript. */
  private void showNotices() {
    for (String notice : notices.drain()) {
      transcript.addNotice(notice, true);
    }
  }

  /**
   * Says in the transcript, and for a moment in the status line, what a prompt had no room for:
   * once, when the text that did not fit has stopped coming (a paste is read over several passes).
   * Returns whether there was anything to count or say.
   */
  private boolean reportCut() {
    long cut = input.takeCut();
    if (cut > 0) {
      unreportedCut += cut;
      return true;
    }
    if (unreportedCut == 0) {
      return false;
    }
    String most = String.format(Locale.ROOT, "%,d", InputView.MAX_CHARS);
    transcript.addNotice(
        String.format(
            Locale.ROOT,
            "The prompt holds at most %s characters: the last %,d characters of what was pasted"
                + " or edited in were left out.",
            most,
            unreportedCut),
        true);
    flash("the prompt was cut at " + most + " characters");
    unreportedCut = 0;
    return true;
  }

  /**
   * Marks the screen stale when the countdown of a reply waiting for a retry shows another second,
   * so that the next update draws it.
   */
  private void countDown() {
    String countdown =
        lastReply == null ? "" : StatusLine.retryCountdown(lastReply, nanoClock.getAsLong());
    if (!countdown.equals(shownCountdown)) {
      shownCountdown = countdown;
      transcript.invalidate();
      refreshStatus();
    }
  }

  /**
   * How long the loop may sleep, at most {@code idle}: less when a stream's frame is due sooner.
   * Stream events wake the loop early (it sleeps with {@link LockSupport#parkNanos}).
   */
  long nanosToWait(long idle) {
    if (!framePending) {
      return idle;
    }
    long due = lastFrameAt + frameNanos - nanoClock.getAsLong();
    return Math.max(0, Math.min(idle, due));
  }

  /** Draws the whole screen again from scratch (Ctrl+L), for a terminal that garbled it. */
  private void repaint() {
    try {
      screen.refresh(Screen.RefreshType.COMPLETE);
    } catch (IOException e) {
      log.write("repaint failed: " + e.getMessage());
    }
  }

  /**
   * Stops the reply in flight, if any, and the background work, waiting briefly for a model listing
   * in progress so that nothing writes to the log after the chat is gone.
   */
  @Override
  public void close() {
    session.cancel();
    background.shutdownNow();
    try {
      background.awaitTermination(500, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean handleGlobalKey(KeyStroke key) {
    clearFlash();
    if (ChatKeys.isCtrl(key, 'q')) {
      quit(EXIT_QUIT);
      return true;
    }
    if (input.isPasting()) {
      return false; // inside a paste every key is text
    }
    if (ChatKeys.isCtrl(key, 'c')) {
      if (session.isStreaming()) {
        cancelReply();
      } else {
        quit(EXIT_INTERRUPTED);
      }
      return true;
    }
    if (picker != null || sessionsWindow != null) {
      return false;
    }
    Interactable focused = window.getFocusedInteractable();
    if (key.getKeyType() == KeyType.Escape && session.isStreaming()) {
      cancelReply();
      return true;
    }
    if (ChatKeys.isCtrl(key, 'p')) {
      openProviderPicker();
      return true;
    }
    if (ChatKeys.isCtrl(key, 'l')) {
      repaint();
      return true;
    }
    if (ChatKeys.isCtrl(key, 's')) {
      openSessions();
      return true;
    }
    if (ChatKeys.isCtrl(key, 'n')) {
      newConversation();
      flash("a new conversation");
      return true;
    }
    if (ChatKeys.isCtrl(key, 'y')) {
      copyReply();
      return true;
    }
    if (ChatKeys.isCtrl(key, 'o') || ChatKeys.isAlt(key, 'y')) {
      copyCode();
      return true;
    }
    if (ChatKeys.isCtrl(key, 'e')) {
      editPrompt();
      return true;
    }
    if (ChatKeys.isCtrl(key, 'r')) {
      retry();
      return true;
    }
    switch (key.getKeyType()) {
      case PageUp -> {
        transcript.scrollUp(transcript.pageRows());
        return true;
      }
      case PageDown -> {
        transcript.scrollDown(transcript.pageRows());
        return true;
      }
      case Home, End -> {
        // Home and End edit the prompt while it has text; otherwise they scroll.
        if (key.isCtrlDown() || (focused == input && input.isEmpty())) {
          if (key.getKeyType() == KeyType.Home) {
            transcript.scrollToTop();
          } else {
            transcript.scrollToBottom();
          }
          return true;
        }
        return false;
      }
      case Tab -> {
        cycleFocus(1);
        return true;
      }
      case ReverseTab -> {
        cycleFocus(-1);
        return true;
      }
      default -> {}
    }
    if (focused == transcript && ChatKeys.isTyped(key)) {
      // Typing while reading the transcript goes to the prompt.
      window.setFocusedInteractable(input);
      refreshStatus();
      return false;
    }
    return false;
  }

  private void cycleFocus(int step) {
    List<Interactable> order = List.of(input, topBar, transcript);
    int at = Math.max(0, order.indexOf(window.getFocusedInteractable()));
    window.setFocusedInteractable(order.get(Math.floorMod(at + step, order.size())));
    refreshStatus();
  }

  private void quit(int code) {
    session.cancel();
    exitCode = code;
  }

  private void submit(String text) {
    if (text.isBlank()) {
      return;
    }
    if (session.isStreaming()) {
      flash("a reply is still streaming: Esc cancels it");
      return;
    }
    ProviderConfig provider = topBar.provider();
    String model = topBar.effectiveModel();
    if (!session.selection().provider().equals(provider)
        || !session.selection().model().equals(model)) {
      session.select(new Selection(provider, model));
    }
    lastPrompt = text;
    input.submitted(text);
    int before = session.turns().size();
    Turn reply = session.send(text);
    // A warning about the provider's first use (a key over plain http) goes above the prompt.
    showNotices();
    List<Turn> turns = session.turns();
    for (int i = before; i < turns.size(); i++) {
      transcript.addTurn(turns.get(i));
    }
    transcript.scrollToBottom();
    lastReply = reply;
    refreshStatus();
  }

  /**
   * Sends the last prompt again (Ctrl+R) when its reply failed or was cancelled, to the provider
   * and model of the top bar, with the conversation before it; the reply it replaces stays in the
   * transcript, marked.
   */
  private void retry() {
    if (session.isStreaming()) {
      flash("a reply is still streaming: Esc cancels it");
      return;
    }
    if (!session.canRetry()) {
      flash("nothing to retry: Ctrl+R sends the last prompt again after its reply failed");
      return;
    }
    ProviderConfig provider = topBar.provider();
    String model = topBar.effectiveModel();
    if (!session.selection().provider().equals(provider)
        || !session.selection().model().equals(model)) {
      session.select(new Selection(provider, model));
    }
    String prompt = "";
    for (Turn turn : session.turns()) {
      if (turn.role() == Role.USER) {
        prompt = turn.text();
      }
    }
    if (input.text().equals(prompt)) {
      // The failure put the prompt back for a retry; this is that retry.
      input.setText("");
    }
    lastPrompt = prompt;
    Turn reply = session.retry();
    showNotices();
    transcript.addTurn(reply);
    transcript.scrollToBottom();
    lastReply = reply;
    refreshStatus();
  }

  /** Stream events, on the UI thread. A delta only marks the frame stale; the rest redraw now. */
  private void onReplyEvent(Turn turn, StreamEvent event) {
    if (event instanceof StreamEvent.TextDelta) {
      framePending = true;
      transcript.noteGrowth();
      return;
    }
    transcript.contentChanged();
    if (event instanceof StreamEvent.Failed && input.isEmpty()) {
      // Nothing typed is lost: a prompt whose reply failed is back in the editor for a retry.
      input.setText(lastPrompt);
    }
    countDown();
    refreshStatus();
  }

  /** Copies the text of the newest reply (Ctrl+Y). */
  private void copyReply() {
    List<Turn> turns = session.turns();
    for (int i = turns.size() - 1; i >= 0; i--) {
      Turn turn = turns.get(i);
      if (turn.role() == Role.ASSISTANT && turn.length() > 0) {
        copy("the last reply", "reply.md", turn.text());
        return;
      }
    }
    flash("no reply to copy yet");
  }

  /** Copies the last code block of the newest reply that has one (Ctrl+O, Alt+Y). */
  private void copyCode() {
    List<Turn> turns = session.turns();
    for (int i = turns.size() - 1; i >= 0; i--) {
      Turn turn = turns.get(i);
      if (turn.role() == Role.ASSISTANT) {
        Optional<String> code = MarkdownRenderer.lastCodeBlock(turn.text());
        if (code.isPresent()) {
          copy("the last code block", "code.txt", code.get());
          return;
        }
      }
    }
    flash("no code block in the replies yet");
  }

  /** Copies; when the text only went to a file, the transcript says where, in full. */
  private void copy(String what, String fileName, String text) {
    try {
      Clipboard.Result result = host.clipboard().copy(what, fileName, text);
      if (!result.sent()) {
        transcript.addNotice(result.message(), false);
      }
      flash(result.message());
    } catch (IOException e) {
      log.write("copy failed", e);
      flash(e.getMessage());
    }
  }

  /** Runs the external editor on the prompt (Ctrl+E); the edited text comes back into it. */
  private void editPrompt() {
    window.setFocusedInteractable(input);
    try {
      input.setText(host.editor().edit(input.text()));
    } catch (IOException e) {
      log.write("external editor: " + e.getMessage());
      flash(e.getMessage());
    }
    refreshStatus();
  }

  private void cancelReply() {
    session.cancel();
    transcript.contentChanged();
    refreshStatus();
  }

  private ProviderState stateOf(ProviderConfig provider) {
    return ProviderState.of(provider, backend.keyStatus().apply(provider));
  }

  private void openProviderPicker() {
    List<PickerWindow.Item> items = new ArrayList<>();
    int current = 0;
    List<ProviderConfig> providers = backend.providers();
    for (int i = 0; i < providers.size(); i++) {
      ProviderConfig p = providers.get(i);
      if (p.id().equals(topBar.provider().id())) {
        current = i;
      }
      items.add(
          new PickerWindow.Item(
              p.name() + " (" + p.id() + ")",
              stateOf(p).describe(p),
              p.baseUrl().isEmpty() ? "no base URL configured" : p.baseUrl()));
    }
    showPicker(
        new PickerWindow(
            "Provider: Enter selects, Esc closes",
            items,
            current,
            false,
            layout,
            pickerRoom(),
            index -> switchProvider(providers.get(index)),
            this::pickerClosed));
  }

  private void showModels() {
    List<String> models = topBar.models();
    List<PickerWindow.Item> items = new ArrayList<>();
    for (String model : models) {
      String note = model.equals(topBar.provider().defaultModel()) ? "default" : "";
      items.add(new PickerWindow.Item(model, note, ""));
    }
    int current = Math.max(0, models.indexOf(topBar.effectiveModel()));
    showPicker(
        new PickerWindow(
            "Models of " + topBar.provider().id() + ": type to filter",
            items,
            current,
            true,
            layout,
            pickerRoom(),
            index -> {
              topBar.setModel(models.get(index));
              window.setFocusedInteractable(input);
              refreshStatus();
            },
            this::pickerClosed));
  }

  private TerminalSize pickerRoom() {
    TerminalSize size = screen.getTerminalSize();
    return new TerminalSize(Math.max(20, size.getColumns() - 4), Math.max(6, size.getRows() - 4));
  }

  private void showPicker(PickerWindow window) {
    picker = window;
    gui.addWindow(window);
    gui.setActiveWindow(window);
    refreshStatus();
  }

  /** A picker closed, chosen or not. */
  private void pickerClosed() {
    picker = null;
    refreshStatus();
  }

  private void switchProvider(ProviderConfig provider) {
    topBar.setProvider(provider, stateOf(provider));
    topBar.setModel(provider.defaultModel());
    session.select(new Selection(provider, provider.defaultModel()));
    transcript.addNotice(
        "Now talking to "
            + provider.name()
            + " ("
            + provider.id()
            + "), model "
            + provider.defaultModel()
            + ".",
        false);
    if (stateOf(provider).blocksSending()) {
      explainSetup(provider);
    }
    fetchModels(provider);
    window.setFocusedInteractable(input);
    refreshStatus();
  }

  /** Shows, as an error in the transcript, why the provider cannot be used and how to fix it. */
  private void explainSetup(ProviderConfig provider) {
    try {
      backend.clients().clientFor(provider);
    } catch (ChatException e) {
      transcript.addNotice(e.getMessage(), true);
    }
  }

  /** Fetches the provider's models in the background; a failure only goes to the log. */
  private void fetchModels(ProviderConfig provider) {
    List<String> cached = modelCache.get(provider.id());
    if (cached != null) {
      topBar.setModels(cached);
      return;
    }
    if (stateOf(provider).blocksSending()) {
      return;
    }
    TextGUIThread guiThread = gui.getGUIThread();
    listings.incrementAndGet();
    background.execute(
        () -> {
          try {
            List<String> models = List.copyOf(backend.models().models(provider));
            guiThread.invokeLater(() -> modelsArrived(provider, models));
          } catch (ChatException | RuntimeException e) {
            if (!background.isShutdown()) {
              log.write("listing the models of " + provider.id() + " failed: " + e.getMessage());
            }
            listings.decrementAndGet();
          }
        });
  }

  /** Whether no model listing is running or waiting to be shown; for tests that must settle. */
  boolean listingsSettled() {
    return listings.get() == 0;
  }

  private void modelsArrived(ProviderConfig provider, List<String> models) {
    listings.decrementAndGet();
    modelCache.put(provider.id(), models);
    if (topBar.provider().id().equals(provider.id())) {
      topBar.setModels(models);
      refreshStatus();
    }
  }

  /** Goes on with a saved conversation: its turns in the session and the transcript. */
  private void continueWith(Conversation conversation) {
    session.load(conversation.turns());
    if (recorder != null) {
      recorder.continueIn(conversation.id());
    }
    shownId = conversation.id();
    int count = conversation.messages().size();
    transcript.addNotice(
        "Conversation \""
            + conversation.title()
            + "\" ("
            + conversation.id()
            + ", "
            + count
            + (count == 1 ? " message)" : " messages)"),
        false);
    for (String problem : conversation.problems()) {
      transcript.addNotice(problem, true);
      log.write(problem);
    }
    for (Turn turn : session.turns()) {
      transcript.addTurn(turn);
    }
    if (conversation.last().filter(last -> last.role() == Role.USER).isPresent()) {
      transcript.addNotice(
          "The reply to this prompt was not saved (agent stopped while it streamed); it is not"
              + " sent again unless you press Ctrl+R.",
          false);
    }
    transcript.scrollToBottom();
  }

  /** Opens saved conversation {@code id} in place of the one shown. */
  private void openConversation(String id) {
    // Cancelled first, so a reply in flight is saved with the conversation it belongs to.
    session.cancel();
    Conversation conversation;
    try {
      conversation = store.load(id);
    } catch (SessionException | IOException e) {
      transcript.addNotice("cannot open conversation " + id + ": " + e.getMessage(), true);
      refreshStatus();
      return;
    }
    transcript.clear();
    lastReply = null;
    continueWith(conversation);
    conversation.last().ifPresent(this::goOnWith);
    window.setFocusedInteractable(input);
    refreshStatus();
  }

  /** Switches to the provider and model of a conversation's last message, when configured. */
  private void goOnWith(StoredMessage last) {
    ProviderConfig provider = null;
    for (ProviderConfig p : backend.providers()) {
      if (p.id().equals(last.provider())) {
        provider = p;
      }
    }
    if (provider == null) {
      transcript.addNotice(
          "this conversation was last with provider '"
              + last.provider()
              + "', which is not configured; it goes on with "
              + topBar.provider().id(),
          true);
      return;
    }
    String model = last.model().isEmpty() ? provider.defaultModel() : last.model();
    boolean otherProvider = !provider.id().equals(topBar.provider().id());
    if (otherProvider) {
      topBar.setProvider(provider, stateOf(provider));
    }
    topBar.setModel(model);
    session.select(new Selection(provider, model));
    if (otherProvider) {
      if (stateOf(provider).blocksSending()) {
        explainSetup(provider);
      }
      fetchModels(provider);
    }
  }

  /** Starts a new, empty conversation; a reply in flight is cancelled and saved as such. */
  private void newConversation() {
    session.cancel();
    session.load(List.of());
    if (recorder != null) {
      recorder.startNew();
    }
    shownId = "";
    transcript.clear();
    lastReply = null;
    window.setFocusedInteractable(input);
    refreshStatus();
  }

  /** The ID of the conversation shown, once it has one. */
  private String openId() {
    return recorder != null ? recorder.id().orElse("") : shownId;
  }

  private void openSessions() {
    SessionStore.Listing listing;
    try {
      listing = store.list();
    } catch (IOException e) {
      flash("cannot list the saved conversations: " + e.getMessage());
      return;
    }
    for (String problem : listing.problems()) {
      if (reportedProblems.add(problem)) {
        transcript.addNotice(problem, true);
        log.write(problem);
      }
    }
    sessionsWindow =
        new SessionsWindow(
            listing.sessions(), openId(), store, layout, pickerRoom(), zone, new SessionsActions());
    gui.addWindow(sessionsWindow);
    gui.setActiveWindow(sessionsWindow);
    refreshStatus();
  }

  /** Saving failed: said once in the transcript; the chat goes on unsaved. */
  private void savingStopped(String problem) {
    transcript.addNotice(problem, true);
    log.write(problem);
  }

  private void flash(String message) {
    flash = message;
    refreshStatus();
  }

  private void clearFlash() {
    if (!flash.isEmpty()) {
      flash = "";
      refreshStatus();
    }
  }

  private void refreshStatus() {
    if (!flash.isEmpty()) {
      status.setLeft(flash, true);
    } else if (!shownCountdown.isEmpty()) {
      status.setLeft(shownCountdown, false);
    } else {
      status.setLeft(lastReply == null ? "" : StatusLine.stats(lastReply, layout), false);
    }
    status.setHints(hints());
  }

  private List<String> hints() {
    if (picker != null) {
      return List.of("Enter select", "Esc close", "Up/Down move");
    }
    if (sessionsWindow != null) {
      return sessionsWindow.hints();
    }
    Interactable focused = window.getFocusedInteractable();
    if (focused == topBar) {
      List<String> hints = new ArrayList<>(List.of("Enter apply", "Esc revert"));
      if (!topBar.models().isEmpty()) {
        hints.add("Down " + topBar.models().size() + " models");
      }
      hints.add("Tab next");
      return hints;
    }
    if (focused == transcript) {
      return List.of("Up/Down PgUp/PgDn Home/End scroll", "Tab next", "Ctrl+Q quit");
    }
    if (session.isStreaming()) {
      return List.of("Esc cancel", "PgUp/PgDn scroll", "Ctrl+Q quit");
    }
    List<String> hints = new ArrayList<>();
    if (session.canRetry()) {
      hints.add("Ctrl+R retry");
    }
    if (lastReply == null) {
      hints.addAll(
          List.of(
              "Enter send",
              "Alt+Enter newline",
              "Ctrl+P provider",
              "Tab model",
              "Ctrl+Q quit",
              "Ctrl+S sessions"));
      return hints;
    }
    // Beside a reply's numbers there is room for few keys: the ones not learnt by sending.
    hints.addAll(
        List.of(
            "Ctrl+P provider",
            "Ctrl+Q quit",
            "Alt+Enter newline",
            "Tab model",
            "Ctrl+S sessions",
            "Ctrl+Y copy"));
    return hints;
  }

  /** What the list of saved conversations asks of the chat. */
  private final class SessionsActions implements SessionsWindow.Actions {
    @Override
    public void open(String id) {
      openConversation(id);
    }

    @Override
    public void deleted(String id, String title) {
      if (id.equals(openId())) {
        newConversation();
      }
    }

    @Override
    public void changed() {
      refreshStatus();
    }

    @Override
    public void closed() {
      sessionsWindow = null;
      refreshStatus();
    }
  }

  /** What the top bar asks of the chat. */
  private final class TopBarActions implements TopBar.Actions {
    @Override
    public void modelFieldDone() {
      window.setFocusedInteractable(input);
      refreshStatus();
    }

    @Override
    public void showModels() {
      ChatUi.this.showModels();
    }
  }
}
