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
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * System prompts and profiles through {@link Main#run}, against loopback servers of each wire
 * format: the exact request bodies, the saved conversation, and which setting wins.
 */
class SystemPromptsAndProfilesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;
  @StartStop private final MockWebServer chatServer = new MockWebServer();
  @StartStop private final MockWebServer anthropicServer = new MockWebServer();
  @StartStop private final MockWebServer responsesServer = new MockWebServer();
  private final Map<String, String> env = new HashMap<>();
  private ByteArrayOutputStream out = new ByteArrayOutputStream();
  private ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void setUp() {
    env.put("AGENT_HOME", home.toString());
    env.put("OAI_KEY", "sk-oai-test");
    env.put("ANT_KEY", "sk-ant-test");
  }

  /** Writes config.toml: three providers, one per wire format, then {@code more}. */
  private void config(String top, String more) throws IOException {
    Files.writeString(
        home.resolve("config.toml"),
        top
            + "\n[model_providers.oai]\n"
            + "base_url = \""
            + base(chatServer)
            + "\"\nenv_key = \"OAI_KEY\"\ndefault_model = \"gpt-test\"\nwire_api = \"chat\"\n"
            + "[model_providers.ant]\n"
            + "base_url = \""
            + base(anthropicServer)
            + "\"\nenv_key = \"ANT_KEY\"\ndefault_model = \"claude-test\"\n"
            + "wire_api = \"anthropic\"\n"
            + "[model_providers.resp]\n"
            + "base_url = \""
            + base(responsesServer)
            + "\"\nenv_key = \"OAI_KEY\"\ndefault_model = \"gpt-5\"\nwire_api = \"responses\"\n"
            + more,
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

  private String err() {
    return err.toString(UTF_8);
  }

  private static JsonNode body(MockWebServer server) throws Exception {
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    return JSON.readTree(request.getBody().utf8());
  }

  private List<String> sessionLines() throws IOException {
    try (Stream<Path> files = Files.list(home.resolve("sessions"))) {
      List<Path> all = files.filter(file -> file.toString().endsWith(".jsonl")).toList();
      assertEquals(1, all.size(), "one conversation");
      return Files.readAllLines(all.get(0), UTF_8);
    }
  }

  private static final String ANSWER = "Hello! How can I help you today?";

  @Test
  void theSystemPromptIsTheFirstChatMessageAndIsSavedFirst() throws Exception {
    config("model_provider = \"oai\"", "");
    chatServer.enqueue(StreamBodies.replay("openai-chat.sse"));

    assertEquals(0, run("-s", "Answer in French.", "Hi"), err());

    assertEquals(
        JSON.readTree(
            "[{\"role\":\"system\",\"content\":\"Answer in French.\"},"
                + "{\"role\":\"user\",\"content\":\"Hi\"}]"),
        body(chatServer).get("messages"));
    List<String> lines = sessionLines();
    assertTrue(lines.get(0).contains("\"title\":\"Hi\""), lines.get(0));
    JsonNode system = JSON.readTree(lines.get(1));
    assertEquals("system", system.get("role").asText());
    assertEquals("Answer in French.", system.get("text").asText());
    assertEquals("user", JSON.readTree(lines.get(2)).get("role").asText());
  }

  @Test
  void aResumedConversationSendsItsSavedSystemPromptAsAnthropicsSystem() throws Exception {
    config("model_provider = \"oai\"\nsystem_prompt = \"Be brief.\"", "");
    chatServer.enqueue(StreamBodies.replay("openai-chat.sse"));
    assertEquals(0, run("Hi"), err());
    body(chatServer);
    // The config's prompt changes; the conversation keeps the one it started with.
    config("model_provider = \"oai\"\nsystem_prompt = \"Be verbose.\"", "");
    anthropicServer.enqueue(StreamBodies.replay("anthropic-messages.sse"));

    assertEquals(0, run("--continue", "-p", "ant", "And?"), err());

    JsonNode sent = body(anthropicServer);
    assertEquals("Be brief.", sent.get("system").asText());
    assertEquals(
        JSON.readTree(
            "[{\"role\":\"user\",\"content\":\"Hi\"},"
                + "{\"role\":\"assistant\",\"content\":\""
                + ANSWER
                + "\"},{\"role\":\"user\",\"content\":\"And?\"}]"),
        sent.get("messages"));
  }

  @Test
  void systemOnAResumedConversationReplacesItsPromptAndSavesTheChange() throws Exception {
    config("model_provider = \"oai\"\nsystem_prompt = \"Be brief.\"", "");
    chatServer.enqueue(StreamBodies.replay("openai-chat.sse"));
    assertEquals(0, run("Hi"), err());
    body(chatServer);
    chatServer.enqueue(StreamBodies.replay("openai-chat.sse"));

    assertEquals(0, run("--continue", "-s", "Be verbose.", "And?"), err());

    JsonNode messages = body(chatServer).get("messages");
    assertEquals(4, messages.size(), messages.toString());
    assertEquals("{\"role\":\"system\",\"content\":\"Be verbose.\"}", messages.get(0).toString());
    List<String> lines = sessionLines();
    assertEquals(
        List.of("system", "user", "assistant", "system", "user", "assistant"),
        lines.subList(1, lines.size()).stream().map(line -> readRole(line)).toList());
  }

  private static String readRole(String line) {
    try {
      return JSON.readTree(line).get("role").asText();
    } catch (IOException e) {
      throw new AssertionError(line, e);
    }
  }

  @Test
  void theResponsesWireSendsTheSystemPromptAsInstructions() throws Exception {
    config("model_provider = \"resp\"", "");
    responsesServer.enqueue(StreamBodies.replay("responses-text.sse"));

    assertEquals(0, run("-s", "Think step by step.", "Hi"), err());

    JsonNode sent = body(responsesServer);
    assertEquals("Think step by step.", sent.get("instructions").asText());
    assertEquals(1, sent.get("input").size(), sent.get("input").toString());
    assertEquals("user", sent.get("input").get(0).get("role").asText());
  }

  @Test
  void aModelsPromptWinsOverItsProvidersWhichWinsOverTheTopLevelsFileReadBesideTheConfig()
      throws Exception {
    Files.writeString(home.resolve("prompt.md"), "From the file.\n", UTF_8);
    config(
        "model_provider = \"oai\"\nsystem_prompt_file = \"prompt.md\"",
        """
        [model_providers.oai.models.tiny]
        system_prompt = ""
        [model_providers.ant.models."claude-test"]
        system_prompt = "Model's."
        """);
    // Resolved against the config file's folder, not the working directory.
    chatServer.enqueue(StreamBodies.replay("openai-chat.sse"));
    assertEquals(0, run("--no-save", "Hi"), err());
    assertEquals("From the file.", body(chatServer).get("messages").get(0).get("content").asText());

    chatServer.enqueue(StreamBodies.replay("openai-chat.sse"));
    assertEquals(0, run("--no-save", "-m", "tiny", "Hi"), err());
    assertEquals(1, body(chatServer).get("messages").size(), "an empty prompt turns it off");

    anthropicServer.enqueue(StreamBodies.replay("anthropic-messages.sse"));
    assertEquals(0, run("--no-save", "-p", "ant", "Hi"), err());
    assertEquals("Model's.", body(anthropicServer).get("system").asText());
  }

  @Test
  void aProvidersPromptWinsOverTheTopLevelsAndItsModelsOverIt() throws Exception {
    config(
        "model_provider = \"oai\"\nsystem_prompt = \"Top.\"",
        "[model_providers.mine]\nbase_url = \""
            + base(chatServer)
            + "\"\nenv_key = \"OAI_KEY\"\ndefault_model = \"gpt-test\"\n"
            + "system_prompt = \"Provider's.\"\n"
            + "[model_providers.mine.models.special]\nsystem_prompt = \"Model's.\"\n");

    chatServer.enqueue(StreamBodies.replay("openai-chat.sse"));
    assertEquals(0, run("--no-save", "-p", "mine", "Hi"), err());
    assertEquals("Provider's.", body(chatServer).get("messages").get(0).get("content").asText());

    chatServer.enqueue(StreamBodies.replay("openai-chat.sse"));
    assertEquals(0, run("--no-save", "-p", "mine", "-m", "special", "Hi"), err());
    assertEquals("Model's.", body(chatServer).get("messages").get(0).get("content").asText());

    chatServer.enqueue(StreamBodies.replay("openai-chat.sse"));
    assertEquals(0, run("--no-save", "Hi"), err());
    assertEquals("Top.", body(chatServer).get("messages").get(0).get("content").asText());
  }

  @Test
  void aProfilesPromptFileIsReadBesideTheConfig() throws Exception {
    Files.writeString(home.resolve("review.md"), "Review, from the file.\n", UTF_8);
    config(
        "model_provider = \"oai\"\nsystem_prompt = \"Top.\"",
        "[profiles.file]\nsystem_prompt_file = \"review.md\"\n");

    chatServer.enqueue(StreamBodies.replay("openai-chat.sse"));
    assertEquals(0, run("--no-save", "--profile", "file", "Hi"), err());

    assertEquals(
        "Review, from the file.", body(chatServer).get("messages").get(0).get("content").asText());
  }

  @Test
  void aMissingSystemPromptFileIsOneLineSayingWhereAndHowToFixIt() throws Exception {
    config("model_provider = \"oai\"\nsystem_prompt_file = \"gone.md\"", "");

    assertEquals(2, run("Hi"), err());

    assertEquals(
        "agent: "
            + home.resolve("config.toml")
            + ":2:1: system_prompt_file '"
            + home.resolve("gone.md")
            + "': no such file (write the prompt there, or set system_prompt instead)\n",
        err());
  }

  private static final String PROFILES =
      """
      [profiles.review]
      model_provider = "ant"
      model = "claude-review"
      system_prompt = "You review code."
      reasoning_effort = "high"
      extra_body = { metadata = { team = "qa" } }
      [profiles.local]
      model = "gpt-local"
      temperature = 0.2
      """;

  @Test
  void aProfileWinsOverTheTopLevelAndDashPAndDashMWinOverTheProfile() throws Exception {
    config("model_provider = \"oai\"\nmodel = \"gpt-top\"\nsystem_prompt = \"Top.\"", PROFILES);

    anthropicServer.enqueue(StreamBodies.replay("anthropic-messages.sse"));
    assertEquals(0, run("--no-save", "--profile", "review", "Hi"), err());
    JsonNode review = body(anthropicServer);
    assertEquals("claude-review", review.get("model").asText());
    assertEquals("You review code.", review.get("system").asText());
    assertEquals("qa", review.get("metadata").get("team").asText());
    assertTrue(review.has("thinking"), "effort high turns thinking on: " + review);

    // -m wins over the profile's model; the rest of the profile stays.
    anthropicServer.enqueue(StreamBodies.replay("anthropic-messages.sse"));
    assertEquals(0, run("--no-save", "--profile", "review", "-m", "claude-x", "Hi"), err());
    JsonNode withModel = body(anthropicServer);
    assertEquals("claude-x", withModel.get("model").asText());
    assertEquals("You review code.", withModel.get("system").asText());

    // -p wins over the profile's provider; its system prompt still applies, -s over it.
    chatServer.enqueue(StreamBodies.replay("openai-chat.sse"));
    assertEquals(0, run("--no-save", "--profile", "review", "-p", "oai", "-s", "Run's.", "Hi"));
    JsonNode withProvider = body(chatServer);
    assertEquals("gpt-test", withProvider.get("model").asText());
    assertEquals("Run's.", withProvider.get("messages").get(0).get("content").asText());

    // A profile that sets only the model keeps the top level's provider and prompt.
    chatServer.enqueue(StreamBodies.replay("openai-chat.sse"));
    assertEquals(0, run("--no-save", "--profile", "local", "Hi"), err());
    JsonNode local = body(chatServer);
    assertEquals("gpt-local", local.get("model").asText());
    assertEquals("Top.", local.get("messages").get(0).get("content").asText());
    assertEquals(0.2, local.get("temperature").asDouble());
  }

  @Test
  void theTopLevelProfileAppliesAndDashDashProfileReplacesIt() throws Exception {
    config("model_provider = \"oai\"\nprofile = \"local\"", PROFILES);

    chatServer.enqueue(StreamBodies.replay("openai-chat.sse"));
    assertEquals(0, run("--no-save", "Hi"), err());
    assertEquals("gpt-local", body(chatServer).get("model").asText());

    anthropicServer.enqueue(StreamBodies.replay("anthropic-messages.sse"));
    assertEquals(0, run("--no-save", "--profile", "review", "Hi"), err());
    assertEquals("claude-review", body(anthropicServer).get("model").asText());
    assertEquals("", err(), "profiles load without a warning");
  }

  @Test
  void profilesListsEachWithWhatItSetsAndMarksTheOneInEffect() throws Exception {
    config("model_provider = \"oai\"\nprofile = \"local\"", PROFILES);

    assertEquals(0, run("profiles"), err());
    assertEquals(
        """
          review  ant · claude-review · effort high · system prompt · extra_body
        * local   (model_provider) · gpt-local · extra_body
        """,
        out.toString(UTF_8));

    assertEquals(0, run("profiles", "--profile", "review"), err());
    assertTrue(out.toString(UTF_8).startsWith("* review"), out.toString(UTF_8));
  }

  @Test
  void anUnknownProfileIsOneLineNamingTheKnownOnes() throws Exception {
    config("model_provider = \"oai\"", PROFILES);

    assertEquals(2, run("--profile", "reveiw", "Hi"));

    assertEquals(
        "agent: unknown profile 'reveiw' (known: review, local); define it under"
            + " [profiles.reveiw] in config.toml, or did you mean 'review'?\n",
        err());
    assertFalse(Files.exists(home.resolve("sessions")));
  }
}
