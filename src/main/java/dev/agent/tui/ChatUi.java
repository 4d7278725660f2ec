package dev.agent.tui;

import static java.util.Objects.requireNonNull;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.Theme;
import com.googlecode.lanterna.gui2.Interactable;
import com.googlecode.lanterna.gui2.TextGUIThread;
import com.googlecode.lanterna.gui2.Window;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.screen.Screen;
import dev.agent.chat.StreamEvent;
import dev.agent.config.ProviderConfig;
import dev.agent.config.Selection;
import dev.agent.session.ChatSession;
import dev.agent.session.Turn;
import dev.agent.store.StoredMessage;
import dev.agent.tui.terminal.ChatKeys;
import dev.agent.tui.terminal.DiagnosticLog;
import dev.agent.tui.text.TextLayout;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The chat screen: builds the window, routes the keys of {@link ChatKeymap}, runs the loop's pass
 * ({@link #tick}) and keeps the status line true. The jobs are in parts of their own, each told
 * what it may ask of the chat by a small interface: {@link ReplyFlow} (send, retry, cancel, stream
 * events), {@link Conversations} (the saved conversations), {@link ProviderChoice} (the provider
 * picker and the model list, fetched by {@link ModelListings}), {@link Copying}, {@link FramePacer}
 * and {@link ChatWindow} (the window's layout and focus). What stays here is the wiring of those
 * parts, the loop's pass and the status line, which read the state of all of them; split further,
 * each part would reach back into the others.
 *
 * <p>Everything here runs on the thread that created it, which is Lanterna's GUI thread: the
 * session hops stream events onto it through {@link TextGUIThread#invokeLater}, and model lists
 * fetched in the background arrive the same way. A text delta only marks the screen stale; {@link
 * #tick()} redraws a stale screen at most once per frame interval, so a fast stream costs a bounded
 * number of frames.
 */
final class ChatUi implements AutoCloseable {
  /** Ctrl+Q, which quits even inside a paste. */
  private static final Predicate<KeyStroke> QUIT_KEY =
      ChatKeymap.binding(ChatKeymap.Command.QUIT).matches();

  private static final long SECOND = 1_000_000_000L;

  private final Screen screen;
  private final TextLayout layout;
  private final ChatApp.Notices notices;
  private final ChatHost host;
  private final LongSupplier nanoClock;
  private final DiagnosticLog log;
  private final ChatTextGUI gui;
  private final ChatWindow window;
  private final TopBar topBar;
  private final TranscriptView transcript;
  private final InputView input;
  private final StatusLine status;
  private final ChatSession session;
  private final FramePacer pacer;
  private final ModelListings models;
  private final ReplyFlow replies;
  private final Conversations conversations;
  private final ProviderChoice providers;
  private final Copying copying;

  private final Surroundings surroundings = new Surroundings();

  private PickerWindow picker;
  private String flash = "";
  private String shownCountdown = "";
  private long shownThinking = -1;
  private long unreportedCut;
  private boolean firstFrameDrawn;
  private ChatApp.Outcome outcome;

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
      ChatBackend backend,
      Selection selection,
      ChatApp.Notices notices,
      LongSupplier nanoClock,
      Duration frameInterval,
      DiagnosticLog log,
      ChatApp.Sessions sessions,
      ZoneId zone,
      ChatHost host) {
    this.screen = requireNonNull(screen, "screen");
    this.host = requireNonNull(host, "host");
    this.layout = requireNonNull(layout, "layout");
    requireNonNull(backend, "backend");
    this.notices = requireNonNull(notices, "notices");
    this.nanoClock = requireNonNull(nanoClock, "nanoClock");
    this.pacer = new FramePacer(nanoClock, frameInterval);
    this.log = requireNonNull(log, "log");
    this.gui = new ChatTextGUI(screen, this::handleGlobalKey);
    gui.setTheme(requireNonNull(theme, "theme"));
    ProviderConfig provider = selection.provider();
    ProviderState state = ProviderState.of(provider, backend.keyStatus().apply(provider));
    this.topBar = new TopBar(layout, surroundings, provider, state);
    topBar.setModel(selection.model());
    this.transcript = new TranscriptView(layout, nanoClock);
    transcript.setEmptyHint(ChatKeymap.welcome(sessions.save()));
    this.input = new InputView(layout, this::send);
    input.setPlaceholder("Type a message");
    this.status = new StatusLine(layout);
    TextGUIThread guiThread = gui.getGUIThread();
    // The loop sleeps until woken: whatever other threads hand over (stream events, model lists,
    // notices) wakes it at once, so a token reaches the screen as soon as the frame rate allows.
    Thread uiThread = Thread.currentThread();
    Runnable wake = () -> LockSupport.unpark(uiThread);
    Executor onUiThread =
        task -> {
          guiThread.invokeLater(task);
          wake.run();
        };
    notices.wakeOn(wake);
    this.session =
        new ChatSession(backend.clients(), selection, onUiThread, this::onReplyEvent, nanoClock);
    this.models = new ModelListings(backend.models(), log, onUiThread);
    this.providers =
        new ProviderChoice(backend, session, topBar, transcript, models, layout, surroundings);
    this.copying = new Copying(session, host.clipboard(), transcript, log, this::flash);
    this.replies = new ReplyFlow(session, topBar, input, transcript, pacer, surroundings);
    this.conversations =
        new Conversations(
            session,
            transcript,
            sessions.store(),
            sessions.save(),
            layout,
            requireNonNull(zone, "zone"),
            log,
            surroundings);

    this.window = new ChatWindow(topBar, transcript, input, status);
    gui.addWindow(window);

    showNotices();
    sessions.resumed().ifPresent(conversations::continueWith);
    if (state.blocksSending()) {
      providers.explainSetup(provider);
    }
    if (sessions.chooseFirst()) {
      conversations.openList();
    }
    refreshStatus();
  }

  /** Whether no model listing is running or waiting to be shown; for tests that must settle. */
  boolean listingsSettled() {
    return models.settled();
  }

  /** Whether a reply was sent and has ended, with no frame left to draw. */
  boolean idleAfterReply() {
    return replies.lastReply() != null && !session.isStreaming() && !pacer.pending();
  }

  /**
   * Set once the user has asked to quit: {@code QUIT} for Ctrl+Q, {@code INTERRUPTED} for Ctrl+C.
   */
  Optional<ChatApp.Outcome> outcome() {
    return Optional.ofNullable(outcome);
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
      providers.fetchModels(topBar.provider());
    }
    if (drew) {
      // Whatever was drawn included the stream's latest text, but not the status line's numbers
      // for it: those are set now and drawn by the next pass.
      if (pacer.pending()) {
        refreshStatus();
      }
      pacer.drawn();
    } else if (pacer.due()) {
      pacer.drawn();
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
   * Marks the screen stale when a clock it shows moves to another second: the countdown of a reply
   * waiting for a retry, or how long a reply has been thinking. Nothing else is timed, so an idle
   * chat draws nothing.
   */
  private void countDown() {
    Turn lastReply = replies.lastReply();
    long now = nanoClock.getAsLong();
    String countdown = lastReply == null ? "" : StatusLine.retryCountdown(lastReply, now);
    long thinking =
        lastReply == null || !lastReply.isThinking()
            ? -1
            : TranscriptView.thinkingSeconds(lastReply, now);
    if (!countdown.equals(shownCountdown) || thinking != shownThinking) {
      shownCountdown = countdown;
      shownThinking = thinking;
      transcript.invalidate();
      refreshStatus();
    }
  }

  /**
   * How long the loop may sleep, at most {@code idle}: less when a stream's frame is due sooner, or
   * a clock on the screen (a retry's countdown, the seconds a reply has been thinking) moves to its
   * next second. Keys, stream events and the other threads' work wake the loop early (it sleeps
   * with {@link LockSupport#parkNanos}), so nothing else needs a timer.
   */
  long nanosToWait(long idle) {
    return Math.min(pacer.nanosToWait(idle), nanosToNextSecond());
  }

  /** How long until a clock on the screen shows another second; a long time when none is shown. */
  private long nanosToNextSecond() {
    Turn lastReply = replies.lastReply();
    if (lastReply == null) {
      return Long.MAX_VALUE;
    }
    long now = nanoClock.getAsLong();
    long next = Long.MAX_VALUE;
    if (lastReply.retrying().isPresent() && lastReply.retryDueAt() > now) {
      // The countdown shows the seconds left rounded up: it changes when they cross a whole second.
      next = (lastReply.retryDueAt() - now - 1) % SECOND + 1;
    }
    if (lastReply.isThinking()) {
      long thought = Math.max(0, now - lastReply.reasoningStartedAt());
      next = Math.min(next, SECOND - thought % SECOND);
    }
    return next;
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
    models.close();
  }

  /** The chat window's keys, from {@link ChatKeymap}; returns whether the key was handled. */
  private boolean handleGlobalKey(KeyStroke key) {
    clearFlash();
    if (QUIT_KEY.test(key)) {
      quit(ChatApp.Outcome.QUIT);
      return true;
    }
    if (input.isPasting()) {
      return false; // inside a paste every key is text, and there are megabytes of them
    }
    ChatKeymap.Command command = ChatKeymap.commandOf(key).orElse(null);
    if (command == ChatKeymap.Command.INTERRUPT) {
      if (session.isStreaming()) {
        replies.cancel();
      } else {
        quit(ChatApp.Outcome.INTERRUPTED);
      }
      return true;
    }
    if (picker != null || conversations.listOpen()) {
      return false;
    }
    if (command != null && run(command, key)) {
      return true;
    }
    if (window.focused() == transcript && ChatKeys.isTyped(key)) {
      // Typing while reading the transcript goes to the prompt.
      window.focusPrompt();
      refreshStatus();
    }
    return false;
  }

  /** Runs {@code command}; returns false when it does not apply now and the key goes on. */
  private boolean run(ChatKeymap.Command command, KeyStroke key) {
    switch (command) {
      case CANCEL -> {
        if (!session.isStreaming()) {
          return false;
        }
        replies.cancel();
      }
      case PICK_PROVIDER -> providers.openProviderPicker();
      case REASONING_EFFORT -> {
        String effort = providers.cycleReasoningEffort();
        flash(
            effort.isEmpty()
                ? "reasoning effort: not sent (the model's default) from the next reply"
                : "reasoning effort: " + effort + " from the next reply");
      }
      case REPAINT -> repaint();
      case SESSIONS -> conversations.openList();
      case NEW_CONVERSATION -> {
        conversations.startNew();
        flash("a new conversation");
      }
      case COPY_REPLY -> copying.copyReply();
      case COPY_CODE -> copying.copyCode();
      case EDIT_PROMPT -> editPrompt();
      case RETRY -> replies.retry();
      case TOGGLE_REASONING -> {
        if (!transcript.toggleReasoning()) {
          flash("no reply has thinking to show");
        }
      }
      case PAGE_UP -> transcript.scrollUp(transcript.pageRows());
      case PAGE_DOWN -> transcript.scrollDown(transcript.pageRows());
      case TOP, BOTTOM -> {
        // Home and End edit the prompt while it has text; otherwise they scroll.
        if (!key.isCtrlDown() && !(window.focused() == input && input.isEmpty())) {
          return false;
        }
        if (command == ChatKeymap.Command.TOP) {
          transcript.scrollToTop();
        } else {
          transcript.scrollToBottom();
        }
      }
      case NEXT_FOCUS -> cycleFocus(1);
      case PREVIOUS_FOCUS -> cycleFocus(-1);
      case SEND, NEWLINE, QUIT, INTERRUPT -> {
        return false; // the prompt's own keys, and those handled before
      }
    }
    return true;
  }

  /** Enter on the prompt. */
  private void send(String text) {
    replies.send(text);
  }

  /** A stream event, on the UI thread. */
  private void onReplyEvent(Turn turn, StreamEvent event) {
    replies.onReplyEvent(turn, event);
  }

  private void cycleFocus(int step) {
    window.cycleFocus(step);
    refreshStatus();
  }

  private void quit(ChatApp.Outcome outcome) {
    session.cancel();
    this.outcome = outcome;
  }

  /** Runs the external editor on the prompt (Ctrl+E); the edited text comes back into it. */
  private void editPrompt() {
    window.focusPrompt();
    try {
      input.setText(host.editor().edit(input.text()));
    } catch (IOException e) {
      log.write("external editor: " + e.getMessage());
      flash(e.getMessage());
    }
    refreshStatus();
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
      Turn lastReply = replies.lastReply();
      status.setLeft(
          lastReply == null ? "" : StatusLine.stats(lastReply, layout, nanoClock.getAsLong()),
          false);
    }
    status.setHints(hints());
  }

  private List<String> hints() {
    if (picker != null) {
      return PickerWindow.HINTS;
    }
    if (conversations.listOpen()) {
      return conversations.listHints();
    }
    Interactable focused = window.focused();
    ChatKeymap.Focus focus =
        focused == topBar
            ? ChatKeymap.Focus.MODEL_FIELD
            : focused == transcript ? ChatKeymap.Focus.TRANSCRIPT : ChatKeymap.Focus.PROMPT;
    return ChatKeymap.hints(
        focus,
        session.isStreaming(),
        session.canRetry(),
        replies.lastReply() != null,
        topBar.models().size());
  }

  /**
   * What the chat's parts ask of the chat around them: the status line, the windows on top, the
   * focus. One object for all of them, so each part sees only its own interface.
   */
  private final class Surroundings
      implements ReplyFlow.Chat, Conversations.Chat, ProviderChoice.Chat, TopBar.Actions {
    @Override
    public void showNotices() {
      ChatUi.this.showNotices();
    }

    @Override
    public void flash(String message) {
      ChatUi.this.flash(message);
    }

    @Override
    public void refreshStatus() {
      ChatUi.this.refreshStatus();
    }

    @Override
    public void countDown() {
      ChatUi.this.countDown();
    }

    @Override
    public void replaced() {
      replies.forget();
      chosen();
    }

    @Override
    public void goOnWith(StoredMessage last) {
      providers.goOnWith(last);
    }

    @Override
    public void open(Window window) {
      gui.addWindow(window);
      gui.setActiveWindow(window);
    }

    @Override
    public TerminalSize windowRoom() {
      TerminalSize size = screen.getTerminalSize();
      return new TerminalSize(Math.max(20, size.getColumns() - 4), Math.max(6, size.getRows() - 4));
    }

    @Override
    public void showPicker(PickerWindow window) {
      picker = window;
      open(window);
      refreshStatus();
    }

    @Override
    public void pickerClosed() {
      picker = null;
      refreshStatus();
    }

    @Override
    public void chosen() {
      window.focusPrompt();
      refreshStatus();
    }

    @Override
    public void modelFieldDone() {
      chosen();
    }

    @Override
    public void showModels() {
      providers.openModelPicker();
    }
  }
}
