package dev.agent.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.agent.chat.ChatException;
import dev.agent.chat.StreamEvent;
import dev.agent.chat.StreamListener;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;

/**
 * One reply being streamed over server-sent events, in one or more attempts: the part both wire
 * formats share. It keeps the {@link StreamEvent} contract: {@code Retrying} events and text
 * deltas, then exactly one {@code Completed} or {@code Failed}, and nothing at all once {@link
 * #cancel()} has returned.
 *
 * <p>An attempt that fails before any text has reached the listener is sent again, up to the
 * provider's {@code request_max_retries}, when the failure is one a second try may cure (see {@link
 * #retryable}). When the provider sets {@code stream_max_retries}, an event stream that opened and
 * broke before any text counts against that instead, and {@code request_max_retries} counts only
 * the requests that got no stream; the wait between attempts runs on the {@link Backoff}'s timer,
 * never on an OkHttp thread. Once text has been delivered, nothing is retried: the user has seen
 * it.
 *
 * <p>Every delivery to the listener happens under one lock that {@link #cancel()} also takes, so a
 * delivery in progress finishes before cancel returns and none starts after. Nothing slow (no
 * network I/O) runs under that lock: the listener is expected to hand events off quickly.
 */
final class StreamingReply implements ChatCall {
  private final Object lock = new Object();
  private final StreamListener listener;
  private final HttpUrl url;
  private final String model;
  private final HttpFailures failures;
  private final EventSource.Factory factory;
  private final RefusableFields refusable;
  private final Supplier<StreamDecoder> decoders;
  private final Backoff backoff;
  private final int maxRetries;
  private final Duration idleTimeout;

  /** Retries of streams that broke before any text; empty when they count as request retries. */
  private final OptionalInt maxStreamRetries;

  /** Retries made of requests that got no stream (of every failure, without stream budget). */
  private int requestRetries;

  /** Retries made of streams that broke before any text, when they have a budget of their own. */
  private int streamRetries;

  /** Set once a terminal event was delivered or the call was cancelled. Guarded by lock. */
  private boolean finished;

  /**
   * Whether any text or reasoning reached the listener; then nothing is retried. Guarded by lock.
   */
  private boolean textDelivered;

  /** The attempt whose events count; events of an older one are ignored. Guarded by lock. */
  private Attempt current;

  /** What the next attempt sends. Guarded by lock. */
  private Request request;

  /** The fields still in the request that may be left out when refused. Guarded by lock. */
  private final List<String> leftToRefuse;

  /** Cancels the wait before the next attempt, while there is one. Guarded by lock. */
  private Runnable pendingRetry;

  StreamingReply(
      StreamListener listener,
      HttpUrl url,
      String model,
      HttpFailures failures,
      EventSource.Factory factory,
      Request request,
      RefusableFields refusable,
      Supplier<StreamDecoder> decoders,
      Backoff backoff,
      int maxRetries,
      OptionalInt maxStreamRetries,
      Duration idleTimeout) {
    this.listener = listener;
    this.url = url;
    this.model = model;
    this.failures = failures;
    this.factory = factory;
    this.request = request;
    this.refusable = refusable;
    this.leftToRefuse = new ArrayList<>(refusable.fields());
    this.decoders = decoders;
    this.backoff = backoff;
    this.maxRetries = maxRetries;
    this.maxStreamRetries = maxStreamRetries;
    this.idleTimeout = idleTimeout;
  }

  /**
   * Fields agent put in the request on its own, and how to make the request without one of them
   * once the server refused it (the maker also remembers the refusal for the provider's later
   * requests). A refused field is left out and the request sent again at once, without counting as
   * a retry, once per field.
   */
  record RefusableFields(List<String> fields, Function<String, Request> without) {
    RefusableFields {
      fields = List.copyOf(fields);
    }
  }

  /** Starts the first attempt; returns at once. */
  ChatCall start() {
    launch(1);
    return this;
  }

  @Override
  public void cancel() {
    EventSource toCancel;
    Runnable wait;
    synchronized (lock) {
      finished = true;
      toCancel = current == null ? null : current.source;
      wait = pendingRetry;
      pendingRetry = null;
    }
    if (wait != null) {
      wait.run();
    }
    if (toCancel != null) {
      toCancel.cancel();
    }
  }

  private void launch(int number) {
    Attempt attempt = new Attempt(number, decoders.get());
    Request sent;
    synchronized (lock) {
      if (finished) {
        return;
      }
      pendingRetry = null;
      current = attempt;
      sent = request;
    }
    Request tagged = sent.newBuilder().tag(Attempt.class, attempt).build();
    EventSource started = factory.newEventSource(tagged, attempt);
    boolean cancelled;
    synchronized (lock) {
      attempt.source = started;
      // The listener may already have cancelled from okhttp's thread, before source was known.
      cancelled = finished && current == attempt;
    }
    if (cancelled) {
      started.cancel();
    } else {
      attempt.watch(stallDeadline());
    }
  }

  /**
   * How long an attempt may go without headers or without a meaningful event (text, reasoning, its
   * end) before the watchdog ends it: the idle timeout, and a little more, so that a plain silence
   * on plain HTTP/1.1 is left to the socket's own read timeout, which says so in its own words. The
   * watchdog catches a server that keeps the socket busy with nothing (a byte every few seconds,
   * blank lines, comments, events the decoder passes over), and any silence of a stream over TLS,
   * which is read without a timeout of its own (see {@link EventStreamGuard}).
   */
  private Duration stallDeadline() {
    return idleTimeout.plus(idleTimeout.dividedBy(10)).plusMillis(100);
  }

  /** Checks attempts for a stall; daemon, one for the process, made on first use. */
  private static final class Watchdog {
    static final ScheduledExecutorService TIMER =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "agent-stall-watchdog");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Whether a failed attempt may be sent again. Connection failures, 408, 409, 429 and 5xx (529
   * included) may; 400, 401, 403, 404, a spent quota, a server without the memory for the model and
   * a server that says {@code x-should-retry: false} may not, nor a timeout once the request was
   * sent (the server may be working on it, and the user has already waited the whole idle timeout).
   */
  private boolean retryable(Attempt attempt, Throwable t, Response response) {
    if (response != null && !response.isSuccessful()) {
      int status = response.code();
      boolean transientStatus = status == 408 || status == 409 || status == 429 || status >= 500;
      return transientStatus
          && !"false".equalsIgnoreCase(response.header("x-should-retry"))
          && !failures.waitingCannotHelp(response);
    }
    if (t instanceof SSLHandshakeException
        || t instanceof SSLPeerUnverifiedException
        || t instanceof EventStreamGuard.TooLarge
        || t instanceof KeyCommand.Failed) {
      // An untrusted certificate stays untrusted, a huge event stays huge, a key command that
      // failed is for the user to look at.
      return false;
    }
    if (!(t instanceof IOException) || (response != null && !attempt.opened)) {
      return false; // a bug, or an answer that is not an event stream: the same again
    }
    // No answer, or the stream broke before any text (text delivered is checked by the caller).
    return !(t instanceof InterruptedIOException && attempt.requestSent);
  }

  /** One HTTP request of the reply, with a decoder of its own. */
  private final class Attempt extends EventSourceListener implements StreamDecoder.Sink {
    private final int number;
    private final StreamDecoder decoder;

    /** Guarded by lock. */
    private EventSource source;

    /** Whether the server answered with an event stream; read and written on okhttp's thread. */
    private volatile boolean opened;

    /** Whether the request headers went out; set by {@link Trace} on okhttp's thread. */
    private volatile boolean requestSent;

    /** Whether this attempt delivered a failure, so reading stops. Guarded by lock. */
    private boolean failed;

    /** When the attempt began or last brought something meaningful; on the nano clock. */
    private volatile long progressAt = System.nanoTime();

    /**
     * Looks again after {@code deadline}: ends the attempt if nothing meaningful came meanwhile.
     */
    void watch(Duration deadline) {
      synchronized (lock) {
        if (!live()) {
          return;
        }
      }
      long waited = System.nanoTime() - progressAt;
      long left = deadline.toNanos() - waited;
      if (left > 0) {
        try {
          var unused = Watchdog.TIMER.schedule(() -> watch(deadline), left, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
          // The process is ending.
        }
        return;
      }
      EventSource toCancel;
      synchronized (lock) {
        if (!live()) {
          return;
        }
        finish(new StreamEvent.Failed(failures.stalled(opened, idleTimeout)));
        toCancel = source;
      }
      if (toCancel != null) {
        toCancel.cancel();
      }
    }

    Attempt(int number, StreamDecoder decoder) {
      this.number = number;
      this.decoder = decoder;
      decoder.bind(this);
    }

    /** Whether this attempt's events still count. Only under the lock. */
    private boolean live() {
      return !finished && current == this;
    }

    @Override
    public void text(String text) {
      progressAt = System.nanoTime();
      textDelivered = true;
      listener.onEvent(new StreamEvent.TextDelta(text));
    }

    @Override
    public void reasoning(String text) {
      progressAt = System.nanoTime();
      textDelivered = true; // the user has seen it: nothing is retried after it
      listener.onEvent(new StreamEvent.ReasoningDelta(text));
    }

    @Override
    public void reasoningSignature(String signature) {
      listener.onEvent(new StreamEvent.ReasoningSignature(signature));
    }

    @Override
    public void textWasReasoning() {
      listener.onEvent(new StreamEvent.TextWasReasoning());
    }

    @Override
    public void finish(StreamEvent terminal) {
      finished = true;
      failed = terminal instanceof StreamEvent.Failed;
      listener.onEvent(terminal);
    }

    @Override
    public void onOpen(EventSource eventSource, Response response) {
      opened = true;
      progressAt = System.nanoTime(); // the headers' deadline is met; the events' begins
    }

    @Override
    public void onEvent(EventSource eventSource, String id, String type, String data) {
      boolean stop;
      synchronized (lock) {
        if (!live() || data.isBlank()) {
          return;
        }
        try {
          decoder.onData(type, data);
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
    public void onClosed(EventSource eventSource) {
      synchronized (lock) {
        if (live()) {
          finish(decoder.onEndWithoutTerminator());
        }
      }
    }

    @Override
    public void onFailure(EventSource eventSource, Throwable t, Response response) {
      synchronized (lock) {
        if (!live()) {
          return;
        }
      }
      // Reading an error body is network I/O: done outside the lock so cancel() never waits on it.
      Optional<String> refused = Optional.empty();
      if (response != null && (response.code() == 400 || response.code() == 422)) {
        List<String> candidates;
        synchronized (lock) {
          candidates = List.copyOf(leftToRefuse);
        }
        refused = failures.refusedField(response, candidates);
      }
      if (refused.isPresent()) {
        Request without = refusable.without().apply(refused.get());
        synchronized (lock) {
          if (!live()) {
            return;
          }
          leftToRefuse.remove(refused.get());
          request = without;
        }
        launch(number);
        return;
      }
      ChatException error = describe(t, response);
      // A stream that opened and then broke has a budget of its own when stream_max_retries is set.
      boolean streamBroke =
          maxStreamRetries.isPresent() && opened && (response == null || response.isSuccessful());
      int budget = streamBroke ? maxStreamRetries.getAsInt() : maxRetries;
      int used;
      synchronized (lock) {
        used = streamBroke ? streamRetries : requestRetries;
      }
      boolean mayRetry = used < budget && retryable(this, t, response);
      Optional<Duration> serverWait =
          response == null ? Optional.empty() : backoff.serverWait(response.headers());
      if (serverWait.isPresent() && serverWait.get().compareTo(Backoff.MAX_SERVER_WAIT) > 0) {
        mayRetry = false; // the message says how long the server asked to wait
      }
      Duration delay = serverWait.orElseGet(() -> backoff.delay(number));
      String reason = mayRetry ? failures.retryReason(t, response) : "";
      synchronized (lock) {
        if (!live()) {
          return;
        }
        if (!mayRetry || textDelivered) {
          finish(
              new StreamEvent.Failed(number > 1 ? failures.afterAttempts(error, number) : error));
          return;
        }
        try {
          pendingRetry = backoff.schedule(() -> launch(number + 1), delay);
        } catch (RejectedExecutionException closed) {
          finish(new StreamEvent.Failed(error));
          return;
        }
        if (streamBroke) {
          streamRetries++;
        } else {
          requestRetries++;
        }
        // The attempts so far, this retry, and what is left of this kind's budget after it.
        int maxAttempts = number + 1 + (budget - used - 1);
        listener.onEvent(new StreamEvent.Retrying(number + 1, maxAttempts, delay, reason));
      }
    }

    private ChatException describe(Throwable t, Response response) {
      if (response != null && !response.isSuccessful()) {
        return failures.fromStatus(response, url, model);
      }
      if (response != null && !opened) {
        return failures.notAStream(response, url);
      }
      if (t instanceof EventStreamGuard.TooLarge e) {
        return failures.eventTooLarge(e);
      }
      if (t instanceof InterruptedIOException e && !requestSent && response == null) {
        return failures.connectTimedOut(e, url);
      }
      if (t instanceof IOException e) {
        return opened ? failures.midStream(e) : failures.fromConnection(e, url);
      }
      return failures.unexpected(t);
    }
  }

  /**
   * Tells each attempt when its request went out, so that a timeout before that (connecting) is
   * retried and one after it (waiting for the answer) is not. Installed on the provider's client.
   */
  static final class Trace extends EventListener {
    static final EventListener.Factory FACTORY =
        call -> {
          Attempt attempt = call.request().tag(Attempt.class);
          return attempt == null ? EventListener.NONE : new Trace(attempt);
        };

    private final Attempt attempt;

    private Trace(Attempt attempt) {
      this.attempt = attempt;
    }

    @Override
    public void requestHeadersStart(Call call) {
      attempt.requestSent = true;
    }
  }
}
