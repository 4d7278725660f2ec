package dev.agent.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agent.testing.StreamBodies;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real jar, killed mid-reply: {@code java -jar target/agent.jar --continue PROMPT} streams from
 * a loopback server that sends slowly, the process is killed (SIGKILL, no shutdown hooks) once the
 * reply has begun, and {@code agent sessions} and {@code agent export} must show everything said
 * before the reply in flight. Skipped where the jar has not been built.
 */
class SavingCrashIT {
  private static final Path JAR = Path.of("target/agent.jar").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;
  @StartStop private final MockWebServer server = new MockWebServer();
  private final AtomicInteger requests = new AtomicInteger();
  private final LinkedBlockingQueue<String> bodies = new LinkedBlockingQueue<>();

  @BeforeEach
  void setUp() throws IOException {
    assumeTrue(Files.isRegularFile(JAR), "no " + JAR + "; run mvn package first");
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            bodies.add(request.getBody() == null ? "" : request.getBody().utf8());
            int number = requests.incrementAndGet();
            MockResponse.Builder response =
                new MockResponse.Builder().setHeader("Content-Type", "text/event-stream");
            if (number == 2) {
              // About 100 bytes every 200 ms: the whole reply would take half a minute.
              return response
                  .body(stream("slow ".repeat(150)))
                  .throttleBody(100, 200, TimeUnit.MILLISECONDS)
                  .build();
            }
            return response.body(stream("Answer " + number + ".")).build();
          }
        });
    Files.writeString(
        home.resolve("config.toml"),
        "model_provider = \"loop\"\n"
            + "[model_providers.loop]\n"
            + "name = \"Loopback\"\n"
            + "base_url = \"http://127.0.0.1:"
            + server.getPort()
            + "/v1\"\n"
            + "default_model = \"loop-model\"\n"
            + "wire_api = \"chat\"\n",
        UTF_8);
  }

  /** A chat completions stream that sends {@code text} one word per event. */
  private static String stream(String text) {
    StringBuilder body = new StringBuilder();
    for (String word : text.split("(?<= )", -1)) {
      if (word.isEmpty()) {
        continue;
      }
      body.append("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"")
          .append(word)
          .append("\"},\"finish_reason\":null}]}\n\n");
    }
    return body.append(StreamBodies.CHAT_STOP).append(StreamBodies.DONE).toString();
  }

  private ProcessBuilder agent(String... args) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(List.of("-jar", JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("AGENT_HOME", home.toString());
    builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    return builder;
  }

  /** Runs the agent to its end; returns its standard output, failing on a non-zero exit. */
  private String run(String... args) throws Exception {
    Path err = home.resolve("err.txt");
    Process process = agent(args).redirectError(err.toFile()).start();
    String out = new String(process.getInputStream().readAllBytes(), UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "agent did not finish");
    assertEquals(0, process.exitValue(), "agent failed: " + Files.readString(err, UTF_8));
    assertEquals("", Files.readString(err, UTF_8), "nothing on standard error");
    return out;
  }

  @Test
  void killedMidReplyEverythingBeforeTheReplyInFlightIsSaved() throws Exception {
    assertEquals("Answer 1.", run("First question"));
    assertTrue(bodies.take().contains("First question"));

    Process process =
        agent("--continue", "Second question")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String before = awaitOutput(process.getInputStream(), "slow slow ");
    process.destroyForcibly();
    assertTrue(process.waitFor(10, TimeUnit.SECONDS), "the process did not die");
    assertTrue(before.startsWith("slow slow "), before);
    assertTrue(bodies.take().contains("Answer 1."), "the second request carried the first");

    JsonNode sessions = JSON.readTree(run("sessions", "--json"));
    assertEquals(1, sessions.size(), sessions.toString());
    assertEquals("First question", sessions.get(0).get("title").asText());
    assertEquals(3, sessions.get(0).get("messages").asInt(), sessions.toString());

    JsonNode exported = JSON.readTree(run("export", "--format", "json"));
    JsonNode messages = exported.get("messages");
    assertEquals(3, messages.size(), exported.toString());
    assertEquals("First question", messages.get(0).get("text").asText());
    assertEquals("Answer 1.", messages.get(1).get("text").asText());
    assertEquals("done", messages.get(1).get("status").asText());
    assertEquals("Second question", messages.get(2).get("text").asText());
    assertEquals("user", messages.get(2).get("role").asText());

    // The conversation goes on; the prompt whose reply was lost is shown but not sent again.
    assertEquals("Answer 3.", run("--continue", "Third question"));
    String third = bodies.poll(10, TimeUnit.SECONDS);
    JsonNode sent = JSON.readTree(third).get("messages");
    assertEquals(
        JSON.readTree(
            "[{\"role\":\"user\",\"content\":\"First question\"},"
                + "{\"role\":\"assistant\",\"content\":\"Answer 1.\"},"
                + "{\"role\":\"user\",\"content\":\"Third question\"}]"),
        sent);
    JsonNode after = JSON.readTree(run("export", "--format", "json")).get("messages");
    assertEquals(5, after.size(), after.toString());
    assertFalse(after.toString().contains("slow"), "nothing of the reply in flight");
  }

  /** Reads {@code in} until it holds {@code wanted}, for up to 20 seconds. */
  private static String awaitOutput(InputStream in, String wanted) throws Exception {
    StringBuilder seen = new StringBuilder();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    byte[] buffer = new byte[256];
    while (System.nanoTime() < deadline) {
      if (in.available() > 0) {
        int read = in.read(buffer);
        if (read < 0) {
          break;
        }
        seen.append(new String(buffer, 0, read, UTF_8));
        if (seen.indexOf(wanted) >= 0) {
          return seen.toString();
        }
      } else {
        Thread.sleep(20);
      }
    }
    fail("the reply did not begin; standard output so far: " + seen);
    return seen.toString();
  }
}
