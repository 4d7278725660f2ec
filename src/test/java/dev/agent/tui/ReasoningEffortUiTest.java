package dev.agent.tui;

import static dev.agent.chat.StopReason.Kind.END_TURN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyType;
import dev.agent.chat.StopReason;
import dev.agent.chat.StreamEvent.Completed;
import dev.agent.chat.StreamEvent.TextDelta;
import dev.agent.chat.Usage;
import dev.agent.config.ExtraBody;
import dev.agent.config.ModelSettings;
import dev.agent.config.ProviderConfig;
import dev.agent.provider.KeyStatus;
import dev.agent.session.FakeChatClient.FakeCall;
import dev.agent.testing.TestProviders;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reasoning effort of the running chat: the top bar shows the one in force, Alt+T changes it
 * for the next reply, and a switch of provider goes back to the one configured for that provider.
 */
class ReasoningEffortUiTest {
  @TempDir Path home;

  /** Anthropic configured at {@code high}; openai and ollama at none. */
  private ChatDriver start() {
    FakeBackend backend = new FakeBackend();
    backend.add(
        TestProviders.anthropic().toBuilder().reasoningEffort("high").build(), KeyStatus.SET);
    return ChatDriver.builder(home).backend(backend).start();
  }

  /** Sends {@code prompt}, completes its reply, and returns the request the client was given. */
  private static FakeCall exchange(ChatDriver chat, String client, String prompt) throws Exception {
    chat.send(prompt);
    FakeCall call = chat.backend.client(client).nextCall();
    call.emitFromAnotherThread(
            new TextDelta("ok"),
            new Completed(new Usage(3, 4), new StopReason(END_TURN, "end_turn")))
        .join();
    chat.await("the reply to complete", screen -> screen.contains("in 3"));
    return call;
  }

  @Test
  void theTopBarShowsTheConfiguredEffortAndTheRequestCarriesIt() throws Exception {
    try (ChatDriver chat = start()) {
      chat.tick();
      Goldens.assertScreen("reasoning-effort-80x24", chat.screenText());
      assertEquals(
          " Anthropic (anthropic)  model: claude-sonnet-4-20250514      effort high  ready",
          chat.row(0));

      assertEquals("high", exchange(chat, "anthropic", "Hi").request().reasoningEffort());
    }
  }

  @Test
  void aModelTablesEffortIsTheOneInForceForThatModel() throws Exception {
    FakeBackend backend = new FakeBackend();
    ProviderConfig anthropic =
        TestProviders.anthropic().toBuilder()
            .reasoningEffort("high")
            .models(
                Map.of(
                    "claude-sonnet-4-20250514",
                    new ModelSettings(0, "low", 0, ExtraBody.EMPTY, Map.of(), Optional.empty())))
            .build();
    backend.add(anthropic, KeyStatus.SET);
    try (ChatDriver chat = ChatDriver.builder(home).backend(backend).start()) {
      chat.tick();
      assertEquals(
          " Anthropic (anthropic)  model: claude-sonnet-4-20250514       effort low  ready",
          chat.row(0));

      assertEquals("low", exchange(chat, "anthropic", "Hi").request().reasoningEffort());
    }
  }

  @Test
  void altTCyclesTheEffortForTheNextReply() throws Exception {
    try (ChatDriver chat = start()) {
      chat.alt('t').tick();
      assertEquals(
          " Anthropic (anthropic)  model: claude-sonnet-4-20250514     effort xhigh  ready",
          chat.row(0));
      assertEquals(
          " reasoning effort: xhigh from the next reply      Enter send  Alt+Enter newline",
          chat.row(23));
      assertEquals("xhigh", exchange(chat, "anthropic", "One").request().reasoningEffort());

      // After xhigh: none sent at all, the model's own default; the top bar shows no effort.
      chat.alt('t').tick();
      assertEquals(
          " Anthropic (anthropic)  model: claude-sonnet-4-20250514                   ready",
          chat.row(0));
      assertTrue(
          chat.row(23)
              .startsWith(" reasoning effort: not sent (the model's default) from the next reply"),
          chat.row(23));
      assertEquals("", exchange(chat, "anthropic", "Two").request().reasoningEffort());

      chat.alt('t').tick();
      assertEquals("none", exchange(chat, "anthropic", "Three").request().reasoningEffort());
      chat.alt('t').tick();
      assertEquals("minimal", exchange(chat, "anthropic", "Four").request().reasoningEffort());
    }
  }

  @Test
  void switchingProviderGoesBackToThatProvidersEffort() throws Exception {
    try (ChatDriver chat = start()) {
      chat.alt('t').tick();
      // anthropic, openai, ollama: ollama is configured with no effort.
      chat.ctrl('p').tick().press(KeyType.ArrowDown).press(KeyType.ArrowDown);
      chat.press(KeyType.Enter).tick();
      assertEquals(
          " Ollama (Local) (ollama)  model: llama3.2                                 local",
          chat.row(0));
      assertEquals("", exchange(chat, "ollama", "Hi").request().reasoningEffort());

      chat.ctrl('p').tick().press(KeyType.ArrowUp).press(KeyType.ArrowUp);
      chat.press(KeyType.Enter).tick();
      chat.awaitText("Now talking to Anthropic (anthropic), model claude-sonnet-4-20250514,");
      assertEquals(
          "reasoning effort high.", chat.row(chat.rowOf("Now talking to Anthropic") + 1).strip());
      assertEquals(
          " Anthropic (anthropic)  model: claude-sonnet-4-20250514      effort high  ready",
          chat.row(0));
      assertEquals("high", exchange(chat, "anthropic", "Back").request().reasoningEffort());
    }
  }

  @Test
  void onANarrowScreenTheTitleGivesWayBeforeTheEffort() {
    FakeBackend backend = new FakeBackend();
    backend.add(
        TestProviders.anthropic().toBuilder().reasoningEffort("medium").build(), KeyStatus.SET);
    try (ChatDriver chat = ChatDriver.builder(home).backend(backend).size(50, 12).start()) {
      chat.tick();
      assertEquals(" claude-sonnet-4-20250514    effort medium  ready", chat.row(0));
    }
  }
}
