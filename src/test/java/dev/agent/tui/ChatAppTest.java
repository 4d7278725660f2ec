package dev.agent.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.agent.config.AgentConfig;
import dev.agent.config.ConfigLoader;
import dev.agent.provider.KeyStatus;
import dev.agent.provider.ProviderRegistry;
import dev.agent.testing.TestProviders;
import dev.agent.tui.terminal.ChatScreen;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop {@link ChatApp#run} runs, on a virtual terminal. */
class ChatAppTest {
  @TempDir Path home;

  @Test
  void setUpDeferredPastTheFirstFrameRunsOnceTheFrameIsOnScreen() throws Exception {
    DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(80, 24));
    ChatScreen screen = new ChatScreen(terminal, false);
    screen.startScreen();
    FakeBackend backend = new FakeBackend();
    backend.add(TestProviders.anthropic(), KeyStatus.SET);
    List<String> seen = new ArrayList<>();
    try (ChatUi ui = ChatDriver.startChat(backend, home, screen)) {
      ui.afterFirstFrame(() -> seen.add(shows(terminal, "Type a message") ? "frame" : "nothing"));
      assertEquals(List.of(), seen, "not before the first frame");
      ui.tick();
      ui.tick();
      assertEquals(List.of("frame"), seen, "once, with the first frame on the terminal");
    } finally {
      screen.stopScreen();
    }
  }

  @Test
  void theRehearsalTypesItsPromptAsTheBytesATerminalSends() throws Exception {
    // The start-up training's chat: its keys go through the decoder a real start reads keys with,
    // escape sequences included (a slip typed and mended with Left, Right and Backspace).
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
              return request.getUrl().encodedPath().endsWith("/models")
                  ? new MockResponse.Builder()
                      .setHeader("Content-Type", "application/json")
                      .body("{\"object\":\"list\",\"data\":[{\"id\":\"m\"}]}")
                      .build()
                  : new MockResponse.Builder()
                      .setHeader("Content-Type", "text/event-stream")
                      .body(
                          "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"},"
                              + "\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n")
                      .build();
            }
          });
      server.start();
      Path file = home.resolve("config.toml");
      Files.writeString(
          file,
          "model_provider = \"t\"\n\n[model_providers.t]\nbase_url = \""
              + server.url("/v1")
              + "\"\ndefault_model = \"m\"\n");
      Map<String, String> env = Map.of("AGENT_HOME", home.toString(), "LANG", "C.UTF-8");
      AgentConfig config = new ConfigLoader(env).load(file, true, List.of());
      try (ProviderRegistry registry = new ProviderRegistry(config, env)) {
        ChatApp.rehearse(
            config, config.select("", ""), registry, home, env, "hello", Duration.ofSeconds(10));
      }
      List<String> chats = new ArrayList<>();
      for (int i = server.getRequestCount(); i > 0; i--) {
        RecordedRequest request = server.takeRequest();
        if (request.getUrl().encodedPath().endsWith("/chat/completions")) {
          chats.add(request.getBody().utf8());
        }
      }
      assertEquals(1, chats.size(), chats.toString());
      assertTrue(chats.get(0).contains("{\"role\":\"user\",\"content\":\"hello\"}"), chats.get(0));
    }
  }

  @Test
  void theRendererWarmUpRunsInAnyCharset() {
    // It runs on a thread of its own in the chat, where a failure would only be logged.
    ChatApp.warmUpReplies(StandardCharsets.UTF_8);
    ChatApp.warmUpReplies(StandardCharsets.US_ASCII);
  }

  private static boolean shows(DefaultVirtualTerminal terminal, String text) {
    StringBuilder all = new StringBuilder();
    TerminalSize size = terminal.getTerminalSize();
    for (int row = 0; row < size.getRows(); row++) {
      for (int column = 0; column < size.getColumns(); column++) {
        all.append(terminal.getBufferCharacter(column, row).getCharacterString());
      }
    }
    return all.toString().contains(text);
  }

  @Test
  void ctrlQEndsTheLoopWithZero() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).start()) {
      chat.ctrl('q');
      assertEquals(ChatApp.Outcome.QUIT, ChatApp.loop(chat.ui, new AtomicBoolean()));
    }
  }

  /**
   * An error another thread lets go uncaught (an HTTP thread out of memory mid-reply) would leave a
   * reply that never ends: the loop throws it, to stop the chat as one of its own does.
   */
  @Test
  void anErrorAnotherThreadLetGoStopsTheLoop() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).start()) {
      OutOfMemoryError elsewhere = new OutOfMemoryError("Java heap space");
      AtomicReference<Throwable> uncaught = new AtomicReference<>(elsewhere);
      OutOfMemoryError thrown =
          assertThrows(
              OutOfMemoryError.class, () -> ChatApp.loop(chat.ui, new AtomicBoolean(), uncaught));
      assertSame(elsewhere, thrown);
    }
  }

  @Test
  void ctrlCWhileIdleEndsTheLoopWith130() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).start()) {
      chat.ctrl('c');
      assertEquals(ChatApp.Outcome.INTERRUPTED, ChatApp.loop(chat.ui, new AtomicBoolean()));
    }
  }

  @Test
  void anIdleLoopSleepsUntilWokenInsteadOfLookingForKeys() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).start()) {
      chat.ui.tick();
      Thread loop = Thread.currentThread();
      CompletableFuture<Void> later =
          CompletableFuture.runAsync(
              () -> {
                sleep(300);
                // A key that wakes nothing: the virtual terminal, unlike the real one, does not.
                chat.terminal.addInput(new KeyStroke('q', true, false));
                sleep(300);
                LockSupport.unpark(loop);
              });
      long started = System.nanoTime();
      assertEquals(ChatApp.Outcome.QUIT, ChatApp.loop(chat.ui, new AtomicBoolean()));
      long slept = System.nanoTime() - started;
      later.join();
      assertTrue(
          slept >= Duration.ofMillis(550).toNanos(),
          "the loop saw the key after " + slept / 1_000_000 + " ms, before it was woken");
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aSignalStopsTheLoopWith130() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).start()) {
      assertEquals(ChatApp.Outcome.INTERRUPTED, ChatApp.loop(chat.ui, new AtomicBoolean(true)));
    }
  }

  @Test
  void aClosedTerminalEndsTheLoopWith130() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).start()) {
      chat.press(new KeyStroke(KeyType.EOF));
      assertEquals(ChatApp.Outcome.INTERRUPTED, ChatApp.loop(chat.ui, new AtomicBoolean()));
    }
  }

  @Test
  void anInterruptedThreadEndsTheLoopWith130() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).start()) {
      Thread.currentThread().interrupt();
      try {
        assertEquals(ChatApp.Outcome.INTERRUPTED, ChatApp.loop(chat.ui, new AtomicBoolean()));
      } finally {
        Thread.interrupted();
      }
    }
  }

  @Test
  void terminalsAreTakenToEraseInColourButForGnuScreenOutsideTmux() {
    assertTrue(ChatApp.erasesInColour(Map.of("TERM", "xterm-256color")));
    assertTrue(ChatApp.erasesInColour(Map.of()));
    assertTrue(ChatApp.erasesInColour(Map.of("TERM", "screen-256color", "TMUX", "/tmp/t,1,0")));
    assertFalse(ChatApp.erasesInColour(Map.of("TERM", "screen.xterm-256color")));
    assertFalse(ChatApp.erasesInColour(Map.of("TERM", "xterm", "STY", "123.pts-0.host")));
  }
}
