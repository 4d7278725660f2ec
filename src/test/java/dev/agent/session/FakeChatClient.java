package dev.agent.session;

import static java.util.Objects.requireNonNull;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.agent.chat.ChatException;
import dev.agent.chat.ChatRequest;
import dev.agent.chat.StreamEvent;
import dev.agent.chat.StreamListener;
import dev.agent.provider.ChatCall;
import dev.agent.provider.ChatClient;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ChatClient} whose replies the test writes: each {@link #stream} call is queued as a
 * {@link FakeCall}, and the test emits that call's events, from its own thread or another one.
 * Honours the listener contract: after {@link FakeCall#cancel()} nothing more is delivered.
 */
public final class FakeChatClient implements ChatClient {
  private final BlockingQueue<FakeCall> calls = new LinkedBlockingQueue<>();
  private final BlockingQueue<List<StreamEvent>> scripted = new LinkedBlockingQueue<>();
  private volatile List<String> models = List.of();
  private volatile ChatException listFailure;

  @Override
  public ChatCall stream(ChatRequest request, StreamListener listener) {
    FakeCall call = new FakeCall(request, listener);
    calls.add(call);
    List<StreamEvent> script = scripted.poll();
    if (script != null) {
      call.emit(script.toArray(StreamEvent[]::new));
    }
    return call;
  }

  /**
   * Makes the next {@link #stream} call deliver {@code events} before it returns, on the caller's
   * thread: the whole reply is waiting before whoever streamed it looks, so a consumer that batches
   * what is waiting sees it in one batch. The call is still queued for {@link #nextCall()}.
   */
  public void replyAtOnce(StreamEvent... events) {
    scripted.add(List.of(events));
  }

  @Override
  public List<String> listModels() throws ChatException {
    ChatException failure = listFailure;
    if (failure != null) {
      throw failure;
    }
    return models;
  }

  /** What {@link #listModels()} answers from now on. */
  public void setModels(List<String> models) {
    this.models = List.copyOf(models);
    this.listFailure = null;
  }

  /** Makes {@link #listModels()} fail from now on. */
  public void failListing(ChatException failure) {
    this.listFailure = requireNonNull(failure, "failure");
  }

  /** The next call made, waiting up to five seconds for it; fails the test when none comes. */
  public FakeCall nextCall() throws InterruptedException {
    FakeCall call = calls.poll(5, TimeUnit.SECONDS);
    assertNotNull(call, "no stream call was made");
    return call;
  }

  /** Whether a call was made that the test has not taken yet. */
  public boolean hasPendingCall() {
    return !calls.isEmpty();
  }

  /** One reply being streamed. */
  public static final class FakeCall implements ChatCall {
    private final ChatRequest request;
    private final StreamListener listener;
    private volatile boolean cancelled;

    FakeCall(ChatRequest request, StreamListener listener) {
      this.request = request;
      this.listener = listener;
    }

    public ChatRequest request() {
      return request;
    }

    public boolean cancelled() {
      return cancelled;
    }

    /** Delivers events on the calling thread, as the HTTP client would, unless cancelled. */
    public synchronized void emit(StreamEvent... events) {
      for (StreamEvent event : events) {
        if (cancelled) {
          return;
        }
        listener.onEvent(event);
      }
    }

    /** Delivers events even after a cancel, as a client breaking its contract would. */
    public void emitDespiteCancel(StreamEvent event) {
      listener.onEvent(event);
    }

    /** Delivers events from a new thread, in order; join the thread to wait for them. */
    public Thread emitFromAnotherThread(StreamEvent... events) {
      Thread thread = new Thread(() -> emit(events), "fake-http");
      thread.start();
      return thread;
    }

    @Override
    public synchronized void cancel() {
      cancelled = true;
    }
  }
}
