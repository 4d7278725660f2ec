package dev.agent.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agent.chat.ChatRequest;
import dev.agent.chat.Message;
import dev.agent.config.ProviderConfig;
import dev.agent.config.ThinkTags;
import dev.agent.testing.RecordingListener;
import dev.agent.testing.StreamBodies;
import dev.agent.testing.TestProviders;
import dev.agent.testing.TestServers;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each server's way of sending reasoning (the fixtures under {@code src/test/resources/sse} cite
 * where their bytes come from), replayed through the real client: the reasoning and the answer come
 * out apart, whatever field or tag carried them.
 */
class ReasoningReplayTest {
  private static final String ANSWER = "27 * 453 = 12,231.";

  @StartStop private final MockWebServer server = TestServers.failFast();

  /** The reasoning, the answer and the end a provider of {@code wire} makes of {@code fixture}. */
  private List<String> replay(String fixture, String wire, ThinkTags thinkTags) throws Exception {
    String base = server.url("/v1").toString();
    ProviderConfig provider =
        (wire.equals("anthropic")
                ? TestProviders.anthropic(base).toBuilder()
                : TestProviders.ollama(base).toBuilder())
            .thinkTags(thinkTags)
            .build();
    server.enqueue(StreamBodies.replayEventByEvent(fixture));
    RecordingListener listener = new RecordingListener();
    new ProviderRegistry(TestProviders.config(provider), Map.of("ANTHROPIC_API_KEY", "sk-ant-t"))
        .client(provider).stream(
            new ChatRequest("m", List.of(Message.user("What is 27 * 453?"))), listener);
    List<String> events = listener.awaitEnd();
    return List.of(listener.reasoning(), listener.text(), events.get(events.size() - 1));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          deepseek-reasoning-content.sse   | chat | auto | Okay, 27 * 453 is 27 * 450 + 27 * 3 = 12150 + 81 = 12231. | completed:15/36:stop
          llamacpp-reasoning-content.sse   | chat | auto | Okay, 27 * 453 = 12231.                                    | completed:16/21:stop
          vllm-reasoning.sse               | chat | auto | 'Okay, 27 * 453 = 12231.\n'                                | completed:14/21:stop
          ollama-reasoning.sse             | chat | auto | 'Okay, 27 * 453 = 12231.\n'                                | completed:12/24:stop
          ollama-think-tags.sse            | chat | auto | 'Okay, 27 * 453 = 12231.\n'                                | completed:12/24:stop
          groq-reasoning.sse               | chat | auto | Okay, 27 * 453 = 12231.                                    | completed:16/23:stop
          together-r1-think.sse            | chat | auto | 'Okay, 27 * 453 = 12231.\n'                                | completed:13/22:eos
          r1-distill-close-only.sse        | chat | auto | 'Okay, 27 * 453 = 12231.\n'                                | completed:14/21:stop
          r1-distill-close-only.sse        | chat | open | 'Okay, 27 * 453 = 12231.\n'                                | completed:14/21:stop
          mistral-magistral-thinking.sse   | chat | auto | Okay, 27 * 453: 27 * 450 = 12150 and 27 * 3 = 81, so 12231. | completed:12/59:stop
          litellm-reasoning-content.sse    | chat | auto | Okay, 27 * 453 is 27 * 450 + 27 * 3 = 12150 + 81 = 12231. | completed:15/36:stop
          lmstudio-reasoning.sse           | chat | auto | Okay, 27 * 453 = 12231.                                    | completed:12/21:stop
          openrouter-reasoning-details.sse | chat | auto | '**Computing 27 times 453**\n\n27 * 450 = 12,150 and 27 * 3 = 81, so the product is 12,231.' | completed:15/92:stop
          anthropic-thinking.sse           | anthropic | auto | The user wants 27 * 453. 27 * 453 = 12231.            | completed:25/52:end_turn
          anthropic-redacted-thinking.sse  | anthropic | auto | [redacted thinking]                                   | completed:46/87:end_turn
          """)
  void reasoningAndAnswerComeOutApart(
      String fixture, String wire, String thinkTags, String reasoning, String end)
      throws Exception {
    String answer =
        wire.equals("anthropic") && fixture.equals("anthropic-thinking.sse")
            ? "27 * 453 = **12,231**"
            : ANSWER;
    assertEquals(
        List.of(reasoning.replace("\\n", "\n"), answer, end),
        replay(fixture, wire, ThinkTags.valueOf(thinkTags.toUpperCase(java.util.Locale.ROOT))));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"ollama-think-tags.sse", "r1-distill-close-only.sse"})
  void tagsAreTheAnswerWhenTagParsingIsOff(String fixture) throws Exception {
    List<String> said = replay(fixture, "chat", ThinkTags.OFF);
    assertEquals("", said.get(0));
    assertEquals(true, said.get(1).contains("</think>\n\n" + ANSWER), said.get(1));
  }

  @Test
  void aReplyWithReasoningButNoAnswerFailsSayingSo() throws Exception {
    server.enqueue(
        StreamBodies.eventStream(
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"Hmm.\"}}]}\n\n"
                + StreamBodies.CHAT_STOP
                + StreamBodies.DONE));
    ProviderConfig provider = TestProviders.ollama(server.url("/v1").toString());
    RecordingListener listener = new RecordingListener();
    new ProviderRegistry(TestProviders.config(provider), Map.of())
        .client(provider).stream(new ChatRequest("m", List.of(Message.user("?"))), listener);

    assertEquals(
        List.of(
            "reasoning:Hmm.",
            "failed:SERVER:ollama: the model stopped after its reasoning, with no answer"),
        listener.awaitEnd());
  }

  @Test
  void aStreamThatBreaksAfterReasoningIsNotSentAgain() throws Exception {
    server.enqueue(
        // The connection breaks halfway through the body: after the reasoning, among comments.
        StreamBodies.eventStreamBuilder(
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"Hmm.\"}}]}\n\n"
                    + ": keep-alive\n".repeat(400))
            .onResponseBody(new SocketEffect.CloseSocket())
            .build());
    ProviderConfig provider =
        TestProviders.ollama(server.url("/v1").toString()).toBuilder().requestMaxRetries(2).build();
    RecordingListener listener = new RecordingListener();
    new ProviderRegistry(TestProviders.config(provider), Map.of())
        .client(provider).stream(new ChatRequest("m", List.of(Message.user("?"))), listener);

    List<String> events = listener.awaitEnd();
    assertEquals("reasoning:Hmm.", events.get(0));
    assertEquals(2, events.size(), events.toString());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void aReplyThatSpentItsWholeBudgetThinkingEndsCutOffWithItsReasoning() throws Exception {
    assertEquals(
        List.of("Okay, the user is asking", "", "completed:16/8:length"),
        replay("openai-reasoning-length.sse", "chat", ThinkTags.AUTO));
  }
}
