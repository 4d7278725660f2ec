package dev.agent.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent.chat.ChatRequest;
import dev.agent.chat.Message;
import dev.agent.config.ExtraBody;
import dev.agent.config.MaxTokensField;
import dev.agent.config.ProviderConfig;
import dev.agent.testing.RecordingListener;
import dev.agent.testing.StreamBodies;
import dev.agent.testing.TestProviders;
import dev.agent.testing.TestServers;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Errors in each server's own words, whatever shape its body takes, on one line with no JSON
 * punctuation; and retries only where waiting helps. The bodies are the servers' own, from their
 * source or docs as cited at each test.
 */
class ServerErrorsTest {
  private static final ChatRequest REQUEST =
      new ChatRequest("m", List.of(Message.user("What is 27 * 453?")));

  @StartStop private final MockWebServer server = TestServers.failFast();
  private final TestTimer timer = TestTimer.immediate();

  @AfterEach
  void stop() {
    timer.close();
  }

  /** A custom provider on the test server, as a user would add it, with two retries. */
  private ProviderConfig.Builder provider(String id) {
    return ProviderConfig.builder(id)
        .baseUrl(server.url("/v1").toString().replaceAll("/$", ""))
        .envKey("TEST_KEY")
        .defaultModel("m")
        .requestMaxRetries(2);
  }

  private List<String> events(String id) throws Exception {
    return events(client(provider(id).build()));
  }

  private static List<String> events(ChatClient client) throws Exception {
    RecordingListener listener = new RecordingListener();
    client.stream(REQUEST, listener);
    return listener.awaitEnd();
  }

  private ChatClient client(ProviderConfig provider) throws Exception {
    Backoff backoff =
        new Backoff(
            timer, Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC), () -> 0.0);
    return new ProviderRegistry(
            TestProviders.config(provider),
            Map.of("TEST_KEY", "sk-test-0123456789"),
            ProviderRegistry.defaultHttpClient(),
            backoff)
        .client(provider);
  }

  private static final String MISTRAL_422 =
      "{\"object\":\"error\",\"message\":{\"detail\":[{\"type\":\"extra_forbidden\","
          + "\"loc\":[\"body\",\"stream_options\"],\"msg\":\"Extra inputs are not permitted\","
          + "\"input\":{\"include_usage\":true}}]},\"type\":\"invalid_request_message_error\","
          + "\"param\":null,\"code\":null}";

  @Test
  void aFieldAgentAddedThatTheServerRefusesIsLeftOutFromThenOn() throws Exception {
    server.enqueue(StreamBodies.error(422, MISTRAL_422));
    server.enqueue(StreamBodies.replay("openai-chat.sse"));
    server.enqueue(StreamBodies.replay("openai-chat.sse"));
    ChatClient mistral = client(provider("mistral").build());

    List<String> first = events(mistral);
    List<String> second = events(mistral);

    assertEquals(first, second);
    assertEquals("completed:", first.get(first.size() - 1).substring(0, 10), first.toString());
    assertTrue(server.takeRequest().getBody().utf8().contains("\"stream_options\""));
    assertFalse(server.takeRequest().getBody().utf8().contains("stream_options"));
    assertFalse(server.takeRequest().getBody().utf8().contains("stream_options"));
  }

  @Test
  void aRefusedOutputLimitFieldIsLeftOutToo() throws Exception {
    server.enqueue(
        StreamBodies.error(
            400,
            "{\"error\":{\"message\":\"Unrecognized request argument supplied:"
                + " max_completion_tokens\",\"type\":\"invalid_request_error\"}}"));
    server.enqueue(StreamBodies.replay("openai-chat.sse"));
    ProviderConfig old =
        provider("old-proxy")
            .maxTokens(500)
            .maxTokensField(MaxTokensField.MAX_COMPLETION_TOKENS)
            .build();

    events(client(old));

    assertTrue(server.takeRequest().getBody().utf8().contains("\"max_completion_tokens\":500"));
    String resent = server.takeRequest().getBody().utf8();
    assertFalse(resent.contains("max_completion_tokens"), resent);
    assertTrue(resent.contains("\"stream_options\""), resent);
  }

  @Test
  void aRefusedFieldThatExtraBodySetsIsNotLeftOut() throws Exception {
    server.enqueue(
        StreamBodies.error(
            400,
            "{\"error\":{\"message\":\"Unrecognized request argument supplied:"
                + " max_completion_tokens\",\"type\":\"invalid_request_error\"}}"));
    ProviderConfig asked =
        provider("old-proxy")
            .maxTokensField(MaxTokensField.MAX_COMPLETION_TOKENS)
            .extraBody(new ExtraBody(Map.of("max_completion_tokens", 300L)))
            .build();

    List<String> events = events(client(asked));

    assertEquals(1, events.size(), events.toString());
    assertEquals(1, server.getRequestCount());
    assertTrue(server.takeRequest().getBody().utf8().contains("\"max_completion_tokens\":300"));
  }

  @Test
  void aRefusalNamingNoFieldAgentAddedIsNotSentAgain() throws Exception {
    server.enqueue(
        StreamBodies.error(400, "{\"error\":{\"message\":\"temperature must be at most 2\"}}"));

    List<String> events = events("strict");

    assertEquals(1, events.size(), events.toString());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void streamUsageFalseNeverAsksForUsage() throws Exception {
    server.enqueue(StreamBodies.replay("openai-chat.sse"));

    events(client(provider("mistral").streamUsage(false).build()));

    assertFalse(server.takeRequest().getBody().utf8().contains("stream_options"));
  }

  @Test
  void mistralsValidationErrorNamesTheRefusedField() throws Exception {
    // Mistral's API answers a field it does not know with 422 and FastAPI-style details under
    // "message" (seen with top_k; mistralai/client-python HTTPValidationError).
    server.enqueue(
        StreamBodies.error(
            422,
            "{\"object\":\"error\",\"message\":{\"detail\":[{\"type\":\"extra_forbidden\","
                + "\"loc\":[\"body\",\"top_k\"],\"msg\":\"Extra inputs are not permitted\","
                + "\"input\":40}]},\"type\":\"invalid_request_message_error\","
                + "\"param\":null,\"code\":null}"));

    assertEquals(
        List.of(
            "failed:BAD_REQUEST:mistral: the request was refused (HTTP 422: top_k: Extra"
                + " inputs are not permitted)"),
        events(client(provider("mistral").streamUsage(false).build())));
  }

  @Test
  void geminisErrorInAnArrayIsRead() throws Exception {
    // Gemini's OpenAI-compatible endpoint wraps google.rpc.Status in a JSON array
    // (ai.google.dev/gemini-api/docs/openai; googleapis/google-cloud-python errors).
    server.enqueue(
        StreamBodies.error(
            400,
            "[{\n  \"error\": {\n    \"code\": 400,\n    \"message\": \"API key not valid. Please"
                + " pass a valid API key.\",\n    \"status\": \"INVALID_ARGUMENT\",\n"
                + "    \"details\": [{\"@type\": \"type.googleapis.com/google.rpc.ErrorInfo\","
                + " \"reason\": \"API_KEY_INVALID\"}]\n  }\n}]\n"));

    assertEquals(
        List.of(
            "failed:BAD_REQUEST:gemini: the request was refused (HTTP 400: API key not valid."
                + " Please pass a valid API key.)"),
        events("gemini"));
  }

  @Test
  void geminisSpentDailyQuotaIsNotRetried() throws Exception {
    server.enqueue(
        StreamBodies.error(
            429,
            "[{\"error\":{\"code\":429,\"message\":\"You exceeded your current quota, please check"
                + " your plan and billing details.\\n* Quota exceeded for metric:"
                + " generativelanguage.googleapis.com/generate_content_free_tier_requests, limit:"
                + " 50\",\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":"
                + "\"type.googleapis.com/google.rpc.QuotaFailure\",\"violations\":[{\"quotaId\":"
                + "\"GenerateRequestsPerDayPerProjectPerModel-FreeTier\"}]},{\"@type\":"
                + "\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"43s\"}]}}]"));

    List<String> events = events("gemini");

    assertEquals(1, events.size(), events.toString());
    assertEquals(
        "failed:RATE_LIMITED:gemini: the account's quota is spent (HTTP 429: You exceeded your"
            + " current quota, please check your plan and billing details. * Quota exceeded for"
            + " metric: generativelanguage.googleapis.com/generate_content_free_tier_requests,"
            + " limit: 50); check its plan and billing",
        events.get(0));
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void geminisPerMinuteLimitIsWaitedFor() throws Exception {
    server.enqueue(
        StreamBodies.error(
            429,
            "[{\"error\":{\"code\":429,\"message\":\"You exceeded your current quota, please check"
                + " your plan and billing details.\",\"status\":\"RESOURCE_EXHAUSTED\",\"details\":"
                + "[{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\",\"violations\":"
                + "[{\"quotaId\":\"GenerateRequestsPerMinutePerProjectPerModel-FreeTier\"}]},"
                + "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"3s\"}]}}]"));
    server.enqueue(StreamBodies.replay("openai-chat.sse"));

    List<String> events = events("gemini");

    assertEquals("retrying", events.get(0).substring(0, 8), events.toString());
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void ollamasOutOfMemoryFailsAtOnceWithWhatToDo() throws Exception {
    // ollama/ollama llm/server.go: "model requires more system memory (%s) than is available (%s)"
    server.enqueue(
        StreamBodies.error(
            500,
            "{\"error\":\"model requires more system memory (16.0 GiB) than is available (7.5"
                + " GiB)\"}"));

    assertEquals(
        List.of(
            "failed:SERVER:ollama-box: the server has too little memory for the model (HTTP 500:"
                + " model requires more system memory (16.0 GiB) than is available (7.5 GiB));"
                + " pick a smaller model or free memory on the server"),
        events("ollama-box"));
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void llamaCppLoadingAModelIsWaitedForAndSaidSo() throws Exception {
    // ggml-org/llama.cpp tools/server/server.cpp: while loading, every route answers 503 with
    // format_error_response("Loading model", ERROR_TYPE_UNAVAILABLE).
    String loading =
        "{\"error\":{\"code\":503,\"message\":\"Loading model\",\"type\":\"unavailable_error\"}}";
    for (int i = 0; i < 3; i++) {
      server.enqueue(StreamBodies.error(503, loading));
    }

    List<String> events = events("llama");

    assertEquals(
        List.of(
            "retrying:2/3:500ms:the server is still loading the model",
            "retrying:3/3:1000ms:the server is still loading the model",
            "failed:SERVER:llama: the server is still loading the model (HTTP 503: Loading"
                + " model); try again in a moment (3 attempts)"),
        events);
  }

  @Test
  void fastApiDetailListsAreFlattened() throws Exception {
    // vLLM and LiteLLM answer request validation errors FastAPI's way: {"detail": [{loc, msg}]}.
    server.enqueue(
        StreamBodies.error(
            422,
            "{\"detail\":[{\"type\":\"missing\",\"loc\":[\"body\",\"messages\"],\"msg\":\"Field"
                + " required\",\"input\":{\"model\":\"m\"}},{\"type\":\"int_parsing\",\"loc\":"
                + "[\"body\",\"max_tokens\"],\"msg\":\"Input should be a valid integer\"}]}"));

    assertEquals(
        List.of(
            "failed:BAD_REQUEST:vllm: the request was refused (HTTP 422: messages: Field required;"
                + " max_tokens: Input should be a valid integer)"),
        events("vllm"));
  }

  @Test
  void aMessageThatIsAnObjectIsTextNotJson() throws Exception {
    server.enqueue(
        StreamBodies.error(
            400, "{\"error\":{\"message\":{\"reason\":\"bad input\",\"hint\":[\"a\",\"b\"]}}}"));

    assertEquals(
        List.of(
            "failed:BAD_REQUEST:gw: the request was refused (HTTP 400: reason bad input; hint"
                + " a; b)"),
        events("gw"));
  }

  @Test
  void llamaCppsErrorLineIsShownNotAnEmptyReply() throws Exception {
    server.enqueue(StreamBodies.replay("llamacpp-error-line.sse"));

    assertEquals(
        List.of(
            "failed:BAD_REQUEST:llama: the server reported an error during the reply"
                + " (invalid_request_error: the request exceeds the available context size. try"
                + " increasing the context size or enable context shift); check the model name and"
                + " the provider's settings"),
        events("llama"));
  }

  @Test
  void liteLlmsInStreamErrorHasNoNoneLabel() throws Exception {
    // BerriAI/litellm proxy_server.py async_data_generator: on an exception mid-stream it yields
    // data: {"error": {"message": …, "type": "None", "param": "None", "code": "500"}}
    server.enqueue(
        StreamBodies.eventStream(
            "data: {\"error\": {\"message\": \"litellm.APIConnectionError: Connection reset by"
                + " peer\", \"type\": \"None\", \"param\": \"None\", \"code\": \"500\"}}\n\n"));

    assertEquals(
        List.of(
            "failed:SERVER:litellm: the server reported an error during the reply"
                + " (litellm.APIConnectionError: Connection reset by peer); try again"),
        events("litellm"));
  }
}
