package dev.agent.tui;

import static dev.agent.chat.StopReason.Kind.END_TURN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyType;
import dev.agent.chat.Message;
import dev.agent.chat.StopReason;
import dev.agent.chat.StreamEvent.Completed;
import dev.agent.chat.StreamEvent.TextDelta;
import dev.agent.chat.Usage;
import dev.agent.config.AgentConfig;
import dev.agent.config.Selection;
import dev.agent.session.ChatSession;
import dev.agent.session.FakeChatClient;
import dev.agent.session.FakeChatClient.FakeCall;
import dev.agent.store.SessionRecorder;
import dev.agent.store.SessionStore;
import dev.agent.store.StoredMessage;
import dev.agent.testing.TestProviders;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The profile picker (Ctrl+G) and the system prompt in the transcript: picking a profile switches
 * provider, model and system prompt; the prompt shows at the top of the conversation, and a profile
 * picked mid-conversation replaces it from the next request, where it changed.
 */
class ProfilesUiTest {
  @TempDir Path home;

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
  void aPickedProfileSwitchesProviderAndModelAndStartsTheConversationWithItsPrompt()
      throws Exception {
    FakeBackend backend = new FakeBackend();
    AgentConfig plain = TestProviders.config(TestProviders.anthropic(), TestProviders.ollama());
    AgentConfig local =
        new AgentConfig(
                "ollama",
                "qwen3",
                "",
                "",
                true,
                true,
                plain.providers(),
                List.of(),
                "local",
                java.util.Map.of())
            .withSystemPrompt("Be brief.");
    backend.profiles.add(new ChatApp.ProfileOption("", "the settings outside", plain, true));
    backend.profiles.add(
        new ChatApp.ProfileOption("local", "ollama · qwen3 · system prompt", local, false));
    try (ChatDriver chat = ChatDriver.builder(home).backend(backend).start()) {
      chat.ctrl('g').tick();
      assertTrue(chat.screenText().contains("(no profile)"), chat.screenText());
      assertTrue(chat.screenText().contains("ollama · qwen3 · system prompt"), chat.screenText());
      chat.press(KeyType.ArrowDown).press(KeyType.Enter).tick();
      assertTrue(chat.row(0).startsWith(" Ollama"), chat.row(0));
      assertTrue(chat.row(0).contains("model: qwen3"), chat.row(0));

      FakeCall first = exchange(chat, "ollama", "Hi");

      assertEquals(
          List.of(Message.system("Be brief."), Message.user("Hi")), first.request().messages());
      int system = chat.rowOf("System prompt");
      assertTrue(system >= 0 && system < chat.rowOf("You"), chat.screenText());
      assertEquals(system + 1, chat.rowOf("Be brief."), chat.screenText());

      // Back to no profile mid-conversation: the prompt goes, where it changed.
      chat.ctrl('g').tick().press(KeyType.ArrowUp).press(KeyType.Enter).tick();
      FakeCall second = exchange(chat, "anthropic", "And?");
      assertEquals(
          List.of(Message.user("Hi"), Message.assistant("ok"), Message.user("And?")),
          second.request().messages());
      assertTrue(chat.screenText().contains("(none)"), chat.screenText());
    }
  }

  @Test
  void withoutProfilesCtrlGSaysHowToDefineOne() {
    try (ChatDriver chat = ChatDriver.builder(home).start()) {
      chat.ctrl('g').tick();
      assertTrue(
          chat.screenText().contains("no profiles defined; add a [profiles.NAME] table"),
          chat.screenText());
    }
  }

  @Test
  void systemWithAResumedConversationReplacesItsPromptFromTheNextReplyOn() throws Exception {
    SessionStore store = SessionStore.in(home);
    String id;
    try (SessionRecorder recorder = store.recorder(problem -> {})) {
      FakeChatClient client = new FakeChatClient();
      ChatSession earlier =
          new ChatSession(
              provider -> client,
              new Selection(TestProviders.anthropic(), "claude-sonnet-4-20250514", "", "Old."),
              Runnable::run,
              (turn, event) -> {});
      earlier.setRecorder(recorder);
      earlier.send("Hi");
      client
          .nextCall()
          .emit(new TextDelta("ok"), new Completed(Usage.UNKNOWN, new StopReason(END_TURN, "x")));
      id = recorder.id().orElseThrow();
    }
    try (ChatDriver chat =
        ChatDriver.builder(home).resumed(store.load(id)).systemPrompt("New.").start()) {
      FakeCall next = exchange(chat, "anthropic", "And?");

      assertEquals(
          List.of(
              Message.system("New."),
              Message.user("Hi"),
              Message.assistant("ok"),
              Message.user("And?")),
          next.request().messages());
      assertTrue(chat.rowOf("New.") > chat.rowOf("Old."), chat.screenText());
    }
    assertEquals(
        List.of("Old.", "Hi", "ok", "New.", "And?", "ok"),
        store.load(id).messages().stream().map(StoredMessage::text).toList());
  }
}
