package dev.agent.cli;

import static java.util.Objects.requireNonNull;

import dev.agent.chat.StopReason;
import dev.agent.chat.StreamEvent;
import dev.agent.config.Selection;
import dev.agent.provider.ProviderRegistry;
import dev.agent.session.ChatSession;
import dev.agent.session.Turn;
import dev.agent.session.TurnRecorder;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Streams one reply to standard output as it arrives (control characters made visible when that is
 * a terminal, see {@link TerminalText}; retries noted on standard error). The session's events are
 * queued and applied on the calling thread, so the session stays on one thread.
 *
 * <p>Output is written in batches: the calling thread wakes when events arrive, applies every event
 * waiting, writes their text in one go and flushes, then lets {@link #BATCH_MILLIS} pass before it
 * looks again. A slow stream is thus written token by token as it comes, and a fast one costs a
 * wake-up and a write every few milliseconds instead of one per token.
 */
final class OneShotReply {
  /** How long text may gather before it is written: far below what a reader notices. */
  static final long BATCH_MILLIS = 2;

  private final Console console;
  private final ProviderRegistry registry;
  private final Selection selection;
  private final List<Turn> earlier;
  private final TurnRecorder recorder;
  private final BlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
  private final StringBuilder pending = new StringBuilder();
  private boolean endsWithNewline = true;

  /**
   * @param earlier the conversation so far, restored from a saved one; empty for a new one
   * @param recorder where the prompt and the reply are saved once final
   */
  OneShotReply(
      Console console,
      ProviderRegistry registry,
      Selection selection,
      List<Turn> earlier,
      TurnRecorder recorder) {
    this.console = requireNonNull(console, "console");
    this.registry = requireNonNull(registry, "registry");
    this.selection = requireNonNull(selection, "selection");
    this.earlier = List.copyOf(earlier);
    this.recorder = requireNonNull(recorder, "recorder");
  }

  /** Sends {@code prompt} and returns the exit code once the reply has ended. */
  int run(String prompt) {
    ChatSession session = new ChatSession(registry::client, selection, events::add, this::print);
    session.load(earlier);
    session.setRecorder(recorder);
    Turn reply = session.send(prompt);
    try {
      while (reply.status() == Turn.Status.STREAMING) {
        Runnable next = events.take();
        do {
          next.run();
        } while (reply.status() == Turn.Status.STREAMING && (next = events.poll()) != null);
        write();
        if (reply.status() == Turn.Status.STREAMING) {
          Thread.sleep(BATCH_MILLIS);
        }
      }
    } catch (InterruptedException e) {
      session.cancel();
      Thread.currentThread().interrupt();
      return finish(ExitCodes.INTERRUPTED);
    }
    if (reply.status() == Turn.Status.FAILED) {
      int code = ExitCodes.of(reply.error());
      finish(code);
      console.err().println("agent: " + reply.error().getMessage());
      return code;
    }
    String note = stopNote(reply.stopReason());
    finish(ExitCodes.OK);
    if (!note.isEmpty()) {
      console.err().println("agent: " + note);
    }
    return ExitCodes.OK;
  }

  private void print(Turn turn, StreamEvent event) {
    if (event instanceof StreamEvent.Retrying retry) {
      console.err().println("agent: " + retryNote(retry));
    }
    if (event instanceof StreamEvent.TextDelta delta && !delta.text().isEmpty()) {
      // Piped output is the reply's exact bytes; a terminal must not obey what the model wrote.
      pending.append(
          console.stdoutIsTerminal() ? TerminalText.neutralise(delta.text()) : delta.text());
      endsWithNewline = delta.text().endsWith("\n");
    }
  }

  /** Writes the text gathered so far and flushes it. */
  private void write() {
    if (pending.length() > 0) {
      console.out().append(pending);
      pending.setLength(0);
    }
    console.out().flush();
  }

  /**
   * Ends the output. On a terminal the reply gets its final newline so the prompt starts on a line
   * of its own; piped output stays exactly the bytes of the reply.
   */
  private int finish(int code) {
    write();
    if (console.stdoutIsTerminal() && !endsWithNewline) {
      console.out().println();
    }
    console.out().flush();
    return code;
  }

  /** {@code HTTP 529: Overloaded; retrying in 1.2 s (attempt 2 of 3)}. */
  static String retryNote(StreamEvent.Retrying retry) {
    long millis = retry.delay().toMillis();
    String wait =
        millis < 10_000
            ? String.format(Locale.ROOT, "%.1f s", millis / 1000.0)
            : (millis + 999) / 1000 + " s";
    return retry.reason()
        + "; retrying in "
        + wait
        + " (attempt "
        + retry.attempt()
        + " of "
        + retry.maxAttempts()
        + ")";
  }

  /** What to tell the user about a reply that ended for a reason other than a natural stop. */
  static String stopNote(StopReason stopReason) {
    return switch (stopReason.kind()) {
      case MAX_TOKENS ->
          "the reply was cut off at the output limit ("
              + stopReason.word()
              + "); set max_tokens for the provider in config.toml to allow longer replies";
      case CONTENT_FILTER -> "the provider stopped the reply (" + stopReason.word() + ")";
      case REFUSAL -> "the model refused";
      case TOOL_CALL ->
          "the model asked to call " + stopReason.toolsAskedFor() + ", which agent does not run";
      case END_TURN, OTHER -> "";
    };
  }
}
