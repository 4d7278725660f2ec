package dev.agent.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent.config.ExtraBody;
import dev.agent.config.ModelSettings;
import dev.agent.config.ProviderConfig;
import dev.agent.provider.ContextWindow.Server;
import dev.agent.testing.StreamBodies;
import dev.agent.testing.TestProviders;
import dev.agent.testing.TestServers;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * Each server's discovery endpoints replayed with their real shapes (the fixtures under {@code
 * src/test/resources/discovery} cite where each shape comes from), and what agent learns of the
 * window from them.
 */
class ContextProbeTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @StartStop private final MockWebServer server = TestServers.failFast();

  /** Answers by path; any other path is a 404, as the servers answer a path they do not have. */
  private final Map<String, MockResponse> answers = new ConcurrentHashMap<>();

  private final List<String> asked = Collections.synchronizedList(new ArrayList<>());

  private void serve(Map<String, String> fixtures) {
    fixtures.forEach((path, name) -> answers.put(path, StreamBodies.discovery(name)));
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String path = request.getUrl().encodedPath();
            asked.add(request.getMethod() + " " + path);
            MockResponse answer = answers.get(path);
            return answer != null
                ? answer
                : StreamBodies.error(404, "{\"error\":\"404 page not found\"}");
          }
        });
  }

  private Optional<ContextWindow> windowOf(ProviderConfig provider, String model) {
    try (ProviderRegistry registry =
        new ProviderRegistry(
            TestProviders.config(provider), Map.of("OPENAI_API_KEY", "sk-test-key"))) {
      return registry.contextWindow(provider, model, TIMEOUT);
    }
  }

  private String base() {
    return server.url("/v1").toString();
  }

  @Test
  void vllmSaysItsMaxModelLenInTheModelList() {
    serve(Map.of("/v1/models", "vllm-models.json"));

    assertEquals(
        Optional.of(new ContextWindow(Server.VLLM, 16384, 0, false)),
        windowOf(TestProviders.openai(base()), "Qwen/Qwen3-8B"));
    assertEquals(List.of("GET /v1/models"), asked);
  }

  @Test
  void openRouterSaysTheContextOfItsTopProvider() {
    serve(Map.of("/api/v1/models", "openrouter-models.json"));
    ProviderConfig openRouter =
        TestProviders.openai("http://openrouter.ai:" + server.getPort() + "/api/v1");

    try (ProviderRegistry registry =
        new ProviderRegistry(
            TestProviders.config(openRouter),
            Map.of("OPENAI_API_KEY", "sk-test-key"),
            toLoopback())) {
      assertEquals(
          Optional.of(new ContextWindow(Server.OPENROUTER, 16384, 131072, false)),
          registry.contextWindow(openRouter, "meta-llama/llama-3.1-8b-instruct", TIMEOUT));
    }
  }

  /** An HTTP client that finds every host name on this machine. */
  private static OkHttpClient toLoopback() {
    return ProviderRegistry.defaultHttpClient()
        .newBuilder()
        .dns(host -> List.of(InetAddress.getLoopbackAddress()))
        .build();
  }

  @Test
  void anotherServersListingIsReadButNotNamedAfterVllmOrOpenRouter() {
    // SGLang's ModelCard has vLLM's max_model_len, owned by "sglang"; a hosted API on this host
    // (not openrouter.ai) lists OpenRouter's context_length.
    answers.put(
        "/v1/models",
        StreamBodies.json(
            "{\"object\":\"list\",\"data\":[{\"id\":\"s\",\"owned_by\":\"sglang\","
                + "\"max_model_len\":32768},{\"id\":\"h\",\"context_length\":65536}]}"));
    serve(Map.of());

    ContextWindow sglang = windowOf(TestProviders.openai(base()), "s").orElseThrow();
    ContextWindow hosted = windowOf(TestProviders.openai(base()), "h").orElseThrow();

    assertEquals(new ContextWindow(Server.OTHER, 32768, 0, false), sglang);
    assertEquals(new ContextWindow(Server.OTHER, 65536, 65536, false), hosted);
    assertEquals("the server runs h with 65,536 tokens", hosted.describe("h"));
    assertEquals(
        "pick a model with a longer context, or start the server with a longer one",
        sglang.howToRaise("openai", "s", 40000));
  }

  @Test
  void llamaCppSaysTheSlotsContextInProps() {
    serve(Map.of("/v1/models", "llamacpp-models.json", "/props", "llamacpp-props.json"));

    assertEquals(
        Optional.of(new ContextWindow(Server.LLAMA_CPP, 4096, 131072, false)),
        windowOf(TestProviders.openai(base()), "Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf"));
    assertEquals(List.of("GET /v1/models", "GET /props"), asked);
  }

  @Test
  void ollamaSaysTheLoadedRunnersContextInPs() {
    serve(
        Map.of(
            "/v1/models", "ollama-v1-models.json",
            "/api/ps", "ollama-ps.json",
            "/api/show", "ollama-show.json"));

    assertEquals(
        Optional.of(new ContextWindow(Server.OLLAMA, 4096, 131072, false)),
        windowOf(TestProviders.ollama(base()), "llama3.2"));
    assertTrue(asked.contains("POST /api/show"), asked.toString());
  }

  @Test
  void ollamaWithTheModelNotLoadedKnowsTheServerButNotTheWindow() {
    serve(
        Map.of(
            "/v1/models", "ollama-v1-models.json",
            "/api/ps", "ollama-ps-empty.json",
            "/api/show", "ollama-show.json"));

    ContextWindow window = windowOf(TestProviders.ollama(base()), "llama3.2").orElseThrow();

    assertEquals(new ContextWindow(Server.OLLAMA, 0, 131072, false), window);
    assertEquals(
        "Ollama: llama3.2 is not loaded, its window is not known yet (trained for 131,072)",
        window.describe("llama3.2"));
  }

  @Test
  void ollamaModelfilesNumCtxIsTheWindowBeforeTheModelLoads() {
    serve(
        Map.of(
            "/v1/models", "ollama-v1-models.json",
            "/api/ps", "ollama-ps-empty.json",
            "/api/show", "ollama-show-num-ctx.json"));

    assertEquals(
        Optional.of(new ContextWindow(Server.OLLAMA, 16384, 131072, true)),
        windowOf(TestProviders.ollama(base()), "gemma3-16k"));
  }

  @Test
  void lmStudioSaysTheLoadedContextInItsRestModelList() {
    serve(
        Map.of(
            "/v1/models", "lmstudio-v1-openai-models.json",
            "/api/v1/models", "lmstudio-v1-models.json"));

    assertEquals(
        Optional.of(new ContextWindow(Server.LM_STUDIO, 4096, 32768, false)),
        windowOf(TestProviders.lmstudio(base()), "qwen/qwen3-4b"));
    assertEquals(
        Optional.of(new ContextWindow(Server.LM_STUDIO, 0, 131072, true)),
        windowOf(TestProviders.lmstudio(base()), "google/gemma-3-4b"));
  }

  @Test
  void olderLmStudioSaysItInItsV0Api() {
    serve(
        Map.of(
            "/v1/models", "lmstudio-v1-openai-models.json",
            "/api/v0/models/meta-llama-3.1-8b-instruct", "lmstudio-v0-model.json"));

    assertEquals(
        Optional.of(new ContextWindow(Server.LM_STUDIO, 8192, 131072, false)),
        windowOf(TestProviders.lmstudio(base()), "meta-llama-3.1-8b-instruct"));
  }

  @Test
  void theCheckReportsTheServerFoundAndTheDefaultModelsWindow() {
    serve(
        Map.of(
            "/v1/models", "ollama-v1-models.json",
            "/api/ps", "ollama-ps.json",
            "/api/show", "ollama-show.json"));
    ProviderConfig ollama = TestProviders.ollama(base());

    try (ProviderRegistry registry = new ProviderRegistry(TestProviders.config(ollama), Map.of())) {
      assertEquals(
          new ProviderCheck(
              ProviderCheck.Status.OK,
              "2 models; Ollama runs llama3.2 with 4,096 tokens (trained for 131,072)"),
          registry.check(ollama, ollama.defaultModel(), TIMEOUT));
    }
  }

  @Test
  void theModelTablesContextWindowWinsAndNothingIsAsked() {
    serve(Map.of("/v1/models", "vllm-models.json"));
    ProviderConfig configured =
        TestProviders.openai(base()).toBuilder()
            .models(
                Map.of(
                    "Qwen/Qwen3-8B",
                    new ModelSettings(0, "", 8000, ExtraBody.EMPTY, Map.of(), Optional.empty())))
            .build();

    assertEquals(
        Optional.of(ContextWindow.configured(8000)), windowOf(configured, "Qwen/Qwen3-8B"));
    assertEquals(List.of(), asked);
  }

  @Test
  void aServerThatSaysNothingGivesNoWindow() {
    answers.put("/v1/models", StreamBodies.json("{\"object\":\"list\",\"data\":[{\"id\":\"m\"}]}"));
    serve(Map.of());

    assertEquals(Optional.empty(), windowOf(TestProviders.openai(base()), "m"));
  }

  @Test
  void aHostedApiIsNotAskedForOllamasOrLmStudiosPaths() {
    serve(Map.of());
    // A provider neither on this machine nor named after a local server, whose name leads here.
    ProviderConfig hosted =
        TestProviders.openai("http://models.example:" + server.getPort() + "/v1");
    try (ProviderRegistry registry =
        new ProviderRegistry(
            TestProviders.config(hosted), Map.of("OPENAI_API_KEY", "sk-test-key"), toLoopback())) {
      assertEquals(Optional.empty(), registry.contextWindow(hosted, "m", TIMEOUT));
    }
    assertEquals(List.of("GET /v1/models"), asked);
  }

  @Test
  void anUnreachableServerGivesNoWindowAndNoError() throws Exception {
    ProviderConfig gone =
        TestProviders.ollama("http://127.0.0.1:" + TestServers.closedPort() + "/v1");

    assertEquals(Optional.empty(), windowOf(gone, "llama3.2"));
  }
}
