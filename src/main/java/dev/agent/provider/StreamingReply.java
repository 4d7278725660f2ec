package dev.agent.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent.chat.ChatException;
import dev.agent.chat.StreamEvent;
import dev.agent.chat.StreamListener;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;

/**
 * One reply being streamed over server-sent events: the part both wire formats share. It keeps the
 * {@link dev.agent.chat.StreamEvent} contract: text deltas, then exactly one {@code Completed} or
 * {@code Failed}, and nothing at all once {@link #cancel()} has returned.
 *
 * <p>Every delivery to the listener happens under one lock that {@link #cancel()} also takes, so a
 * delivery in progress finishes before cancel returns and none starts after. Nothing slow (no
 * network I/O) runs under that lock: the listener is expected to hand events off quickly.
 */
abstract class StreamingReply extends EventSourceListener implements ChatCall {
  private final Object lock = new Object();
  private final StreamListener listener;
  private final HttpUrl url;
  private final String model;

  /** Set once a terminal event was delivered or the call was cancelled. Guarded by lock. */
  private boolean finished;

  /** Whether the terminal event was a failure, so reading stops. Guarded by lock. */
  private boolean failed;

  /** Guarded by lock. */
  private EventSource source;

  /** Whether the server answered with an event stream; read and written on okhttp's thread. */
  private volatile boolean opened;

  final ObjectMapper json;
  final HttpFailures failures;

  StreamingReply(
      StreamListener listener,
      HttpUrl url,
      String model,
      ObjectMapper json,
      HttpFailures failures) {
    this.listener = listener;
    this.url = url;
    this.model = model;
    this.json = json;
    this.failures = failures;
  }

  /** Starts the call; returns at once. */
  final ChatCall start(EventSource.Factory factory, Request request) {
    EventSource started = factory.newEventSource(request, this);
    boolean cancelled;
    synchronized (lock) {
      source = started;
      // The listener may already have cancelled from okhttp's thread, before source was known.
      cancelled = finished;
    }
    if (cancelled) {
      started.cancel();
    }
    return this;
  }

  @Override
  public final void cancel() {
    EventSource toCancel;
    synchronized (lock) {
      finished = true;
      toCancel = source;
    }
    if (toCancel != null) {
      toCancel.cancel();
    }
  }

  /**
   * Handles one event of the stream. Called under the lock, only while the reply is unfinished.
   *
   * @param type the SSE {@code event:} field, or null when the server sent none
   */
  abstract void onData(String type, String data) throws JsonProcessingException;

  /** What the stream means when the server closed it without sending its terminator. */
  abstract StreamEvent onEndWithoutTerminator();

  /** Parses a data line, which must hold one JSON object; only for {@link #onData}. */
  final JsonNode parse(String data) throws JsonProcessingException {
    return json.readValue(data, ObjectNode.class);
  }

  /** Passes text on; empty text is dropped. Only from {@link #onData}. */
  final void text(String text) {
    if (!text.isEmpty()) {
      listener.onEvent(new StreamEvent.TextDelta(text));
    }
  }

  /** Ends the reply. Only from {@link #onData}. */
  final void finish(StreamEvent terminal) {
    finished = true;
    failed = terminal instanceof StreamEvent.Failed;
    listener.onEvent(terminal);
  }

  @Override
  public final void onOpen(EventSource eventSource, Response response) {
    opened = true;
  }

  @Override
  public final void onEvent(EventSource eventSource, String id, String type, String data) {
    boolean stop;
    synchronized (lock) {
      if (finished) {
        return;
      }
      if (data.isBlank()) {
        return;
      }
      try {
        onData(type, data);
      } catch (JsonProcessingException e) {
        finish(new StreamEvent.Failed(failures.malformed(data, e)));
      }
      stop = failed;
    }
    if (stop) {
      // A failure ends the reply; a normal end lets the body drain so the connection is reused.
      eventSource.cancel();
    }
  }

  @Override
  public final void onClosed(EventSource eventSource) {
    synchronized (lock) {
      if (!finished) {
        finish(onEndWithoutTerminator());
      }
    }
  }

  @Override
  public final void onFailure(EventSource eventSource, Throwable t, Response response) {
    synchronized (lock) {
      if (finished) {
        return;
      }
    }
    // Reading an error body is network I/O: done outside the lock so cancel() never waits on it.
    ChatException error = describe(t, response);
    synchronized (lock) {
      if (!finished) {
        finish(new StreamEvent.Failed(error));
      }
    }
  }

  private ChatException describe(Throwable t, Response response) {
    if (response != null && !response.isSuccessful()) {
      return failures.fromStatus(response, url, model);
    }
    if (response != null && !opened) {
      return failures.notAStream(response, url);
    }
    if (t instanceof IOException e) {
      return opened ? failures.midStream(e) : failures.fromConnection(e, url);
    }
    return failures.unexpected(t);
  }
}
