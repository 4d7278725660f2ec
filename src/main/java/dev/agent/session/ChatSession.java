package dev.agent.session;

import static java.util.Objects.requireNonNull;

import dev.agent.chat.ChatException;
import dev.agent.chat.ChatRequest;
import dev.agent.chat.Message;
import dev.agent.chat.Role;
import dev.agent.chat.StreamEvent;
import dev.agent.chat.Usage;
import dev.agent.config.Selection;
import dev.agent.provider.ChatCall;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * A conversation with at most one reply in flight. Not thread-safe by design: every method must be
 * called on one thread (the UI thread, or the only thread of a one-shot run), and every stream
 * event is hopped onto that thread through the {@link Executor} given at construction before the
 * session applies it and tells its {@link Listener}.
 */
public final class ChatSession {

  /** Hears about changes, on the session's executor. */
  public interface Listener {
    /**
     * The reply in flight changed: {@code event} was applied to {@code turn}. Also called with a
     * {@code Failed} event when a send could not start (missing key, say).
     */
    void onReplyEvent(Turn turn, StreamEvent event);
  }

  private final ClientSource clients;
  private final Executor executor;
  private final Listener listener;
  private final LongSupplier nanoClock;
  private final List<Turn> turns = new ArrayList<>();
  private TurnRecorder recorder = TurnRecorder.NONE;
  private Selection selection;
  private ChatCall inFlight;
  private Turn streaming;

  /** The first turn requests carry: those before it were trimmed, shown and saved but not sent. */
  private int sendFrom;

  /**
   * The tokens of the conversation from {@link #exactFrom} up to turn {@link #exactEnd} (the reply
   * included), as the server counted them for the last reply that reported its usage; -1 when none
   * did.
   */
  private long exactTokens = -1;

  private int exactFrom;
  private int exactEnd;

  /** The system prompt the request of {@link #exactTokens} went with; empty for none. */
  private String exactSystem = "";

  public ChatSession(
      ClientSource clients, Selection selection, Executor executor, Listener listener) {
    this(clients, selection, executor, listener, System::nanoTime);
  }

  /**
   * A session whose reply timings ({@link Turn#timeToFirstToken()}, {@link
   * Turn#outputTokensPerSecond()}) are read from {@code nanoClock}, a monotonic clock in the manner
   * of {@link System#nanoTime()}. The clock is read on the client's threads as events arrive, so it
   * must be thread-safe.
   */
  public ChatSession(
      ClientSource clients,
      Selection selection,
      Executor executor,
      Listener listener,
      LongSupplier nanoClock) {
    this.clients = requireNonNull(clients, "clients");
    this.selection = requireNonNull(selection, "selection");
    this.executor = requireNonNull(executor, "executor");
    this.listener = requireNonNull(listener, "listener");
    this.nanoClock = requireNonNull(nanoClock, "nanoClock");
  }

  /** The provider, model and reasoning effort the next turn goes to. */
  public Selection selection() {
    return selection;
  }

  /**
   * Switches provider, model or effort; the conversation so far goes along with the next turn. The
   * selection's system prompt starts a conversation that has no turns yet; a conversation under way
   * keeps its own (see {@link #useSystemPrompt}).
   */
  public void select(Selection selection) {
    this.selection = requireNonNull(selection, "selection");
  }

  /**
   * The system prompt the next request goes with: that of the conversation's last system turn; for
   * a conversation without turns, the selection's; empty for none.
   */
  public String systemPrompt() {
    for (int i = turns.size() - 1; i >= 0; i--) {
      if (turns.get(i).role() == Role.SYSTEM) {
        return turns.get(i).text();
      }
    }
    return turns.isEmpty() ? selection.systemPrompt() : "";
  }

  /**
   * Goes on with {@code prompt} as the system prompt (a profile picked, a run's {@code --system}
   * for a resumed conversation). A conversation without turns takes it into its selection, to start
   * with; one under way gets a system turn with it, recorded and returned, when it differs from
   * {@link #systemPrompt()}. An empty prompt sends none from then on.
   *
   * @return the system turn appended, or empty when none was
   * @throws IllegalStateException while a reply is in flight
   */
  public Optional<Turn> useSystemPrompt(String prompt) {
    requireNonNull(prompt, "prompt");
    if (streaming != null) {
      throw new IllegalStateException("a reply is streaming; cancel it before a new system prompt");
    }
    if (turns.isEmpty()) {
      selection =
          new Selection(
              selection.provider(), selection.model(), selection.reasoningEffort(), prompt);
      return Optional.empty();
    }
    if (prompt.equals(systemPrompt())) {
      return Optional.empty();
    }
    Turn system =
        new Turn(
            Role.SYSTEM, selection.provider().id(), selection.model(), prompt, Turn.Status.DONE);
    turns.add(system);
    recorder.record(system);
    return Optional.of(system);
  }

  /**
   * Where final turns go from now on ({@link TurnRecorder#NONE} to save nothing). A reply in flight
   * is recorded by the recorder set when it ends.
   */
  public void setRecorder(TurnRecorder recorder) {
    this.recorder = requireNonNull(recorder, "recorder");
  }

  /**
   * Replaces the conversation with {@code earlier}, turns restored from a saved conversation (see
   * {@link Turn#restored}), or none for a new conversation. The next {@link #send} carries them,
   * whichever provider produced them. The recorder hears nothing about them.
   *
   * @throws IllegalStateException while a reply is in flight
   * @throws IllegalArgumentException when one of the turns is still streaming
   */
  public void load(List<Turn> earlier) {
    if (streaming != null) {
      throw new IllegalStateException("a reply is streaming; cancel it before loading turns");
    }
    for (Turn turn : earlier) {
      if (turn.status() == Turn.Status.STREAMING) {
        throw new IllegalArgumentException("cannot load a turn that is still streaming");
      }
    }
    turns.clear();
    turns.addAll(earlier);
    sendFrom = 0;
    exactTokens = -1;
  }

  /** Every turn so far, oldest first; a live view. */
  public List<Turn> turns() {
    return Collections.unmodifiableList(turns);
  }

  public boolean isStreaming() {
    return streaming != null;
  }

  /**
   * Sends a prompt with the whole conversation so far. Returns the assistant turn that will receive
   * the reply (it may already have failed, for example when the key is missing).
   *
   * @throws IllegalStateException when a reply is already in flight
   */
  public Turn send(String prompt) {
    requireNonNull(prompt, "prompt");
    if (streaming != null) {
      throw new IllegalStateException("a reply is already streaming");
    }
    if (turns.isEmpty() && !selection.systemPrompt().isEmpty()) {
      // The conversation starts with its system prompt: shown, saved and sent from now on.
      Turn system =
          new Turn(
              Role.SYSTEM,
              selection.provider().id(),
              selection.model(),
              selection.systemPrompt(),
              Turn.Status.DONE);
      turns.add(system);
      recorder.record(system);
    }
    List<Message> history = request(sendFrom, turns.size());
    history.add(Message.user(prompt));
    Turn user =
        new Turn(Role.USER, selection.provider().id(), selection.model(), prompt, Turn.Status.DONE);
    turns.add(user);
    recorder.record(user);
    return start(history);
  }

  /**
   * Whether {@link #retry} can send the last prompt again: no reply is in flight, and the
   * conversation ends in a reply that failed or was cancelled, or in a prompt without a reply (a
   * loaded conversation whose agent stopped while the reply streamed).
   */
  public boolean canRetry() {
    return streaming == null && retriedPrompt() >= 0;
  }

  /**
   * Sends the last prompt again, with the conversation before it exactly as {@link #send} sent it,
   * to the current selection. The reply that failed or was cancelled stays in {@link #turns()}
   * (shown, and recorded as it ended) but is never sent again: a prompt followed by several replies
   * is sent with the last of them. The prompt is neither added nor recorded again; the new reply is
   * appended after the old one and recorded when it ends, so a saved conversation loads into the
   * same history. Returns the new reply's turn, as {@link #send} does.
   *
   * @throws IllegalStateException when {@link #canRetry()} is false
   */
  public Turn retry() {
    if (streaming != null) {
      throw new IllegalStateException("a reply is already streaming");
    }
    int prompt = retriedPrompt();
    if (prompt < 0) {
      throw new IllegalStateException("the last reply did not fail and was not cancelled");
    }
    List<Message> history = request(Math.min(sendFrom, prompt), prompt);
    history.add(Message.user(turns.get(prompt).text()));
    return start(history);
  }

  /**
   * The index of the prompt that {@link #retry} would send again: the last user turn, when only
   * failed or cancelled replies follow it; -1 when there is none.
   */
  private int retriedPrompt() {
    int i = turns.size() - 1;
    while (i >= 0 && turns.get(i).role() == Role.SYSTEM) {
      i--; // a system prompt changed after the failure: the retry goes with it
    }
    if (i < 0) {
      return -1;
    }
    Turn last = turns.get(i);
    if (last.role() == Role.ASSISTANT
        && last.status() != Turn.Status.FAILED
        && last.status() != Turn.Status.CANCELLED) {
      return -1;
    }
    // Earlier replies between it and the prompt are attempts already retried.
    while (i >= 0 && turns.get(i).role() == Role.ASSISTANT) {
      i--;
    }
    return i >= 0 && turns.get(i).role() == Role.USER ? i : -1;
  }

  /** Streams the reply to {@code history} into a new assistant turn at the end. */
  private Turn start(List<Message> history) {
    String providerId = selection.provider().id();
    String model = selection.model();
    Turn reply = new Turn(Role.ASSISTANT, providerId, model, "", Turn.Status.STREAMING);
    reply.started(nanoClock.getAsLong());
    turns.add(reply);
    streaming = reply;
    ChatRequest request = new ChatRequest(model, history, selection.reasoningEffort());
    try {
      inFlight =
          clients.clientFor(selection.provider()).stream(
              request,
              event -> {
                // Timed on arrival, before the hop, so a busy UI thread does not skew the numbers.
                long at = nanoClock.getAsLong();
                executor.execute(() -> apply(reply, event, at));
              });
    } catch (ChatException e) {
      apply(reply, new StreamEvent.Failed(e), nanoClock.getAsLong());
    }
    return reply;
  }

  /**
   * Stops the reply in flight; its partial text stays, marked cancelled. The listener hears nothing
   * more about it. No-op when idle.
   */
  public void cancel() {
    if (streaming == null) {
      return;
    }
    if (inFlight != null) {
      inFlight.cancel();
    }
    Turn turn = streaming;
    turn.cancel(nanoClock.getAsLong());
    streaming = null;
    inFlight = null;
    recorder.record(turn);
  }

  private void apply(Turn turn, StreamEvent event, long at) {
    if (turn != streaming) {
      return; // cancelled; events already in the executor's queue are dropped
    }
    if (event instanceof StreamEvent.Retrying retry) {
      turn.retrying(retry, at);
    } else if (event instanceof StreamEvent.TextDelta delta) {
      turn.append(delta.text(), at);
    } else if (event instanceof StreamEvent.ReasoningDelta delta) {
      turn.appendReasoning(delta.text(), at);
    } else if (event instanceof StreamEvent.ReasoningSignature signature) {
      turn.signReasoning(signature.signature());
    } else if (event instanceof StreamEvent.TextWasReasoning) {
      turn.textWasReasoning();
    } else if (event instanceof StreamEvent.Completed completed) {
      turn.complete(completed.usage(), completed.stopReason(), at);
      Usage usage = completed.usage();
      if (usage.inputTokens() >= 0 && usage.outputTokens() >= 0) {
        exactTokens = usage.inputTokens() + usage.outputTokens();
        exactFrom = sendFrom;
        exactEnd = turns.indexOf(turn) + 1;
        exactSystem = systemPrompt();
      }
      streaming = null;
      inFlight = null;
      recorder.record(turn);
    } else if (event instanceof StreamEvent.Failed failed) {
      turn.fail(failed.error(), at);
      streaming = null;
      inFlight = null;
      recorder.record(turn);
    }
    listener.onReplyEvent(turn, event);
  }

  /**
   * About how many tokens the next request would carry with {@code prompt} at its end (empty for
   * the conversation alone): the last reply's usage is the server's own count of everything up to
   * it, so only what came after it, and the prompt, are estimated ({@link #estimateTokens}). A
   * system prompt changed since (a profile picked) is estimated in place of the one the server
   * counted, whose share is taken out at a generous four characters a token. Trimmed turns are not
   * counted.
   */
  public long contextTokens(String prompt) {
    long tokens = 0;
    int from = sendFrom;
    if (exactTokens >= 0 && exactFrom == sendFrom && exactEnd <= turns.size()) {
      tokens = exactTokens;
      from = exactEnd;
      String system = systemPrompt();
      if (!system.equals(exactSystem)) {
        tokens = Math.max(0, tokens - exactSystem.length() / 4);
        tokens += system.isEmpty() ? 0 : estimateTokens(system);
      }
    } else if (!systemPrompt().isEmpty()) {
      tokens = estimateTokens(systemPrompt()); // in the server's count when there is one
    }
    for (Message message : history(from, turns.size())) {
      tokens += estimateTokens(message.text());
    }
    return prompt.isEmpty() ? tokens : tokens + estimateTokens(prompt);
  }

  /**
   * A guess, on the safe side, of the tokens a message of {@code text} takes: a token for every
   * three characters (English prose runs about four to a token, code and other languages fewer),
   * and four for the message's own framing in the chat template.
   */
  public static long estimateTokens(String text) {
    return (text.length() + 2L) / 3 + 4;
  }

  /**
   * Stops sending the oldest exchanges, one prompt and its reply at a time, until {@link
   * #contextTokens}{@code (prompt)} is at most {@code budget} or nothing is left to leave out. The
   * turns stay in {@link #turns()}, shown and saved; only requests leave them out. Returns how many
   * exchanges that were sent before are no longer sent.
   *
   * @throws IllegalStateException while a reply is in flight
   */
  public int trimToFit(String prompt, long budget) {
    if (streaming != null) {
      throw new IllegalStateException("a reply is streaming; trim after it ends");
    }
    int sentBefore = history(sendFrom, turns.size()).size();
    while (contextTokens(prompt) > budget && sendFrom < turns.size()) {
      int next = sendFrom + 1;
      while (next < turns.size() && turns.get(next).role() != Role.USER) {
        next++;
      }
      sendFrom = next;
    }
    return (sentBefore - history(sendFrom, turns.size()).size()) / 2;
  }

  /** How many turns at the start of {@link #turns()} are no longer sent ({@link #trimToFit}). */
  public int trimmedTurns() {
    return sendFrom;
  }

  /**
   * The messages to send from turn {@code from} before turn {@code end}: every prompt with the last
   * of the replies that follow it (earlier ones failed or were cancelled and then retried), when
   * that reply produced text (partial replies included, as the user saw them). A prompt whose last
   * reply failed before any text is shown but not sent again, and so is a prompt whose reply was
   * never saved (a loaded conversation whose agent stopped mid-reply), which keeps user and
   * assistant messages alternating as every wire format wants. Reasoning is never sent: only the
   * answer's text. The system prompt in force ({@link #systemPrompt()}) comes first, once, when
   * there is one.
   */
  private List<Message> request(int from, int end) {
    List<Message> messages = new ArrayList<>();
    String system = systemPrompt();
    if (!system.isEmpty()) {
      messages.add(Message.system(system));
    }
    messages.addAll(history(from, end));
    return messages;
  }

  /** {@link #request}'s messages without the system prompt: the exchanges alone. */
  private List<Message> history(int from, int end) {
    List<Message> messages = new ArrayList<>();
    int i = from;
    while (i < end) {
      Turn user = turns.get(i++);
      if (user.role() != Role.USER) {
        continue;
      }
      Turn reply = null;
      // Its replies, past a system prompt changed between a failed reply and its retry.
      for (; i < end && turns.get(i).role() != Role.USER; i++) {
        if (turns.get(i).role() == Role.ASSISTANT) {
          reply = turns.get(i);
        }
      }
      if (reply != null && reply.length() > 0) {
        messages.add(Message.user(user.text()));
        messages.add(Message.assistant(reply.text()));
      }
    }
    return messages;
  }
}
