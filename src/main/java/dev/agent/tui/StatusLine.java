package dev.agent.tui;

import static java.util.Objects.requireNonNull;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.ThemeDefinition;
import com.googlecode.lanterna.gui2.AbstractComponent;
import com.googlecode.lanterna.gui2.ComponentRenderer;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import dev.agent.chat.StreamEvent;
import dev.agent.chat.Usage;
import dev.agent.session.Turn;
import dev.agent.tui.text.Decimals;
import dev.agent.tui.text.TextLayout;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The bottom row: on the left the numbers of the last reply (tokens in and out, time to first
 * token, tokens per second) or a one-off message; on the right the keys that matter now, as many as
 * fit.
 */
final class StatusLine extends AbstractComponent<StatusLine> {
  private static final long SECOND = 1_000_000_000L;

  /** How long a streaming reply may send nothing before the status line says so. */
  static final long STALL = 5 * SECOND;

  private final TextLayout layout;
  private String left = "";
  private boolean flash;
  private List<String> hints = List.of();

  StatusLine(TextLayout layout) {
    this.layout = requireNonNull(layout, "layout");
  }

  /** Shows {@code text} on the left; a {@code flash} is styled to stand out. */
  void setLeft(String text, boolean flash) {
    if (text.equals(left) && flash == this.flash) {
      return; // set on every frame of a stream: the row is redrawn, and laid out, when it changes
    }
    this.left = text;
    this.flash = flash;
    invalidate();
  }

  void setHints(List<String> hints) {
    if (hints.equals(this.hints)) {
      return;
    }
    this.hints = List.copyOf(hints);
    invalidate();
  }

  /**
   * The numbers of a reply at time {@code now} (the session's clock), e.g. {@code in 12 · out 40 ·
   * first token 0.82 s · 31.5 tok/s}. While it streams they start {@code streaming}, or {@code
   * thinking 4 s} while only reasoning has arrived. The first token is the first of either kind; a
   * reply that reasoned first adds when its answer began: {@code first token 0.40 s · answer 12.30
   * s}. A reply that has sent nothing for {@link #STALL} says how long it has streamed and since
   * when it is silent: {@code streaming 42 s · no data for 12 s}.
   */
  static String stats(Turn reply, TextLayout layout, long now) {
    String dot = layout.pick(" · ", " | ");
    StringBuilder text = new StringBuilder();
    long stalled = stalledSeconds(reply, now);
    if (reply.isThinking()) {
      text.append("thinking ").append(TranscriptView.thinkingSeconds(reply, now)).append(" s");
    } else if (reply.status() == Turn.Status.STREAMING) {
      text.append("streaming");
      if (stalled >= 0) {
        text.append(' ').append(Math.max(0, now - reply.startedAt()) / SECOND).append(" s");
      }
    } else {
      Usage usage = reply.usage();
      text.append("in ").append(count(usage.inputTokens()));
      text.append(dot).append("out ").append(count(usage.outputTokens()));
    }
    if (stalled >= 0) {
      text.append(dot).append("no data for ").append(stalled).append(" s");
    }
    Optional<Duration> firstToken = reply.timeToFirstToken();
    firstToken.ifPresent(
        d -> text.append(dot).append("first token ").append(seconds(d.toMillis())));
    Optional<Duration> answer = reply.timeToAnswer();
    if (reply.reasoningLength() > 0 && answer.isPresent()) {
      text.append(dot).append("answer ").append(seconds(answer.get().toMillis()));
    }
    OptionalDouble rate = reply.outputTokensPerSecond();
    if (rate.isPresent()) {
      text.append(dot).append(Decimals.tenths(rate.getAsDouble())).append(" tok/s");
    }
    return text.toString();
  }

  /**
   * The whole seconds a streaming reply has sent no text or reasoning at time {@code now} (the
   * session's clock), once they reach {@link #STALL}; -1 before then and for a reply that ended.
   */
  static long stalledSeconds(Turn reply, long now) {
    long silent = now - reply.lastDataAt();
    return reply.status() == Turn.Status.STREAMING && silent >= STALL ? silent / SECOND : -1;
  }

  /**
   * Whether {@code text} fits whole on the left of a status line {@code columns} wide, where it
   * goes before any key hint.
   */
  boolean fits(String text, int columns) {
    return layout.width(text) <= columns - 2;
  }

  /**
   * The countdown of a reply waiting for a retry at time {@code now} (the session's clock): {@code
   * retrying in 2 s (attempt 2 of 3)}, whole seconds rounded up, then {@code retrying now (…)};
   * empty when the reply does not wait.
   */
  static String retryCountdown(Turn reply, long now) {
    Optional<StreamEvent.Retrying> retrying = reply.retrying();
    if (retrying.isEmpty()) {
      return "";
    }
    long left = reply.retryDueAt() - now;
    long seconds = left <= 0 ? 0 : (left - 1) / 1_000_000_000L + 1;
    String when = seconds == 0 ? "retrying now" : "retrying in " + seconds + " s";
    return when
        + " (attempt "
        + retrying.get().attempt()
        + " of "
        + retrying.get().maxAttempts()
        + ")";
  }

  private static String count(long tokens) {
    return tokens < 0 ? "?" : Long.toString(tokens);
  }

  private static String seconds(long millis) {
    return Decimals.fixed(millis, 3, 2) + " s";
  }

  @Override
  protected ComponentRenderer<StatusLine> createDefaultRenderer() {
    return new ComponentRenderer<>() {
      private Drawing drawnAs;

      @Override
      public TerminalSize getPreferredSize(StatusLine line) {
        return new TerminalSize(1, 1);
      }

      @Override
      public void drawComponent(TextGUIGraphics graphics, StatusLine line) {
        Drawing drawing = Drawing.of(line, graphics.getSize(), List.of(left, flash, hints));
        if (!Drawing.changed(drawnAs, drawing)) {
          return; // the row is on screen as this frame would draw it
        }
        drawnAs = drawing;
        ThemeDefinition theme = line.getThemeDefinition();
        int columns = graphics.getSize().getColumns();
        graphics.applyThemeStyle(theme.getNormal());
        graphics.fill(' ');
        String separator = "  ";
        int room = columns - 2;
        graphics.applyThemeStyle(theme.getCustom(flash ? "flash" : "stats"));
        int used = layout.draw(graphics, 1, 0, left, room);
        // Hints fill from the right, the most important first, while they fit beside the text.
        StringBuilder keys = new StringBuilder();
        for (String hint : hints) {
          String candidate = keys.length() == 0 ? hint : keys + separator + hint;
          if (layout.width(candidate) + used + (used > 0 ? 3 : 0) > room) {
            break;
          }
          keys.setLength(0);
          keys.append(candidate);
        }
        if (keys.length() > 0) {
          int width = layout.width(keys);
          graphics.applyThemeStyle(theme.getCustom("hint"));
          layout.draw(graphics, columns - 1 - width, 0, keys.toString(), width);
        }
      }
    };
  }
}
