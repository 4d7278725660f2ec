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
    return request.getBody().utf8();
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
