package dev.agent.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.agent.chat.ChatRequest;
import dev.agent.chat.Message;
import dev.agent.config.ProviderConfig;
import dev.agent.config.WireApi;
import dev.agent.testing.RecordingListener;
import dev.agent.testing.StreamBodies;
import dev.agent.testing.TestProviders;
import dev.agent.testing.TestServers;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** OpenAI's Responses API: the request agent sends, and what it makes of each stream. */
class ResponsesClientTest {
  private static final String KEY = "sk-proj-responses-0123456789";
  private static final Map<String, String> ENV =
      Map.of("OPENAI_API_KEY", KEY, "AZURE_OPENAI_API_KEY", KEY);

  @StartStop private final MockWebServer server = TestServers.failFast();

  private String base(String path) {
    String url = server.url(path).toString();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static ProviderConfig responses(ProviderConfig provider) {
    return provider.toBuilder().wireApi(WireApi.RESPONSES).build();
  }

  private RecordingListener stream(ProviderConfig provider, ChatRequest request) throws Exception {
    RecordingListener listener = new RecordingListener();
    new ProviderRegistry(TestProviders.config(provider), ENV)
        .client(provider).stream(request, listener);
    listener.awaitEnd();
    return listener;
  }

  private static final String SIMPLE =
      "event: response.output_text.delta\n"
          + "data: {\"type\":\"response.output_text.delta\",\"item_id\":\"msg_1\","
          + "\"output_index\":0,\"content_index\":0,\"delta\":\"Hi\"}\n\n"
          + "event: response.completed\n"
          + "data: {\"type\":\"response.completed\",\"response\":{\"status\":\"completed\","
          + "\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n";

  @Test
  void theConversationGoesAsInputItemsWithTheSystemPromptAsInstructions() throws Exception {
    server.enqueue(StreamBodies.eventStream(SIMPLE));
    ProviderConfig openai =
        responses(TestProviders.openai(base("/v1"))).toBuilder().maxTokens(500).build();

    RecordingListener listener =
        stream(
            openai,
            new ChatRequest(
                "gpt-5",
                List.of(
                    Message.system("Be brief."),
                    Message.user("Hi"),
                    Message.assistant("Hello."),
                    Message.user("27 * 453?")),
                "high"));

    RecordedRequest request = server.takeRequest();
    assertEquals("/v1/responses", request.getUrl().encodedPath());
    assertEquals("Bearer " + KEY, request.getHeaders().get("Authorization"));
    assertEquals(
        "{\"model\":\"gpt-5\",\"instructions\":\"Be brief.\",\"input\":["
            + "{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\","
            + "\"text\":\"Hi\"}]},"
            + "{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\","
            + "\"text\":\"Hello.\"}]},"
            + "{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\","
            + "\"text\":\"27 * 453?\"}]}],"
            + "\"stream\":true,\"store\":false,\"max_output_tokens\":500,"
            + "\"reasoning\":{\"effort\":\"high\",\"summary\":\"auto\"}}",
        request.getBody().utf8());
    assertEquals(List.of("text:Hi", "completed:5/1:completed"), listener.described());
  }

  @Test
  void nothingIsAskedForThatWasNotConfigured() throws Exception {
    server.enqueue(StreamBodies.eventStream(SIMPLE));

    stream(
        responses(TestProviders.openai(base("/v1"))),
        new ChatRequest("gpt-5", List.of(Message.user("Hi"))));

    assertEquals(
        "{\"model\":\"gpt-5\",\"input\":[{\"type\":\"message\",\"role\":\"user\",\"content\":"
            + "[{\"type\":\"input_text\",\"text\":\"Hi\"}]}],\"stream\":true,\"store\":false}",
        server.takeRequest().getBody().utf8());
  }

  @Test
  void azureV1BaseTakesThePlainPathWithItsApiKeyHeader() throws Exception {
    server.enqueue(StreamBodies.eventStream(SIMPLE));

    stream(
        responses(TestProviders.azure(base("/openai/v1"), Map.of())),
        new ChatRequest("gpt-5-mini", List.of(Message.user("Hi"))));

    RecordedRequest request = server.takeRequest();
    assertEquals("/openai/v1/responses", request.getUrl().encodedPath());
    assertNull(request.getUrl().queryParameter("api-version"));
    assertEquals(KEY, request.getHeaders().get("api-key"));
    assertNull(request.getHeaders().get("Authorization"));
  }

  @Test
  void azureResourceEndpointTakesOpenAiResponsesWithItsApiVersion() throws Exception {
    server.enqueue(StreamBodies.eventStream(SIMPLE));

    stream(
        responses(TestProviders.azure(base(""), Map.of("api-version", "2025-04-01-preview"))),
        new ChatRequest("gpt-5-mini", List.of(Message.user("Hi"))));

    RecordedRequest request = server.takeRequest();
    assertEquals("/openai/responses", request.getUrl().encodedPath());
    assertEquals("2025-04-01-preview", request.getUrl().queryParameter("api-version"));
  }

  @Test
  void aStreamThatEndsWithoutResponseCompletedIsIncomplete() throws Exception {
    server.enqueue(
        StreamBodies.eventStream(
            """
            event: response.output_text.delta
            data: {"type":"response.output_text.delta","delta":"hello"}

            """));

    RecordingListener listener =
        stream(
            responses(TestProviders.openai(base("/v1"))),
            new ChatRequest("gpt-5", List.of(Message.user("Hi"))));

    assertEquals(
        List.of(
            "text:hello",
            "failed:INCOMPLETE:openai: the stream ended before the reply finished (no"
                + " response.completed); the reply may be cut short, try again"),
        listener.described());
  }

  /** The reasoning, the answer and the last event agent makes of a recorded stream. */
  private List<String> replay(String fixture) throws Exception {
    server.enqueue(StreamBodies.replayEventByEvent(fixture));
    RecordingListener listener =
        stream(
            responses(TestProviders.openai(base("/v1"))),
            new ChatRequest("gpt-5", List.of(Message.user("What is 27 * 453?"))));
    List<String> events = listener.described();
    return List.of(listener.reasoning(), listener.text(), events.get(events.size() - 1));
  }

  @Test
  void aTextReplyIsItsDeltasAndTheCompletedResponsesUsage() throws Exception {
    assertEquals(
        List.of("", "27 * 453 = 12,231.", "completed:15/9:completed"),
        replay("responses-text.sse"));
  }

  @Test
  void reasoningSummariesAreReasoningWithABlankLineBetweenParts() throws Exception {
    assertEquals(
        List.of(
            "**Multiplying 27 by 453**\n\n27 × 450 = 12,150 and 27 × 3 = 81.\n\n**Adding up**\n\n"
                + "12,150 + 81 = 12,231.",
            "27 * 453 = 12,231.",
            "completed:15/214:completed"),
        replay("responses-reasoning-summary.sse"));
  }

  @Test
  void rawReasoningTextIsReasoning() throws Exception {
    assertEquals(
        List.of(
            "We need 27*453: 27*450=12150, plus 27*3=81, so 12231.",
            "27 * 453 = 12,231.",
            "completed:75/42:completed"),
        replay("responses-reasoning-text.sse"));
  }

  @Test
  void anIncompleteResponseIsCutOffAtTheOutputLimit() throws Exception {
    assertEquals(
        List.of("", "27 * 453 = 12,", "completed:15/64:max_output_tokens"),
        replay("responses-incomplete.sse"));
  }

  @Test
  void aFailedResponseFailsInTheServersWords() throws Exception {
    assertEquals(
        List.of(
            "",
            "",
            "failed:SERVER:openai: the server reported an error during the reply (server_error: An"
                + " error occurred while processing your request. You can retry your request, or"
                + " contact us through our help center at help.openai.com if the error persists."
                + " Please include the request ID req_6b6949f7f…); try again"),
        replay("responses-failed.sse"));
  }

  @Test
  void anErrorEventFailsTheReplyInEitherShape() throws Exception {
    String said =
        " the server reported an error during the reply (%sRate limit reached for gpt-4.1 in"
            + " organization org-BpniYPh9Dx5KPdD1UqUfhIxW on tokens per min (TPM): Limit 30000, Used"
            + " 25265, Requested 8020. Please try again in 6.57s. Visit https://platform.openai.c…);"
            + " wait a moment and try again";
    assertEquals(
        List.of("", "", "failed:RATE_LIMITED:openai:" + String.format(said, "tokens: ")),
        replay("responses-error-event.sse"));
    assertEquals(
        List.of(
            "", "", "failed:RATE_LIMITED:openai:" + String.format(said, "rate_limit_exceeded: ")),
        replay("responses-error-event-flat.sse"));
  }

  @Test
  void webSearchesAnnotationsAndEventsFromTheFutureArePassedOver() throws Exception {
    // The stream also asks for a function call, which agent does not run, and says so.
    assertEquals(
        List.of("", "27 * 453 = 12,231.", "completed:318/41:function_call"),
        replay("responses-unknown-items.sse"));
  }
}
