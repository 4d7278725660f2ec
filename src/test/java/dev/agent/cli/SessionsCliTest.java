package dev.agent.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agent.Main;
import dev.agent.testing.StreamBodies;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.QueueDispatcher;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saved conversations through {@link Main#run}: one-shot runs save their exchange, {@code
 * --continue} and {@code --resume} carry it to the next request (across wire formats), and {@code
 * sessions} and {@code export} show it.
 */
class SessionsCliTest {
  private static final String OPENAI_KEY = "sk-openai-SECRET-0123456789";
  private static final String ANTHROPIC_KEY = "sk-ant-SECRET-9876543210";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;
  @StartStop private final MockWebServer chatServer = new MockWebServer();
  @StartStop private final MockWebServer anthropicServer = new MockWebServer();
  private final Map<String, String> env = new HashMap<>();
  private ByteArrayOutputStream out = new ByteArrayOutputStream();
  private ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void setUp() throws IOException {
    env.put("AGENT_HOME", home.toString());
    env.put("OAI_KEY", OPENAI_KEY);
    env.put("ANT_KEY", ANTHROPIC_KEY);
    Files.writeString(
        home.resolve("config.toml"),
        "model_provider = \"oai\"\n"
            + "[model_providers.oai]\n"
            + "name = \"Chat completions\"\n"
            + "base_url = \""
            + base(chatServer)
            + "\"\n"
            + "env_key = \"OAI_KEY\"\n"
            + "default_model = \"gpt-test\"\n"
            + "wire_api = \"chat\"\n"
            + "[model_providers.ant]\n"
            + "name = \"Messages\"\n"
            + "base_url = \""
            + base(anthropicServer)
            + "\"\n"
            + "env_key = \"ANT_KEY\"\n"
            + "default_model = \"claude-test\"\n"
            + "wire_api = \"anthropic\"\n",
        UTF_8);
  }

  private static String base(MockWebServer server) {
    return server.url("/v1").toString().replaceAll("/$", "");
  }

  private int run(String... args) {
    out = new ByteArrayOutputStream();
    err = new ByteArrayOutputStream();
    return Main.run(
        args,
        new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, UTF_8),
        new PrintStream(err, true, UTF_8),
        env);
  }

  /** Runs with standard output and error on a terminal. */
  private int runOnATerminal(String... args) {
    out = new ByteArrayOutputStream();
    err = new ByteArrayOutputStream();
    return AgentCli.run(
        args,
        new Console(
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, UTF_8),
            new PrintStream(err, true, UTF_8),
            env,
            false,
            true,
            true));
  }

  private String out() {
    return out.toString(UTF_8);
  }

  private String err() {
    return err.toString(UTF_8);
  }

  /** A chat completions stream saying {@code text}, with usage. */
  private static MockResponse chatReply(String text) {
    String body =
        "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n"
            + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"content\":\""
            + text
            + "\"},\"finish_reason\":null}]}\n\n"
            + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
            + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
            + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[],"
            + "\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3}}\n\n"
            + "data: [DONE]\n\n";
    return StreamBodies.eventStream(body);
  }

  /** An Anthropic messages stream saying {@code text}. */
  private static MockResponse anthropicReply(String text) {
    String body =
        "event: message_start\n"
            + "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
            + "\"role\":\"assistant\",\"model\":\"claude-test\",\"content\":[],\"stop_reason\":null,"
            + "\"usage\":{\"input_tokens\":30,\"output_tokens\":1}}}\n\n"
            + "event: content_block_start\n"
            + "data: {\"type\":\"content_block_start\",\"index\":0,"
            + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
            + "event: content_block_delta\n"
            + "data: {\"type\":\"content_block_delta\",\"index\":0,"
            + "\"delta\":{\"type\":\"text_delta\",\"text\":\""
            + text
            + "\"}}\n\n"
            + "event: content_block_stop\n"
            + "data: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
            + "event: message_delta\n"
            + "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
            + "\"usage\":{\"output_tokens\":5}}\n\n"
            + "event: message_stop\n"
            + "data: {\"type\":\"message_stop\"}\n\n";
    return StreamBodies.eventStream(body);
  }

  private static JsonNode body(RecordedRequest request) throws IOException {
    return JSON.readTree(request.getBody().utf8());
  }

  private List<Path> sessionFiles() throws IOException {
    Path folder = home.resolve("sessions");
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(file -> file.toString().endsWith(".jsonl")).sorted().toList();
    }
  }

  private JsonNode sessionsJson() throws IOException {
    assertEquals(0, run("sessions", "--json"), err());
    return JSON.readTree(out());
  }

  @Test
  void aOneShotRunSavesItsExchangeAndContinueCarriesItAcrossWireFormats() throws Exception {
    chatServer.enqueue(chatReply("Paris."));
    assertEquals(0, run("What is the capital of France?"), err());
    assertEquals("Paris.", out());

    anthropicServer.enqueue(anthropicReply("About 2.1 million."));
    assertEquals(0, run("--continue", "-p", "ant", "And its population?"), err());
    assertEquals("About 2.1 million.", out());

    chatServer.takeRequest(5, TimeUnit.SECONDS);
    RecordedRequest second = anthropicServer.takeRequest(5, TimeUnit.SECONDS);
    assertEquals("/v1/messages", second.getUrl().encodedPath());
    assertEquals(ANTHROPIC_KEY, second.getHeaders().get("x-api-key"));
    assertEquals(
        JSON.readTree(
            "[{\"role\":\"user\",\"content\":\"What is the capital of France?\"},"
                + "{\"role\":\"assistant\",\"content\":\"Paris.\"},"
                + "{\"role\":\"user\",\"content\":\"And its population?\"}]"),
        body(second).get("messages"));
    assertEquals("claude-test", body(second).get("model").asText());

    // Back to chat completions: the whole conversation, the Anthropic reply included.
    chatServer.enqueue(chatReply("Yes."));
    assertEquals(0, run("--continue", "-p", "oai", "Is that the city proper?"), err());
    RecordedRequest third = chatServer.takeRequest(5, TimeUnit.SECONDS);
    assertEquals(
        JSON.readTree(
            "[{\"role\":\"user\",\"content\":\"What is the capital of France?\"},"
                + "{\"role\":\"assistant\",\"content\":\"Paris.\"},"
                + "{\"role\":\"user\",\"content\":\"And its population?\"},"
                + "{\"role\":\"assistant\",\"content\":\"About 2.1 million.\"},"
                + "{\"role\":\"user\",\"content\":\"Is that the city proper?\"}]"),
        body(third).get("messages"));

    assertEquals(1, sessionFiles().size(), "one conversation, continued");
    JsonNode list = sessionsJson();
    assertEquals(1, list.size());
    assertEquals("What is the capital of France?", list.get(0).get("title").asText());
    assertEquals(6, list.get(0).get("messages").asInt());
    assertEquals("oai", list.get(0).get("provider").asText());
    assertEquals("gpt-test", list.get(0).get("model").asText());
  }

  /**
   * Starts agent with {@code args} in a process of its own whose disk is full, as the kernel can
   * make it for a single process: under a file size limit of 0 every write to a regular file fails
   * (EFBIG; the JVM ignores SIGXFSZ), as every write does on a full disk (ENOSPC). Standard error
   * is a pipe to this test; standard output goes to {@code stdout}.
   */
  private Process onAFullDisk(ProcessBuilder.Redirect stdout, String... args) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "sh",
                "-c",
                "ulimit -f 0 && exec \"$@\"",
                "sh",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:-UsePerfData",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(stdout);
    builder.environment().putAll(env);
    return builder.start();
  }

  @Test
  void aReplyToAFileOnAFullDiskIsSaidToBeCutShortNotTakenForAReaderGone() throws Exception {
    chatServer.enqueue(StreamBodies.eventStream(StreamBodies.chatText("Hi") + StreamBodies.DONE));
    Path reply = home.resolve("reply.txt");
    Process process = onAFullDisk(ProcessBuilder.Redirect.to(reply.toFile()), "--no-save", "Hello");
    String stderr = new String(process.getErrorStream().readAllBytes(), UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the run ended");

    assertEquals(1, process.exitValue(), stderr);
    assertEquals(
        "agent: standard output, a file, took no more of the reply (a full disk?); the reply stops"
            + " there, cut short\n",
        stderr);
    assertEquals(0, Files.size(reply));
  }

  @Test
  void aSessionFileThatCannotBeWrittenWholeIsRemovedNotLeftEmpty() throws Exception {
    chatServer.enqueue(StreamBodies.eventStream(StreamBodies.chatText("Hi") + StreamBodies.DONE));
    Process process = onAFullDisk(ProcessBuilder.Redirect.PIPE, "Hello");
    String stdout = new String(process.getInputStream().readAllBytes(), UTF_8);
    String stderr = new String(process.getErrorStream().readAllBytes(), UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the run ended");

    assertEquals(0, process.exitValue(), stderr);
    assertEquals("Hi", stdout, "piped, the reply byte for byte");
    assertTrue(
        stderr.startsWith(
            "agent: warning: cannot save the conversation (" + home.resolve("sessions") + ": "),
        stderr);
    assertTrue(stderr.endsWith("); it goes on unsaved\n"), stderr);
    try (Stream<Path> files = Files.list(home.resolve("sessions"))) {
      assertEquals(
          List.of(),
          files.filter(file -> file.toString().endsWith(".jsonl")).toList(),
          "no empty session file left behind");
    }
    // So a later listing has nothing to warn about.
    assertEquals(0, run("sessions"));
    assertEquals(
        "agent: no saved conversations in " + home.resolve("sessions") + " yet\n",
        err.toString(UTF_8));
  }

  @Test
  void aSecondContinueWhileTheFirstStillStreamsIsRefusedAndNoExchangeIsLost() throws Exception {
    chatServer.enqueue(chatReply("One."));
    assertEquals(0, run("First"), err());
    CountDownLatch arrived = new CountDownLatch(1);
    CountDownLatch answer = new CountDownLatch(1);
    chatServer.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            arrived.countDown();
            assertTrue(answer.await(10, TimeUnit.SECONDS));
            return chatReply("Two.");
          }
        });
    ByteArrayOutputStream firstErr = new ByteArrayOutputStream();
    CompletableFuture<Integer> first =
        CompletableFuture.supplyAsync(
            () ->
                Main.run(
                    new String[] {"--continue", "Second"},
                    new ByteArrayInputStream(new byte[0]),
                    new PrintStream(new ByteArrayOutputStream(), true, UTF_8),
                    new PrintStream(firstErr, true, UTF_8),
                    env));
    assertTrue(arrived.await(10, TimeUnit.SECONDS), "the first run's request");

    int second = run("--continue", "Third");
    answer.countDown();

    assertEquals(2, second, err());
    String id = sessionFiles().get(0).getFileName().toString().replace(".jsonl", "");
    assertEquals(
        "agent: conversation "
            + id
            + " is open in another agent right now (a chat, or a reply still streaming); two at"
            + " once would interleave their messages, so finish or quit that one first, or start a"
            + " new conversation\n",
        err());
    assertEquals(0, first.get(10, TimeUnit.SECONDS), firstErr.toString(UTF_8));
    assertEquals(2, chatServer.getRequestCount(), "the refused run sent nothing");
    assertEquals(1, sessionFiles().size());
    List<String> saved = Files.readAllLines(sessionFiles().get(0), UTF_8);
    assertEquals(5, saved.size(), String.join("\n", saved));
    assertTrue(saved.get(3).contains("\"text\":\"Second\""), saved.get(3));
    assertTrue(saved.get(4).contains("\"text\":\"Two.\""), saved.get(4));

    // Once the first is done, the conversation is free to go on.
    chatServer.setDispatcher(new QueueDispatcher());
    chatServer.enqueue(chatReply("Three."));
    assertEquals(0, run("--continue", "Third"), err());
  }

  @Test
  void continueWithoutProviderOptionsGoesOnWithTheLastMessagesProviderAndModel() throws Exception {
    anthropicServer.enqueue(anthropicReply("Hi."));
    assertEquals(0, run("-p", "ant", "-m", "claude-special", "Hello"), err());
    anthropicServer.enqueue(anthropicReply("Still here."));

    assertEquals(0, run("--continue", "Still there?"), err());

    anthropicServer.takeRequest(5, TimeUnit.SECONDS);
    RecordedRequest second = anthropicServer.takeRequest(5, TimeUnit.SECONDS);
    assertEquals("claude-special", body(second).get("model").asText());
    assertEquals(0, chatServer.getRequestCount(), "not the configured model_provider");
  }

  @Test
  void noKeyOrAuthHeaderIsEverSaved() throws Exception {
    chatServer.enqueue(chatReply("One."));
    assertEquals(0, run("First"), err());
    anthropicServer.enqueue(anthropicReply("Two."));
    assertEquals(0, run("--continue", "-p", "ant", "Second"), err());

    String saved = Files.readString(sessionFiles().get(0), UTF_8);
    assertTrue(saved.contains("\"text\":\"Two.\""), saved);
    for (String secret :
        List.of(OPENAI_KEY, ANTHROPIC_KEY, "SECRET", "Authorization", "x-api-key", "Bearer")) {
      assertFalse(saved.contains(secret), secret + " in " + saved);
    }
    assertEquals(0, run("export", "--format", "json"));
    assertFalse(out().contains("SECRET"), out());
  }

  @Test
  void noSaveLeavesNothingBehind() throws Exception {
    chatServer.enqueue(chatReply("Fine."));
    assertEquals(0, run("--no-save", "How are you?"), err());
    assertEquals("Fine.", out());
    assertEquals(List.of(), sessionFiles());
  }

  @Test
  void aFailedReplyIsSavedWithItsErrorAndShownByExport() throws Exception {
    chatServer.enqueue(
        new MockResponse.Builder()
            .code(401)
            .addHeader("Content-Type", "application/json")
            .body("{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid\"}}")
            .build());
    assertEquals(1, run("Hello?"));

    assertEquals(0, run("export", "--format", "json"), err());
    JsonNode exported = JSON.readTree(out());
    JsonNode reply = exported.get("messages").get(1);
    assertEquals("failed", reply.get("status").asText());
    assertEquals("auth", reply.get("error_kind").asText());
    assertTrue(reply.get("error").asText().contains("HTTP 401"), reply.toString());
    assertFalse(reply.toString().contains(OPENAI_KEY));
  }

  @Test
  void resumeTakesAnIdOrItsStartAndContinuesThatConversation() throws Exception {
    chatServer.enqueue(chatReply("A."));
    assertEquals(0, run("First conversation"), err());
    chatServer.enqueue(chatReply("B."));
    assertEquals(0, run("Second conversation"), err());
    JsonNode list = sessionsJson();
    String firstId = list.get(1).get("id").asText();
    assertEquals("First conversation", list.get(1).get("title").asText());
    Files.setLastModifiedTime(
        home.resolve("sessions").resolve(firstId + ".jsonl"),
        FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
    String secondId = sessionsJson().get(0).get("id").asText();
    Files.setLastModifiedTime(
        home.resolve("sessions").resolve(secondId + ".jsonl"),
        FileTime.from(Instant.parse("2021-01-01T00:00:00Z")));
    chatServer.takeRequest(5, TimeUnit.SECONDS);
    chatServer.takeRequest(5, TimeUnit.SECONDS);

    chatServer.enqueue(chatReply("C."));
    assertEquals(0, run("--resume", firstId.substring(0, firstId.length() - 2), "More"), err());

    assertEquals(
        JSON.readTree(
            "[{\"role\":\"user\",\"content\":\"First conversation\"},"
                + "{\"role\":\"assistant\",\"content\":\"A.\"},"
                + "{\"role\":\"user\",\"content\":\"More\"}]"),
        body(chatServer.takeRequest(5, TimeUnit.SECONDS)).get("messages"));
    JsonNode after = sessionsJson();
    assertEquals(firstId, after.get(0).get("id").asText(), "now the most recently active");
    assertEquals(4, after.get(0).get("messages").asInt());
  }

  @Test
  void resumeWithoutAnIdOffATerminalListsAndAsksForOne() throws Exception {
    chatServer.enqueue(chatReply("A."));
    assertEquals(0, run("Only conversation"), err());
    String id = sessionsJson().get(0).get("id").asText();

    assertEquals(2, run("--resume"));

    assertTrue(out().contains(id), out());
    assertTrue(out().contains("Only conversation"), out());
    assertEquals(
        "agent: --resume needs an ID here; pick one from 'agent sessions' and run"
            + " 'agent --resume ID'\n",
        err());
  }

  @Test
  void continueAndResumeSayWhatIsWrongWhenThereIsNothingToResume() {
    assertEquals(2, run("--continue", "Hello"));
    assertEquals(
        "agent: no saved conversation in "
            + home.resolve("sessions")
            + " yet; start one with 'agent PROMPT'\n",
        err());
    assertEquals(2, run("--resume", "20990101", "Hello"));
    assertEquals(
        "agent: no saved conversation '20990101' in "
            + home.resolve("sessions")
            + "; 'agent sessions' lists them\n",
        err());
    assertEquals(2, run("--continue", "--resume", "x", "Hello"));
    assertEquals("agent: --continue and --resume cannot be used together; pick one\n", err());
    assertEquals(0, chatServer.getRequestCount());
  }

  @Test
  void sessionsListsATableNewestFirstAndRmAndRenameChangeIt() throws Exception {
    chatServer.enqueue(chatReply("A."));
    assertEquals(0, run("Why is the sky blue?\nExplain simply."), err());
    chatServer.enqueue(chatReply("B."));
    assertEquals(0, run("Second one"), err());
    JsonNode list = sessionsJson();
    String newer = list.get(0).get("id").asText();
    String older = list.get(1).get("id").asText();
    Files.setLastModifiedTime(
        home.resolve("sessions").resolve(older + ".jsonl"),
        FileTime.from(Instant.parse("2020-06-15T12:00:00Z")));

    assertEquals(0, run("sessions"), err());
    List<String> lines = out().lines().toList();
    assertEquals(3, lines.size(), out());
    assertTrue(
        lines.get(0).matches("ID\\s+UPDATED\\s+MESSAGES\\s+PROVIDER/MODEL\\s+TITLE"), lines.get(0));
    assertTrue(
        lines
            .get(1)
            .matches(
                newer + "  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\s+2  oai/gpt-test\\s+Second one"),
        lines.get(1));
    assertTrue(
        lines
            .get(2)
            .matches(
                older
                    + "  2020-06-1\\d \\d\\d:\\d\\d\\s+2  oai/gpt-test\\s+Why is the sky blue\\?"),
        lines.get(2));

    assertEquals(0, run("sessions", "rename", older, "Sky", "colour"), err());
    assertEquals("renamed " + older + " to Sky colour\n", out());
    assertEquals("Sky colour", sessionsJson().get(1).get("title").asText());

    assertEquals(0, run("sessions", "rm", newer.substring(0, newer.length() - 1)), err());
    assertEquals("deleted " + newer + " (Second one)\n", out());
    JsonNode remaining = sessionsJson();
    assertEquals(1, remaining.size());
    assertEquals(older, remaining.get(0).get("id").asText());

    assertEquals(2, run("sessions", "rm", newer));
    assertTrue(err().startsWith("agent: no saved conversation '" + newer + "'"), err());
  }

  @Test
  void sessionsWarnsAboutAFileItCannotReadAndListsTheRest() throws Exception {
    chatServer.enqueue(chatReply("A."));
    assertEquals(0, run("Good one"), err());
    Path bad = home.resolve("sessions").resolve("20200101-000000-zzzz.jsonl");
    Files.writeString(bad, "{not json\n", UTF_8);

    assertEquals(0, run("sessions"));

    assertTrue(out().contains("Good one"), out());
    assertFalse(out().contains("zzzz"), out());
    assertTrue(err().startsWith("agent: warning: " + bad + ":1: not JSON ("), err());
    assertTrue(err().endsWith("); skipped\n"), err());
  }

  @Test
  void savedTextIsShownNotObeyedWhenListedOrExportedOnATerminal() throws Exception {
    chatServer.enqueue(chatReply("Sure\\u001b]52;c;cm0gLXJm\\u0007 done"));
    assertEquals(0, run("Title \u001b]0;pwned\u0007 here"), err());

    assertEquals(0, runOnATerminal("sessions"), err());
    assertTrue(out().contains("Title ]0;pwned here"), out()); // titles drop controls when saved
    assertFalse(out().contains("\u001b"), out());

    assertEquals(0, runOnATerminal("export"), err());
    assertTrue(out().contains("Sure^[]52;c;cm0gLXJm^G done"), out());
    assertFalse(out().contains("\u001b"), out());

    assertEquals(0, run("export"), err());
    assertTrue(out().contains("Sure\u001b]52;c;cm0gLXJm\u0007 done"), "piped stays exact");
  }

  @Test
  void exportWritesMarkdownOrJsonOfTheLatestOrTheNamedConversation() throws Exception {
    chatServer.enqueue(chatReply("Paris."));
    assertEquals(0, run("Capital of France?"), err());
    anthropicServer.enqueue(anthropicReply("Rome."));
    assertEquals(0, run("--continue", "-p", "ant", "And Italy?"), err());
    String id = sessionsJson().get(0).get("id").asText();

    assertEquals(0, run("export"), err());
    String markdown = out();
    assertEquals(List.of("# Capital of France?", ""), markdown.lines().limit(2).toList());
    assertTrue(markdown.contains("Conversation `" + id + "`, begun "), markdown);
    assertTrue(
        markdown.endsWith(
            """

            ## You

            Capital of France?

            ## oai · gpt-test

            Paris.

            ## You

            And Italy?

            ## ant · claude-test

            Rome.
            """),
        markdown);

    assertEquals(0, run("export", id.substring(0, 12), "--format", "json"), err());
    JsonNode json = JSON.readTree(out());
    assertEquals(id, json.get("id").asText());
    assertEquals("Capital of France?", json.get("title").asText());
    assertEquals(4, json.get("messages").size());
    JsonNode reply = json.get("messages").get(3);
    assertEquals("assistant", reply.get("role").asText());
    assertEquals("ant", reply.get("provider").asText());
    assertEquals("claude-test", reply.get("model").asText());
    assertEquals("done", reply.get("status").asText());
    assertEquals("end_turn", reply.get("stop_reason").asText());
    assertEquals(30, reply.get("usage").get("input_tokens").asInt());
    assertEquals(5, reply.get("usage").get("output_tokens").asInt());
    assertEquals("Rome.", reply.get("text").asText());

    assertEquals(2, run("export", "--format", "html"));
    assertEquals("agent: unknown export format 'html'; use markdown or json\n", err());
  }

  /**
   * A conversation saved with reasoning (an Anthropic reply with its signature, and a reply cut off
   * while thinking): {@code --continue} sends the answers alone, to either wire format, and {@code
   * export} shows the reasoning.
   */
  @Test
  void savedReasoningIsNeverSentAgainAndExportShowsIt() throws Exception {
    String id = "20260314-153012-k3f9";
    Files.createDirectories(home.resolve("sessions"));
    Files.write(
        home.resolve("sessions").resolve(id + ".jsonl"),
        List.of(
            "{\"format\":\"agent-session\",\"version\":1,\"id\":\""
                + id
                + "\",\"created\":\"2026-03-14T15:30:12Z\",\"title\":\"Why\"}",
            "{\"role\":\"user\",\"provider\":\"ant\",\"model\":\"claude-test\","
                + "\"time\":\"2026-03-14T15:30:12Z\",\"status\":\"done\",\"text\":\"Why?\"}",
            "{\"role\":\"assistant\",\"provider\":\"ant\",\"model\":\"claude-test\","
                + "\"time\":\"2026-03-14T15:30:14Z\",\"status\":\"done\",\"stop_reason\":\"end_turn\","
                + "\"reasoning_signature\":\"EqQBCkYIBxgC\",\"reasoning\":\"SECRET <b>plan</b>\","
                + "\"text\":\"Because.\"}",
            "{\"role\":\"user\",\"provider\":\"ant\",\"model\":\"claude-test\","
                + "\"time\":\"2026-03-14T15:30:20Z\",\"status\":\"done\",\"text\":\"Longer?\"}",
            "{\"role\":\"assistant\",\"provider\":\"ant\",\"model\":\"claude-test\","
                + "\"time\":\"2026-03-14T15:30:29Z\",\"status\":\"done\","
                + "\"stop_reason\":\"max_tokens\",\"reasoning\":\"SECRET still thinking\","
                + "\"text\":\"\"}"),
        UTF_8);
    String answersOnly =
        "[{\"role\":\"user\",\"content\":\"Why?\"},"
            + "{\"role\":\"assistant\",\"content\":\"Because.\"},"
            + "{\"role\":\"user\",\"content\":\"And then?\"}]";

    anthropicServer.enqueue(anthropicReply("Then this."));
    assertEquals(0, run("--continue", "--no-save", "And then?"), err());
    assertEquals("Then this.", out());
    assertEquals("", err());
    RecordedRequest toAnthropic = anthropicServer.takeRequest(5, TimeUnit.SECONDS);
    assertEquals(JSON.readTree(answersOnly), body(toAnthropic).get("messages"));
    assertFalse(toAnthropic.getBody().utf8().contains("SECRET"), toAnthropic.getBody().utf8());
    assertFalse(toAnthropic.getBody().utf8().contains("EqQBCkYIBxgC"));

    chatServer.enqueue(chatReply("Then that."));
    assertEquals(0, run("--continue", "--no-save", "-p", "oai", "And then?"), err());
    RecordedRequest toChat = chatServer.takeRequest(5, TimeUnit.SECONDS);
    assertEquals(JSON.readTree(answersOnly), body(toChat).get("messages"));
    assertFalse(toChat.getBody().utf8().contains("SECRET"), toChat.getBody().utf8());

    assertEquals(0, run("export", id), err());
    assertEquals(
        "# Why\n\nConversation `"
            + id
            + "`, begun 2026-03-14 15:30 UTC.\n\n## You\n\nWhy?\n\n## ant · claude-test\n\n"
            + "<details>\n<summary>Reasoning</summary>\n<p>SECRET &lt;b&gt;plan&lt;/b&gt;</p>\n"
            + "</details>\n\nBecause.\n\n## You\n\nLonger?\n\n## ant · claude-test\n\n"
            + "<details>\n<summary>Reasoning</summary>\n<p>SECRET still thinking</p>\n</details>\n"
            + "\n*(cut off at the output limit while the model was still thinking)*\n",
        out());
    assertEquals(0, run("export", id, "--format", "json"), err());
    JsonNode messages = JSON.readTree(out()).get("messages");
    assertEquals("SECRET <b>plan</b>", messages.get(1).get("reasoning").asText());
    assertEquals("EqQBCkYIBxgC", messages.get(1).get("reasoning_signature").asText());
    assertEquals("Because.", messages.get(1).get("text").asText());
    assertFalse(messages.get(0).has("reasoning"));
  }
}
