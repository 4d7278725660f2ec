package dev.agent.tui;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyType;
import dev.agent.config.AgentConfig;
import dev.agent.config.AuthScheme;
import dev.agent.config.ProviderConfig;
import dev.agent.config.Selection;
import dev.agent.config.WireApi;
import dev.agent.provider.ProviderRegistry;
import dev.agent.testing.TestProviders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /key} (issue 15): a key entered in the chat, masked, for this run only, on the real {@link
 * ProviderRegistry} against a loopback server, with no key in the environment. The key goes out in
 * the provider's header and nowhere else: not on the screen, not in the saved conversation, the log
 * or the prompt history, and a server that echoes it has it blanked out.
 */
class KeyEntryUiTest {
  private static final String KEY = "sk-test-123";

  @TempDir Path home;
  private final MockWebServer server = new MockWebServer();
  private ProviderRegistry registry;
  private ProviderConfig loopback;
  private ProviderConfig anthropicLoop;

  @BeforeEach
  void setUp() throws Exception {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String path = request.getUrl().encodedPath();
            if (path.endsWith("/models")) {
              return new MockResponse.Builder()
                  .setHeader("Content-Type", "application/json")
                  .body("{\"object\":\"list\",\"data\":[{\"id\":\"m-one\"},{\"id\":\"m-two\"}]}")
                  .build();
            }
            if (path.endsWith("/chat/completions") || path.endsWith("/messages")) {
              String body = request.getBody().utf8();
              if (body.contains("echo my key")) {
                // A server that quotes the key it refused, as some do.
                return new MockResponse.Builder()
                    .code(401)
                    .setHeader("Content-Type", "application/json")
                    .body("{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\"}}")
                    .build();
              }
              return new MockResponse.Builder()
                  .setHeader("Content-Type", "text/event-stream")
                  .body(
                      "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Keyed!\"}}]}\n\n"
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
    anthropicLoop =
        TestProviders.builder("anthloop")
            .name("Anthropic Loop")
            .baseUrl("http://127.0.0.1:" + server.getPort() + "/v1")
            .envKey("ANTHLOOP_KEY")
            .defaultModel("m-one")
            .wireApi(WireApi.ANTHROPIC)
            .auth(AuthScheme.X_API_KEY)
            .build();
    Map<String, ProviderConfig> providers = new LinkedHashMap<>();
    providers.put("loop", loopback);
    providers.put("anthloop", anthropicLoop);
    providers.put("ollama", TestProviders.ollama());
    Path agentLog = home.resolve("agent.log");
    registry =
        new ProviderRegistry(
            new AgentConfig("loop", "", "", "", true, true, providers, List.of()),
            Map.of("TERM", "xterm-256color"),
            warning -> {},
            line -> append(agentLog, line));
  }

  @AfterEach
  void tearDown() {
    registry.close();
    server.close();
  }

  private static void append(Path file, String line) {
    try {
      Files.writeString(
          file, line + "\n", UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private ChatDriver start() {
    return ChatDriver.builder(home)
        .backend(ChatApp.backend(registry), new Selection(loopback, "m-one"))
        .start();
  }

  /** The next request to a path ending in {@code suffix}, skipping the others. */
  private RecordedRequest nextRequestTo(String suffix) throws InterruptedException {
    for (int i = 0; i < 20; i++) {
      RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
      if (request == null) {
        break;
      }
      if (request.getUrl().encodedPath().endsWith(suffix)) {
        return request;
      }
    }
    throw new AssertionError("no request to " + suffix + " arrived");
  }

  private static void assertKeyNotShown(ChatDriver chat) {
    assertFalse(chat.screenText().contains(KEY), chat.screenText());
    assertFalse(chat.screenText().contains("test-123"), chat.screenText());
  }

  /** Every file under {@code home}: saved conversations, agent.log, the clipboard file. */
  private String everyFileUnderHome() throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(home)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        all.append(file).append(":\n").append(Files.readString(file, StandardCharsets.ISO_8859_1));
      }
    }
    return all.toString();
  }

  @Test
  void aKeyEnteredMaskedIsSentAsTheBearerTokenAndKeptNowhere() throws Exception {
    try (ChatDriver chat = start()) {
      assertTrue(chat.row(0).endsWith("LOOP_KEY not set"), chat.row(0));
      assertTrue(
          chat.screenText().replace("\n ", " ").contains("or type /key to enter the key for this"),
          chat.screenText());

      chat.type("/key").press(KeyType.Enter).tick();
      assertTrue(chat.screenText().contains("API key for Loopback"), chat.screenText());
      assertTrue(chat.row(23).contains("Enter keep for this run"), chat.row(23));
      chat.type(KEY).tick();
      assertKeyNotShown(chat);
      int field = chat.rowOf("Key: ");
      assertTrue(
          chat.row(field).contains("Key: " + "•".repeat(KEY.length()) + " "), chat.row(field));
      chat.press(KeyType.Enter).tick();

      assertFalse(chat.screenText().contains("API key for Loopback"), "the field closed");
      chat.awaitText("Key for Loopback (loop) entered");
      assertTrue(chat.row(0).endsWith("ready"), chat.row(0));
      RecordedRequest listing = nextRequestTo("/models");
      assertEquals("Bearer " + KEY, listing.getHeaders().get("Authorization"));
      chat.await("the models listed again", screen -> chat.ui.listingsSettled());

      chat.send("Hello with a key");
      chat.awaitText("Keyed!");
      // The text shows before the reply's end is applied; a send before then is refused.
      chat.await("the reply ended", screen -> chat.ui.idleAfterReply());
      RecordedRequest sent = nextRequestTo("/chat/completions");
      assertEquals("Bearer " + KEY, sent.getHeaders().get("Authorization"));
      assertKeyNotShown(chat);

      chat.send("echo my key");
      chat.awaitText("error: loop");
      String error = chat.screenText().replace("\n ", " ");
      assertTrue(error.contains("Incorrect API key provided: ****"), error);
      assertTrue(error.contains("check the key entered with /key"), error);
      assertKeyNotShown(chat);

      // Up recalls the prompts sent, and /key, but never the key.
      chat.press(KeyType.Escape).tick();
      for (int i = 0; i < 5; i++) {
        chat.press(KeyType.ArrowUp).tick();
        assertFalse(chat.row(22).contains("test-123"), chat.row(22));
      }
      assertEquals("> /key", chat.row(22));
    }
    String files = everyFileUnderHome();
    assertTrue(files.contains("Hello with a key"), "the conversation was saved:\n" + files);
    assertTrue(files.contains("Authorization: ****"), "requests were logged:\n" + files);
    assertFalse(files.contains("test-123"), files);
  }

  @Test
  void anAnthropicKeyGoesInXApiKey() throws Exception {
    try (ChatDriver chat = start()) {
      chat.send("/provider anthloop");
      chat.awaitText("ANTHLOOP_KEY not set");
      chat.type("/key").press(KeyType.Enter).tick();
      chat.type(KEY).press(KeyType.Enter).tick();
      chat.awaitText("Key for Anthropic Loop (anthloop) entered");
      chat.send("Hello Anthropic");
      RecordedRequest sent = nextRequestTo("/messages");
      assertEquals(KEY, sent.getHeaders().get("x-api-key"));
      assertEquals(null, sent.getHeaders().get("Authorization"));
      assertKeyNotShown(chat);
    }
  }

  @Test
  void escAndCtrlCDropWhatWasTypedAndALocalServerNeedsNoKey() throws Exception {
    try (ChatDriver chat = start()) {
      chat.type("/key").press(KeyType.Enter).tick();
      chat.type("sk-dropped").press(KeyType.Escape).tick();
      assertFalse(chat.screenText().contains("API key for"), chat.screenText());
      assertTrue(chat.row(0).endsWith("LOOP_KEY not set"), chat.row(0));
      chat.type("/key").press(KeyType.Enter).tick();
      chat.type("sk-dropped").ctrl('c').tick();
      assertFalse(chat.screenText().contains("API key for"), chat.screenText());
      assertTrue(chat.row(0).endsWith("LOOP_KEY not set"), chat.row(0));
      assertEquals(null, chat.ui.outcome().orElse(null), "Ctrl+C closed the field, no more");

      chat.send("/provider ollama");
      chat.type("/key").press(KeyType.Enter).tick();
      assertTrue(
          chat.row(23).startsWith(" ollama sends no API key (a local server): there is nothing"),
          chat.row(23));
    }
  }

  @Test
  void aKeyTypedAfterSlashKeyInThePromptIsNeverRecalled() throws Exception {
    try (ChatDriver chat = start()) {
      // A key typed after /key shows in the prompt; cleared, Up brings back /key alone.
      chat.type("/key sk-typed-in-clear").press(KeyType.Enter).tick();
      assertTrue(chat.row(23).startsWith(" /key takes no argument"), chat.row(23));
      chat.ctrl('c').tick();
      assertEquals("> Type a message", chat.row(22));
      chat.press(KeyType.ArrowUp).tick();
      assertEquals("> /key", chat.row(22));
      chat.press(KeyType.ArrowUp).tick();
      assertFalse(chat.row(22).contains("sk-typed"), chat.row(22));
    }
  }

  @Test
  void theFieldFitsAt40x12AndDrawsStarsWhereBulletsCannotBeShown() throws Exception {
    try (ChatDriver chat =
        ChatDriver.builder(home)
            .backend(ChatApp.backend(registry), new Selection(loopback, "m-one"))
            .size(40, 12)
            .charset(StandardCharsets.US_ASCII)
            .start()) {
      chat.type("/key").press(KeyType.Enter).tick();
      chat.type(KEY).tick();
      assertKeyNotShown(chat);
      int field = chat.rowOf("Key: ");
      assertTrue(
          chat.row(field).contains("Key: " + "*".repeat(KEY.length()) + " "), chat.row(field));
    }
  }
}
