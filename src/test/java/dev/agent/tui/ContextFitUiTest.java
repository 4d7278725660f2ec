package dev.agent.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyType;
import dev.agent.config.ProviderConfig;
import dev.agent.config.Selection;
import dev.agent.provider.ContextWindow;
import dev.agent.provider.ProviderRegistry;
import dev.agent.store.SessionStore;
import dev.agent.testing.StreamBodies;
import dev.agent.testing.TestProviders;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A conversation growing past the 512-token window of a loopback Ollama: the window is learnt from
 * {@code /api/ps}, shown, and the request that would overflow is held back with the fix, until the
 * user sends it without the oldest turns.
 */
class ContextFitUiTest {
  private static final String FIRST = "first question " + "a".repeat(285);
  private static final String SECOND = "second question " + "b".repeat(584);

  @TempDir Path home;
  @StartStop private final MockWebServer server = new MockWebServer();

  /** The bodies of the chat requests, in order. */
  private final List<String> chats = new CopyOnWriteArrayList<>();

  /** What the server counts for each reply: (prompt, completion) tokens. */
  private static final long[][] USAGE = {{150, 60}, {430, 60}, {300, 20}};

  private ProviderRegistry registry;

  @AfterEach
  void closeRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  private ChatDriver start() {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return switch (request.getUrl().encodedPath()) {
              case "/v1/models" -> StreamBodies.discovery("ollama-v1-models.json");
              case "/api/ps" -> StreamBodies.discovery("ollama-ps-512.json");
              case "/api/show" -> StreamBodies.discovery("ollama-show.json");
              case "/v1/chat/completions" -> reply(request);
              default -> StreamBodies.error(404, "{\"error\":\"404 page not found\"}");
            };
          }
        });
    ProviderConfig ollama = TestProviders.ollama(server.url("/v1").toString());
    registry = new ProviderRegistry(TestProviders.config(ollama), Map.of());
    return ChatDriver.builder(home)
        .size(200, 40)
        .backend(ChatApp.backend(registry), new Selection(ollama, "llama3.2"))
        .start();
  }

  private MockResponse reply(RecordedRequest request) {
    chats.add(request.getBody().utf8());
    long[] usage = USAGE[Math.min(chats.size(), USAGE.length) - 1];
    return StreamBodies.eventStream(
        StreamBodies.chatText("Answer " + chats.size())
            + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":"
            + usage[0]
            + ",\"completion_tokens\":"
            + usage[1]
            + "}}\n\n"
            + StreamBodies.DONE);
  }

  /**
   * Sends the first two prompts, each once the reply before has ended (its usage shown: a prompt
   * sent while a reply streams is refused), leaving 490 of the 512 tokens used.
   */
  private static void twoExchangesNearlyFillTheWindow(ChatDriver chat) {
    chat.awaitText("ctx 0/512");
    chat.send(FIRST).awaitText("Answer 1");
    chat.awaitText("ctx 210/512");
    // 210 exact + about 204 for the new prompt: fits in 512 less 64 for the reply.
    chat.send(SECOND).awaitText("Answer 2");
    chat.awaitText("ctx 490/512");
  }

  @Test
  void theRequestThatWouldOverflowIsHeldBackWithTheFixUntilSentWithoutTheOldestTurns()
      throws Exception {
    try (ChatDriver chat = start()) {
      twoExchangesNearlyFillTheWindow(chat);
      assertEquals(2, chats.size());

      chat.send("and now?");

      chat.awaitText(
          "This prompt and the conversation come to about 497 tokens, more than the 448 that fit"
              + " the 512-token window Ollama runs llama3.2 with");
      String screen = chat.screenText();
      assertTrue(screen.contains("OLLAMA_CONTEXT_LENGTH=1024"), screen);
      assertTrue(screen.contains("sends it without the oldest turns"), screen);
      assertEquals(2, chats.size(), "the overflowing request was sent");
      assertEquals("> and now?", chat.row(chat.rowOf("> and now?")).strip());

      chat.ctrl('x').awaitText("Answer 3");

      assertEquals(3, chats.size());
      String third = chats.get(2);
      assertFalse(third.contains("first question"), third);
      assertTrue(third.contains("second question") && third.contains("and now?"), third);
      chat.awaitText("The oldest exchange is no longer sent to the model");
      chat.press(KeyType.Home).awaitText("first question"); // still in the transcript
    }
    // And in the saved conversation: every prompt and reply, the one left out of requests first.
    SessionStore store = SessionStore.in(home);
    assertEquals(
        List.of(FIRST, "Answer 1", SECOND, "Answer 2", "and now?", "Answer 3"),
        store.load(store.list().sessions().get(0).id()).messages().stream()
            .map(message -> message.text().strip())
            .toList());
  }

  @Test
  void slashTrimLeavesTheOldestOutAndPutsTheHeldBackPromptBackToBeSent() throws Exception {
    try (ChatDriver chat = start()) {
      twoExchangesNearlyFillTheWindow(chat);
      chat.send("and now?").awaitText("This prompt and the conversation come to about");

      // The prompt line holds the prompt: cleared to type the command.
      chat.ctrl('c').send("/trim").awaitText("The oldest exchange is no longer sent");

      assertEquals(2, chats.size(), "/trim sends nothing");
      assertEquals("> and now?", chat.row(chat.rowOf("> and now?")).strip());
      String screen = chat.screenText();
      assertTrue(screen.contains("it stays in the transcript and the saved"), screen);
      chat.press(KeyType.Enter).awaitText("Answer 3");
      assertFalse(chats.get(2).contains("first question"), chats.get(2));
      assertTrue(chats.get(2).contains("and now?"), chats.get(2));
    }
  }

  @Test
  void enterAgainSendsEverythingAnyway() throws Exception {
    try (ChatDriver chat = start()) {
      twoExchangesNearlyFillTheWindow(chat);
      chat.send("and now?").awaitText("This prompt and the conversation come to about");

      chat.press(KeyType.Enter).awaitText("Answer 3");

      assertTrue(chats.get(2).contains("first question"), chats.get(2));
    }
  }

  @Test
  void theModelTablesWindowIsShownWithoutAskingTheServer() {
    FakeBackend fakes = new FakeBackend();
    fakes.windows.put("ollama/llama3.2", ContextWindow.configured(8192));
    try (ChatDriver chat = ChatDriver.builder(home).backend(fakes).provider("ollama").start()) {
      chat.awaitText("ctx 0/8k");
    }
  }

  @Test
  void withNoWindowKnownCtrlXSaysWhatToSetAndSendsNothing() {
    FakeBackend fakes = new FakeBackend();
    try (ChatDriver chat = ChatDriver.builder(home).backend(fakes).provider("ollama").start()) {
      chat.type("hello").ctrl('x').awaitText("the model's context window is not known");
      assertFalse(chat.screenText().contains("ctx "), chat.screenText());
      assertFalse(fakes.client("ollama").hasPendingCall());
    }
  }

  @Test
  void tokenCountsAreShortAndAPowerOfTwoWindowReadsAsUsersWriteIt() {
    assertEquals(
        List.of("812", "3.1k", "9.9k", "12k", "8k", "128k", "40k", "32k"),
        List.of(812L, 3100L, 9900L, 12_400L, 8192L, 131_072L, 40_960L, 32_000L).stream()
            .map(ContextFit::tokens)
            .toList());
  }
}
