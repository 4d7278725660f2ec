package dev.agent.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent.Main;
import dev.agent.store.SessionStore;
import dev.agent.testing.StreamBodies;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A one-shot prompt, or a line of the {@code TERM=dumb} chat, that is more than the context window
 * of a loopback Ollama holds: said in one line on standard error with the fix, and sent whole all
 * the same; the server is asked for its window only when the request could overflow one.
 */
class ContextWindowWarningTest {
  /** 9,000 characters of log: about 3,000 tokens by the estimate, past 2,048 and 512. */
  private static final String BIG_LOG = "GET /index.html 200\n".repeat(450);

  @TempDir Path home;
  @StartStop private final MockWebServer server = new MockWebServer();
  private final Map<String, String> env = new HashMap<>();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** Every request's method and path, in order. */
  private final List<String> asked = new CopyOnWriteArrayList<>();

  /** The bodies of the chat requests, in order. */
  private final List<String> chats = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    env.put("AGENT_HOME", home.toString());
  }

  /** Ollama on loopback whose discovery endpoints answer with {@code discovery}. */
  private void ollama(String modelTable, Dispatcher discovery) throws IOException {
    Files.writeString(
        home.resolve("config.toml"),
        "model_provider = \"ollama\"\n"
            + "[model_providers.ollama]\n"
            + "base_url = \""
            + server.url("/v1").toString().replaceAll("/$", "")
            + "\"\n"
            + "default_model = \"llama3.2\"\n"
            + modelTable,
        UTF_8);
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            asked.add(request.getMethod() + " " + request.getUrl().encodedPath());
            if (request.getUrl().encodedPath().equals("/v1/chat/completions")) {
              chats.add(request.getBody().utf8());
              return StreamBodies.eventStream(
                  StreamBodies.chatText("Summary " + chats.size() + ".")
                      + StreamBodies.CHAT_STOP
                      + StreamBodies.DONE);
            }
            return discovery.dispatch(request);
          }
        });
  }

  /** Ollama 0.x running llama3.2 with a 512-token window ({@code OLLAMA_CONTEXT_LENGTH=512}). */
  private static final Dispatcher RUNS_512 =
      new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
          return switch (request.getUrl().encodedPath()) {
            case "/v1/models" -> StreamBodies.discovery("ollama-v1-models.json");
            case "/api/ps" -> StreamBodies.discovery("ollama-ps-512.json");
            case "/api/show" -> StreamBodies.discovery("ollama-show.json");
            default -> StreamBodies.error(404, "{\"error\":\"404 page not found\"}");
          };
        }
      };

  private int run(String stdin, String... args) {
    return Main.run(
        args,
        new ByteArrayInputStream(stdin.getBytes(UTF_8)),
        new PrintStream(out, true, UTF_8),
        new PrintStream(err, true, UTF_8),
        env);
  }

  private String err() {
    return err.toString(UTF_8);
  }

  @Test
  void aPipedPromptPastTheWindowIsSaidWithTheFixAndSentWhole() throws Exception {
    ollama("", RUNS_512);

    assertEquals(0, run(BIG_LOG, "summarise"), err());

    assertEquals(
        "agent: this prompt comes to about 3,008 tokens, more than the 448 that fit the 512-token"
            + " window Ollama runs llama3.2 with, leaving room for the reply: the server may drop"
            + " the beginning without a word; sending it anyway. To give the model more room,"
            + " restart Ollama with OLLAMA_CONTEXT_LENGTH=3072, or give the model `PARAMETER"
            + " num_ctx 3072` in a Modelfile (`ollama create`)\n",
        err());
    assertEquals("Summary 1.", out.toString(UTF_8));
    assertEquals(1, chats.size());
    assertTrue(chats.get(0).contains(BIG_LOG.strip().replace("\n", "\\n")), "sent whole");
    assertTrue(asked.contains("GET /api/ps"), asked.toString());
    assertEquals("POST /v1/chat/completions", asked.get(asked.size() - 1), "the chat came last");
    assertEquals(2, SessionStore.in(home).list().sessions().get(0).messages(), "saved whole");
  }

  @Test
  void aShortPromptAsksTheServerNothingButTheReply() throws Exception {
    ollama("", RUNS_512);

    assertEquals(0, run("", "Hi"), err());

    assertEquals(List.of("POST /v1/chat/completions"), asked);
    assertEquals("", err());
  }

  @Test
  void aContextWindowInTheModelTableIsUsedWithoutAskingTheServer() throws Exception {
    ollama("[model_providers.ollama.models.\"llama3.2\"]\ncontext_window = 512\n", RUNS_512);

    // About 1,004 tokens: under the size worth asking a server about, over this window.
    assertEquals(0, run("", "summarise " + "x".repeat(2990)), err());

    assertEquals(
        "agent: this prompt comes to about 1,004 tokens, more than the 448 that fit the 512-token"
            + " window context_window says ollama runs llama3.2 with, leaving room for the reply:"
            + " the server may drop the beginning without a word; sending it anyway. To give the"
            + " model more room, if the server runs the model with more, raise context_window"
            + " under [model_providers.ollama.models.\"llama3.2\"]\n",
        err());
    assertEquals(List.of("POST /v1/chat/completions"), asked);
  }

  @Test
  void aProbeThatFailsLeavesTheWindowUnknownAndTheRequestGoes() throws Exception {
    ollama(
        "",
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return StreamBodies.error(500, "{\"error\":\"boom\"}");
          }
        });

    assertEquals(0, run(BIG_LOG, "summarise"), err());

    assertTrue(asked.contains("GET /v1/models"), "the server was asked: " + asked);
    assertEquals("", err());
    assertEquals("Summary 1.", out.toString(UTF_8));
    assertEquals(1, chats.size());
  }

  @Test
  void aServerThatClosesEachConnectionStillGetsTheRequestWithoutARetry() throws Exception {
    // A plain HTTP/1.0 server: each answer ends its connection, which the probe must not leave in
    // the pool for the chat request to find broken.
    ollama(
        "",
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            return RUNS_512
                .dispatch(request)
                .newBuilder()
                .onResponseEnd(new SocketEffect.CloseSocket())
                .build();
          }
        });

    assertEquals(
        0, run(BIG_LOG, "-c", "model_providers.ollama.request_max_retries=0", "summarise"), err());

    assertTrue(err().startsWith("agent: this prompt comes to about 3,008 tokens"), err());
    assertEquals(1, err().lines().count(), err());
    assertEquals("Summary 1.", out.toString(UTF_8));
  }

  @Test
  void aProbeThatHangsIsGivenUpOnWithinTheDeadline() throws Exception {
    ollama(
        "",
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return new MockResponse.Builder()
                .headersDelay(20, TimeUnit.SECONDS)
                .body("{\"data\":[]}")
                .build();
          }
        });

    long start = System.nanoTime();
    assertEquals(0, run(BIG_LOG, "summarise"), err());
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertTrue(millis < 3_500, "took " + millis + " ms");
    assertEquals("", err());
    assertEquals(1, chats.size());
  }

  @Test
  void theLineChatSaysItBeforeTheReplyToALinePastTheWindow() throws Exception {
    ollama("", RUNS_512);
    env.put("TERM", "dumb");
    String typed = "Hi\n" + "summarise " + "y".repeat(7000) + "\n";

    int code =
        AgentCli.run(
            new String[0],
            new Console(
                new ByteArrayInputStream(typed.getBytes(UTF_8)),
                new PrintStream(out, true, UTF_8),
                new PrintStream(err, true, UTF_8),
                env,
                true,
                true,
                true));

    assertEquals(0, code, err());
    List<String> lines = err().lines().toList();
    assertEquals(2, lines.size(), err());
    assertTrue(
        lines
            .get(1)
            .startsWith(
                "agent: this prompt and the conversation come to about 2,354 tokens, more than"
                    + " the 448 that fit the 512-token window Ollama runs llama3.2 with"),
        lines.get(1));
    assertEquals(2, chats.size(), "both lines were sent");
    assertTrue(chats.get(1).contains("y".repeat(7000)), "sent whole");
    assertEquals(1, asked.stream().filter(request -> request.equals("GET /api/ps")).count());
  }
}
