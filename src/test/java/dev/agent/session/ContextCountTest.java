package dev.agent.session;

import static dev.agent.chat.StopReason.Kind.END_TURN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agent.chat.Message;
import dev.agent.chat.StopReason;
import dev.agent.chat.StreamEvent.Completed;
import dev.agent.chat.StreamEvent.TextDelta;
import dev.agent.chat.Usage;
import dev.agent.config.Selection;
import dev.agent.testing.TestProviders;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a request will use of the context window, and leaving the oldest turns out of it. */
class ContextCountTest {
  private static final Selection OLLAMA = new Selection(TestProviders.ollama(), "llama3.2");

  private final FakeChatClient client = new FakeChatClient();
  private final ChatSession session =
      new ChatSession(provider -> client, OLLAMA, Runnable::run, (turn, event) -> {});

  /** One exchange whose reply reports {@code usage}. */
  private void exchange(String prompt, String reply, Usage usage) throws Exception {
    session.send(prompt);
    client
        .nextCall()
        .emit(new TextDelta(reply), new Completed(usage, new StopReason(END_TURN, "stop")));
  }

  @Test
  void theLastRepliesUsageIsExactAndOnlyTheNewPromptIsEstimated() throws Exception {
    exchange("x".repeat(3000), "y".repeat(3000), new Usage(1200, 800));

    String prompt = "z".repeat(300);
    assertEquals(2000 + ChatSession.estimateTokens(prompt), session.contextTokens(prompt));
    assertEquals(2000, session.contextTokens(""));
  }

  @Test
  void aSystemPromptChangedAfterTheLastReplyIsCountedInPlaceOfTheOneItCounted() throws Exception {
    session.useSystemPrompt("s".repeat(400));
    exchange("x".repeat(3000), "y".repeat(3000), new Usage(1300, 800));

    // A profile picked mid-conversation: a longer prompt goes with the next request.
    String longer = "L".repeat(6000);
    session.useSystemPrompt(longer);

    assertEquals(2100 - 400 / 4 + ChatSession.estimateTokens(longer), session.contextTokens(""));
    session.useSystemPrompt("");
    assertEquals(2100 - 400 / 4, session.contextTokens(""));
  }

  @Test
  void withoutUsageEveryMessageIsEstimated() throws Exception {
    exchange("x".repeat(30), "y".repeat(60), Usage.UNKNOWN);

    assertEquals(
        ChatSession.estimateTokens("x".repeat(30)) + ChatSession.estimateTokens("y".repeat(60)),
        session.contextTokens(""));
    assertEquals(14, ChatSession.estimateTokens("x".repeat(30)));
  }

  @Test
  void trimmingLeavesTheOldestExchangesOutOfRequestsButNotOutOfTheConversation() throws Exception {
    exchange("first " + "a".repeat(600), "one", new Usage(210, 5));
    exchange("second " + "b".repeat(600), "two", new Usage(420, 5));
    exchange("third", "three", new Usage(430, 5));

    int dropped = session.trimToFit("fourth", 100);

    assertEquals(2, dropped);
    assertEquals(2, session.trimmedTurns() / 2);
    assertEquals(6, session.turns().size());
    session.send("fourth");
    assertEquals(
        List.of(Message.user("third"), Message.assistant("three"), Message.user("fourth")),
        client.nextCall().request().messages());
  }

  @Test
  void trimmingStopsAsSoonAsTheRequestFits() throws Exception {
    exchange("first " + "a".repeat(600), "one", new Usage(210, 5));
    exchange("second", "two", new Usage(220, 5));

    assertEquals(1, session.trimToFit("third", 100));
    assertEquals(0, session.trimToFit("third", 100));
    session.send("third");
    assertEquals(3, client.nextCall().request().messages().size());
  }

  @Test
  void loadingAConversationSendsAllOfItAgain() throws Exception {
    exchange("first", "one", new Usage(20, 5));
    session.trimToFit("", 0);
    List<Turn> kept = List.copyOf(session.turns());

    session.load(kept);
    session.send("again");

    assertEquals(3, client.nextCall().request().messages().size());
  }

  @Test
  void noTrimmingWhileAReplyStreams() {
    session.send("hi");

    assertThrows(IllegalStateException.class, () -> session.trimToFit("", 0));
  }
}
