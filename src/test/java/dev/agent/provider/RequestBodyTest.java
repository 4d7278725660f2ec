package dev.agent.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent.chat.ChatRequest;
import dev.agent.chat.Message;
import dev.agent.config.AgentConfig;
import dev.agent.config.ConfigLoader;
import dev.agent.config.ProviderConfig;
import dev.agent.config.Selection;
import dev.agent.config.WireApi;
import dev.agent.testing.RecordingListener;
import dev.agent.testing.StreamBodies;
import dev.agent.testing.TestProviders;
import dev.agent.testing.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Request bodies: written without an ObjectMapper, byte for byte as one would write them; and what
 * each wire format and built-in sends of the output limit and the reasoning effort, exactly, as a
 * loopback server receives it.
 */
class RequestBodyTest {
  private static final Map<String, String> ENV =
      Map.of(
          "OPENAI_API_KEY", "sk-openai-test",
          "AZURE_OPENAI_API_KEY", "azure-test",
          "ANTHROPIC_API_KEY", "sk-ant-test");
  private static final String MESSAGES = "[{\"role\":\"user\",\"content\":\"Hi\"}]";
  private static final String CHAT_TAIL =
      ",\"stream\":true,\"stream_options\":{\"include_usage\":true}";

  private final ObjectMapper json = new ObjectMapper();
  @StartStop private final MockWebServer server = TestServers.failFast();
  @TempDir Path dir;

  @Test
  void aBodyIsTheBytesAMapperWouldWrite() throws Exception {
    ObjectNode body = HttpChatClient.newObject();
    body.put("model", "gpt-4o");
    body.putArray("messages")
        .addObject()
        .put("role", "user")
        .put("content", "quote \" backslash \\ newline \n tab \t control \u0001 é 😀 \u2028");
    body.put("stream", true);
    body.putObject("stream_options").put("include_usage", false).putNull("none");
    body.put("max_tokens", 8192);
    body.put("big", 1L << 40);
    body.putArray("empty");
    assertArrayEquals(new ObjectMapper().writeValueAsBytes(body), HttpChatClient.toBytes(body));
  }

  private String base(String path) {
    return server.url(path).toString().replaceAll("/$", "");
  }

  /** The body {@code provider} sends for one "Hi" to {@code model} at {@code effort}. */
  private String send(ProviderConfig provider, String model, String effort) throws Exception {
    return request(provider, model, effort).getBody().utf8();
  }

  /** The request {@code provider} sends for one "Hi" to {@code model} at {@code effort}. */
  private RecordedRequest request(ProviderConfig provider, String model, String effort)
      throws Exception {
    server.enqueue(
        StreamBodies.replay(
            provider.wireApi() == WireApi.ANTHROPIC
                ? "anthropic-messages.sse"
                : "openai-chat.sse"));
    RecordingListener listener = new RecordingListener();
    try (ProviderRegistry registry = new ProviderRegistry(TestProviders.config(provider), ENV)) {
      registry.client(provider).stream(
          new ChatRequest(model, List.of(Message.user("Hi")), effort), listener);
      listener.awaitEnd();
    }
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertNotNull(request, "no request reached the server");
    return request;
  }

  private void assertJson(String expected, String actual) throws Exception {
    assertEquals(json.readTree(expected), json.readTree(actual), actual);
  }

  /** A provider from config.toml text (its base URL the test server's), as the loader binds it. */
  private ProviderConfig configured(String id, String table) throws Exception {
    Path file = dir.resolve("config.toml");
    Files.writeString(
        file, "[model_providers." + id + "]\nbase_url = \"" + base("/v1") + "\"\n" + table);
    AgentConfig config = new ConfigLoader(Map.of()).load(file, true, List.of());
    return config.provider(id).toBuilder().requestMaxRetries(0).build();
  }

  /**
   * The configuration from config.toml text in which {@code BASE} stands for the test server's base
   * URL.
   */
  private AgentConfig configuredFile(String toml) throws Exception {
    Path file = dir.resolve("config.toml");
    Files.writeString(file, toml.replace("BASE", base("/v1")));
    return new ConfigLoader(Map.of()).load(file, true, List.of());
  }

  private static final String LOCAL_MODELS =
      """
      temperature = 0.2
      extra_body = { seed = 42, chat_template_kwargs = { enable_thinking = false, a = 1 } }

      [model_providers.local]
      base_url = "BASE"
      max_tokens = 100
      request_max_retries = 0
      top_p = 0.9
      http_headers = { "X-Team" = "a", "X-Other" = "b" }

      [model_providers.local.models."qwen3:8b"]
      max_tokens = 200
      temperature = 0.6
      http_headers = { "x-team" = "c" }
      extra_body = { top_k = 20, chat_template_kwargs = { enable_thinking = true }, \
      stream_options = { include_obfuscation = false }, stop = ["</s>"], options = { \
      num_ctx = 8192 } }
      """;

  @Test
  void chatCompletionsLayTheModelsExtraBodyOverAgentsOwnFields() throws Exception {
    ProviderConfig local = configuredFile(LOCAL_MODELS).provider("local");

    String body = send(local, "qwen3:8b", "low");

    assertEquals(
        "{\"model\":\"qwen3:8b\",\"messages\":"
            + MESSAGES
            + ",\"stream\":true,\"stream_options\":{\"include_usage\":true,"
            + "\"include_obfuscation\":false},\"max_tokens\":200,\"reasoning_effort\":\"low\","
            + "\"seed\":42,\"chat_template_kwargs\":{\"enable_thinking\":true,\"a\":1},"
            + "\"temperature\":0.6,\"top_p\":0.9,\"top_k\":20,\"stop\":[\"</s>\"],"
            + "\"options\":{\"num_ctx\":8192}}",
        body);
  }

  @Test
  void anotherModelOfTheProviderGoesWithTheProvidersSettings() throws Exception {
    ProviderConfig local = configuredFile(LOCAL_MODELS).provider("local");

    String body = send(local, "llama3.2", "");

    assertEquals(
        "{\"model\":\"llama3.2\",\"messages\":"
            + MESSAGES
            + CHAT_TAIL
            + ",\"max_tokens\":100,\"seed\":42,"
            + "\"chat_template_kwargs\":{\"enable_thinking\":false,\"a\":1},"
            + "\"temperature\":0.2,\"top_p\":0.9}",
        body);
  }

  @Test
  void aModelsHeadersGoOverTheProvidersForThatModelOnly() throws Exception {
    ProviderConfig local = configuredFile(LOCAL_MODELS).provider("local");

    RecordedRequest qwen = request(local, "qwen3:8b", "");
    RecordedRequest llama = request(local, "llama3.2", "");

    assertEquals(List.of("c"), qwen.getHeaders().values("X-Team"));
    assertEquals(List.of("b"), qwen.getHeaders().values("X-Other"));
    assertEquals(List.of("a"), llama.getHeaders().values("X-Team"));
    assertEquals(List.of("b"), llama.getHeaders().values("X-Other"));
  }

  @Test
  void extraBodyReplacesAnOutputLimitAgentWouldSend() throws Exception {
    ProviderConfig openai =
        configured("openai", "max_tokens = 500\nextra_body = { max_completion_tokens = 50 }\n");

    String body = send(openai, "gpt-4o", "");

    assertEquals(
        "{\"model\":\"gpt-4o\",\"messages\":"
            + MESSAGES
            + CHAT_TAIL
            + ",\"max_completion_tokens\":50}",
        body);
  }

  @Test
  void anthropicLaysTheModelsExtraBodyOverItsOwnFields() throws Exception {
    AgentConfig config =
        configuredFile(
            """
            top_p = 0.9

            [model_providers.anthropic]
            base_url = "BASE"
            max_tokens = 3000
            request_max_retries = 0

            [model_providers.anthropic.models."claude-opus-4-5"]
            max_tokens = 1000
            temperature = 1
            extra_body = { top_k = 5, metadata = { user_id = "u-1" }, thinking = { x = true } }
            """);

    String opus = send(config.provider("anthropic"), "claude-opus-4-5", "high");
    String sonnet = send(config.provider("anthropic"), "claude-sonnet-4-5", "");

    assertEquals(
        "{\"model\":\"claude-opus-4-5\",\"max_tokens\":5096,\"thinking\":{\"type\":\"enabled\","
            + "\"budget_tokens\":4096,\"x\":true},\"messages\":"
            + MESSAGES
            + ",\"stream\":true,\"top_p\":0.9,\"top_k\":5,"
            + "\"metadata\":{\"user_id\":\"u-1\"},\"temperature\":1}",
        opus);
    assertEquals(
        "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":3000,\"messages\":"
            + MESSAGES
            + ",\"stream\":true,\"top_p\":0.9}",
        sonnet);
  }

  @Test
  void theModelTablesEffortReachesTheRequestThroughTheSelection() throws Exception {
    AgentConfig config =
        configuredFile(
            """
            [model_providers.local]
            base_url = "BASE"
            reasoning_effort = "low"
            request_max_retries = 0

            [model_providers.local.models."gpt-oss:20b"]
            reasoning_effort = "high"
            """);
    Selection selection = config.select("local", "gpt-oss:20b");

    String body = send(selection.provider(), selection.model(), selection.reasoningEffort());

    assertEquals(
        "{\"model\":\"gpt-oss:20b\",\"messages\":"
            + MESSAGES
            + CHAT_TAIL
            + ",\"reasoning_effort\":\"high\"}",
        body);
  }

  @Test
  void chatCompletionsSendNoEffortUnlessAskedFor() throws Exception {
    String body = send(TestProviders.ollama(base("/v1")), "qwen3", "");

    assertJson("{\"model\":\"qwen3\",\"messages\":" + MESSAGES + CHAT_TAIL + "}", body);
  }

  @ParameterizedTest
  @CsvSource({"none", "minimal", "low", "medium", "high", "xhigh"})
  void chatCompletionsSendTheEffortAsReasoningEffort(String effort) throws Exception {
    String body = send(TestProviders.ollama(base("/v1")), "qwen3", effort);

    assertJson(
        "{\"model\":\"qwen3\",\"messages\":"
            + MESSAGES
            + CHAT_TAIL
            + ",\"reasoning_effort\":\""
            + effort
            + "\"}",
        body);
  }

  @Test
  void openaiSendsTheLimitAsMaxCompletionTokens() throws Exception {
    ProviderConfig openai = TestProviders.openai(base("/v1")).toBuilder().maxTokens(2000).build();

    String body = send(openai, "o3-mini", "high");

    assertJson(
        "{\"model\":\"o3-mini\",\"messages\":"
            + MESSAGES
            + CHAT_TAIL
            + ",\"max_completion_tokens\":2000,\"reasoning_effort\":\"high\"}",
        body);
  }

  @Test
  void azureSendsTheLimitAsMaxCompletionTokens() throws Exception {
    ProviderConfig azure =
        TestProviders.azure(base(""), Map.of()).toBuilder().maxTokens(300).build();

    String body = send(azure, "o4-mini", "");

    assertJson(
        "{\"model\":\"o4-mini\",\"messages\":"
            + MESSAGES
            + CHAT_TAIL
            + ",\"max_completion_tokens\":300}",
        body);
  }

  @Test
  void otherChatServersSendMaxTokens() throws Exception {
    ProviderConfig lmstudio =
        TestProviders.lmstudio(base("/v1")).toBuilder().maxTokens(512).build();

    String body = send(lmstudio, "qwen3", "");

    assertJson(
        "{\"model\":\"qwen3\",\"messages\":" + MESSAGES + CHAT_TAIL + ",\"max_tokens\":512}", body);
  }

  @Test
  void maxTokensFieldPicksTheFieldForACustomServer() throws Exception {
    ProviderConfig vllm =
        configured("vllm", "max_tokens = 700\nmax_tokens_field = \"max_completion_tokens\"\n");

    String body = send(vllm, "gpt-oss-20b", "");

    assertJson(
        "{\"model\":\"gpt-oss-20b\",\"messages\":"
            + MESSAGES
            + CHAT_TAIL
            + ",\"max_completion_tokens\":700}",
        body);
  }

  @Test
  void maxTokensFieldTakesOpenaiBackToMaxTokens() throws Exception {
    ProviderConfig openai =
        configured("openai", "max_tokens = 50\nmax_tokens_field = \"max_tokens\"\n");

    String body = send(openai, "gpt-4o", "");

    assertJson(
        "{\"model\":\"gpt-4o\",\"messages\":" + MESSAGES + CHAT_TAIL + ",\"max_tokens\":50}", body);
  }

  private String anthropicBody(String model, int maxTokens, String thinking) {
    return "{\"model\":\""
        + model
        + "\",\"max_tokens\":"
        + maxTokens
        + (thinking.isEmpty() ? "" : ",\"thinking\":" + thinking)
        + ",\"messages\":"
        + MESSAGES
        + ",\"stream\":true}";
  }

  @Test
  void anthropicSendsNoThinkingUnlessAskedFor() throws Exception {
    String body = send(TestProviders.anthropic(base("/v1")), "claude-sonnet-4-20250514", "");

    assertJson(anthropicBody("claude-sonnet-4-20250514", 8192, ""), body);
  }

  @Test
  void anthropicEffortNoneSendsNoThinking() throws Exception {
    String body = send(TestProviders.anthropic(base("/v1")), "claude-sonnet-4-20250514", "none");

    assertJson(anthropicBody("claude-sonnet-4-20250514", 8192, ""), body);
  }

  /** The documented table: LiteLLM's budgets, max_tokens raised above the budget when needed. */
  @ParameterizedTest
  @CsvSource({
    "minimal, 1024, 8192",
    "low, 1024, 8192",
    "medium, 2048, 8192",
    "high, 4096, 8192",
    "xhigh, 8192, 16384"
  })
  void anthropicEffortBecomesAThinkingBudget(String effort, int budget, int maxTokens)
      throws Exception {
    String body = send(TestProviders.anthropic(base("/v1")), "claude-sonnet-4-20250514", effort);

    assertJson(
        anthropicBody(
            "claude-sonnet-4-20250514",
            maxTokens,
            "{\"type\":\"enabled\",\"budget_tokens\":" + budget + "}"),
        body);
  }

  @Test
  void aConfiguredMaxTokensAtOrBelowTheBudgetIsRaisedByTheBudget() throws Exception {
    ProviderConfig anthropic =
        TestProviders.anthropic(base("/v1")).toBuilder().maxTokens(4096).build();

    String body = send(anthropic, "claude-opus-4-20250514", "high");

    assertJson(
        anthropicBody(
            "claude-opus-4-20250514", 8192, "{\"type\":\"enabled\",\"budget_tokens\":4096}"),
        body);
  }

  @Test
  void thinkingBudgetTokensSetsTheBudgetExactly() throws Exception {
    ProviderConfig anthropic = configured("anthropic", "thinking_budget_tokens = 10000\n");

    String withEffort = send(anthropic, "claude-sonnet-4-20250514", "low");
    String withoutEffort = send(anthropic, "claude-sonnet-4-20250514", "");
    String effortNone = send(anthropic, "claude-sonnet-4-20250514", "none");

    String thinking = "{\"type\":\"enabled\",\"budget_tokens\":10000}";
    assertJson(anthropicBody("claude-sonnet-4-20250514", 18192, thinking), withEffort);
    assertJson(anthropicBody("claude-sonnet-4-20250514", 18192, thinking), withoutEffort);
    assertJson(anthropicBody("claude-sonnet-4-20250514", 8192, ""), effortNone);
  }

  @ParameterizedTest
  @CsvSource({
    "claude-3-haiku-20240307, 4096",
    "claude-3-opus-20240229, 4096",
    "claude-3-sonnet-20240229, 4096",
    "claude-3-5-haiku-20241022, 8192",
    "claude-3-5-sonnet-20241022, 8192",
    "claude-3-7-sonnet-20250219, 8192",
    "claude-sonnet-4-20250514, 8192"
  })
  void anthropicDefaultMaxTokensIsOneTheModelTakes(String model, int maxTokens) throws Exception {
    String body = send(TestProviders.anthropic(base("/v1")), model, "");

    assertJson(anthropicBody(model, maxTokens, ""), body);
  }
}
