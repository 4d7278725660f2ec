package dev.agent.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent.chat.Message;
import dev.agent.chat.StopReason;
import dev.agent.chat.StreamEvent;
import dev.agent.chat.Usage;
import dev.agent.config.Selection;
import dev.agent.testing.TestProviders;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A reply's reasoning is kept apart from its answer, timed, and never sent back. */
class TurnReasoningTest {
  private final FakeChatClient client = new FakeChatClient();
  private final AtomicLong clock = new AtomicLong();
  private final ChatSession session =
      new ChatSession(
          provider -> client,
          new Selection(TestProviders.ollama(), "qwen3"),
          Runnable::run,
          (turn, event) -> {},
          clock::get);

  private static final StreamEvent.Completed DONE =
      new StreamEvent.Completed(
          new Usage(10, 40), new StopReason(StopReason.Kind.END_TURN, "stop"));

  @Test
  void reasoningIsKeptApartAndTimedFromItsFirstToken() throws Exception {
    clock.set(1_000_000_000L);
    Turn reply = session.send("27 * 453?");
    FakeChatClient.FakeCall call = client.nextCall();

    clock.set(1_500_000_000L);
    call.emit(new StreamEvent.ReasoningDelta("27 * 450 = 12150"));
    assertTrue(reply.isThinking());
    assertEquals(Optional.empty(), reply.thinkingTime());
    clock.set(3_500_000_000L);
    call.emit(new StreamEvent.ReasoningDelta(" + 81"), new StreamEvent.TextDelta("12,231"));
    clock.set(5_500_000_000L);
    call.emit(DONE);

    assertEquals("12,231", reply.text());
    assertEquals("27 * 450 = 12150 + 81", reply.reasoning());
    assertFalse(reply.isThinking());
    assertEquals(Optional.of(Duration.ofMillis(500)), reply.timeToFirstToken());
    assertEquals(Optional.of(Duration.ofMillis(2500)), reply.timeToAnswer());
    assertEquals(Optional.of(Duration.ofSeconds(2)), reply.thinkingTime());
    assertEquals(10.0, reply.outputTokensPerSecond().getAsDouble(), 1e-9);
  }

  @Test
  void textThatWasReasoningMovesAndTheAnswerStartsAfresh() throws Exception {
    Turn reply = session.send("?");
    FakeChatClient.FakeCall call = client.nextCall();

    call.emit(new StreamEvent.TextDelta("Okay, "), new StreamEvent.TextDelta("think.\n"));
    assertEquals(7 + 6, reply.length());
    call.emit(new StreamEvent.TextWasReasoning(), new StreamEvent.TextDelta("4"), DONE);

    assertEquals("Okay, think.\n", reply.reasoning());
    assertEquals("4", reply.text());
    assertEquals(1, reply.length());
  }

  @Test
  void theNextRequestCarriesAnswersOnly() throws Exception {
    session.send("first");
    client
        .nextCall()
        .emit(
            new StreamEvent.ReasoningDelta("secret thoughts"),
            new StreamEvent.ReasoningSignature("sig"),
            new StreamEvent.TextDelta("answer"),
            DONE);
    session.send("second");

    assertEquals(
        List.of(Message.user("first"), Message.assistant("answer"), Message.user("second")),
        client.nextCall().request().messages());
    assertEquals("sig", session.turns().get(1).reasoningSignature());
  }

  @Test
  void aReplyCancelledWhileThinkingIsNotSentBack() throws Exception {
    session.send("first");
    client.nextCall().emit(new StreamEvent.ReasoningDelta("hmm"));
    session.cancel();
    session.send("second");

    assertEquals(List.of(Message.user("second")), client.nextCall().request().messages());
  }
}
