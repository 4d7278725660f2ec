package dev.agent.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent.chat.ChatRequest;
import dev.agent.chat.Message;
import dev.agent.config.AgentConfig;
import dev.agent.config.ConfigLoader;
import dev.agent.config.ProviderConfig;
import dev.agent.config.Selection;
import dev.agent.testing.RecordingListener;
import dev.agent.testing.StreamBodies;
import dev.agent.testing.TestServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The recipes under "Server recipes" in docs/configuration.md, each run as written against a replay
 * of its server: the {@code config.toml} block is loaded as a user's file would be, its provider's
 * {@code base_url} is pointed at a loopback server (keeping the URL's path), and one prompt goes
 * through the real client. The request (path, query, key header, body byte for byte) and what comes
 * back (reasoning, answer, end) are compared with what this test expects of each recipe, so editing
 * a recipe into one that sends something else fails here.
 */
class ServerRecipesTest {
  private static final String PROMPT = "What is 27 * 453?";
  private static final String ANSWER = "27 * 453 = 12,231.";
  private static final String KEY = "recipe-test-key-0123456789abcdef";
  private static final String MESSAGES =
      "\"messages\":[{\"role\":\"user\",\"content\":\"What is 27 * 453?\"}]";
  private static final String USAGE = "\"stream_options\":{\"include_usage\":true}";
  private static final Pattern HEADING = Pattern.compile("\n### ");
  private static final Pattern TOML_FENCE = Pattern.compile("```toml");
  private static final Pattern REPLAY =
      Pattern.compile("<!-- replay: (\\S+) -->\n```toml\n(.*?)```", Pattern.DOTALL);

  /** What one recipe must send and what it must make of its server's reply. */
  private record Expected(
      String fixture,
      String pathAndQuery,
      String keyHeader,
      String keyValue,
      String body,
      String reasoning,
      String answer,
      String end) {}

  private static final Map<String, Expected> EXPECTED = expected();

  private static Map<String, Expected> expected() {
    Map<String, Expected> e = new LinkedHashMap<>();
    e.put(
        "Ollama",
        new Expected(
            "ollama-reasoning.sse",
            "/v1/chat/completions",
            "",
            "",
            "{\"model\":\"deepseek-r1:8b\"," + MESSAGES + ",\"stream\":true," + USAGE + "}",
            "Okay, 27 * 453 = 12231.\n",
            ANSWER,
            "completed:12/24:stop"));
    e.put(
        "LM Studio",
        new Expected(
            "lmstudio-reasoning.sse",
            "/v1/chat/completions",
            "",
            "",
            "{\"model\":\"deepseek-r1-distill-qwen-7b\","
                + MESSAGES
                + ",\"stream\":true,"
                + USAGE
                + "}",
            "Okay, 27 * 453 = 12231.",
            ANSWER,
            "completed:12/21:stop"));
    e.put(
        "llama.cpp llama-server",
        new Expected(
            "llamacpp-reasoning-content.sse",
            "/v1/chat/completions",
            "",
            "",
            "{\"model\":\"qwen3-8b\"," + MESSAGES + ",\"stream\":true," + USAGE + "}",
            "Okay, 27 * 453 = 12231.",
            ANSWER,
            "completed:16/21:stop"));
    e.put(
        "vLLM",
        new Expected(
            "vllm-reasoning.sse",
            "/v1/chat/completions",
            "",
            "",
            "{\"model\":\"deepseek-ai/DeepSeek-R1-Distill-Llama-8B\","
                + MESSAGES
                + ",\"stream\":true,"
                + USAGE
                + "}",
            "Okay, 27 * 453 = 12231.\n",
            ANSWER,
            "completed:14/21:stop"));
    e.put(
        "LiteLLM",
        new Expected(
            "litellm-reasoning-content.sse",
            "/v1/chat/completions",
            "Authorization",
            "Bearer " + KEY,
            "{\"model\":\"deepseek-reasoner\"," + MESSAGES + ",\"stream\":true," + USAGE + "}",
            "Okay, 27 * 453 is 27 * 450 + 27 * 3 = 12150 + 81 = 12231.",
            ANSWER,
            "completed:15/36:stop"));
    e.put(
        "OpenRouter",
        new Expected(
            "openrouter-reasoning-details.sse",
            "/api/v1/chat/completions",
            "Authorization",
            "Bearer " + KEY,
            "{\"model\":\"openai/gpt-5\"," + MESSAGES + ",\"stream\":true," + USAGE + "}",
            "**Computing 27 times 453**\n\n27 * 450 = 12,150 and 27 * 3 = 81, so the product is"
                + " 12,231.",
            ANSWER,
            "completed:15/92:stop"));
    e.put(
        "Groq",
        new Expected(
            "groq-reasoning.sse",
            "/openai/v1/chat/completions",
            "Authorization",
            "Bearer " + KEY,
            "{\"model\":\"openai/gpt-oss-20b\","
                + MESSAGES
                + ",\"stream\":true,"
                + USAGE
                + ",\"reasoning_effort\":\"medium\"}",
            "Okay, 27 * 453 = 12231.",
            ANSWER,
            "completed:16/23:stop"));
    e.put(
        "Together AI",
        new Expected(
            "together-r1-think.sse",
            "/v1/chat/completions",
            "Authorization",
            "Bearer " + KEY,
            "{\"model\":\"deepseek-ai/DeepSeek-R1\","
                + MESSAGES
                + ",\"stream\":true,"
                + USAGE
                + "}",
            "Okay, 27 * 453 = 12231.\n",
            ANSWER,
            "completed:13/22:eos"));
    e.put(
        "DeepSeek",
        new Expected(
            "deepseek-reasoning-content.sse",
            "/chat/completions",
            "Authorization",
            "Bearer " + KEY,
            "{\"model\":\"deepseek-reasoner\"," + MESSAGES + ",\"stream\":true," + USAGE + "}",
            "Okay, 27 * 453 is 27 * 450 + 27 * 3 = 12150 + 81 = 12231.",
            ANSWER,
            "completed:15/36:stop"));
    e.put(
        "Mistral",
        new Expected(
            "mistral-magistral-thinking.sse",
            "/v1/chat/completions",
            "Authorization",
            "Bearer " + KEY,
            // stream_usage = false: no stream_options, which Mistral refuses.
            "{\"model\":\"magistral-medium-2509\"," + MESSAGES + ",\"stream\":true}",
            "Okay, 27 * 453: 27 * 450 = 12150 and 27 * 3 = 81, so 12231.",
            ANSWER,
            "completed:12/59:stop"));
    e.put(
        "Gemini (OpenAI compatibility)",
        new Expected(
            "gemini-chat.sse",
            "/v1beta/openai/chat/completions",
            "Authorization",
            "Bearer " + KEY,
            "{\"model\":\"gemini-2.5-flash\"," + MESSAGES + ",\"stream\":true," + USAGE + "}",
            "",
            ANSWER,
            "completed:11/12:stop"));
    e.put(
        "Azure OpenAI, resource endpoint",
        new Expected(
            "azure-chat.sse",
            "/openai/deployments/my-gpt-4o-deployment/chat/completions?api-version=2024-10-21",
            "api-key",
            KEY,
            // The deployment is in the path; the body names it as the model too, as Azure allows.
            "{\"model\":\"my-gpt-4o-deployment\"," + MESSAGES + ",\"stream\":true," + USAGE + "}",
            "",
            "Azure says hello.",
            // The recorded stream has no usage chunk.
            "completed:-1/-1:stop"));
    e.put(
        "Azure OpenAI, v1 base",
        new Expected(
            "azure-v1-chat.sse",
            "/openai/v1/chat/completions",
            "api-key",
            KEY,
            "{\"model\":\"my-gpt-4o-deployment\"," + MESSAGES + ",\"stream\":true," + USAGE + "}",
            "",
            "From the v1 API.",
            "completed:14/5:stop"));
    e.put(
        "An Anthropic-compatible gateway",
        new Expected(
            "anthropic-thinking.sse",
            "/anthropic/v1/messages",
            "x-api-key",
            KEY,
            "{\"model\":\"claude-sonnet-4-20250514\",\"max_tokens\":8192,"
                + "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2048},"
                + MESSAGES
                + ",\"stream\":true}",
            "The user wants 27 * 453. 27 * 453 = 12231.",
            "27 * 453 = **12,231**",
            "completed:25/52:end_turn"));
    return e;
  }

  /** One recipe as the documentation gives it. */
  private record Recipe(String name, String fixture, String toml) {}

  @StartStop private final MockWebServer server = TestServers.failFast();
  @TempDir Path dir;

  /** Every {@code ### Name} under "## Server recipes", with its replay comment and toml block. */
  private static List<Recipe> recipes() throws Exception {
    String doc = Files.readString(Path.of("docs", "configuration.md"), StandardCharsets.UTF_8);
    int start = doc.indexOf("\n## Server recipes\n");
    assertTrue(start >= 0, "docs/configuration.md has no '## Server recipes' section");
    int end = doc.indexOf("\n## ", start + 1);
    String section = doc.substring(start, end < 0 ? doc.length() : end);
    List<Recipe> recipes = new ArrayList<>();
    Matcher heading = HEADING.matcher(section);
    List<Integer> bounds = new ArrayList<>();
    while (heading.find()) {
      bounds.add(heading.start());
    }
    bounds.add(section.length());
    for (int i = 0; i + 1 < bounds.size(); i++) {
      String part = section.substring(bounds.get(i) + "\n### ".length(), bounds.get(i + 1));
      String name = part.substring(0, part.indexOf('\n')).strip();
      Matcher replay = REPLAY.matcher(part);
      assertTrue(replay.find(), name + ": no '<!-- replay: X -->' right before a toml block");
      recipes.add(new Recipe(name, replay.group(1), replay.group(2)));
      assertFalse(replay.find(), name + ": more than one toml block");
      assertEquals(1, TOML_FENCE.matcher(part).results().count(), name + ": toml blocks");
    }
    return recipes;
  }

  static Stream<String> recipeNames() throws Exception {
    return recipes().stream().map(Recipe::name);
  }

  @Test
  void everyRecipeHasItsExpectationsAndNoneIsMissing() throws Exception {
    assertEquals(List.copyOf(EXPECTED.keySet()), recipes().stream().map(Recipe::name).toList());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recipeNames")
  void recipeSendsExactlyThisAndReadsItsServersReply(String name) throws Exception {
    Recipe recipe = recipes().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    Expected expected = EXPECTED.get(name);
    assertNotNull(expected, name + ": no expectations in this test");
    assertEquals(expected.fixture(), recipe.fixture(), name + ": replayed fixture");

    Path file = dir.resolve("config.toml");
    Files.writeString(file, recipe.toml(), StandardCharsets.UTF_8);
    AgentConfig config = new ConfigLoader(Map.of()).load(file, true, List.of());
    assertEquals(List.of(), config.warnings(), name);
    Selection selection = config.select("", "");
    ProviderConfig provider = selection.provider();
    Map<String, String> env =
        provider.envKey().isEmpty() ? Map.of() : Map.of(provider.envKey(), KEY);
    assertEquals(expected.keyHeader().isEmpty(), env.isEmpty(), name + ": whether a key is sent");

    // The same provider, at the loopback server but with the recipe's own path.
    HttpUrl real = HttpUrl.get(provider.baseUrl());
    HttpUrl local = server.url("/");
    ProviderConfig replayed =
        provider.toBuilder()
            .baseUrl(
                real.newBuilder()
                    .scheme("http")
                    .host(local.host())
                    .port(local.port())
                    .build()
                    .toString()
                    .replaceAll("/$", ""))
            .build();
    Map<String, ProviderConfig> providers = new LinkedHashMap<>(config.providers());
    providers.put(replayed.id(), replayed);
    AgentConfig pointed =
        new AgentConfig(
            config.modelProvider(),
            config.model(),
            config.theme(),
            config.reasoningEffort(),
            config.showReasoning(),
            config.mouse(),
            providers,
            config.warnings());

    server.enqueue(StreamBodies.replayEventByEvent(recipe.fixture()));
    RecordingListener listener = new RecordingListener();
    try (ProviderRegistry registry = new ProviderRegistry(pointed, env)) {
      registry.client(replayed).stream(
          new ChatRequest(
              selection.model(), List.of(Message.user(PROMPT)), selection.reasoningEffort()),
          listener);
      List<String> events = listener.awaitEnd();

      RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
      assertNotNull(request, name + ": no request reached the server");
      assertEquals("POST", request.getMethod(), name);
      String query = request.getUrl().encodedQuery();
      assertEquals(
          expected.pathAndQuery(),
          request.getUrl().encodedPath() + (query == null ? "" : "?" + query),
          name + ": path and query");
      assertKeyOnlyIn(name, expected, request);
      assertEquals(expected.body(), request.getBody().utf8(), name + ": request body");
      assertEquals(1, server.getRequestCount(), name + ": requests sent");

      assertEquals(
          List.of(expected.reasoning(), expected.answer(), expected.end()),
          List.of(listener.reasoning(), listener.text(), events.get(events.size() - 1)),
          name + ": reasoning, answer and end");
    }
  }

  /** The key travels in the one header the recipe implies and nowhere else. */
  private static void assertKeyOnlyIn(String name, Expected expected, RecordedRequest request) {
    List<String> carrying = new ArrayList<>();
    for (int i = 0; i < request.getHeaders().size(); i++) {
      if (request.getHeaders().value(i).contains(KEY)) {
        carrying.add(request.getHeaders().name(i).toLowerCase(Locale.ROOT));
      }
    }
    if (expected.keyHeader().isEmpty()) {
      assertEquals(List.of(), carrying, name + ": headers carrying a key");
      for (String credential : List.of("Authorization", "x-api-key", "api-key")) {
        assertNull(request.getHeaders().get(credential), name + ": " + credential);
      }
      return;
    }
    assertEquals(
        List.of(expected.keyHeader().toLowerCase(Locale.ROOT)),
        carrying,
        name + ": headers carrying the key");
    assertEquals(
        expected.keyValue(), request.getHeaders().get(expected.keyHeader()), name + ": key header");
    assertFalse(request.getUrl().toString().contains(KEY), name + ": key in the URL");
    if (expected.keyHeader().equals("x-api-key")) {
      assertEquals("2023-06-01", request.getHeaders().get("anthropic-version"), name);
    }
  }
}
