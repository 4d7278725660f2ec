package dev.agent.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agent.testing.StreamBodies;
import dev.agent.testing.TestServers;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventStreamGuardTest {
  private final MockWebServer server = TestServers.failFast();
  private final OkHttpClient http =
      new OkHttpClient.Builder()
          .readTimeout(Duration.ofSeconds(5))
          .addInterceptor(new EventStreamGuard(EventStreamGuard.MAX_EVENT_BYTES))
          .build();

  @AfterEach
  void stop() {
    server.close();
  }

  private long readTimeoutNanos(MockResponse answer) throws Exception {
    server.enqueue(answer);
    server.start();
    try (Response response =
        http.newCall(new Request.Builder().url(server.url("/")).build()).execute()) {
      return response.body().source().timeout().timeoutNanos();
    }
  }

  /**
   * Okio's timeout on a read costs two wake-ups of its watchdog thread, once per event of a stream;
   * the socket's own read timeout still bounds a silence (see {@code StreamingReplyTest} and {@code
   * ProxyAndTlsTest} for silences mid-stream over HTTP/1.1 and HTTP/2).
   */
  @Test
  void anEventStreamIsReadWithoutOkiosTimeout() throws Exception {
    assertEquals(0, readTimeoutNanos(StreamBodies.eventStream(StreamBodies.chatText("Hi"))));
  }

  @Test
  void anyOtherBodyKeepsIt() throws Exception {
    assertEquals(
        Duration.ofSeconds(5).toNanos(),
        readTimeoutNanos(
            new MockResponse.Builder()
                .addHeader("Content-Type", "application/json")
                .body("{}")
                .build()));
  }
}
