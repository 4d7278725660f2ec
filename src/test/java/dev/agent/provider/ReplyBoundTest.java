package dev.agent.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent.chat.ChatException;
import dev.agent.chat.ChatRequest;
import dev.agent.chat.Message;
import dev.agent.chat.StreamEvent;
import dev.agent.config.ProviderConfig;
import dev.agent.testing.RecordingListener;
import dev.agent.testing.StreamBodies;
import dev.agent.testing.TestProviders;
import dev.agent.testing.TestServers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/**
 * A reply that never stops is cut off at its provider's bound, keeping what came before; a server
 * that keeps the connection busy with nothing is given up on after the idle timeout.
 */
class ReplyBoundTest {
  @StartStop private final MockWebServer server = TestServers.failFast();

  @Test
  void aReplyPastMaxReplyMibEndsIncompleteWithWhatArrived() throws Exception {
    // 3 MiB of answer and reasoning, with no end in sight, against a bound of 1 MiB.
    Buffer body = new Buffer();
    String thousand = "x".repeat(1000);
    for (int i = 0; i < 3 * 1049; i++) {
      String field = i % 2 == 0 ? "content" : "reasoning_content";
      body.writeUtf8(
          "data: {\"choices\":[{\"index\":0,\"delta\":{\""
              + field
              + "\":\""
              + thousand
              + "\"}}]}\n\n");
    }
    server.enqueue(StreamBodies.eventStream(body));
    ProviderConfig provider =
        TestProviders.ollama(server.url("/v1").toString()).toBuilder().maxReplyMib(1).build();
    RecordingListener listener = new RecordingListener();

    new ProviderRegistry(TestProviders.config(provider), Map.of())
        .client(provider).stream(new ChatRequest("m", List.of(Message.user("go on"))), listener);
    listener.awaitEnd();

    StreamEvent.Failed failed = listener.failure();
    assertEquals(ChatException.Kind.INCOMPLETE, failed.error().kind());
    assertEquals(
        "ollama: the reply passed 1 MiB, far more than any real reply, and was cut off there; if"
            + " it is real, raise max_reply_mib under [model_providers.ollama]",
        failed.error().getMessage());
    long kept = (long) listener.text().length() + listener.reasoning().length();
    assertEquals(1048, kept / 1000, "whole deltas up to the bound: " + kept);
    assertTrue(kept <= 1 << 20, "kept " + kept);
  }

  @Test
  void aServerTricklingKeepAlivesIsGivenUpOnAfterTheIdleTimeout() throws Exception {
    // A comment line every 50 ms for 10 s: every byte resets the socket's read timeout.
    server.enqueue(
        StreamBodies.eventStreamBuilder(
                StreamBodies.chatText("Hel") + ": keep-alive\n".repeat(200) + StreamBodies.DONE)
            .throttleBody(13, 50, TimeUnit.MILLISECONDS)
            .build());
    ProviderConfig provider = ollamaGivingUpAfterOneSecond();
    RecordingListener listener = new RecordingListener();
    long started = System.nanoTime();

    new ProviderRegistry(TestProviders.config(provider), Map.of())
        .client(provider).stream(new ChatRequest("m", List.of(Message.user("hi"))), listener);

    assertEquals(
        List.of(
            "text:Hel",
            "failed:TIMEOUT:ollama: the server sent no reply for 1 s, only keep-alives or"
                + " nothing; try again"),
        listener.awaitEnd());
    assertTrue(
        System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5), "given up long before the end");
  }

  @Test
  void aModelListTrickledAByteAtATimeIsGivenUpOnAfterTheIdleTimeout() throws Exception {
    // A model list of 2,000 bytes, one byte every 10 ms: each byte resets the socket's read
    // timeout, so only a bound on the whole answer ends it before its 20 s.
    server.enqueue(
        new MockResponse.Builder()
            .addHeader("Content-Type", "application/json")
            .body("{\"data\":[{\"id\":\"m\"}]}" + " ".repeat(2000))
            .throttleBody(1, 10, TimeUnit.MILLISECONDS)
            .build());
    ProviderConfig provider = ollamaGivingUpAfterOneSecond();
    long started = System.nanoTime();

    ChatException failed =
        assertThrows(
            ChatException.class,
            () ->
                new ProviderRegistry(TestProviders.config(provider), Map.of())
                    .client(provider)
                    .listModels());

    assertEquals(ChatException.Kind.TIMEOUT, failed.kind(), failed.getMessage());
    assertTrue(
        System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5), "given up long before the end");
  }

  /** Ollama at the loopback server, with a stream idle timeout of 1 s. */
  private ProviderConfig ollamaGivingUpAfterOneSecond() {
    return TestProviders.ollama(server.url("/v1").toString()).toBuilder()
        .streamIdleTimeout(Duration.ofSeconds(1))
        .build();
  }
}
