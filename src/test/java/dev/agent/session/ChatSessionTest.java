package dev.agent.session;

import static dev.agent.chat.StopReason.Kind.END_TURN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent.chat.ChatException;
import dev.agent.chat.Message;
import dev.agent.chat.Role;
import dev.agent.chat.StopReason;
import dev.agent.chat.StreamEvent;
import dev.agent.chat.StreamEvent.Completed;
import dev.agent.chat.StreamEvent.Failed;
import dev.agent.chat.StreamEvent.TextDelta;
import dev.agent.chat.Usage;
import dev.agent.config.ProviderConfig;
import dev.agent.config.Selection;
import dev.agent.testing.TestProviders;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ChatSessionTest {
  private static final Selection CLAUDE = new Selection(TestProviders.anthropic(), "claude-test");

  private final FakeChatClient anthropic = new FakeChatClient();
  private final FakeChatClient openai = new FakeChatClient();
  private final Map<String, FakeChatClient> clients =
      new HashMap<>(Map.of("anthropic", anthropic, "openai", openai));
  private final List<String> heard = new ArrayList<>();
  private final Queue<Runnable> hops = new ArrayDeque<>();

  /**
   * A session whose events wait in {@link #hops} until the test runs them, as a UI thread would.
   */
  private ChatSession session(ClientSource source) {
    return new ChatSession(
        source,
        CLAUDE,
        hops::add,
        (turn, event) -> heard.add(describe(event) + " -> " + turn.status()));
  }

  private ChatSession session() {
    return session(this::client);
  }

  private FakeChatClient client(ProviderConfig provider) throws ChatException {
    FakeChatClient client = clients.get(provider.id());
    if (client == null) {
      throw new ChatException(
          ChatException.Kind.SETUP, provider.id() + ": " + provider.envKey() + " is not set");
    }
    return client;
  }

  private void runHops() {
    Runnable hop;
    while ((hop = hops.poll()) != null) {
      hop.run();
    }
  }

  private static String describe(StreamEvent event) {
    if (event instanceof TextDelta delta) {
      return "delta " + delta.text();
    }
    if (event instanceof Completed completed) {
      return "completed " + completed.stopReason().word();
    }
    if (event instanceof StreamEvent.Retrying retrying) {
      return "retrying " + retrying.attempt();
    }
    return "failed " + ((Failed) event).error().getMessage();
  }

  @Test
  void repliesStreamIntoTheAssistantTurnAndComplete() throws Exception {
    ChatSession session = session();
    Turn reply = session.send("Hi");
    FakeChatClient.FakeCall call = anthropic.nextCall();
    call.emit(
        new TextDelta("Hel"),
        new TextDelta("lo"),
        new Completed(new Usage(7, 2), new StopReason(END_TURN, "end_turn")));
    runHops();

    assertEquals(
        List.of("delta Hel -> STREAMING", "delta lo -> STREAMING", "completed end_turn -> DONE"),
        heard);
    assertEquals("Hello", reply.text());
    assertEquals(Turn.Status.DONE, reply.status());
    assertEquals(new Usage(7, 2), reply.usage());
    assertEquals(new StopReason(END_TURN, "end_turn"), reply.stopReason());
    assertFalse(session.isStreaming());
    assertEquals("claude-test", call.request().model());
    assertEquals(List.of(Message.user("Hi")), call.request().messages());
    Turn prompt = session.turns().get(0);
    assertEquals(Role.USER, prompt.role());
    assertEquals("Hi", prompt.text());
    assertSame(reply, session.turns().get(1));
    assertEquals("anthropic", reply.providerId());
    assertEquals("claude-test", reply.model());
  }

  @Test
  void eventsChangeNothingUntilTheExecutorRunsThem() throws Exception {
    ChatSession session = session();
    Turn reply = session.send("Hi");
    anthropic
        .nextCall()
        .emit(
            new TextDelta("Hello"), new Completed(Usage.UNKNOWN, new StopReason(END_TURN, "stop")));

    assertEquals("", reply.text());
    assertEquals(Turn.Status.STREAMING, reply.status());
    assertTrue(session.isStreaming());
    assertEquals(List.of(), heard);
    assertEquals(2, hops.size());

    runHops();
    assertEquals("Hello", reply.text());
    assertEquals(Turn.Status.DONE, reply.status());
  }

  @Test
  void eventsFromAnotherThreadArriveInOrderOnTheSessionThread() throws Exception {
    LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    Thread sessionThread = Thread.currentThread();
    List<Thread> listenerThreads = new ArrayList<>();
    ChatSession session =
        new ChatSession(
            this::client,
            CLAUDE,
            queue::add,
            (turn, event) -> listenerThreads.add(Thread.currentThread()));
    Turn reply = session.send("Count");
    List<StreamEvent> events = new ArrayList<>();
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      events.add(new TextDelta(i + ","));
      expected.append(i).append(',');
    }
    events.add(new Completed(Usage.UNKNOWN, new StopReason(END_TURN, "stop")));
    anthropic.nextCall().emitFromAnotherThread(events.toArray(new StreamEvent[0]));

    while (reply.status() == Turn.Status.STREAMING) {
      Runnable next = queue.poll(5, TimeUnit.SECONDS);
      assertTrue(next != null, "the stream stalled");
      next.run();
    }
    assertEquals(expected.toString(), reply.text());
    assertEquals(201, listenerThreads.size());
    assertTrue(listenerThreads.stream().allMatch(t -> t == sessionThread));
  }

  @Test
  void eachTurnSendsTheWholeConversationSoFar() throws Exception {
    ChatSession session = session();
    session.send("First");
    anthropic
        .nextCall()
        .emit(
            new TextDelta("One"),
            new Completed(Usage.UNKNOWN, new StopReason(END_TURN, "end_turn")));
    runHops();
    session.send("Second");
    FakeChatClient.FakeCall second = anthropic.nextCall();

    assertEquals(
        List.of(Message.user("First"), Message.assistant("One"), Message.user("Second")),
        second.request().messages());
  }

  @Test
  void anExchangeThatFailedBeforeAnyTextIsShownButNotSentAgain() throws Exception {
    ChatSession session = session();
    session.send("Lost");
    anthropic
        .nextCall()
        .emit(new Failed(new ChatException(ChatException.Kind.SERVER, "anthropic: overloaded")));
    runHops();
    session.send("Partial");
    anthropic
        .nextCall()
        .emit(
            new TextDelta("Half"),
            new Failed(new ChatException(ChatException.Kind.INCOMPLETE, "anthropic: dropped")));
    runHops();
    session.send("Third");

    assertEquals(
        List.of(Message.user("Partial"), Message.assistant("Half"), Message.user("Third")),
        anthropic.nextCall().request().messages());
    assertEquals(6, session.turns().size());
  }

  @Test
  void aFailureMidStreamKeepsTheTextAndTheError() throws Exception {
    ChatSession session = session();
    Turn reply = session.send("Hi");
    ChatException dropped =
        new ChatException(ChatException.Kind.INCOMPLETE, "anthropic: the stream ended early");
    anthropic.nextCall().emit(new TextDelta("Par"), new Failed(dropped));
    runHops();

    assertEquals("Par", reply.text());
    assertEquals(Turn.Status.FAILED, reply.status());
    assertSame(dropped, reply.error());
    assertFalse(session.isStreaming());
    assertEquals(
        List.of("delta Par -> STREAMING", "failed anthropic: the stream ended early -> FAILED"),
        heard);
  }

  @Test
  void aMissingKeyFailsTheTurnAtOnceAndTheSessionGoesOn() throws Exception {
    clients.remove("anthropic");
    ChatSession session = session();
    Turn reply = session.send("Hi");

    assertEquals(Turn.Status.FAILED, reply.status());
    assertEquals(ChatException.Kind.SETUP, reply.error().kind());
    assertEquals("anthropic: ANTHROPIC_API_KEY is not set", reply.error().getMessage());
    assertFalse(session.isStreaming());
    assertEquals(List.of("failed anthropic: ANTHROPIC_API_KEY is not set -> FAILED"), heard);

    session.select(new Selection(TestProviders.openai(), "gpt-4o"));
    Turn next = session.send("Again");
    openai
        .nextCall()
        .emit(new TextDelta("Yes"), new Completed(Usage.UNKNOWN, new StopReason(END_TURN, "stop")));
    runHops();
    assertEquals("Yes", next.text());
  }

  @Test
  void sendingWhileAReplyStreamsIsRefused() throws Exception {
    ChatSession session = session();
    session.send("Hi");
    anthropic.nextCall();

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> session.send("Hi"));
    assertEquals("a reply is already streaming", e.getMessage());
    assertEquals(2, session.turns().size());
  }

  @Test
  void cancelKeepsThePartialTextMarksItAndDropsWhatStillArrives() throws Exception {
    ChatSession session = session();
    Turn reply = session.send("Hi");
    FakeChatClient.FakeCall call = anthropic.nextCall();
    call.emit(new TextDelta("Part"));
    runHops();
    call.emit(new TextDelta(" queued before the cancel"));

    session.cancel();
    call.emitDespiteCancel(new TextDelta(" after"));
    call.emitDespiteCancel(new Completed(Usage.UNKNOWN, new StopReason(END_TURN, "stop")));
    runHops();

    assertTrue(call.cancelled());
    assertEquals("Part", reply.text());
    assertEquals(Turn.Status.CANCELLED, reply.status());
    assertFalse(session.isStreaming());
    assertEquals(List.of("delta Part -> STREAMING"), heard);
  }

  @Test
  void aCancelledPartialReplyIsPartOfTheNextRequest() throws Exception {
    ChatSession session = session();
    session.send("Hi");
    anthropic.nextCall().emit(new TextDelta("Part"));
    runHops();
    session.cancel();
    session.send("Go on");

    assertEquals(
        List.of(Message.user("Hi"), Message.assistant("Part"), Message.user("Go on")),
        anthropic.nextCall().request().messages());
  }

  @Test
  void cancelWhenIdleChangesNothing() throws Exception {
    ChatSession session = session();
    session.cancel();
    Turn reply = session.send("Hi");
    anthropic
        .nextCall()
        .emit(
            new TextDelta("Done"), new Completed(Usage.UNKNOWN, new StopReason(END_TURN, "stop")));
    runHops();
    session.cancel();

    assertEquals(Turn.Status.DONE, reply.status());
    assertEquals("Done", reply.text());
  }

  @Test
  void selectSendsTheNextTurnToTheNewProviderWithTheConversation() throws Exception {
    ChatSession session = session();
    session.send("Hi");
    anthropic
        .nextCall()
        .emit(
            new TextDelta("Hello"),
            new Completed(Usage.UNKNOWN, new StopReason(END_TURN, "end_turn")));
    runHops();
    Selection openaiSelection = new Selection(TestProviders.openai(), "gpt-4o");
    session.select(openaiSelection);
    Turn reply = session.send("And you?");
    FakeChatClient.FakeCall call = openai.nextCall();

    assertSame(openaiSelection, session.selection());
    assertEquals("gpt-4o", call.request().model());
    assertEquals(
        List.of(Message.user("Hi"), Message.assistant("Hello"), Message.user("And you?")),
        call.request().messages());
    assertEquals("openai", reply.providerId());
    assertEquals("anthropic", session.turns().get(1).providerId());
    assertFalse(anthropic.hasPendingCall());
  }

  @Test
  void timingsCountFromTheSendToTheFirstTextAndFromThereToTheEnd() throws Exception {
    AtomicLong now = new AtomicLong(1_000_000_000L);
    ChatSession session =
        new ChatSession(this::client, CLAUDE, hops::add, (turn, event) -> {}, now::get);
    Turn reply = session.send("Hi");
    FakeChatClient.FakeCall call = anthropic.nextCall();
    now.addAndGet(800_000_000L);
    call.emit(new TextDelta("Hello"));
    runHops();
    assertEquals(Optional.of(Duration.ofMillis(800)), reply.timeToFirstToken());
    assertTrue(reply.outputTokensPerSecond().isEmpty(), "no rate while streaming");

    now.addAndGet(2_000_000_000L);
    call.emit(
        new TextDelta(" world"),
        new Completed(new Usage(10, 50), new StopReason(END_TURN, "end_turn")));
    runHops();
    assertEquals(Optional.of(Duration.ofMillis(800)), reply.timeToFirstToken());
    assertEquals(25.0, reply.outputTokensPerSecond().getAsDouble(), 1e-9);
  }

  @Test
  void noRateWithoutReportedTokensAndNoTimesWithoutText() throws Exception {
    ChatSession session = session();
    Turn unknown = session.send("Hi");
    anthropic
        .nextCall()
        .emit(
            new TextDelta("Hello"), new Completed(Usage.UNKNOWN, new StopReason(END_TURN, "stop")));
    runHops();
    Turn failed = session.send("Again");
    anthropic
        .nextCall()
        .emit(new Failed(new ChatException(ChatException.Kind.SERVER, "anthropic: down")));
    runHops();

    assertTrue(unknown.timeToFirstToken().isPresent());
    assertTrue(unknown.outputTokensPerSecond().isEmpty());
    assertTrue(failed.timeToFirstToken().isEmpty());
    assertTrue(failed.outputTokensPerSecond().isEmpty());
    assertNull(unknown.error());
  }

  @Test
  void theRecorderHearsEachTurnOnceItIsFinalInOrder() throws Exception {
    List<String> recorded = new ArrayList<>();
    ChatSession session = session();
    session.setRecorder(
        turn -> recorded.add(turn.role() + " " + turn.status() + " " + turn.text()));
    session.send("Hi");
    FakeChatClient.FakeCall call = anthropic.nextCall();
    assertEquals(List.of("USER DONE Hi"), recorded, "the prompt is saved before the reply");
    call.emit(new TextDelta("Hel"), new TextDelta("lo"));
    runHops();
    assertEquals(1, recorded.size(), "nothing while the reply streams");
    call.emit(new Completed(new Usage(1, 2), new StopReason(END_TURN, "end_turn")));
    runHops();

    session.send("Stop");
    anthropic.nextCall().emit(new TextDelta("Par"));
    runHops();
    session.cancel();

    session.send("Fail");
    anthropic
        .nextCall()
        .emit(new Failed(new ChatException(ChatException.Kind.SERVER, "anthropic: down")));
    runHops();

    clients.remove("anthropic");
    session.send("No key");

    assertEquals(
        List.of(
            "USER DONE Hi",
            "ASSISTANT DONE Hello",
            "USER DONE Stop",
            "ASSISTANT CANCELLED Par",
            "USER DONE Fail",
            "ASSISTANT FAILED ",
            "USER DONE No key",
            "ASSISTANT FAILED "),
        recorded);
  }

  @Test
  void theRecorderIsHeardBeforeTheListenerWhenAReplyEnds() throws Exception {
    List<String> order = new ArrayList<>();
    ChatSession session =
        new ChatSession(
            this::client,
            CLAUDE,
            hops::add,
            (turn, event) -> order.add("listener " + describe(event)));
    session.setRecorder(turn -> order.add("recorder " + turn.role()));
    session.send("Hi");
    anthropic.nextCall().emit(new Completed(Usage.UNKNOWN, new StopReason(END_TURN, "stop")));
    runHops();

    assertEquals(List.of("recorder USER", "recorder ASSISTANT", "listener completed stop"), order);
  }

  @Test
  void loadedTurnsAreTheHistoryOfTheNextSendAndAreNotRecordedAgain() throws Exception {
    List<Turn> recorded = new ArrayList<>();
    ChatSession session = session();
    session.setRecorder(recorded::add);
    session.load(
        List.of(
            restored(Role.USER, "openai", "gpt-4o", "Earlier", Turn.Status.DONE),
            restored(Role.ASSISTANT, "openai", "gpt-4o", "Answer", Turn.Status.DONE),
            restored(Role.USER, "openai", "gpt-4o", "Interrupted", Turn.Status.DONE),
            restored(Role.ASSISTANT, "openai", "gpt-4o", "Half", Turn.Status.CANCELLED)));

    session.send("Now");

    assertEquals(
        List.of(
            Message.user("Earlier"),
            Message.assistant("Answer"),
            Message.user("Interrupted"),
            Message.assistant("Half"),
            Message.user("Now")),
        anthropic.nextCall().request().messages());
    assertEquals(6, session.turns().size());
    assertEquals(List.of("Now"), recorded.stream().map(Turn::text).toList());
  }

  @Test
  void aSavedPromptWhoseReplyWasLostIsShownButNotSent() throws Exception {
    ChatSession session = session();
    session.load(
        List.of(
            restored(Role.USER, "anthropic", "claude-test", "One", Turn.Status.DONE),
            restored(Role.ASSISTANT, "anthropic", "claude-test", "Uno", Turn.Status.DONE),
            restored(Role.USER, "anthropic", "claude-test", "Lost in a crash", Turn.Status.DONE)));

    session.send("Two");

    assertEquals(
        List.of(Message.user("One"), Message.assistant("Uno"), Message.user("Two")),
        anthropic.nextCall().request().messages());
    runHops();
    session.cancel();
    session.send("Three");
    assertEquals(
        List.of(Message.user("One"), Message.assistant("Uno"), Message.user("Three")),
        anthropic.nextCall().request().messages(),
        "a reply cancelled before any text is not sent, and the pairs stay aligned");
  }

  @Test
  void loadingReplacesTheConversationAndIsRefusedWhileAReplyStreams() throws Exception {
    ChatSession session = session();
    session.send("Hi");
    anthropic.nextCall();
    IllegalStateException busy =
        assertThrows(IllegalStateException.class, () -> session.load(List.of()));
    assertEquals("a reply is streaming; cancel it before loading turns", busy.getMessage());

    session.cancel();
    session.load(List.of());
    assertEquals(List.of(), session.turns());
    session.send("Fresh");
    assertEquals(List.of(Message.user("Fresh")), anthropic.nextCall().request().messages());
  }

  @Test
  void aRestoredTurnKeepsWhatWasSavedAndHasNoTimings() {
    ChatException error = new ChatException(ChatException.Kind.AUTH, "openai: key refused");
    Turn failed =
        Turn.restored(
            Role.ASSISTANT,
            "openai",
            "gpt-4o",
            "Pa",
            Turn.Status.FAILED,
            error,
            new Usage(3, 1),
            StopReason.NONE);
    assertEquals("Pa", failed.text());
    assertSame(error, failed.error());
    assertEquals(new Usage(3, 1), failed.usage());
    assertTrue(failed.timeToFirstToken().isEmpty());
    assertTrue(failed.outputTokensPerSecond().isEmpty());

    assertThrows(
        IllegalArgumentException.class,
        () -> restored(Role.ASSISTANT, "openai", "gpt-4o", "", Turn.Status.STREAMING));
    assertThrows(
        IllegalArgumentException.class,
        () -> restored(Role.ASSISTANT, "openai", "gpt-4o", "", Turn.Status.FAILED));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Turn.restored(
                Role.ASSISTANT,
                "openai",
                "gpt-4o",
                "",
                Turn.Status.DONE,
                error,
                Usage.UNKNOWN,
                StopReason.NONE));
  }

  @Test
  void aRetryIsKeptOnTheTurnWithWhenItIsDueUntilTextArrives() throws Exception {
    AtomicLong now = new AtomicLong(1_000_000_000L);
    ChatSession session =
        new ChatSession(
            this::client,
            CLAUDE,
            hops::add,
            (turn, event) -> heard.add(describe(event) + " -> " + turn.status()),
            now::get);
    Turn reply = session.send("Hi");
    FakeChatClient.FakeCall call = anthropic.nextCall();
    StreamEvent.Retrying retrying =
        new StreamEvent.Retrying(2, 3, Duration.ofSeconds(2), "HTTP 529: Overloaded");
    now.addAndGet(300_000_000L);
    call.emit(retrying);
    runHops();

    assertEquals(Optional.of(retrying), reply.retrying());
    assertEquals(1_300_000_000L + 2_000_000_000L, reply.retryDueAt());
    assertEquals(Turn.Status.STREAMING, reply.status());
    assertEquals(List.of("retrying 2 -> STREAMING"), heard);

    call.emit(new TextDelta("Hello"));
    runHops();
    assertEquals(Optional.empty(), reply.retrying(), "text ends the wait");
    assertEquals("Hello", reply.text());
    call.emit(new Completed(Usage.UNKNOWN, new StopReason(END_TURN, "stop")));
    runHops();

    Turn cancelled = session.send("Again");
    anthropic.nextCall().emit(retrying);
    runHops();
    assertEquals(Optional.of(retrying), cancelled.retrying());
    session.cancel();
    assertEquals(Optional.empty(), cancelled.retrying(), "a cancelled reply waits for nothing");

    Turn failed = session.send("Once more");
    anthropic
        .nextCall()
        .emit(
            retrying,
            new Failed(new ChatException(ChatException.Kind.SERVER, "anthropic: overloaded")));
    runHops();
    assertEquals(Optional.empty(), failed.retrying(), "a failed reply waits for nothing");
  }

  @Test
  void retrySendsTheLastPromptAgainWithTheHistoryAsItWas() throws Exception {
    ChatSession session = session();
    session.send("One");
    anthropic
        .nextCall()
        .emit(new TextDelta("Uno"), new Completed(Usage.UNKNOWN, new StopReason(END_TURN, "stop")));
    runHops();
    assertFalse(session.canRetry(), "a reply that completed is not retried");
    Turn broken = session.send("Two");
    anthropic
        .nextCall()
        .emit(
            new TextDelta("Do"),
            new Failed(
                new ChatException(ChatException.Kind.INCOMPLETE, "anthropic: the stream broke")));
    runHops();
    assertTrue(session.canRetry());

    Turn again = session.retry();
    FakeChatClient.FakeCall call = anthropic.nextCall();
    assertEquals(
        List.of(Message.user("One"), Message.assistant("Uno"), Message.user("Two")),
        call.request().messages());
    assertFalse(session.canRetry(), "not while the retry streams");
    assertThrows(IllegalStateException.class, session::retry);
    assertEquals(5, session.turns().size(), "the prompt is not added again");
    assertSame(broken, session.turns().get(3), "the broken reply stays");
    assertSame(again, session.turns().get(4));
    call.emit(new TextDelta("Dos"), new Completed(Usage.UNKNOWN, new StopReason(END_TURN, "stop")));
    runHops();

    session.send("Three");
    assertEquals(
        List.of(
            Message.user("One"),
            Message.assistant("Uno"),
            Message.user("Two"),
            Message.assistant("Dos"),
            Message.user("Three")),
        anthropic.nextCall().request().messages(),
        "the broken reply is never sent again");
  }

  @Test
  void aCancelledReplyAndAPromptWhoseReplyWasLostCanBeRetried() throws Exception {
    ChatSession session = session();
    assertFalse(session.canRetry(), "nothing to retry in an empty conversation");
    session.load(
        List.of(
            restored(Role.USER, "anthropic", "claude-test", "One", Turn.Status.DONE),
            restored(Role.ASSISTANT, "anthropic", "claude-test", "Uno", Turn.Status.DONE),
            restored(Role.USER, "anthropic", "claude-test", "Lost in a crash", Turn.Status.DONE)));
    assertTrue(session.canRetry());
    session.retry();
    FakeChatClient.FakeCall call = anthropic.nextCall();
    assertEquals(
        List.of(Message.user("One"), Message.assistant("Uno"), Message.user("Lost in a crash")),
        call.request().messages());
    call.emit(new TextDelta("Half"));
    runHops();
    session.cancel();

    assertTrue(session.canRetry());
    session.select(new Selection(TestProviders.openai(), "gpt-4o"));
    Turn other = session.retry();
    assertEquals(
        List.of(Message.user("One"), Message.assistant("Uno"), Message.user("Lost in a crash")),
        openai.nextCall().request().messages(),
        "the cancelled half is left out, and the retry goes to the provider now selected");
    assertEquals("openai", other.providerId());
  }

  @Test
  void aRetriedTurnIsRecordedSoThatTheSavedConversationLoadsIntoTheSameHistory() throws Exception {
    List<Turn> recorded = new ArrayList<>();
    ChatSession session = session();
    session.setRecorder(recorded::add);
    session.send("One");
    anthropic
        .nextCall()
        .emit(
            new TextDelta("Un"),
            new Failed(new ChatException(ChatException.Kind.INCOMPLETE, "anthropic: cut off")));
    runHops();
    session.retry();
    anthropic
        .nextCall()
        .emit(new TextDelta("Uno"), new Completed(Usage.UNKNOWN, new StopReason(END_TURN, "stop")));
    runHops();
    assertEquals(
        List.of("USER One", "ASSISTANT Un", "ASSISTANT Uno"),
        recorded.stream().map(turn -> turn.role() + " " + turn.text()).toList(),
        "the prompt once, then each reply as it ended");

    List<Turn> saved = new ArrayList<>();
    for (Turn turn : recorded) {
      saved.add(
          Turn.restored(
              turn.role(),
              turn.providerId(),
              turn.model(),
              turn.text(),
              turn.status(),
              turn.error(),
              turn.usage(),
              turn.stopReason()));
    }
    ChatSession resumed = session();
    resumed.load(saved);
    session.send("Two");
    resumed.send("Two");
    List<Message> live = anthropic.nextCall().request().messages();
    assertEquals(List.of(Message.user("One"), Message.assistant("Uno"), Message.user("Two")), live);
    assertEquals(live, anthropic.nextCall().request().messages());
  }

  private static Turn restored(
      Role role, String provider, String model, String text, Turn.Status status) {
    return Turn.restored(role, provider, model, text, status, null, Usage.UNKNOWN, StopReason.NONE);
  }
}
