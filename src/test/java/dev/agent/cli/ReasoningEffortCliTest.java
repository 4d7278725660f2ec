package dev.agent.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agent.Main;
import dev.agent.testing.StreamBodies;
import dev.agent.testing.TestServers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -e/--reasoning-effort} end to end: what reaches a loopback server of the effort of the
 * run, of the provider's table and of the top level, and the refusal of a word that is no effort.
 */
class ReasoningEffortCliTest {
  @TempDir Path home;
  @StartStop private final MockWebServer server = TestServers.failFast();
  private final Map<String, String> env = new HashMap<>();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void setUp() throws Exception {
    env.put("AGENT_HOME", home.toString());
    String base = server.url("/v1").toString().replaceAll("/$", "");
    // Two servers at one address: "tuned" sets an effort of its own, "plain" takes the top level's.
    Files.writeString(
        home.resolve("config.toml"),
        "reasoning_effort = \"low\"\n"
            + "[model_providers.tuned]\n"
            + "base_url = \""
            + base
            + "\"\n"
            + "default_model = \"m\"\n"
            + "reasoning_effort = \"high\"\n"
            + "request_max_retries = 0\n"
            + "[model_providers.plain]\n"
            + "base_url = \""
            + base
            + "\"\n"
            + "default_model = \"m\"\n"
            + "request_max_retries = 0\n",
        UTF_8);
  }

  private int run(String... args) {
    return Main.run(
        args,
        new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, UTF_8),
        new PrintStream(err, true, UTF_8),
        env);
  }

  /** The {@code reasoning_effort} the one request of {@code agent ARGS hi} carried; "" for none. */
  private String effortSent(String... args) throws Exception {
    server.enqueue(
        StreamBodies.eventStream(
            StreamBodies.chatText("ok") + StreamBodies.CHAT_STOP + StreamBodies.DONE));
    String[] withPrompt = new String[args.length + 2];
    System.arraycopy(args, 0, withPrompt, 0, args.length);
    withPrompt[args.length] = "--no-save";
    withPrompt[args.length + 1] = "hi";
    assertEquals(0, run(withPrompt), err.toString(UTF_8));
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertNotNull(request, "no request reached the server");
    JsonNode body = json.readTree(request.getBody().utf8());
    return body.path("reasoning_effort").asText("");
  }

  @Test
  void theProvidersTableWinsOverTheTopLevel() throws Exception {
    assertEquals("high", effortSent("-p", "tuned"));
  }

  @Test
  void theTopLevelIsForProvidersWithoutAnEffortOfTheirOwn() throws Exception {
    assertEquals("low", effortSent("-p", "plain"));
  }

  @Test
  void theRunsFlagWinsOverBoth() throws Exception {
    assertEquals("minimal", effortSent("-p", "tuned", "-e", "minimal"));
    assertEquals("xhigh", effortSent("-p", "plain", "--reasoning-effort", "xhigh"));
    assertEquals("none", effortSent("-p", "tuned", "--reasoning-effort=none"));
  }

  @Test
  void nothingIsSentWhenNothingAsks() throws Exception {
    Files.writeString(
        home.resolve("config.toml"),
        Files.readString(home.resolve("config.toml"), UTF_8)
            .replace("reasoning_effort = \"low\"\n", ""),
        UTF_8);

    assertEquals("", effortSent("-p", "plain"));
  }

  @Test
  void aWordThatIsNoEffortIsAUsageErrorOnOneLine() {
    assertEquals(ExitCodes.USAGE, run("-e", "hgh", "hi"));

    assertEquals(
        "agent: unknown reasoning effort 'hgh' for --reasoning-effort (expected none, minimal,"
            + " low, medium, high or xhigh)\n",
        err.toString(UTF_8));
    assertEquals(0, server.getRequestCount());
  }
}
