package dev.agent.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import javax.net.SocketFactory;

/**
 * Plain sockets whose first {@code failures} connects time out at once, as a connect to a host that
 * does not answer would after the timeout; records the timeout each connect was given.
 */
public final class ScriptedSockets extends SocketFactory {
  private final int failures;
  private final List<Integer> timeouts = new ArrayList<>();

  public ScriptedSockets(int failures) {
    this.failures = failures;
  }

  /** The connect timeout of every connect so far, in milliseconds. */
  public synchronized List<Integer> timeouts() {
    return List.copyOf(timeouts);
  }

  private synchronized boolean fail(int timeout) {
    timeouts.add(timeout);
    return timeouts.size() <= failures;
  }

  @Override
  public Socket createSocket() {
    return new Socket() {
      @Override
      public void connect(SocketAddress endpoint, int timeout) throws IOException {
        if (fail(timeout)) {
          throw new SocketTimeoutException("Connect timed out");
        }
        super.connect(endpoint, timeout);
      }
    };
  }

  @Override
  public Socket createSocket(String host, int port) {
    throw new UnsupportedOperationException("okhttp uses createSocket()");
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress local, int localPort) {
    throw new UnsupportedOperationException("okhttp uses createSocket()");
  }

  @Override
  public Socket createSocket(InetAddress host, int port) {
    throw new UnsupportedOperationException("okhttp uses createSocket()");
  }

  @Override
  public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) {
    throw new UnsupportedOperationException("okhttp uses createSocket()");
  }
}
