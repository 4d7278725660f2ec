package dev.agent.provider;

/**
 * Where a debug log of requests goes ({@code --debug}): one line per request and per answer, with
 * the method, URL and headers. Every credential is already replaced by {@code ****} when a line
 * gets here. Called on the HTTP client's threads, possibly several at once.
 */
@FunctionalInterface
public interface RequestLog {
  /** Logs nothing. */
  RequestLog NONE = line -> {};

  void write(String line);
}
