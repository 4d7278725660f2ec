package dev.agent.tui;

import static java.util.Objects.requireNonNull;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.Theme;
import com.googlecode.lanterna.gui2.AbstractWindow;
import com.googlecode.lanterna.gui2.Interactable;
import com.googlecode.lanterna.gui2.TextGUIThread;
import com.googlecode.lanterna.gui2.Window;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.MouseAction;
import com.googlecode.lanterna.screen.Screen;
import dev.agent.chat.StreamEvent;
import dev.agent.config.ProviderConfig;
import dev.agent.config.Selection;
import dev.agent.session.ChatSession;
import dev.agent.session.Turn;
import dev.agent.store.StoredMessage;
import dev.agent.tui.terminal.ChatKeys;
import dev.agent.tui.terminal.ChatScreen;
import dev.agent.tui.terminal.DiagnosticLog;
import dev.agent.tui.text.TextLayout;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
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

  /** Rows one notch of the mouse wheel scrolls, as most terminals and browsers do. */
  static final int WHEEL_ROWS = 3;

  /** How soon a second Ctrl+C quits, whatever the first did. */
  private static final Duration INTERRUPT_AGAIN = Duration.ofSeconds(1);

  private static final long SECOND = 1_000_000_000L;

  private final ChatScreen screen;
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
  private final LoopSleep sleep;
  private final ModelListings models;
  private final ReplyFlow replies;
  private final Conversations conversations;
  private final ProviderChoice providers;
  private final Copying copying;
  private final SlashCommands slashCommands;
  private final ContextFit contextFit;

  /** What the slash command that runs puts in the prompt line once it is done; null for nothing. */
  private String promptAfterCommand;

  private final Surroundings surroundings = new Surroundings();

  private Window picker;
  private boolean interrupted;
  private long lastInterrupt;
  private String flash = "";
  private String shownCountdown = "";
  private long shownThinking = -1;
  private String shownStall = "";
  private long unreportedCut;
  private boolean firstFrameDrawn;
  private Runnable afterFirstFrame = () -> {};
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
      ChatScreen screen,
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
    // The loop sleeps until woken: notices wake it at once; a stream's events and model lists
    // wake it unless it wakes within a frame anyway (LoopSleep), for a streamed token waits for
    // the next frame either way, so a token reaches the screen as soon as the frame rate allows.
    this.sleep = new LoopSleep(Thread.currentThread(), frameInterval);
    Executor onUiThread =
        task -> {
          guiThread.invokeLater(task);
          sleep.wakeUnlessSoon();
        };
    notices.wakeOn(sleep::wake);
    this.session =
        new ChatSession(backend.clients(), selection, onUiThread, this::onReplyEvent, nanoClock);
    this.models = new ModelListings(backend.models(), log, onUiThread);
    this.contextFit =
        new ContextFit(session, topBar, transcript, models, backend.windows(), surroundings);
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

    this.slashCommands = slashCommands();
    this.window = new ChatWindow(topBar, transcript, input, status);
    gui.addWindow(window);

    showNotices();
    sessions.resumed().ifPresent(conversations::resume);
    if (sessions.resumed().isPresent() && sessions.systemPrompt().isPresent()) {
      // --system with --continue: the conversation goes on under the run's prompt, shown there.
      session.useSystemPrompt(sessions.systemPrompt().get()).ifPresent(transcript::addTurn);
    }
    if (state.blocksSending()) {
      if (sessions.resumed().isEmpty()) {
        // The setup notice would take the empty transcript's place, and the welcome with it: the
        // welcome goes first, the notice last, where a short screen keeps it in view.
        transcript.addNotice(ChatKeymap.welcome(sessions.save()), false);
      }
      providers.explainSetup(provider);
    }
    if (sessions.chooseFirst()) {
      conversations.openList();
    }
    refreshStatus();
  }

  /**
   * Runs {@code task} once on this thread after the first frame is drawn and before the chat first
   * uses the network (the model list): set-up that must precede the network but need not delay the
   * first frame. At once when the first frame is already drawn.
   */
  void afterFirstFrame(Runnable task) {
    requireNonNull(task, "task");
    if (firstFrameDrawn) {
      task.run();
    } else {
      afterFirstFrame = task;
    }
  }

  /** Whether no model listing is running or waiting to be shown; for tests that must settle. */
  boolean listingsSettled() {
    return models.settled();
  }

  /** The rows the transcript has drawn so far ({@link TranscriptView#rowsDrawn}); for tests. */
  long transcriptRowsDrawn() {
    return transcript.rowsDrawn();
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
    transcript.setFollowKey(input.isEmpty() ? "End" : "Ctrl+End");
    boolean drew = gui.getGUIThread().processEventsAndUpdate();
    if (!firstFrameDrawn) {
      // The model list is fetched once the first frame is up: loading the HTTP client and asking
      // the network must not delay it (nor compete with it for the CPU).
      firstFrameDrawn = true;
      afterFirstFrame.run();
      providers.fetchModels(topBar.provider());
      contextFit.follow();
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
   * waiting for a retry, how long a reply has been thinking, or how long a stalled reply has sent
   * nothing. Nothing else is timed, so an idle chat draws nothing.
   */
  private void countDown() {
    Turn lastReply = replies.lastReply();
    long now = nanoClock.getAsLong();
    String countdown = lastReply == null ? "" : StatusLine.retryCountdown(lastReply, now);
    long thinking =
        lastReply == null || !lastReply.isThinking()
            ? -1
            : TranscriptView.thinkingSeconds(lastReply, now);
    String stall =
        lastReply == null || StatusLine.stalledSeconds(lastReply, now) < 0
            ? ""
            : StatusLine.stats(lastReply, layout, now);
    if (!countdown.equals(shownCountdown)
        || thinking != shownThinking
        || !stall.equals(shownStall)) {
      shownCountdown = countdown;
      shownThinking = thinking;
      shownStall = stall;
      transcript.invalidate();
      refreshStatus();
    }
  }

  /**
   * Sleeps until a key, a stream event, another thread's work, a signal or the terminal's resize
   * wakes the loop, or until {@link #nanosToWait} has passed. A stream's event that arrives while a
   * frame is due within the frame interval does not wake it: the event is drawn in that frame.
   */
  void sleep() {
    sleep.sleep(nanosToWait(Long.MAX_VALUE));
  }

  /**
   * How long the loop may sleep, at most {@code idle}: less when a stream's frame is due sooner, or
   * a clock on the screen (a retry's countdown, the seconds a reply has been thinking, those of a
   * stalled reply) moves to its next second, or a streaming reply's silence becomes a stall. Keys,
   * stream events and the other threads' work wake the loop early (see {@link LoopSleep}), so
   * nothing else needs a timer.
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
    if (lastReply.status() == Turn.Status.STREAMING) {
      long silent = now - lastReply.lastDataAt();
      if (silent < StatusLine.STALL) {
        next = Math.min(next, StatusLine.STALL - silent);
      } else {
        long streamed = Math.max(0, now - lastReply.startedAt());
        next = Math.min(next, Math.min(SECOND - silent % SECOND, SECOND - streamed % SECOND));
      }
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
   * in progress so that nothing writes to the log after the chat is gone. The reply in flight is
   * saved as cut short.
   */
  @Override
  public void close() {
    // The transcript's rows go first: they can take several times the memory of the text, and
    // saving a long reply needs room (when the chat stops because memory ran out, say).
    transcript.clear();
    session.cancel();
    models.close();
    conversations.close();
  }

  /** The chat window's keys, from {@link ChatKeymap}; returns whether the key was handled. */
  private boolean handleGlobalKey(KeyStroke key) {
    if (key instanceof MouseAction mouse) {
      return onMouse(mouse);
    }
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
      interrupt();
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

  /**
   * The mouse: the wheel scrolls the transcript {@link #WHEEL_ROWS} rows a notch, while no window
   * is on top; everything else of the mouse (buttons, and the wheel over a window) is taken and
   * does nothing, so no click moves the focus or reaches a window as a key.
   */
  private boolean onMouse(MouseAction mouse) {
    if (picker == null && !conversations.listOpen() && !input.isPasting()) {
      if (ChatKeys.isWheelUp(mouse)) {
        transcript.scrollUp(WHEEL_ROWS);
      } else if (ChatKeys.isWheelDown(mouse)) {
        transcript.scrollDown(WHEEL_ROWS);
      }
    }
    return true;
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
      case PICK_PROFILE -> providers.openProfilePicker();
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
      case EDIT_PROMPT -> {
        if (window.focused() == topBar) {
          return false; // the model field's end of line
        }
        editPrompt();
      }
      case RETRY -> replies.retry();
      case TRIM -> contextFit.trimAndSend(input.text());
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
      case END_OF_INPUT -> {
        // As in a shell: on an empty prompt it quits; elsewhere it deletes the character ahead.
        if (window.focused() != input || !input.isEmpty()) {
          return false;
        }
        quit(ChatApp.Outcome.QUIT);
      }
      case NEXT_FOCUS -> {
        if (window.focused() == input && SlashCommands.completes(input.text())) {
          completeCommand();
        } else {
          cycleFocus(1);
        }
      }
      case PREVIOUS_FOCUS -> cycleFocus(-1);
      case HELP -> openHelp();
      case SEND, NEWLINE, QUIT, INTERRUPT -> {
        return false; // the prompt's own keys, and those handled before
      }
    }
    return true;
  }

  /** Enter on the prompt: sends it, or runs the slash command it is. */
  private void send(String text) {
    if (!SlashCommands.isCommand(text)) {
      replies.send(text);
      return;
    }
    Optional<String> problem = slashCommands.run(text);
    if (problem.isPresent()) {
      flash(problem.get()); // the prompt stays, to be corrected
      return;
    }
    input.submitted(text);
    if (promptAfterCommand != null) {
      input.setText(promptAfterCommand);
      promptAfterCommand = null;
    }
    refreshStatus();
  }

  /**
   * The slash commands: a row each, which runs what a key (or the model field) would. A new command
   * is one row here, and its line in docs/usage.md.
   */
  private SlashCommands slashCommands() {
    return new SlashCommands(
        List.of(
            new SlashCommands.Command("help", "every key and command (F1)", this::openHelp),
            new SlashCommands.Command(
                "model",
                "[NAME]",
                "talk to model NAME from the next prompt; without NAME, the models listed",
                this::chooseModel,
                topBar::models),
            new SlashCommands.Command(
                "provider",
                "[ID]",
                "switch to provider ID; without ID, the picker (Ctrl+P)",
                this::chooseProvider,
                providers::ids),
            new SlashCommands.Command(
                "profile",
                "the profile picker (" + ChatKeymap.key(ChatKeymap.Command.PICK_PROFILE) + ")",
                providers::openProfilePicker),
            new SlashCommands.Command(
                "key",
                "enter the API key of the provider in use, masked, for this run only (kept in"
                    + " memory, never written)",
                this::openKeyEntry),
            new SlashCommands.Command(
                "new",
                "a new conversation (Ctrl+N)",
                () -> run(ChatKeymap.Command.NEW_CONVERSATION, null)),
            new SlashCommands.Command(
                "sessions", "the saved conversations (Ctrl+S)", conversations::openList),
            new SlashCommands.Command(
                "copy",
                "[code]",
                "copy the last reply (Ctrl+Y); /copy code: its last code block (Ctrl+O)",
                this::copy),
            new SlashCommands.Command(
                "export",
                "[FILE]",
                "write this conversation as Markdown (JSON for a .json FILE) to FILE, else to"
                    + " agent-ID.md in the current folder",
                this::export),
            new SlashCommands.Command(
                "retry", "send the last prompt again (Ctrl+R)", replies::retry),
            new SlashCommands.Command(
                "trim",
                "leave the oldest turns out of requests until the conversation fits the context"
                    + " window, and give back the prompt held back ("
                    + ChatKeymap.key(ChatKeymap.Command.TRIM)
                    + " sends the prompt so)",
                this::trimContext),
            new SlashCommands.Command("quit", "quit (Ctrl+Q)", () -> quit(ChatApp.Outcome.QUIT))));
  }

  /** Tab on a prompt that begins with a slash: completes the command or its argument. */
  private void completeCommand() {
    SlashCommands.Completion completion = slashCommands.complete(input.text());
    boolean completed = !completion.text().equals(input.text());
    if (completed) {
      input.setText(completion.text());
    }
    if (!completion.choices().isEmpty()) {
      flash(String.join("  ", completion.choices()));
    } else if (!completed) {
      flash(
          input.text().chars().anyMatch(Character::isWhitespace)
              ? "no choice known starts so: type it whole"
              : "no command starts so: /help lists them");
    }
  }

  /**
   * {@code /model}: the model of the next prompt; without a name, the list or why there is none.
   */
  private Optional<String> chooseModel(String name) {
    if (name.isEmpty()) {
      surroundings.showModels();
    } else if (name.chars().anyMatch(Character::isWhitespace)) {
      return Optional.of("/model takes one name; Tab completes the models listed");
    } else {
      topBar.setModel(name);
      flash("model " + name + " from the next prompt");
    }
    return Optional.empty();
  }

  /** {@code /provider}: switches to a provider by ID; without one, the picker. */
  private Optional<String> chooseProvider(String id) {
    if (id.isEmpty()) {
      providers.openProviderPicker();
    } else if (!providers.switchTo(id)) {
      return Optional.of("no provider '" + id + "': " + String.join(", ", providers.ids()));
    }
    return Optional.empty();
  }

  /** {@code /copy}, {@code /copy code}. */
  private Optional<String> copy(String what) {
    switch (what.toLowerCase(Locale.ROOT)) {
      case "" -> copying.copyReply();
      case "code" -> copying.copyCode();
      default -> {
        return Optional.of("/copy copies the last reply; /copy code, its last code block");
      }
    }
    return Optional.empty();
  }

  /** {@code /export [FILE]}: the conversation shown to a file, which the transcript names. */
  private Optional<String> export(String file) {
    return conversations.export(file, host.folder());
  }

  /**
   * {@code /key}: the masked field for the API key of the provider in use, kept for this run only;
   * for a provider that sends no key, a line saying so.
   */
  private void openKeyEntry() {
    ProviderConfig provider = topBar.provider();
    if (!provider.needsKey()) {
      flash(
          provider.id()
              + " sends no API key"
              + (provider.isLocal() ? " (a local server)" : "")
              + ": there is nothing to enter");
      return;
    }
    KeyWindow keys =
        new KeyWindow(
            provider.name(),
            layout,
            surroundings.windowRoom(),
            key -> providers.useKey(provider, key),
            surroundings::pickerClosed);
    picker = keys;
    surroundings.open(keys);
    refreshStatus();
  }

  /** Opens the help (F1, {@code /help}): the keys of the table and the slash commands. */
  private void openHelp() {
    List<HelpWindow.Section> sections = new ArrayList<>(ChatKeymap.helpSections());
    sections.add(1, slashCommands.helpSection());
    HelpWindow help =
        new HelpWindow(sections, layout, surroundings.windowRoom(), surroundings::pickerClosed);
    picker = help;
    surroundings.open(help);
    refreshStatus();
  }

  /** A stream event, on the UI thread. */
  private void onReplyEvent(Turn turn, StreamEvent event) {
    replies.onReplyEvent(turn, event);
    if (!session.isStreaming() && flash.equals(ChatKeymap.stillStreaming())) {
      // No longer true: the reply has ended, and Enter sends now.
      flash = "";
      refreshStatus();
    }
    if (event instanceof StreamEvent.Completed) {
      contextFit.replyEnded();
    }
  }

  /**
   * Leaves the oldest exchanges out of requests until the prompt held back last (or the
   * conversation alone) fits the model's context window, says so in the transcript, and puts that
   * prompt back in the prompt line, for Enter to send; sends nothing. What {@code /trim} runs;
   * Ctrl+X does the same for the prompt typed, then sends it.
   */
  void trimContext() {
    contextFit.trim().ifPresent(prompt -> promptAfterCommand = prompt);
  }

  private void cycleFocus(int step) {
    window.cycleFocus(step);
    refreshStatus();
  }

  /**
   * Ctrl+C: the first of closing the window on top, cancelling the reply that streams and clearing
   * the prompt (Up brings it back) that applies; on an empty, idle prompt, or when it comes again
   * within {@link #INTERRUPT_AGAIN} of the last, it quits.
   */
  private void interrupt() {
    long now = nanoClock.getAsLong();
    boolean again = interrupted && now - lastInterrupt < INTERRUPT_AGAIN.toNanos();
    interrupted = true;
    lastInterrupt = now;
    Window top = gui.getActiveWindow();
    if (again) {
      quit(ChatApp.Outcome.INTERRUPTED);
    } else if (top != null && top != window) {
      top.close();
    } else if (session.isStreaming()) {
      replies.cancel();
    } else if (!input.isEmpty()) {
      input.clear();
      window.focusPrompt();
      flash("prompt cleared: Up brings it back");
    } else {
      quit(ChatApp.Outcome.INTERRUPTED);
    }
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

  /**
   * Shows {@code message} on the status line; one too wide for it is also added once to the
   * transcript, where it can be read whole (unless the transcript just said it).
   */
  private void flash(String message) {
    flash = message;
    if (!status.fits(message, screen.getTerminalSize().getColumns())
        && !transcript.endsWithNotice(message)) {
      transcript.addNotice(message, false);
    }
    refreshStatus();
  }

  private void clearFlash() {
    if (!flash.isEmpty()) {
      flash = "";
      refreshStatus();
    }
  }

  private void refreshStatus() {
    if (firstFrameDrawn) {
      contextFit.follow(); // the model list's rule: nothing is asked before the first frame
    }
    if (!flash.isEmpty()) {
      status.setLeft(flash, true);
    } else if (!shownCountdown.isEmpty()) {
      status.setLeft(shownCountdown, false);
    } else if (window.focused() == topBar && topBar.models().isEmpty()) {
      status.setLeft(providers.whyNoModels(), false);
    } else {
      Turn lastReply = replies.lastReply();
      String stats =
          lastReply == null ? "" : StatusLine.stats(lastReply, layout, nanoClock.getAsLong());
      String gauge = contextFit.gauge();
      status.setLeft(
          gauge.isEmpty() || stats.isEmpty()
              ? gauge + stats
              : gauge + layout.pick(" · ", " | ") + stats,
          false);
    }
    status.setHints(hints());
  }

  private List<String> hints() {
    if (picker != null) {
      if (picker instanceof KeyWindow) {
        return KeyWindow.HINTS;
      }
      return picker instanceof HelpWindow ? HelpWindow.HINTS : PickerWindow.HINTS;
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
      implements ReplyFlow.Chat,
          Conversations.Chat,
          ProviderChoice.Chat,
          TopBar.Actions,
          ContextFit.Chat {
    @Override
    public boolean holdsBack(String prompt) {
      return contextFit.holdsBack(prompt);
    }

    @Override
    public void send(String prompt) {
      replies.send(prompt);
    }

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
      fitTitle(window);
      gui.addWindow(window);
      gui.setActiveWindow(window);
    }

    /**
     * Cuts a window's title to the words before its colon ({@code Provider: Enter selects…} to
     * {@code Provider}) when the screen is too narrow for it: Lanterna widens a window to its
     * title, past the screen's edge. The status line names the keys anyway.
     */
    private void fitTitle(Window window) {
      String title = window.getTitle();
      int colon = title.indexOf(':');
      if (colon > 0
          && window instanceof AbstractWindow titled
          && layout.width(title) + 8 > screen.getTerminalSize().getColumns()) {
        titled.setTitle(title.substring(0, colon));
      }
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
      if (topBar.models().isEmpty()) {
        flash(providers.whyNoModels());
        return;
      }
      providers.openModelPicker();
    }
  }
}
