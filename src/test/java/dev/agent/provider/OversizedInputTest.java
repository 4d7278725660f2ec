package dev.agent.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent.chat.ChatException;
import dev.agent.chat.ChatRequest;
import dev.agent.chat.Message;
import dev.agent.config.ProviderConfig;
import dev.agent.testing.RecordingListener;
import dev.agent.testing.StreamBodies;
import dev.agent.testing.TestProviders;
import dev.agent.testing.TestServers;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** What a server sends is bounded where it is held in memory, and a long reply stays linear. */
class OversizedInputTest {
  private static final Map<String, String> ENV = Map.of("OPENAI_API_KEY", "sk-oversized-test-01");
  private static final ChatRequest REQUEST = new ChatRequest("gpt-4o", List.of(Message.user("Hi")));
  private static final int MIB = 1024 * 1024;

  @StartStop private final MockWebServer server = TestServers.failFast();

  private ProviderConfig openai(int retries) {
    return TestProviders.openai(server.url("/v1").toString()).toBuilder()
        .requestMaxRetries(retries)
        .build();
  }

  private RecordingListener stream(ProviderConfig provider) throws Exception {
    RecordingListener listener = new RecordingListener();
    try (ProviderRegistry registry = new ProviderRegistry(TestProviders.config(provider), ENV)) {
      registry.client(provider).stream(REQUEST, listener);
      listener.awaitEnd();
    }
    return listener;
  }

  @Test
  void aSingleLineOfMegabytesFailsTheStreamInsteadOfFillingMemory() throws Exception {
    Buffer body = new Buffer().writeUtf8(StreamBodies.chatText("Hello"));
    body.writeUtf8("data: {\"choices\":[{\"delta\":{\"content\":\"");
    for (int i = 0; i < 9; i++) {
      body.writeUtf8("x".repeat(MIB));
    }
    server.enqueue(StreamBodies.eventStream(body));

    RecordingListener listener = stream(openai(2));

    assertEquals(
        List.of(
            "text:Hello",
            "failed:PROTOCOL:openai: the server sent a single stream event of more than 8 MiB,"
                + " which no real reply needs; check base_url and wire_api"),
        listener.described());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void anEventOfManyLinesWithoutItsBlankLineIsBoundedToo() throws Exception {
    Buffer body = new Buffer();
    String line = "data: " + "y".repeat(1000) + "\r\n";
    while (body.size() < 9L * MIB) {
      body.writeUtf8(line);
    }
    server.enqueue(StreamBodies.eventStream(body));

    RecordingListener listener = stream(openai(2));

    assertEquals(1, listener.described().size(), listener.described().toString());
    assertTrue(
        listener.described().get(0).startsWith("failed:PROTOCOL:openai: the server sent a single"),
        listener.described().get(0));
    assertEquals(1, server.getRequestCount(), "a huge event is not worth a second try");
  }

  @Test
  void aReplyOfManyThousandsOfDeltasStreamsWhole() throws Exception {
    int deltas = 150_000;
    Buffer body = new Buffer();
    for (int i = 0; i < deltas; i++) {
      body.writeUtf8(StreamBodies.chatText("w" + (i % 10) + " "));
    }
    body.writeUtf8(StreamBodies.CHAT_STOP);
    body.writeUtf8(StreamBodies.DONE);
    assertTrue(body.size() > 8L * MIB, "the whole stream is larger than one event may be");
    server.enqueue(StreamBodies.eventStream(body));

    long started = System.nanoTime();
    RecordingListener listener = stream(openai(0));
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;

    List<String> events = listener.described();
    assertEquals(deltas + 1, events.size());
    assertEquals("completed:-1/-1:stop", events.get(deltas));
    assertEquals(deltas * 3, listener.text().length());
    assertTrue(listener.text().startsWith("w0 w1 w2 "), listener.text().substring(0, 20));
    assertTrue(seconds < 8, "took " + seconds + " s");
  }

  @Test
  void anErrorBodyOfMegabytesIsReadOnlyAsFarAsTheMessageNeeds() throws Exception {
    Buffer body = new Buffer().writeUtf8("<html><body>Bad gateway ");
    for (int i = 0; i < 20; i++) {
      body.writeUtf8("z".repeat(MIB));
    }
    server.enqueue(
        new MockResponse.Builder()
            .code(502)
            .setHeader("Content-Type", "text/html")
            .body(body)
            .build());

    RecordingListener listener = stream(openai(0));

    String message = listener.failure().error().getMessage();
    assertTrue(message.startsWith("openai: the server failed (HTTP 502: Bad gateway zzz"), message);
    assertTrue(message.length() < 300, message.length() + " characters");
  }

  @Test
  void aModelListOfMoreThanSixteenMegabytesIsRefused() throws Exception {
    Buffer body = new Buffer().writeUtf8("{\"data\":[");
    while (body.size() <= 17L * MIB) {
      body.writeUtf8("{\"id\":\"" + "m".repeat(1000) + "\"},");
    }
    body.writeUtf8("{\"id\":\"last\"}]}");
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("Content-Type", "application/json")
            .body(body)
            .build());
    ProviderConfig provider = openai(0);

    ChatException e =
        assertThrows(
            ChatException.class,
            () ->
                new ProviderRegistry(TestProviders.config(provider), ENV)
                    .client(provider)
                    .listModels());

    assertEquals(
        "openai: " + server.url("/v1/models") + " answered with more than 16 MiB; check base_url",
        e.getMessage());
  }
}
