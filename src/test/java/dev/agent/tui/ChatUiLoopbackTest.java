package dev.agent.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.input.KeyType;
import dev.agent.config.AgentConfig;
import dev.agent.config.AuthScheme;
import dev.agent.config.ProviderConfig;
import dev.agent.config.Selection;
import dev.agent.config.WireApi;
import dev.agent.provider.ProviderRegistry;
import dev.agent.provider.RequestLog;
import dev.agent.testing.TestProviders;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chat screen on the real {@link ProviderRegistry}, against a loopback server. */
class ChatUiLoopbackTest {
  @TempDir Path home;
  private final MockWebServer server = new MockWebServer();
  private ProviderRegistry registry;
  private ProviderConfig loopback;

  @BeforeEach
  void setUp() throws Exception {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            if (request.getUrl().encodedPath().equals("/v1/models")) {
              return new MockResponse.Builder()
                  .setHeader("Content-Type", "application/json")
                  .body("{\"object\":\"list\",\"data\":[{\"id\":\"m-one\"},{\"id\":\"m-two\"}]}")
                  .build();
            }
            if (request.getUrl().encodedPath().equals("/v1/chat/completions")) {
              String content = request.getBody().utf8();
              if (content.contains("please fail")) {
                return new MockResponse.Builder()
                    .code(401)
                    .setHeader("Content-Type", "application/json")
                    .body(
                        "{\"error\":{\"message\":\"bad key\",\"type\":\"invalid_request_error\"}}")
                    .build();
              }
              return new MockResponse.Builder()
                  .setHeader("Content-Type", "text/event-stream")
                  .body(
                      "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Loop\"}}]}\n\n"
                          + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"back!\"}}]}\n\n"
                          + "data: {\"choices\":[{\"index\":0,\"delta\":{},"
                          + "\"finish_reason\":\"stop\"}],"
                          + "\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":2}}\n\n"
                          + "data: [DONE]\n\n")
                  .build();
            }
            return new MockResponse.Builder().code(404).build();
          }
        });
    server.start();
    loopback =
        TestProviders.builder("loop")
            .name("Loopback")
            .baseUrl("http://127.0.0.1:" + server.getPort() + "/v1")
            .envKey("LOOP_KEY")
            .defaultModel("m-one")
            .wireApi(WireApi.CHAT)
            .auth(AuthScheme.BEARER)
            .build();
    Map<String, ProviderConfig> providers = new LinkedHashMap<>();
    providers.put("loop", loopback);
    providers.put("openai", TestProviders.openai());
    registry =
        new ProviderRegistry(
            new AgentConfig("loop", "", "", "", true, true, providers, List.of()),
            Map.of("LOOP_KEY", "sk-loop"));
  }

  @AfterEach
  void tearDown() {
    registry.close();
    server.close();
  }

  private ChatDriver start() {
    return ChatDriver.builder(home)
        .backend(ChatApp.backend(registry), new Selection(loopback, "m-one"))
        .start();
  }

  @Test
  void aReplyStreamsFromTheServerAndTheModelsAreOffered() throws Exception {
    try (ChatDriver chat = start()) {
      assertEquals(
          " Loopback (loop)  model: m-one                                            ready",
          chat.row(0));
      chat.send("Hello server");
      chat.awaitText("in 4 · out 2");
      assertEquals(List.of(" loop · m-one", " Loopback!"), chat.rows(4, 5));

      RecordedRequest chatRequest = null;
      // Before it: the model list, and the questions about the context window (a local server).
      for (int i = 0; i < 10 && chatRequest == null; i++) {
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        if (request.getUrl().encodedPath().endsWith("/chat/completions")) {
          chatRequest = request;
        }
      }
      assertTrue(chatRequest != null, "no chat request arrived");
      assertEquals("Bearer sk-loop", chatRequest.getHeaders().get("Authorization"));
      assertTrue(chatRequest.getBody().utf8().contains("\"content\":\"Hello server\""));

      chat.press(KeyType.Tab).tick();
      chat.awaitText("Down 2 models");
      chat.press(KeyType.ArrowDown).tick();
      assertEquals(
          List.of(
              "                      ┌──Models of loop: type to filter──┐",
              "                      │ filter:                          │",
              "                      │> m-one                   default │",
              "                      │  m-two                           │",
              "                      └──────────────────────────────────┘"),
          chat.rows(9, 13));
    }
  }

  @Test
  void aRefusedKeyIsShownAsAnErrorWithTheServersWords() throws Exception {
    try (ChatDriver chat = start()) {
      chat.send("please fail");
      chat.await("the error", screen -> screen.contains("error: loop"));
      assertEquals(
          " error: loop: the API key was rejected (HTTP 401: bad key); check LOOP_KEY",
          chat.row(5));
      assertEquals("> Type a message", chat.row(22), "empty for the next question");
      chat.press(KeyType.ArrowUp).tick();
      assertEquals("> please fail", chat.row(22), "Up brings the failed prompt back");
    }
  }

  @Test
  void theRegistrysMissingKeyMessageAppearsWhenSwitchingToAProviderWithoutIt() throws Exception {
    try (ChatDriver chat = start()) {
      chat.ctrl('p').tick().press(KeyType.ArrowDown).press(KeyType.Enter).tick();
      chat.awaitText("openai: OPENAI_API_KEY is not set; set it with `export OPENAI_API_KEY=");
      assertEquals(
          List.of(
              " openai: OPENAI_API_KEY is not set; set it with `export OPENAI_API_KEY=…` (your",
              " OpenAI API key); or use a local provider that needs no key: -p ollama or -p",
              " lmstudio; or type /key to enter the key for this run only"),
          chat.rows(3, 5));
      assertEquals(
          " OpenAI (openai)  model: gpt-4o                          OPENAI_API_KEY not set",
          chat.row(0));
    }
  }

  @Test
  void aProvidersWarningGoesIntoTheTranscriptOnceInsteadOfOverTheScreen() throws Exception {
    // TEST-NET-1 (RFC 5737): not this machine, and nothing there ever answers.
    ProviderConfig lab =
        ProviderConfig.builder("lab")
            .name("Lab")
            .baseUrl("http://192.0.2.1:9/v1")
            .envKey("LAB_KEY")
            .defaultModel("m")
            .wireApi(WireApi.CHAT)
            .auth(AuthScheme.BEARER)
            .connectTimeout(Duration.ofMillis(200))
            .requestMaxRetries(0)
            .build();
    ChatApp.Notices notices = new ChatApp.Notices();
    // As AgentCommand.openChat wires them: the registry warns into the chat's notices.
    try (ProviderRegistry labs =
            new ProviderRegistry(
                new AgentConfig("lab", "", "", "", true, true, Map.of("lab", lab), List.of()),
                Map.of("LAB_KEY", "sk-lab"),
                notices,
                RequestLog.NONE);
        ChatDriver chat =
            ChatDriver.builder(home)
                .backend(ChatApp.backend(labs), new Selection(lab, "m"))
                .notices(notices)
                .start()) {
      String warning = "lab: the API key goes over plain http:// to 192.0.2.1, readable";
      chat.awaitText(warning);
      assertEquals(TextColor.Factory.fromString("#210"), chat.cellOf(warning).getForegroundColor());
      chat.send("Hello?");
      chat.await("the send to fail", screen -> screen.contains("error: "));
      assertEquals(
          1,
          chat.screenText().split("goes over plain http://", -1).length - 1,
          "warned once:\n" + chat.screenText());
      assertFalse(chat.screenText().contains("sk-lab"));
    }
  }
}
