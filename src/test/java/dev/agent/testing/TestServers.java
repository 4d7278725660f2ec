package dev.agent.testing;

import java.io.IOException;
import java.net.ServerSocket;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.QueueDispatcher;

/** Loopback servers for tests, and a port where none listens. */
public final class TestServers {
  private TestServers() {}

  /**
   * A server, not started yet (a {@code @StartStop} field starts and closes it around each test),
   * whose queue answers a request nobody expected with 418 instead of hanging.
   */
  public static MockWebServer failFast() {
    QueueDispatcher queue = new QueueDispatcher();
    queue.setFailFast(new MockResponse.Builder().code(418).body("no response queued").build());
    MockWebServer server = new MockWebServer();
    server.setDispatcher(queue);
    return server;
  }

  /** A loopback port that was free a moment ago, so that connecting to it is refused. */
  public static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
