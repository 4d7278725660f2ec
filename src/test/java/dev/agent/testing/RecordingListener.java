package dev.agent.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent.chat.StreamEvent;
import dev.agent.chat.StreamListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Records every event of one stream, in order, from whatever thread delivers it. */
public final class RecordingListener implements StreamListener {
  private final List<StreamEvent> events = new ArrayList<>();
  private final CountDownLatch terminal = new CountDownLatch(1);
  private final CountDownLatch firstText = new CountDownLatch(1);
  private final CountDownLatch retrying = new CountDownLatch(1);

  @Override
  public synchronized void onEvent(StreamEvent event) {
    events.add(event);
    if (event instanceof StreamEvent.TextDelta) {
      firstText.countDown();
    } else if (event instanceof StreamEvent.Retrying) {
      retrying.countDown();
    } else if (event instanceof StreamEvent.Completed || event instanceof StreamEvent.Failed) {
      terminal.countDown();
    }
  }

  /** Waits for the terminal event, then returns every event as {@link #describe} writes it. */
  public List<String> awaitEnd() throws InterruptedException {
    assertTrue(terminal.await(10, TimeUnit.SECONDS), "no terminal event within 10 s");
    return described();
  }

  /** Waits for the first text delta; fails the test when none comes within 10 s. */
  public void awaitFirstText() throws InterruptedException {
    assertTrue(firstText.await(10, TimeUnit.SECONDS), "no text within 10 s");
  }

  /** Waits for the first {@code Retrying}; fails the test when none comes within 10 s. */
  public void awaitRetrying() throws InterruptedException {
    assertTrue(retrying.await(10, TimeUnit.SECONDS), "no retry within 10 s");
  }

  /** Every event so far, in order. */
  public synchronized List<StreamEvent> events() {
    return List.copyOf(events);
  }

  /** The last event, which must be a failure. */
  public synchronized StreamEvent.Failed failure() {
    StreamEvent last = events.get(events.size() - 1);
    assertTrue(last instanceof StreamEvent.Failed, "expected Failed, got " + last);
    return (StreamEvent.Failed) last;
  }

  /** Every event so far as {@link #describe} writes it. */
  public synchronized List<String> described() {
    List<String> out = new ArrayList<>();
    for (StreamEvent event : events) {
      out.add(describe(event));
    }
    return out;
  }

  /** The reply's answer, reassembled from every delta as a turn reassembles it. */
  public synchronized String text() {
    return reassembled(false);
  }

  /**
   * The reply's reasoning, reassembled from every delta as a turn reassembles it (text that {@code
   * TextWasReasoning} says was reasoning included).
   */
  public synchronized String reasoning() {
    return reassembled(true);
  }

  private String reassembled(boolean wantReasoning) {
    StringBuilder text = new StringBuilder();
    StringBuilder reasoning = new StringBuilder();
    for (StreamEvent event : events) {
      if (event instanceof StreamEvent.TextDelta delta) {
        text.append(delta.text());
      } else if (event instanceof StreamEvent.ReasoningDelta delta) {
        reasoning.append(delta.text());
      } else if (event instanceof StreamEvent.TextWasReasoning) {
        reasoning.append(text);
        text.setLength(0);
      }
    }
    return (wantReasoning ? reasoning : text).toString();
  }

  /**
   * One line per event: {@code retrying:ATTEMPT/MAX:DELAY_MS:reason}, {@code text:…}, {@code
   * reasoning:…}, {@code signature:…}, {@code text was reasoning}, {@code completed:IN/OUT:reason}
   * or {@code failed:KIND:message}, so a whole stream compares as a list of strings.
   */
  public static String describe(StreamEvent event) {
    if (event instanceof StreamEvent.Retrying retry) {
      return "retrying:"
          + retry.attempt()
          + "/"
          + retry.maxAttempts()
          + ":"
          + retry.delay().toMillis()
          + "ms:"
          + retry.reason();
    }
    if (event instanceof StreamEvent.TextDelta delta) {
      return "text:" + delta.text();
    }
    if (event instanceof StreamEvent.ReasoningDelta delta) {
      return "reasoning:" + delta.text();
    }
    if (event instanceof StreamEvent.ReasoningSignature signature) {
      return "signature:" + signature.signature();
    }
    if (event instanceof StreamEvent.TextWasReasoning) {
      return "text was reasoning";
    }
    if (event instanceof StreamEvent.Completed completed) {
      return "completed:"
          + completed.usage().inputTokens()
          + "/"
          + completed.usage().outputTokens()
          + ":"
          + completed.stopReason().word();
    }
    StreamEvent.Failed failed = (StreamEvent.Failed) event;
    return "failed:" + failed.error().kind() + ":" + failed.error().getMessage();
  }
}
