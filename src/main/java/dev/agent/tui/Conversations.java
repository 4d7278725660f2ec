package dev.agent.tui;

import static java.util.Objects.requireNonNull;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.Window;
import dev.agent.chat.Role;
import dev.agent.config.AgentFiles;
import dev.agent.session.ChatSession;
import dev.agent.session.Turn;
import dev.agent.store.Conversation;
import dev.agent.store.ConversationExport;
import dev.agent.store.SessionException;
import dev.agent.store.SessionRecorder;
import dev.agent.store.SessionStore;
import dev.agent.store.StoredMessage;
import dev.agent.tui.terminal.DiagnosticLog;
import dev.agent.tui.text.TextLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which saved conversation the chat shows, and switching: going on with one ({@code --continue},
 * {@code --resume}), opening another from the list of saved conversations (Ctrl+S), starting a new
 * one (Ctrl+N). The session's turns are saved as they become final by the store's recorder, unless
 * saving is off ({@code --no-save}). Used on the UI thread only.
 */
final class Conversations {
  /** What switching conversations asks of the rest of the chat. */
  interface Chat {
    /** The transcript shows another conversation now: no reply of the old one is the last. */
    void replaced();

    /** Goes on with the provider and model of a conversation's last message, when configured. */
    void goOnWith(StoredMessage last);

    /** Shows {@code window} on top of the chat, with the focus. */
    void open(Window window);

    /** The most room a window on top may take. */
    TerminalSize windowRoom();

    void flash(String message);

    void refreshStatus();
  }

  private final ChatSession session;
  private final TranscriptView transcript;
  private final SessionStore store;
  private final SessionRecorder recorder;
  private final TextLayout layout;
  private final ZoneId zone;
  private final DiagnosticLog log;
  private final Chat chat;

  /** Problems with saved files already shown, so that each is shown once. */
  private final Set<String> reportedProblems = new HashSet<>();

  private String shownId = "";
  private SessionsWindow window;

  /**
   * @param save whether the session's turns are saved ({@code --no-save} turns it off)
   */
  Conversations(
      ChatSession session,
      TranscriptView transcript,
      SessionStore store,
      boolean save,
      TextLayout layout,
      ZoneId zone,
      DiagnosticLog log,
      Chat chat) {
    this.session = requireNonNull(session, "session");
    this.transcript = requireNonNull(transcript, "transcript");
    this.store = requireNonNull(store, "store");
    this.layout = requireNonNull(layout, "layout");
    this.zone = requireNonNull(zone, "zone");
    this.log = requireNonNull(log, "log");
    this.chat = requireNonNull(chat, "chat");
    this.recorder = save ? store.recorder(this::savingStopped) : null;
    if (recorder != null) {
      session.setRecorder(recorder);
    }
  }

  /** Whether the list of saved conversations is open. */
  boolean listOpen() {
    return window != null;
  }

  /** The keys of the list of saved conversations, while it is open. */
  List<String> listHints() {
    return window.hints();
  }

  /**
   * Goes on with a saved conversation the chat opened with ({@code --continue}, {@code --resume
   * ID}); when another agent holds it, says so and stays on a new conversation.
   */
  void resume(Conversation conversation) {
    try {
      if (recorder != null) {
        recorder.continueIn(conversation.id());
      }
    } catch (SessionException e) {
      transcript.addNotice(e.getMessage(), true);
      return;
    }
    show(conversation);
  }

  /**
   * Shows a saved conversation the recorder now goes on with: its turns in the session and the
   * transcript.
   */
  private void show(Conversation conversation) {
    session.load(conversation.turns());
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
  private void open(String id) {
    // Cancelled first, so a reply in flight is saved with the conversation it belongs to.
    session.cancel();
    Conversation conversation;
    try {
      conversation = store.load(id);
      if (recorder != null) {
        recorder.continueIn(id);
      }
    } catch (SessionException | IOException e) {
      transcript.addNotice("cannot open conversation " + id + ": " + e.getMessage(), true);
      chat.refreshStatus();
      return;
    }
    transcript.clear();
    show(conversation);
    conversation.last().ifPresent(chat::goOnWith);
    chat.replaced();
  }

  /** Lets go of the conversation being saved, for another agent to continue; at the chat's end. */
  void close() {
    if (recorder != null) {
      recorder.close();
    }
  }

  /** Starts a new, empty conversation; a reply in flight is cancelled and saved as such. */
  void startNew() {
    session.cancel();
    session.load(List.of());
    if (recorder != null) {
      recorder.startNew();
    }
    shownId = "";
    transcript.clear();
    chat.replaced();
  }

  /** The ID of the conversation shown, once it has one. */
  private String openId() {
    return recorder != null ? recorder.id().orElse("") : shownId;
  }

  /** Opens the list of saved conversations (Ctrl+S). */
  void openList() {
    SessionStore.Listing listing;
    try {
      listing = store.list();
    } catch (IOException e) {
      chat.flash("cannot list the saved conversations: " + e.getMessage());
      return;
    }
    for (String problem : listing.problems()) {
      if (reportedProblems.add(problem)) {
        transcript.addNotice(problem, true);
        log.write(problem);
      }
    }
    window =
        new SessionsWindow(
            listing.sessions(),
            openId(),
            store,
            layout,
            chat.windowRoom(),
            zone,
            new SessionsActions());
    chat.open(window);
    chat.refreshStatus();
  }

  /**
   * Writes the conversation shown to {@code file} ({@code /export}): Markdown, or JSON when the
   * name ends in {@code .json}, as {@code agent export} prints it; without a name, {@code
   * agent-ID.md} in {@code folder}, where a relative name goes too. A file of that default name is
   * replaced (it is this conversation's export); any other file that exists is left alone. The
   * transcript says where the file is, in full.
   *
   * @return what went wrong, for the status line; empty when written
   */
  Optional<String> export(String file, Path folder) {
    Conversation conversation = shownConversation();
    if (conversation.messages().isEmpty()) {
      return Optional.of("nothing to export yet: the conversation is empty");
    }
    Path target;
    try {
      target =
          folder.resolve(file.isEmpty() ? "agent-" + conversation.id() + ".md" : file).normalize();
    } catch (InvalidPathException e) {
      return Optional.of("/export: not a file name: " + file);
    }
    if (!file.isEmpty() && Files.exists(target)) {
      return Optional.of(target + " exists; /export to another name, or delete it first");
    }
    boolean json = target.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    try {
      AgentFiles.writeAtomically(
          target,
          json ? ConversationExport.json(conversation) : ConversationExport.markdown(conversation));
    } catch (IOException e) {
      log.write("export failed", e);
      return Optional.of("cannot export to " + target + ": " + e.getMessage());
    }
    int count = conversation.messages().size();
    transcript.addNotice(
        "Exported "
            + count
            + (count == 1 ? " message" : " messages")
            + (json ? " as JSON" : " as Markdown")
            + " to "
            + target,
        false);
    chat.refreshStatus();
    return Optional.empty();
  }

  /**
   * The conversation shown, as saved or, when it is not saved ({@code --no-save}, or nothing final
   * yet), as the session holds it: every turn but one still streaming.
   */
  private Conversation shownConversation() {
    String id = openId();
    if (recorder != null && !id.isEmpty()) {
      try {
        return store.load(id);
      } catch (SessionException | IOException e) {
        log.write("export: cannot load " + id + ": " + e.getMessage());
      }
    }
    Instant now = Instant.now();
    List<StoredMessage> messages = new ArrayList<>();
    String title = "";
    for (Turn turn : session.turns()) {
      if (turn.status() != Turn.Status.STREAMING) {
        messages.add(StoredMessage.of(turn, now));
        if (title.isEmpty() && turn.role() == Role.USER) {
          title = turn.text().strip().lines().findFirst().orElse("");
        }
      }
    }
    return new Conversation(
        id.isEmpty() ? "unsaved" : id,
        title.isEmpty() ? "(untitled)" : title,
        now,
        messages,
        List.of());
  }

  /** Saving failed: said once in the transcript; the chat goes on unsaved. */
  private void savingStopped(String problem) {
    transcript.addNotice(problem, true);
    log.write(problem);
  }

  /** What the list of saved conversations asks of the chat. */
  private final class SessionsActions implements SessionsWindow.Actions {
    @Override
    public void open(String id) {
      Conversations.this.open(id);
    }

    @Override
    public void deleted(String id, String title) {
      if (id.equals(openId())) {
        startNew();
      }
    }

    @Override
    public void changed() {
      chat.refreshStatus();
    }

    @Override
    public void closed() {
      window = null;
      chat.refreshStatus();
    }
  }
}
