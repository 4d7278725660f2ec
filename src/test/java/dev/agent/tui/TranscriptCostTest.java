package dev.agent.tui;

import static dev.agent.chat.StopReason.Kind.END_TURN;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.TerminalSize;
import dev.agent.chat.StopReason;
import dev.agent.chat.StreamEvent.Completed;
import dev.agent.chat.StreamEvent.TextDelta;
import dev.agent.chat.Usage;
import dev.agent.session.FakeChatClient.FakeCall;
import dev.agent.tui.text.TextLayout;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A frame wraps only what it shows and what changed, however long the conversation. */
class TranscriptCostTest {
  @TempDir Path home;

  /** Counts the paragraphs of replies (they start with "reply") that get wrapped. */
  private static final class CountingLayout extends TextLayout {
    int replyWraps;

    CountingLayout() {
      super(UTF_8);
    }

    @Override
    public List<Integer> wrap(String paragraph, int width) {
      if (paragraph.startsWith("reply")) {
        replyWraps++;
      }
      return super.wrap(paragraph, width);
    }
  }

  @Test
  void aFrameWrapsOnlyTheVisibleEntriesAndCachesThem() throws Exception {
    CountingLayout layout = new CountingLayout();
    try (ChatDriver chat = ChatDriver.builder(home).layout(layout).start()) {
      for (int i = 0; i < 200; i++) {
        chat.send("q" + i);
        FakeCall call = chat.backend.client("anthropic").nextCall();
        call.emit(
            new TextDelta("reply " + i),
            new Completed(Usage.UNKNOWN, new StopReason(END_TURN, "stop")));
        chat.tick();
      }
      chat.awaitText("reply 199");

      layout.replyWraps = 0;
      chat.type("x").tick();
      assertEquals(0, layout.replyWraps, "a frame with nothing new wraps nothing");

      chat.terminal.setTerminalSize(new TerminalSize(60, 24));
      chat.tick();
      assertTrue(
          layout.replyWraps > 0 && layout.replyWraps <= 6,
          "a resize re-wraps what is visible, not all 200 replies: " + layout.replyWraps);
    }
  }

  @Test
  void aStreamingReplyRewrapsOnlyItsLastBlock() throws Exception {
    CountingLayout layout = new CountingLayout();
    try (ChatDriver chat = ChatDriver.builder(home).layout(layout).start()) {
      chat.send("long");
      FakeCall call = chat.backend.client("anthropic").nextCall();
      StringBuilder paragraphs = new StringBuilder();
      for (int i = 0; i < 100; i++) {
        paragraphs.append("reply paragraph ").append(i).append("\n\n");
      }
      call.emit(new TextDelta(paragraphs.toString()), new TextDelta("reply tail"));
      chat.awaitText("reply tail");

      layout.replyWraps = 0;
      call.emit(new TextDelta(" grows"));
      chat.awaitText("reply tail grows");
      assertEquals(1, layout.replyWraps, "only the block being written is wrapped again");
    }
  }
}
