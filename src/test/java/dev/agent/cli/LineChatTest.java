package dev.agent.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent.store.SessionInfo;
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
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agent} with no prompt on a terminal whose {@code TERM} is {@code dumb} (Emacs's shell, a
 * serial console): a chat of plain lines, not the full screen.
 */
class LineChatTest {
  @TempDir Path home;
  @StartStop private final MockWebServer server = new MockWebServer();
  private final Map<String, String> env = new HashMap<>();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void setUp() throws IOException {
    env.put("AGENT_HOME", home.toString());
    env.put("TERM", "dumb");
    env.put("LOOP_KEY", "sk-test-SECRET-0123456789");
    Files.writeString(
        home.resolve("config.toml"),
        "model_provider = \"loop\"\n"
            + "[model_providers.loop]\n"
            + "name = \"Loopback\"\n"
            + "base_url = \""
            + server.url("/v1").toString().replaceAll("/$", "")
            + "\"\n"
            + "env_key = \"LOOP_KEY\"\n"
            + "default_model = \"loop-model\"\n",
        UTF_8);
  }

  /** Runs {@code agent} on a terminal (both ends) with {@code typed} as what the user enters. */
  private int run(String typed, String... args) {
    return AgentCli.run(
        args,
        new Console(
            new ByteArrayInputStream(typed.getBytes(UTF_8)),
            new PrintStream(out, true, UTF_8),
            new PrintStream(err, true, UTF_8),
            env,
            true,
            true,
            true));
  }

  @Test
  void eachLineIsSentAndItsReplyStreamedAsPlainTextInOneSavedConversation() throws Exception {
    server.enqueue(
        StreamBodies.eventStream(
            StreamBodies.chatText("Hello, ")
                + StreamBodies.chatText("w\u00f6rld \\u001b[31mred")
                + StreamBodies.CHAT_STOP
                + StreamBodies.DONE));
    server.enqueue(
        StreamBodies.eventStream(
            StreamBodies.chatText("Again.") + StreamBodies.CHAT_STOP + StreamBodies.DONE));

    assertEquals(0, run("Hi there\n\n  And again  \n"));

    assertEquals("> Hello, w\u00f6rld ^[[31mred\n\n> > Again.\n\n> \n", out.toString(UTF_8));
    String said = err.toString(UTF_8);
    assertEquals(
        "agent: Loopback (loop) · loop-model (TERM=dumb: each line is a prompt; Ctrl+D quits)\n",
        said);
    assertFalse(out.toString(UTF_8).contains("\u001b"), "an escape sequence on standard output");

    RecordedRequest first = server.takeRequest(5, TimeUnit.SECONDS);
    assertTrue(first.getBody().utf8().contains("\"content\":\"Hi there\""), first.getBody().utf8());
    String second = server.takeRequest(5, TimeUnit.SECONDS).getBody().utf8();
    assertTrue(second.contains("\"content\":\"Hi there\""), second);
    assertTrue(second.contains("red\"},{\"role\":\"user\",\"content\":\"And again\""), second);

    List<SessionInfo> saved = SessionStore.in(home).list().sessions();
    assertEquals(1, saved.size(), saved.toString());
    assertEquals(4, saved.get(0).messages());
  }

  @Test
  void aFailedReplyIsSaidAndTheNextLineIsStillSent() throws Exception {
    server.enqueue(StreamBodies.error(500, "{\"error\":{\"message\":\"boom\"}}"));
    server.enqueue(
        StreamBodies.eventStream(
            StreamBodies.chatText("Fine now.") + StreamBodies.CHAT_STOP + StreamBodies.DONE));

    assertEquals(0, run("first\nsecond\n", "-c", "model_providers.loop.request_max_retries=0"));

    assertTrue(out.toString(UTF_8).endsWith("> Fine now.\n\n> \n"), out.toString(UTF_8));
    List<String> lines = err.toString(UTF_8).lines().toList();
    assertEquals(2, lines.size(), err.toString(UTF_8));
    assertTrue(lines.get(1).startsWith("agent: "), lines.get(1));
    assertTrue(lines.get(1).contains("500"), lines.get(1));
    assertFalse(err.toString(UTF_8).contains("\u001b"), "an escape sequence on standard error");
  }

  @Test
  void reasoningIsNotDimmedWithEscapes() throws Exception {
    server.enqueue(
        StreamBodies.eventStream(
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"Hmm.\"}}]}\n\n"
                + StreamBodies.chatText("Yes.")
                + StreamBodies.CHAT_STOP
                + StreamBodies.DONE));

    assertEquals(0, run("Think\n"));

    assertTrue(err.toString(UTF_8).endsWith("\nHmm.\n"), err.toString(UTF_8));
    assertFalse(err.toString(UTF_8).contains("\u001b"), err.toString(UTF_8));
  }

  @Test
  void resumeWithoutAnIdCannotChooseFromAListInLineMode() {
    assertEquals(2, run("", "--resume"));
    assertTrue(err.toString(UTF_8).contains("--resume needs an ID here"), err.toString(UTF_8));
  }
}
