package dev.agent.cli;

import static java.util.Objects.requireNonNull;

import dev.agent.chat.ChatException;
import dev.agent.chat.Role;
import dev.agent.chat.StopReason;
import dev.agent.chat.StreamEvent;
import dev.agent.config.ModelSettings;
import dev.agent.config.ProviderConfig;
import dev.agent.config.Selection;
import dev.agent.provider.ContextWindow;
import dev.agent.session.ChatSession;
import dev.agent.session.ClientSource;
import dev.agent.session.Turn;
import dev.agent.session.TurnRecorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Streams one reply to standard output as it arrives (control characters made visible when that is
 * a terminal, see {@link TerminalText}; retries noted on standard error). The session's events are
 * queued and applied on the calling thread, so the session stays on one thread.
 *
 * <p>Standard output is the answer alone. The model's reasoning, unless hidden, goes to standard
 * error: dim on a terminal that shows escape sequences (each batch wrapped in SGR 2 and a reset, so
 * an interrupted run leaves the terminal as it was), and always ended with a line feed before the
 * answer or any message starts, so the two streams never run together on one screen.
 *
 * <p>Output is written in batches: the calling thread wakes when events arrive, applies every event
 * waiting, writes their text in one go and flushes, then lets {@link #BATCH_MILLIS} pass before it
 * looks again. A slow stream is thus written token by token as it comes, and a fast one costs a
 * wake-up and a write per batch instead of one per token.
 *
 * <p>Before a request goes, a prompt that with the conversation could be more than the model's
 * context window holds (less room for the reply) is said on standard error, in one line with the
 * fix for that server, and sent anyway: a local server drops the beginning without a word, and a
 * script must not break on an estimate. The window is the model table's {@code context_window} when
 * set; else the server is asked ({@link Windows}) only when the request could be more than {@link
 * #SMALLEST_WINDOW} tokens, so that a short prompt costs no request more.
 */
final class OneShotReply {
  /**
   * Up to this many tokens a request is taken to fit, and no server is asked for its window: no
   * server's default is smaller (Ollama's was 2,048, and is 4,096; LM Studio's is 4,096; llama.cpp
   * now takes the model's own), so a short prompt, the common case, costs no request more. A window
   * set smaller than this by hand is heeded only when {@code context_window} gives it.
   */
  static final long SMALLEST_WINDOW = 2048;

  /** Finds the context window a provider's model runs with. */
  @FunctionalInterface
  interface Windows {
    /** Never asks anything. */
    Windows NONE = (provider, model) -> Optional.empty();

    /**
     * The window {@code model} of {@code provider} runs with, empty when not known; never throws.
     * Blocks for a short while at most: the request waits for it.
     */
    Optional<ContextWindow> window(ProviderConfig provider, String model);

    /**
     * {@code lookup}, given up on (the window not known) when it has not answered within {@code
     * deadline}. It runs on a daemon thread of its own, interrupted when given up on.
     */
    static Windows within(Duration deadline, Windows lookup) {
      requireNonNull(deadline, "deadline");
      requireNonNull(lookup, "lookup");
      return (provider, model) -> {
        FutureTask<Optional<ContextWindow>> task =
            new FutureTask<>(() -> lookup.window(provider, model));
        Thread thread = new Thread(task, "agent-window-lookup");
        thread.setDaemon(true);
        thread.start();
        try {
          return task.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
          return Optional.empty();
        } catch (TimeoutException e) {
          task.cancel(true);
          return Optional.empty();
        } catch (InterruptedException e) {
          task.cancel(true);
          Thread.currentThread().interrupt();
          return Optional.empty();
        }
      };
    }
  }

  /**
   * How long text may gather before it is written: a frame of a 60 Hz screen, which no reader
   * notices. At 2,000 tokens a second, 2 ms cost a fifth more CPU over the stream than 16 ms
   * ({@code bench/oneshot_paced.py}).
   */
  static final long BATCH_MILLIS = 16;

  /** Select Graphic Rendition: faint, then everything back to normal. */
  static final String DIM = "\u001b[2m";

  static final String RESET = "\u001b[0m";

  private final Console console;
  private final boolean showReasoning;
  private final boolean dim;
  private final BlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
  private final ChatSession session;
  private final Selection selection;
  private final Windows windows;
  private final StringBuilder pending = new StringBuilder();
  private final StringBuilder pendingReasoning = new StringBuilder();
  private boolean endsWithNewline = true;

  /** Whether reasoning went (or waits to go) to standard error since its last line feed. */
  private boolean reasoningLineOpen;

  /** Whether answer text came after the last reasoning (or before any). */
  private boolean answerSinceReasoning;

  /**
   * @param clients the providers' clients ({@code ProviderRegistry::client})
   * @param earlier the conversation so far, restored from a saved one; empty for a new one
   * @param recorder where the prompt and the reply are saved once final
   * @param showReasoning whether the reply's reasoning goes to standard error ({@code
   *     show_reasoning}, and no {@code --hide-reasoning})
   * @param replacesSystemPrompt whether the selection's system prompt (a run's {@code --system})
   *     replaces that of the {@code earlier} conversation, which otherwise keeps its own
   * @param windows where the model's context window is learnt
   */
  OneShotReply(
      Console console,
      ClientSource clients,
      Windows windows,
      Selection selection,
      List<Turn> earlier,
      TurnRecorder recorder,
      boolean showReasoning,
      boolean replacesSystemPrompt) {
    this.console = requireNonNull(console, "console");
    this.showReasoning = showReasoning;
    this.windows = requireNonNull(windows, "windows");
    this.selection = requireNonNull(selection, "selection");
    // A terminal that shows no escape sequences (TERM=dumb: Emacs's shell) gets no dimming.
    this.dim = console.stderrIsTerminal() && !"dumb".equals(console.env().get("TERM"));
    this.session =
        new ChatSession(
            requireNonNull(clients, "clients"),
            requireNonNull(selection, "selection"),
            events::add,
            this::print);
    session.load(List.copyOf(earlier));
    requireNonNull(recorder, "recorder");
    session.setRecorder(canSend(clients, selection) ? recorder : TurnRecorder.NONE);
    if (replacesSystemPrompt) {
      session.useSystemPrompt(selection.systemPrompt());
    }
  }

  /**
   * Sends {@code prompt} and returns the exit code once the reply has ended. Each call is one more
   * exchange of the same conversation, which the next request carries.
   */
  int run(String prompt) {
    endsWithNewline = true;
    reasoningLineOpen = false;
    answerSinceReasoning = false;
    // Only a cancel asked for too late for the reply before can be waiting: it is not for this one.
    events.clear();
    warnIfTooLong(prompt);
    Turn reply = session.send(prompt);
    try {
      while (reply.status() == Turn.Status.STREAMING) {
        Runnable next = events.take();
        do {
          next.run();
        } while (reply.status() == Turn.Status.STREAMING && (next = events.poll()) != null);
        write();
        if (console.out().checkError()) {
          session.cancel();
          if (standardOutputIsAFile()) {
            // No reader left: a file that takes no more (`agent … > reply.txt` on a full disk).
            note(
                "standard output, a file, took no more of the reply (a full disk?); the reply"
                    + " stops there, cut short");
            return ExitCodes.REQUEST_FAILED;
          }
          // The reader is gone (`agent … | head`): the rest of the reply has nowhere to go, so
          // the request stops and agent leaves without a word.
          return ExitCodes.OUTPUT_CLOSED;
        }
        if (reply.status() == Turn.Status.STREAMING) {
          Thread.sleep(BATCH_MILLIS);
        }
      }
    } catch (InterruptedException e) {
      session.cancel();
      Thread.currentThread().interrupt();
      return finish(ExitCodes.INTERRUPTED);
    }
    if (reply.status() == Turn.Status.CANCELLED) {
      finish(ExitCodes.OK);
      note("reply cancelled (Ctrl+C); what arrived is kept");
      return ExitCodes.OK;
    }
    if (reply.status() == Turn.Status.FAILED) {
      int code = ExitCodes.of(reply.error());
      finish(code);
      note(reply.error().getMessage());
      return code;
    }
    boolean stillThinking = reply.length() == 0 && reply.reasoningLength() > 0;
    String stopNote = stopNote(reply.stopReason(), stillThinking);
    finish(ExitCodes.OK);
    if (!stopNote.isEmpty()) {
      note(stopNote);
    }
    return ExitCodes.OK;
  }

  /**
   * Says on standard error when {@code prompt} and the conversation could be more than the model's
   * context window holds, with the fix for that server; the request goes as it is all the same.
   */
  private void warnIfTooLong(String prompt) {
    ProviderConfig provider = selection.provider();
    String model = selection.model();
    long needed = session.contextTokens(prompt);
    ModelSettings settings = provider.settingsFor(model);
    int maxTokens = settings.maxTokens();
    if (needed <= SMALLEST_WINDOW && settings.contextWindow() <= 0) {
      return;
    }
    Optional<ContextWindow> found = windows.window(provider, model).filter(ContextWindow::known);
    if (found.isEmpty() || needed <= found.get().room(maxTokens)) {
      return;
    }
    ContextWindow window = found.get();
    note(
        (session.turns().stream().noneMatch(turn -> turn.role() == Role.USER)
                ? "this prompt comes to "
                : "this prompt and the conversation come to ")
            + window.overflow(provider.id(), model, needed, maxTokens)
            + ": the server may drop the beginning without a word; sending it anyway. To give the"
            + " model more room, "
            + window.howToFit(provider.id(), model, needed, maxTokens));
  }

  /**
   * Cancels the reply streaming, if any, as Ctrl+C does in the line chat: its text so far stays
   * written and is saved as cut short, and {@link #run} returns. Safe on any thread: the cancel is
   * handed to the thread in {@link #run}.
   */
  void cancelFromAnotherThread() {
    events.add(
        () -> {
          if (session.isStreaming()) {
            session.cancel();
          }
        });
  }

  /**
   * Whether the prompt can leave at all: a provider without its key or URL fails before any
   * request, and a prompt never sent is no conversation to save.
   */
  private static boolean canSend(ClientSource clients, Selection selection) {
    try {
      clients.clientFor(selection.provider());
      return true;
    } catch (ChatException e) {
      return false;
    }
  }

  private void print(Turn turn, StreamEvent event) {
    if (event instanceof StreamEvent.Retrying retry) {
      note(retryNote(retry));
    } else if (event instanceof StreamEvent.ReasoningDelta delta) {
      if (showReasoning && !delta.text().isEmpty()) {
        writeAnswer(); // what came before it goes out first
        if (answerSinceReasoning && console.stdoutIsTerminal() && !endsWithNewline) {
          pendingReasoning.append('\n'); // the answer broke off mid-line on the same screen
        }
        answerSinceReasoning = false;
        pendingReasoning.append(
            console.stderrIsTerminal() ? TerminalText.neutralise(delta.text()) : delta.text());
        reasoningLineOpen = !delta.text().endsWith("\n");
      }
    } else if (event instanceof StreamEvent.TextDelta delta && !delta.text().isEmpty()) {
      endReasoning();
      answerSinceReasoning = true;
      // Piped output is the reply's exact bytes; a terminal must not obey what the model wrote.
      pending.append(
          console.stdoutIsTerminal() ? TerminalText.neutralise(delta.text()) : delta.text());
      endsWithNewline = delta.text().endsWith("\n");
    } else if (event instanceof StreamEvent.TextWasReasoning) {
      // That text is on standard output already; the best left to do is to say so.
      writeAnswer();
      if (console.stdoutIsTerminal() && !endsWithNewline) {
        console.out().println();
        endsWithNewline = true;
      }
      console.out().flush();
      note(textWasReasoningNote(turn.providerId()));
    }
  }

  /** One line on standard error, on a line of its own. */
  private void note(String message) {
    endReasoning();
    console.err().println("agent: " + message);
  }

  /**
   * Whether this process's standard output is a regular file, which no reader can leave: then a
   * failed write is the file's fault (a full disk), not a pipe's reader gone. Linux's {@code
   * /proc/self/fd/1} names the open file itself, a pipe's as {@code pipe:[…]}; elsewhere, false.
   */
  private static boolean standardOutputIsAFile() {
    return Files.isRegularFile(Path.of("/proc/self/fd/1"));
  }

  /** Writes the text gathered so far, reasoning then answer, and flushes it. */
  private void write() {
    writeReasoning();
    writeAnswer();
  }

  private void writeAnswer() {
    if (pending.length() > 0) {
      console.out().append(pending);
      pending.setLength(0);
    }
    console.out().flush();
  }

  private void writeReasoning() {
    if (pendingReasoning.length() > 0) {
      if (dim) {
        console.err().append(DIM).append(pendingReasoning).append(RESET);
      } else {
        console.err().append(pendingReasoning);
      }
      pendingReasoning.setLength(0);
      console.err().flush();
    }
  }

  /** Writes the reasoning gathered so far and ends its line, before anything else is written. */
  private void endReasoning() {
    writeReasoning();
    if (reasoningLineOpen) {
      console.err().println();
      reasoningLineOpen = false;
    }
  }

  /**
   * Ends the output. On a terminal the reply gets its final newline so the prompt starts on a line
   * of its own; piped output stays exactly the bytes of the reply.
   */
  private int finish(int code) {
    endReasoning();
    writeAnswer();
    if (console.stdoutIsTerminal() && !endsWithNewline) {
      console.out().println();
    }
    console.out().flush();
    return code;
  }

  /** What to say when the text already on standard output turns out to have been reasoning. */
  static String textWasReasoningNote(String providerId) {
    return "the reply's text so far, already on standard output, was the model's reasoning, not its"
        + " answer (it ended with </think>); the answer follows. Set model_providers."
        + providerId
        + ".think_tags = \"open\" to keep reasoning off standard output";
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
    return stopNote(stopReason, false);
  }

  /**
   * What to tell the user about a reply that ended for a reason other than a natural stop; {@code
   * stillThinking} when it had reasoning and no answer yet.
   */
  static String stopNote(StopReason stopReason, boolean stillThinking) {
    return switch (stopReason.kind()) {
      case MAX_TOKENS ->
          stillThinking
              ? "the reply was cut off at the output limit ("
                  + stopReason.word()
                  + ") while the model was still thinking, before any answer; raise max_tokens"
                  + " for the provider in config.toml, or lower reasoning_effort"
              : "the reply was cut off at the output limit ("
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
