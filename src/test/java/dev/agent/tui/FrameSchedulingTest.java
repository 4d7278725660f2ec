package dev.agent.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent.chat.StreamEvent.TextDelta;
import dev.agent.session.FakeChatClient.FakeCall;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop sleeps as long as it is given, or until a stream's frame is due if that is sooner. */
class FrameSchedulingTest {
  private static final long IDLE = Duration.ofMillis(8).toNanos();

  @TempDir Path home;

  @Test
  void aPendingFrameShortensTheSleepToWhenItIsDue() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).frameInterval(Duration.ofMillis(33)).start()) {
      assertEquals(IDLE, chat.ui.nanosToWait(IDLE), "nothing pending: the usual sleep");
      chat.send("Stream");
      FakeCall call = chat.backend.client("anthropic").nextCall();
      call.emitFromAnotherThread(new TextDelta("one")).join();
      chat.tick();
      call.emitFromAnotherThread(new TextDelta(" two")).join();
      chat.clock.addAndGet(Duration.ofMillis(30).toNanos());
      chat.tick(); // 30 ms after the last frame: not yet
      assertEquals(Duration.ofMillis(3).toNanos(), chat.ui.nanosToWait(IDLE));
      chat.clock.addAndGet(Duration.ofMillis(5).toNanos());
      assertEquals(0, chat.ui.nanosToWait(IDLE), "overdue: no sleep");
    }
  }

  @Test
  void afterAStreamsFrameTheLoopSleepsOutTheIntervalThenAsLongAsItIsGiven() throws Exception {
    long long_ = Long.MAX_VALUE;
    try (ChatDriver chat = ChatDriver.builder(home).frameInterval(Duration.ofMillis(33)).start()) {
      assertEquals(long_, chat.ui.nanosToWait(long_), "no stream: as long as it is given");
      chat.send("Stream");
      FakeCall call = chat.backend.client("anthropic").nextCall();
      call.emitFromAnotherThread(new TextDelta("one")).join();
      chat.clock.addAndGet(Duration.ofMillis(40).toNanos());
      chat.tick(); // draws "one"
      chat.clock.addAndGet(Duration.ofMillis(10).toNanos());
      assertEquals(
          Duration.ofMillis(23).toNanos(),
          chat.ui.nanosToWait(long_),
          "nothing pending yet, but the next token is likely within the interval");
      chat.clock.addAndGet(Duration.ofMillis(30).toNanos());
      chat.tick(); // due, with nothing to draw
      // The stream paused: its next token wakes the loop; until then only the stall's clock is due.
      assertEquals(StatusLine.STALL - Duration.ofMillis(80).toNanos(), chat.ui.nanosToWait(long_));
    }
  }

  @Test
  void aKeyTypedWhileAReplyStreamsCostsOneFrameNotTwo() throws Exception {
    try (ChatDriver chat = ChatDriver.builder(home).frameInterval(Duration.ofMillis(33)).start()) {
      chat.send("Stream");
      FakeCall call = chat.backend.client("anthropic").nextCall();
      call.emitFromAnotherThread(new TextDelta("one")).join();
      chat.clock.addAndGet(Duration.ofMillis(40).toNanos());
      chat.type("x").tick(); // drawn, "one" with it
      call.emitFromAnotherThread(new TextDelta(" two")).join(); // its frame is not due yet
      chat.type("y");
      assertTrue(chat.ui.tick(), "the key's frame, which shows the new text too");
      // The status line was set again after that frame, to the same text: nothing to redraw.
      assertFalse(chat.ui.tick());
      chat.awaitText("one two");
    }
  }
}
