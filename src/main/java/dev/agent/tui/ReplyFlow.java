package dev.agent.tui;

import static java.util.Objects.requireNonNull;

import dev.agent.chat.StreamEvent;
import dev.agent.config.Selection;
import dev.agent.session.ChatSession;
import dev.agent.session.Turn;
import java.util.List;

/**
 * Sending a prompt and following its reply: the send (Enter), the retry of a failed or cancelled
 * reply (Ctrl+R), the cancel (Esc, Ctrl+C), and what each stream event changes on the screen.
 * Nothing typed is lost: a prompt whose reply failed stays in the transcript, for Ctrl+R, and in
 * the prompt's history, for Up; the prompt itself is left empty for the next question. Used on the
 * UI thread only; the session hops stream events onto it.
 */
final class ReplyFlow {
  /** What sending asks of the rest of the chat. */
  interface Chat {
    /** Shows the notices that arrived, above the prompt just sent (a key over plain http). */
    void showNotices();

    void flash(String message);

    void refreshStatus();

    /** Shows the countdown of a reply waiting for a retry when it shows another second. */
    void countDown();

    /**
     * Whether {@code prompt} is held back, staying in the prompt, because the request would not fit
     * the model's context window ({@link ContextFit#holdsBack}).
     */
    boolean holdsBack(String prompt);
  }

  private final ChatSession session;
  private final TopBar topBar;
  private final InputView input;
  private final TranscriptView transcript;
  private final FramePacer pacer;
  private final Chat chat;

  private Turn lastReply;

  ReplyFlow(
      ChatSession session,
      TopBar topBar,
      InputView input,
      TranscriptView transcript,
      FramePacer pacer,
      Chat chat) {
    this.session = requireNonNull(session, "session");
    this.topBar = requireNonNull(topBar, "topBar");
    this.input = requireNonNull(input, "input");
    this.transcript = requireNonNull(transcript, "transcript");
    this.pacer = requireNonNull(pacer, "pacer");
    this.chat = requireNonNull(chat, "chat");
  }

  /** The reply of the last prompt sent in the conversation shown, or null before the first. */
  Turn lastReply() {
    return lastReply;
  }

  /** The conversation shown was replaced: its replies are no one's last now. */
  void forget() {
    lastReply = null;
  }

  /** Sends {@code text} to the provider and model of the top bar, unless a reply is streaming. */
  void send(String text) {
    if (text.isBlank()) {
      return;
    }
    if (session.isStreaming()) {
      chat.flash(ChatKeymap.stillStreaming());
      return;
    }
    selectTopBar();
    if (chat.holdsBack(SlashCommands.toSend(text))) {
      return;
    }
    input.submitted(text);
    int before = session.turns().size();
    Turn reply = session.send(SlashCommands.toSend(text));
    // A warning about the provider's first use (a key over plain http) goes above the prompt.
    chat.showNotices();
    List<Turn> turns = session.turns();
    for (int i = before; i < turns.size(); i++) {
      transcript.addTurn(turns.get(i));
    }
    transcript.scrollToBottom();
    lastReply = reply;
    chat.refreshStatus();
  }

  /**
   * Sends the last prompt again (Ctrl+R) when its reply failed or was cancelled, to the provider
   * and model of the top bar, with the conversation before it; the reply it replaces stays in the
   * transcript, marked.
   */
  void retry() {
    if (session.isStreaming()) {
      chat.flash(ChatKeymap.stillStreaming());
      return;
    }
    if (!session.canRetry()) {
      chat.flash("nothing to retry: Ctrl+R sends the last prompt again after its reply failed");
      return;
    }
    selectTopBar();
    Turn reply = session.retry();
    chat.showNotices();
    transcript.addTurn(reply);
    transcript.scrollToBottom();
    lastReply = reply;
    chat.refreshStatus();
  }

  /** Cancels the reply in flight, if any; its text so far stays, marked. */
  void cancel() {
    session.cancel();
    transcript.contentChanged();
    chat.refreshStatus();
  }

  /**
   * A stream event, on the UI thread. A delta, of the answer or of the reasoning, only marks the
   * frame stale; a signature changes nothing shown; the rest redraw now.
   */
  void onReplyEvent(Turn turn, StreamEvent event) {
    if (event instanceof StreamEvent.TextDelta || event instanceof StreamEvent.ReasoningDelta) {
      pacer.streamGrew();
      transcript.noteGrowth();
      return;
    }
    if (event instanceof StreamEvent.ReasoningSignature) {
      return;
    }
    if (event instanceof StreamEvent.TextWasReasoning) {
      transcript.answerRestarted(turn);
    }
    transcript.contentChanged();
    chat.countDown();
    chat.refreshStatus();
  }

  /** The session goes on with the provider, model and reasoning effort the top bar shows. */
  private void selectTopBar() {
    Selection shown =
        new Selection(topBar.provider(), topBar.effectiveModel(), topBar.reasoningEffort());
    if (!session.selection().equals(shown)) {
      session.select(shown);
    }
  }
}
