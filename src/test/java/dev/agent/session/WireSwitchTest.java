package dev.agent.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agent.chat.StreamEvent;
import dev.agent.config.ProviderConfig;
import dev.agent.config.Selection;
import dev.agent.config.WireApi;
import dev.agent.provider.ProviderRegistry;
import dev.agent.testing.StreamBodies;
import dev.agent.testing.TestProviders;
import dev.agent.testing.TestServers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/**
 * One conversation carried across all three wire formats through the real clients: each provider
 * gets the whole conversation so far in its own shape, answers only, reasoning never.
 */
class WireSwitchTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @StartStop private final MockWebServer server = TestServers.failFast();

  @Test
  void aConversationMovesBetweenChatAnthropicAndResponses() throws Exception {
    String base = server.url("/v1").toString().replaceAll("/$", "");
    ProviderConfig chat = TestProviders.ollama(base);
    ProviderConfig anthropic = TestProviders.anthropic(base);
    ProviderConfig responses =
        TestProviders.openai(base).toBuilder().wireApi(WireApi.RESPONSES).build();
    ProviderRegistry registry =
        new ProviderRegistry(
            TestProviders.config(chat, anthropic, responses),
            Map.of("ANTHROPIC_API_KEY", "sk-ant-switch", "OPENAI_API_KEY", "sk-switch"));
    LinkedBlockingQueue<StreamEvent> ends = new LinkedBlockingQueue<>();
    ChatSession session =
        new ChatSession(
            registry::client,
            new Selection(chat, "qwen3"),
            Runnable::run,
            (turn, event) -> {
              if (event instanceof StreamEvent.Completed || event instanceof StreamEvent.Failed) {
                ends.add(event);
              }
            });

    server.enqueue(StreamBodies.replayEventByEvent("deepseek-reasoning-content.sse"));
    session.send("What is 27 * 453?");
    awaitCompleted(ends);
    session.select(new Selection(anthropic, "claude-sonnet-4-20250514"));
    server.enqueue(StreamBodies.replayEventByEvent("anthropic-thinking.sse"));
    session.send("And in words?");
    awaitCompleted(ends);
    session.select(new Selection(responses, "gpt-5"));
    server.enqueue(StreamBodies.replayEventByEvent("responses-text.sse"));
    session.send("Thanks.");
    awaitCompleted(ends);

    JsonNode first = JSON.readTree(server.takeRequest().getBody().utf8());
    JsonNode second = JSON.readTree(server.takeRequest().getBody().utf8());
    JsonNode third = JSON.readTree(server.takeRequest().getBody().utf8());
    assertEquals(List.of("user: What is 27 * 453?"), said(first.get("messages"), "content"));
    assertEquals(
        List.of("user: What is 27 * 453?", "assistant: 27 * 453 = 12,231.", "user: And in words?"),
        said(second.get("messages"), "content"));
    assertEquals(
        List.of(
            "user: What is 27 * 453?",
            "assistant: 27 * 453 = 12,231.",
            "user: And in words?",
            "assistant: 27 * 453 = **12,231**",
            "user: Thanks."),
        said(third.get("input"), "text"));
  }

  private static void awaitCompleted(LinkedBlockingQueue<StreamEvent> ends) throws Exception {
    StreamEvent end = ends.poll(10, TimeUnit.SECONDS);
    assertEquals(StreamEvent.Completed.class, end == null ? null : end.getClass(), "" + end);
  }

  /** Each message as {@code role: text}, whether its content is a string or a list of parts. */
  private static List<String> said(JsonNode messages, String textField) {
    List<String> said = new ArrayList<>();
    for (JsonNode message : messages) {
      JsonNode content = message.get("content");
      String text = content.isTextual() ? content.asText() : content.get(0).get(textField).asText();
      said.add(message.get("role").asText() + ": " + text);
    }
    return said;
  }
}
