package dev.agent.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agent.Main;
import dev.agent.testing.StreamBodies;
import dev.agent.testing.TestServers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line end to end through {@link Main#run}, against loopback servers. */
class AgentCliTest {
  private static final String KEY = "sk-test-SECRET-0123456789";
  private static final String CHAT_STREAM =
      "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
          + "\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n"
          + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
          + "\"delta\":{\"content\":\"Hello\"},\"finish_reason\":null}]}\n\n"
          + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
          + "\"delta\":{\"content\":\", wörld\"},\"finish_reason\":null}]}\n\n"
          + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
          + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
          + "data: [DONE]\n\n";

  @TempDir Path home;
  @StartStop private final MockWebServer server = new MockWebServer();
  private final Map<String, String> env = new HashMap<>();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private byte[] stdin = new byte[0];

  @BeforeEach
  void setUp() {
    env.put("AGENT_HOME", home.toString());
  }

  private int run(String... args) {
    return Main.run(
        args,
        new ByteArrayInputStream(stdin),
        new PrintStream(out, true, UTF_8),
        new PrintStream(err, true, UTF_8),
        env);
  }

  private String out() {
    return out.toString(UTF_8);
  }

  private String err() {
    return err.toString(UTF_8);
  }

  private void writeConfig(String toml) throws IOException {
    Files.writeString(home.resolve("config.toml"), toml, UTF_8);
  }

  private String baseUrl() {
    return server.url("/v1").toString().replaceAll("/$", "");
  }

  private void customProvider() throws IOException {
    writeConfig(
        "model_provider = \"custom\"\n"
            + "[model_providers.custom]\n"
            + "name = \"Custom\"\n"
            + "base_url = \""
            + baseUrl()
            + "\"\n"
            + "env_key = \"CUSTOM_API_KEY\"\n"
            + "default_model = \"custom-model\"\n"
            + "http_headers = { \"X-Custom-Header\" = \"value\" }\n");
    env.put("CUSTOM_API_KEY", KEY);
  }

  @Test
  void versionPrintsTheProjectVersion() {
    assertEquals(0, run("--version"));
    assertTrue(out().startsWith("agent 0."), out());
  }

  @Test
  void versionAloneIsPrintedAsPicocliPrintsIt() {
    assertEquals(0, run("--debug", "--version"));
    String fromPicocli = out();
    out.reset();

    assertEquals(0, run("--version"));
    assertEquals(fromPicocli, out());
    out.reset();
    assertEquals(0, run("-V"));
    assertEquals(fromPicocli, out());
  }

  @Test
  void helpListsEverySubcommand() {
    assertEquals(0, run("--help"));
    for (String name : List.of("providers", "models", "sessions", "export")) {
      assertTrue(out().contains("\n  " + name + " "), name + " missing from:\n" + out());
    }
  }

  @Test
  void anArgumentNamingAFileIsAPromptNeverOptions() throws IOException {
    Path notes =
        Files.writeString(
            home.resolve("notes.txt"),
            "--help\n-c model_providers.anthropic.base_url=\"http://attacker.test/v1\"\n");

    // Without a key, the prompt "@…notes.txt" is not sent; picocli did not read the file.
    assertEquals(2, run("@" + notes));
    assertEquals("", out());
    assertTrue(err().contains("ANTHROPIC_API_KEY"), err());
    assertFalse(err().contains("attacker"), err());
  }

  @Test
  void clusteredShortOptionsWithHelpSeeEverySubcommand() {
    assertEquals(0, run("-hV"));
    assertTrue(out().contains("\n  models "), out());
  }

  @Test
  void subcommandsAreAddedUnderTheNamesTheirAnnotationsGive() {
    for (Map.Entry<String, Supplier<Object>> entry : AgentCli.SUBCOMMANDS) {
      Object command = entry.getValue().get();
      assertEquals(
          entry.getKey(), command.getClass().getAnnotation(CommandLine.Command.class).name());
    }
  }

  @Test
  void oneShotStreamsTheReplyToStandardOutputExactly() throws Exception {
    customProvider();
    server.enqueue(StreamBodies.eventStream(CHAT_STREAM));

    assertEquals(0, run("say", "hello"));

    assertEquals("Hello, wörld", out());
    assertEquals("", err());
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertEquals("POST", request.getMethod());
    assertEquals("/v1/chat/completions", request.getUrl().encodedPath());
    assertEquals("Bearer " + KEY, request.getHeaders().get("Authorization"));
    assertEquals("value", request.getHeaders().get("X-Custom-Header"));
    JsonNode body = new ObjectMapper().readTree(request.getBody().utf8());
    assertEquals("custom-model", body.get("model").asText());
    assertEquals("say hello", body.get("messages").get(0).get("content").asText());
  }

  @Test
  void aReplyCutOffAtTheOutputLimitIsSaidOnStandardErrorWithTheProvidersWord() throws Exception {
    customProvider();
    server.enqueue(
        StreamBodies.eventStream(
            CHAT_STREAM.replace("\"finish_reason\":\"stop\"", "\"finish_reason\":\"length\"")));
    server.enqueue(
        StreamBodies.eventStream(
            CHAT_STREAM.replace(
                "\"finish_reason\":\"stop\"", "\"finish_reason\":\"content_filter\"")));

    assertEquals(0, run("say", "hello"));
    assertEquals(0, run("say", "hello"));

    assertEquals("Hello, wörldHello, wörld", out());
    assertEquals(
        "agent: the reply was cut off at the output limit (length); set max_tokens for the"
            + " provider in config.toml to allow longer replies\n"
            + "agent: the provider stopped the reply (content_filter)\n",
        err());
  }

  /** A chat completions stream with {@code delta.reasoning_content} before its answer. */
  private static final String REASONING_STREAM =
      "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
          + "\"delta\":{\"role\":\"assistant\",\"content\":null,\"reasoning_content\":\"Two and\"},"
          + "\"finish_reason\":null}]}\n\n"
          + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
          + "\"delta\":{\"content\":null,\"reasoning_content\":\" two.\"},\"finish_reason\":null}]}"
          + "\n\n"
          + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
          + "\"delta\":{\"content\":\"4\",\"reasoning_content\":null},\"finish_reason\":null}]}\n\n"
          + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
          + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
          + "data: [DONE]\n\n";

  @Test
  void hideReasoningAndShowReasoningFalseAreAcceptedAndLeaveTheAnswerAlone() throws Exception {
    customProvider();
    server.enqueue(StreamBodies.eventStream(CHAT_STREAM));
    server.enqueue(StreamBodies.eventStream(CHAT_STREAM));

    assertEquals(0, run("--hide-reasoning", "say", "hello"));
    assertEquals(0, run("-c", "show_reasoning=false", "say", "hello"));

    assertEquals("Hello, wörldHello, wörld", out());
    assertEquals("", err());
    assertEquals(2, run("-c", "show_reasoning=\"no\"", "say", "hello"));
    assertTrue(err().contains("show_reasoning"), err());
  }

  @Test
  void reasoningGoesToStandardErrorAndTheAnswerAloneToStandardOutput() throws Exception {
    customProvider();
    server.enqueue(StreamBodies.eventStream(REASONING_STREAM));

    assertEquals(0, run("what", "is", "2+2?"));

    assertEquals("4", out());
    assertEquals("Two and two.\n", err());
    assertTrue(
        Files.readString(onlySessionFile(), UTF_8)
            .contains("\"reasoning\":\"Two and two.\",\"text\":\"4\"}\n"));
  }

  @Test
  void hiddenReasoningIsNotPrintedButStillSaved() throws Exception {
    customProvider();
    server.enqueue(StreamBodies.eventStream(REASONING_STREAM));
    server.enqueue(StreamBodies.eventStream(REASONING_STREAM));

    assertEquals(0, run("--hide-reasoning", "what", "is", "2+2?"));
    assertEquals(0, run("-c", "show_reasoning=false", "--no-save", "what", "is", "2+2?"));

    assertEquals("44", out());
    assertEquals("", err());
    assertTrue(
        Files.readString(onlySessionFile(), UTF_8).contains("\"reasoning\":\"Two and two.\""));
  }

  @Test
  void aReplyCutOffWhileThinkingSaysWhatToRaise() throws Exception {
    customProvider();
    String thinkingOnly =
        REASONING_STREAM
            .replace("\"delta\":{\"content\":\"4\",\"reasoning_content\":null}", "\"delta\":{}")
            .replace("\"finish_reason\":\"stop\"", "\"finish_reason\":\"length\"");
    server.enqueue(StreamBodies.eventStream(thinkingOnly));

    assertEquals(0, run("what", "is", "2+2?"));

    assertEquals("", out());
    assertEquals(
        "Two and two.\n"
            + "agent: the reply was cut off at the output limit (length) while the model was still"
            + " thinking, before any answer; raise max_tokens for the provider in config.toml, or"
            + " lower reasoning_effort\n",
        err());
  }

  private Path onlySessionFile() throws IOException {
    try (var files = Files.list(home.resolve("sessions"))) {
      List<Path> all = files.filter(file -> file.toString().endsWith(".jsonl")).toList();
      assertEquals(1, all.size(), all.toString());
      return all.get(0);
    }
  }

  /** docs/commands.md has a row for each option of {@code agent}, in its table of options. */
  @Test
  void theCommandLinePageDocumentsEveryOption() throws Exception {
    String doc = Files.readString(Path.of("docs", "commands.md"), UTF_8);
    Console console =
        new Console(
            new ByteArrayInputStream(stdin),
            new PrintStream(out, true, UTF_8),
            new PrintStream(err, true, UTF_8),
            env,
            false,
            false);
    CommandLine.Model.CommandSpec spec =
        new CommandLine(new AgentCommand(console)).getCommandSpec();
    for (CommandLine.Model.OptionSpec option : spec.options()) {
      if (option.usageHelp() || option.versionHelp()) {
        continue;
      }
      String row = "\n| `" + String.join(", ", option.names());
      assertTrue(doc.contains(row), "docs/commands.md has no row for " + option.longestName());
    }
  }

  @Test
  void anEmptyReplyIsARequestFailureNotASilentSuccess() throws Exception {
    customProvider();
    server.enqueue(StreamBodies.eventStream(StreamBodies.CHAT_STOP + StreamBodies.DONE));

    assertEquals(1, run("say", "hello"));

    assertEquals("", out());
    assertEquals("agent: custom: the server sent an empty reply\n", err());
  }

  @Test
  void aRefusalIsPrintedAsTheReplyAndSaidToBeOne() throws Exception {
    customProvider();
    server.enqueue(StreamBodies.replay("openai-refusal.sse"));

    assertEquals(0, run("say", "hello"));

    assertEquals("I'm sorry, I can't help with that.", out());
    assertEquals("agent: the model refused\n", err());
  }

  @Test
  void aToolCallIsSaidOnStandardErrorSinceAgentRunsNoTools() throws Exception {
    customProvider();
    server.enqueue(StreamBodies.replay("openai-tool-call.sse"));

    assertEquals(0, run("say", "hello"));

    assertEquals("", out());
    assertEquals(
        "agent: the model asked to call a tool (get_weather), which agent does not run\n", err());
  }

  @Test
  void pipedInputGoesWithThePrompt() throws Exception {
    customProvider();
    server.enqueue(StreamBodies.eventStream(CHAT_STREAM));
    stdin = "line one\nline two\n".getBytes(UTF_8);

    assertEquals(0, run("-m", "other-model", "summarise"));

    JsonNode body =
        new ObjectMapper().readTree(server.takeRequest(5, TimeUnit.SECONDS).getBody().utf8());
    assertEquals("other-model", body.get("model").asText());
    assertEquals(
        "summarise\n\nline one\nline two", body.get("messages").get(0).get("content").asText());
  }

  @Test
  void pipedInputAloneIsThePrompt() throws Exception {
    customProvider();
    server.enqueue(StreamBodies.eventStream(CHAT_STREAM));
    stdin = "only piped".getBytes(UTF_8);

    assertEquals(0, run());

    JsonNode body =
        new ObjectMapper().readTree(server.takeRequest(5, TimeUnit.SECONDS).getBody().utf8());
    assertEquals("only piped", body.get("messages").get(0).get("content").asText());
  }

  @Test
  void noPromptAndNothingPipedIsAUsageError() {
    assertEquals(2, run());
    assertTrue(err().startsWith("agent: no prompt given"), err());
  }

  @Test
  void unknownProviderIsOneLineListingTheKnownIds() {
    assertEquals(2, run("-p", "nope", "hi"));
    assertEquals(1, err().strip().lines().count(), err());
    assertTrue(err().contains("unknown provider 'nope'"), err());
    assertTrue(err().contains("anthropic, openai, ollama, lmstudio, azure"), err());
  }

  @Test
  void missingKeyNamesTheVariableAndTheKeylessProviders() {
    assertEquals(2, run("-p", "openai", "hi"));
    assertTrue(err().contains("OPENAI_API_KEY"), err());
    assertTrue(err().contains("ollama"), err());
    assertFalse(err().contains("Exception"), err());
    assertEquals(0, server.getRequestCount());
    assertFalse(Files.exists(home.resolve("sessions")), "nothing was sent, so nothing is saved");
  }

  /** The warning of a misspelt key comes with the error it causes, before it. */
  @Test
  void aFatalConfigErrorStillShowsTheWarningsThatExplainIt() throws IOException {
    writeConfig("[model_providers.custom]\nbase_ulr = \"http://127.0.0.1:1/v1\"\n");
    assertEquals(2, run("-p", "custom", "hi"));
    List<String> lines = err().lines().toList();
    assertEquals(2, lines.size(), err());
    assertEquals(
        "agent: warning: "
            + home.resolve("config.toml")
            + ":2: unknown key 'base_ulr' in [model_providers.custom] ignored (did you"
            + " mean 'base_url'?)",
        lines.get(0));
    assertTrue(lines.get(1).contains("provider 'custom' has no base_url"), err());
  }

  @Test
  void withNoArgumentsABrokenConfigIsTheSameOneLineError() throws IOException {
    writeConfig("model_provider = \"openai\"\nmodel = = 3\n");
    assertEquals(2, run());
    assertTrue(err().startsWith("agent: " + home.resolve("config.toml") + ":2:"), err());
    assertEquals(1, err().strip().lines().count(), err());
  }

  @Test
  void brokenConfigIsAnErrorWithFileLineAndColumn() throws IOException {
    writeConfig("model_provider = \"openai\"\nmodel = = 3\n");
    assertEquals(2, run("hi"));
    assertTrue(err().startsWith("agent: " + home.resolve("config.toml") + ":2:"), err());
    assertFalse(err().contains("Exception"), err());
  }

  @Test
  void anthropicGetsItsOwnAuthAndTheKeyIsNeverPrinted() throws Exception {
    env.put("ANTHROPIC_API_KEY", KEY);
    server.enqueue(
        new MockResponse.Builder()
            .code(401)
            .addHeader("Content-Type", "application/json")
            .body(
                "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\","
                    + "\"message\":\"invalid x-api-key\"}}")
            .build());

    int code = run("-c", "model_providers.anthropic.base_url=\"" + baseUrl() + "\"", "hi");

    assertEquals(1, code);
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertEquals("/v1/messages", request.getUrl().encodedPath());
    assertEquals(KEY, request.getHeaders().get("x-api-key"));
    assertEquals("2023-06-01", request.getHeaders().get("anthropic-version"));
    assertTrue(err().contains("401"), err());
    assertTrue(err().contains("invalid x-api-key"), err());
    assertFalse(err().contains(KEY) || out().contains(KEY), err());
  }

  @Test
  void aLocalServerThatIsDownIsNamedWithItsUrl() throws IOException {
    int port = TestServers.closedPort();
    int code =
        run(
            "-p",
            "ollama",
            "-c",
            "model_providers.ollama.base_url=\"http://localhost:" + port + "/v1\"",
            "-c",
            "model_providers.ollama.request_max_retries=1",
            "hi");
    assertEquals(1, code);
    List<String> lines = err().lines().toList();
    assertEquals(2, lines.size(), err());
    assertTrue(lines.get(0).startsWith("agent: no connection ("), lines.get(0));
    assertTrue(lines.get(0).endsWith(" s (attempt 2 of 2)"), lines.get(0));
    assertTrue(lines.get(1).contains("http://localhost:" + port + "/v1"), lines.get(1));
    assertTrue(lines.get(1).endsWith("(2 attempts)"), lines.get(1));
  }

  private int runOnATerminal(String... args) {
    return AgentCli.run(
        args,
        new Console(
            new ByteArrayInputStream(stdin),
            new PrintStream(out, true, UTF_8),
            new PrintStream(err, true, UTF_8),
            env,
            false,
            true));
  }

  private static final String HOSTILE_STREAM =
      StreamBodies.chatText("\\u001b]52;c;cm0gLXJmIH4=\\u0007red \\u001b[31mtext\\u001b[0m")
          + StreamBodies.chatText("\\b\\u009b2J\\u202eevil\\r\\nok\\ttab \\u007f")
          + StreamBodies.CHAT_STOP
          + StreamBodies.DONE;

  @Test
  void onATerminalControlCharactersInTheReplyAreShownNotObeyed() throws Exception {
    customProvider();
    server.enqueue(StreamBodies.eventStream(HOSTILE_STREAM));

    assertEquals(0, runOnATerminal("hi"));

    assertEquals(
        "^[]52;c;cm0gLXJmIH4=^Gred ^[[31mtext^[[0m^H\uFFFD2J\uFFFDevil^M\nok\ttab ^?\n", out());
  }

  @Test
  void pipedTheReplyStaysByteExactControlCharactersIncluded() throws Exception {
    customProvider();
    server.enqueue(StreamBodies.eventStream(HOSTILE_STREAM));

    assertEquals(0, run("hi"));

    assertEquals(
        "\u001b]52;c;cm0gLXJmIH4=\u0007red \u001b[31mtext\u001b[0m\b\u009b2J\u202eevil\r\nok\ttab"
            + " \u007f",
        out());
  }

  @Test
  void debugLogsRequestsWithTheKeyBlankedInAnOwnerOnlyFile() throws Exception {
    customProvider();
    server.enqueue(StreamBodies.eventStream(CHAT_STREAM));
    Path state = home.resolve("state");
    env.put("AGENT_HOME", state.toString());

    assertEquals(
        0, run("--config", home.resolve("config.toml").toString(), "--debug", "say", "hello"));

    Path log = state.resolve("agent.log");
    String text = Files.readString(log, UTF_8);
    assertTrue(text.contains(" custom → POST " + baseUrl() + "/chat/completions ("), text);
    assertTrue(text.contains(" custom   Authorization: ****"), text);
    assertTrue(text.contains(" custom ← 200 OK ("), text);
    assertFalse(text.contains(KEY), text);
    assertFalse(text.contains("say hello"), text);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
  }

  @Test
  void withoutDebugNothingIsLogged() throws Exception {
    customProvider();
    server.enqueue(StreamBodies.eventStream(CHAT_STREAM));

    assertEquals(0, run("say", "hello"));

    assertFalse(Files.exists(home.resolve("agent.log")));
  }

  @Test
  void aKeyGoingOverPlainHttpToAnotherMachineIsWarnedAboutOnStandardError() throws Exception {
    writeConfig(
        """
        model_provider = "lab"
        [model_providers.lab]
        base_url = "http://gpu-box.lab.example/v1"
        env_key = "LAB_API_KEY"
        default_model = "m"
        """);
    env.put("LAB_API_KEY", KEY);
    // The loopback server plays the proxy, so nothing leaves the machine.
    env.put("HTTP_PROXY", "http://127.0.0.1:" + server.getPort());
    server.enqueue(StreamBodies.eventStream(CHAT_STREAM));

    assertEquals(0, run("hi"));

    assertEquals("Hello, wörld", out());
    assertEquals(
        "agent: warning: lab: the API key goes over plain http:// to gpu-box.lab.example, readable"
            + " by anyone on the way; use an https:// base_url if the server offers one\n",
        err());
    assertEquals(
        "POST http://gpu-box.lab.example/v1/chat/completions HTTP/1.1",
        server.takeRequest(5, TimeUnit.SECONDS).getRequestLine());
  }

  @Test
  void providersListsEveryProviderWithKeyStatusAndMarksTheActiveOne() throws IOException {
    customProvider();
    env.put("ANTHROPIC_API_KEY", KEY);

    assertEquals(0, run("providers"));

    String table = out();
    assertTrue(table.contains("ANTHROPIC_API_KEY set"), table);
    assertTrue(table.contains("OPENAI_API_KEY not set"), table);
    assertTrue(table.contains("no key needed"), table);
    assertTrue(table.lines().anyMatch(l -> l.startsWith("* custom")), table);
    assertTrue(table.lines().anyMatch(l -> l.startsWith("  anthropic")), table);
    assertFalse(table.contains(KEY), table);
  }

  /** A provider {@code corp} whose key is printed by a script running {@code body}. */
  private Path keyCommandProvider(String body) throws IOException {
    Path script = home.resolve("get-token");
    Files.writeString(script, "#!/bin/sh\n" + body, UTF_8);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    writeConfig(
        "model_provider = \"corp\"\n"
            + "[model_providers.corp]\n"
            + "base_url = \""
            + baseUrl()
            + "\"\n"
            + "default_model = \"custom-model\"\n"
            + "request_max_retries = 0\n"
            + "[model_providers.corp.auth]\n"
            + "command = \""
            + script
            + "\"\n");
    return script;
  }

  @Test
  void aBearerTokenInTheFileIsNeverPrintedByProviders() throws Exception {
    String token = "sk-proj-inline-cli-0123456789";
    writeConfig(
        "[model_providers.inline]\n"
            + "base_url = \""
            + baseUrl()
            + "\"\n"
            + "experimental_bearer_token = \""
            + token
            + "\"\n");
    Files.setPosixFilePermissions(
        home.resolve("config.toml"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

    assertEquals(0, run("providers"));
    assertTrue(out().contains("experimental_bearer_token in config file"), out());
    assertEquals(0, run("providers", "--json"));
    assertEquals(0, run("--debug", "providers", "--json"));

    assertFalse(out().contains(token), out());
    assertFalse(err().contains(token), err());
    assertTrue(
        err().contains("experimental_bearer_token in [model_providers.inline] keeps a key"), err());
  }

  @Test
  void aKeyCommandRunsOnlyWhenARequestNeedsItAndProvidersSaysSo() throws Exception {
    Path runs = home.resolve("runs");
    Path script = keyCommandProvider("echo run >> '" + runs + "'\necho cmd-token-0123456789\n");

    assertEquals(0, run("providers"));
    assertTrue(out().contains("from command " + script), out());
    assertFalse(Files.exists(runs), "listing providers runs no key command");

    out.reset();
    server.enqueue(StreamBodies.eventStream(CHAT_STREAM));
    assertEquals(0, run("--debug", "say", "hello"));

    assertEquals("Hello, wörld", out());
    assertEquals(
        "Bearer cmd-token-0123456789",
        server.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Authorization"));
    assertEquals(1, Files.readAllLines(runs).size());
    String log = Files.readString(home.resolve("agent.log"), UTF_8);
    assertTrue(log.contains("Authorization: ****"), log);
    assertFalse(log.contains("cmd-token"), log);
  }

  @Test
  void aFailingKeyCommandIsOneLineOnStandardErrorWithoutItsOutput() throws Exception {
    Path script = keyCommandProvider("echo leaked-output\necho leaked-error >&2\nexit 2\n");

    int code = run("say", "hello");

    assertEquals(
        "agent: corp: the key command '"
            + script
            + "' failed (exit 2); run it yourself to see why\n",
        err());
    assertEquals(2, code);
    assertEquals("", out());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void providersFollowsTheProviderFlagOnEitherSide() throws IOException {
    assertEquals(0, run("providers", "-p", "openai"));
    assertTrue(out().lines().anyMatch(l -> l.startsWith("* openai")), out());
    out.reset();
    assertEquals(0, run("-p", "ollama", "providers"));
    assertTrue(out().lines().anyMatch(l -> l.startsWith("* ollama")), out());
  }

  @Test
  void providersJsonIsMachineReadable() throws IOException {
    customProvider();
    assertEquals(0, run("providers", "--json"));
    JsonNode list = new ObjectMapper().readTree(out());
    assertEquals(6, list.size());
    JsonNode custom = list.get(5);
    assertEquals("custom", custom.get("id").asText());
    assertEquals(baseUrl(), custom.get("base_url").asText());
    assertEquals("CUSTOM_API_KEY set", custom.get("key").asText());
    assertTrue(custom.get("active").asBoolean());
    assertEquals("anthropic", list.get(0).get("wire_api").asText());
  }

  private static final String MODEL_SETTINGS =
      """
      temperature = 0.2
      extra_body = { seed = 1 }

      [model_providers.ollama]
      max_tokens = 100
      reasoning_effort = "low"
      http_headers = { "X-Token" = "tok-secret-1234" }
      extra_body = { options = { a = 1 } }

      [model_providers.ollama.models."qwen3:8b"]
      max_tokens = 200
      reasoning_effort = "high"
      context_window = 40960
      top_p = 0.95
      http_headers = { "X-Team" = "research" }
      extra_body = { options = { b = 2 }, stop = ["</s>"] }

      [model_providers.ollama.models.llama3]
      temperature = 0.7
      """;

  @Test
  void providersJsonShowsTheSettingsInForceForEachModelTable() throws Exception {
    writeConfig(MODEL_SETTINGS);

    assertEquals(0, run("providers", "--json"));

    JsonNode ollama = new ObjectMapper().readTree(out()).get(2);
    assertEquals(
        new ObjectMapper()
            .readTree(
                """
                {"id":"ollama","name":"Ollama (Local)","base_url":"http://localhost:11434/v1",
                 "default_model":"llama3.2","wire_api":"chat","key":"no key needed","active":false,
                 "max_tokens":100,"reasoning_effort":"low",
                 "extra_body":{"seed":1,"temperature":0.2,"options":{"a":1}},
                 "http_headers":{"X-Token":"****"},
                 "models":{
                   "qwen3:8b":{"max_tokens":200,"reasoning_effort":"high",
                     "extra_body":{"seed":1,"temperature":0.2,"options":{"a":1,"b":2},
                                   "stop":["</s>"],"top_p":0.95},
                     "http_headers":{"X-Team":"****","X-Token":"****"},"context_window":40960},
                   "llama3":{"max_tokens":100,"reasoning_effort":"low",
                     "extra_body":{"seed":1,"temperature":0.7,"options":{"a":1}},
                     "http_headers":{"X-Token":"****"},"context_window":null}}}
                """),
        ollama);
    JsonNode openai = new ObjectMapper().readTree(out()).get(1);
    assertEquals(
        new ObjectMapper().readTree("{\"seed\":1,\"temperature\":0.2}"), openai.get("extra_body"));
    assertTrue(openai.get("max_tokens").isNull(), openai.toString());
    assertEquals(new ObjectMapper().readTree("{}"), openai.get("models"));
    assertFalse(out().contains("tok-secret-1234"), out());
    assertFalse(out().contains("research"), out());
  }

  @Test
  void providersJsonShowsTheRunsEffortOverEveryTable() throws Exception {
    writeConfig(MODEL_SETTINGS);

    assertEquals(0, run("-e", "none", "providers", "--json"));

    JsonNode ollama = new ObjectMapper().readTree(out()).get(2);
    assertEquals("none", ollama.get("reasoning_effort").asText());
    assertEquals("none", ollama.get("models").get("qwen3:8b").get("reasoning_effort").asText());
    assertEquals("none", ollama.get("models").get("llama3").get("reasoning_effort").asText());
    assertEquals(200, ollama.get("models").get("qwen3:8b").get("max_tokens").asInt());
  }

  @Test
  void providersRefusesAnUnknownRunEffort() throws Exception {
    assertEquals(2, run("-e", "hgh", "providers", "--json"));

    assertEquals("", out());
    assertEquals(
        "agent: unknown reasoning effort 'hgh' for --reasoning-effort (expected none, minimal,"
            + " low, medium, high or xhigh)\n",
        err());
  }

  @Test
  void providersCheckSaysOkOrKeyRefusedPerProvider() throws Exception {
    customProvider();
    server.enqueue(
        new MockResponse.Builder()
            .addHeader("Content-Type", "application/json")
            .body("{\"object\":\"list\",\"data\":[{\"id\":\"a\"},{\"id\":\"b\"}]}")
            .build());

    assertEquals(0, run("providers", "--check"));

    String custom = out().lines().filter(l -> l.startsWith("* custom")).findFirst().orElseThrow();
    assertTrue(custom.contains("ok"), custom);
  }

  @Test
  void providersCheckGivesTheWindowOfTheModelInEffectForTheActiveProvider() throws Exception {
    writeConfig(
        "model_provider = \"custom\"\nmodel = \"big-model\"\n"
            + "[model_providers.custom]\nbase_url = \""
            + baseUrl()
            + "\"\nenv_key = \"CUSTOM_API_KEY\"\ndefault_model = \"custom-model\"\n"
            + "[model_providers.custom.models.big-model]\ncontext_window = 32000\n");
    env.put("CUSTOM_API_KEY", KEY);
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return new MockResponse.Builder()
                .addHeader("Content-Type", "application/json")
                .body("{\"object\":\"list\",\"data\":[{\"id\":\"custom-model\"}]}")
                .build();
          }
        });

    assertEquals(0, run("providers", "--check"));
    assertTrue(
        activeRow().endsWith("ok: 1 model; context_window 32,000 for big-model"), activeRow());

    out.reset();
    assertEquals(0, run("-m", "other-model", "providers", "--check"));
    assertTrue(activeRow().endsWith("ok: 1 model"), activeRow());
  }

  private String activeRow() {
    return out().lines().filter(l -> l.startsWith("* ")).findFirst().orElseThrow().strip();
  }

  @Test
  void modelsListsWhatTheProviderServes() throws Exception {
    customProvider();
    server.enqueue(
        new MockResponse.Builder()
            .addHeader("Content-Type", "application/json")
            .body("{\"object\":\"list\",\"data\":[{\"id\":\"zeta\"},{\"id\":\"alpha\"}]}")
            .build());

    assertEquals(0, run("models"));

    assertEquals("alpha\nzeta\n", out().replace("\r\n", "\n"));
    assertEquals("/v1/models", server.takeRequest(5, TimeUnit.SECONDS).getUrl().encodedPath());
  }

  /** A provider with no default model still lists its models: they are how one is picked. */
  @Test
  void modelsListsForAProviderWithNoDefaultModel() throws Exception {
    writeConfig(
        "[model_providers.bare]\n" + "name = \"Bare\"\n" + "base_url = \"" + baseUrl() + "\"\n");
    server.enqueue(
        new MockResponse.Builder()
            .addHeader("Content-Type", "application/json")
            .body("{\"object\":\"list\",\"data\":[{\"id\":\"only\"}]}")
            .build());

    assertEquals(0, run("-p", "bare", "models"), err());

    assertEquals("only\n", out().replace("\r\n", "\n"));
  }

  /** Nor does listing the providers need a model, with such a provider active. */
  @Test
  void providersListsWithAnActiveProviderOfNoDefaultModel() throws Exception {
    writeConfig(
        "model_provider = \"bare\"\n"
            + "[model_providers.bare]\n"
            + "name = \"Bare\"\n"
            + "base_url = \""
            + baseUrl()
            + "\"\n");

    assertEquals(0, run("providers"), err());

    assertTrue(activeRow().startsWith("* bare"), out());
  }

  /**
   * Model ids a hostile server lists: a window title, a screen clear, an OSC 52 clipboard write.
   */
  private static final String HOSTILE_MODELS =
      "{\"object\":\"list\",\"data\":[{\"id\":\"a\\u001b]0;pwned\\u0007\"},"
          + "{\"id\":\"b\\u001b[2J\"},{\"id\":\"c\\u001b]52;c;cm0gLXJm\\u0007\"}]}";

  @Test
  void modelIdsFromTheServerAreShownNotObeyedOnATerminal() throws Exception {
    customProvider();
    server.enqueue(StreamBodies.json(HOSTILE_MODELS));

    assertEquals(0, runOnATerminal("models"));

    assertEquals("a^[]0;pwned^G\nb^[[2J\nc^[]52;c;cm0gLXJm^G\n", out().replace("\r\n", "\n"));
  }

  @Test
  void configTextIsShownNotObeyedByProvidersOnATerminal() throws Exception {
    writeConfig(
        """
        [model_providers.odd]
        name = "Odd\\u001b[2J\\u001b]0;t\\u0007"
        base_url = "http://localhost:9/v1"
        default_model = "m"
        """);

    assertEquals(0, runOnATerminal("providers"));

    assertTrue(out().contains("Odd^[[2J^[]0;t^G"), out());
    assertFalse(out().contains("\u001b"), out());
  }

  @Test
  void pipedModelIdsStayByteExact() throws Exception {
    customProvider();
    server.enqueue(StreamBodies.json(HOSTILE_MODELS));

    assertEquals(0, run("models"));

    assertEquals(
        "a\u001b]0;pwned\u0007\nb\u001b[2J\nc\u001b]52;c;cm0gLXJm\u0007\n",
        out().replace("\r\n", "\n"));
  }

  @Test
  void unknownOptionIsAUsageError() {
    assertEquals(2, run("--frobnicate"));
    assertTrue(err().startsWith("agent: Unknown option: '--frobnicate'"), err());
  }
}
