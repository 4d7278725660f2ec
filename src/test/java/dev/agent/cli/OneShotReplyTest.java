package dev.agent.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent.chat.ChatException;
import dev.agent.chat.Message;
import dev.agent.chat.StopReason;
import dev.agent.chat.StreamEvent;
import dev.agent.chat.StreamEvent.Completed;
import dev.agent.chat.StreamEvent.Failed;
import dev.agent.chat.StreamEvent.ReasoningDelta;
import dev.agent.chat.StreamEvent.ReasoningSignature;
import dev.agent.chat.StreamEvent.TextDelta;
import dev.agent.chat.StreamEvent.TextWasReasoning;
import dev.agent.chat.Usage;
import dev.agent.config.Selection;
import dev.agent.session.FakeChatClient;
import dev.agent.session.TurnRecorder;
import dev.agent.testing.TestProviders;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One reply's reasoning and answer on the two output streams, from the stream events themselves:
 * exact bytes of standard output and standard error, and the exit code.
 */
class OneShotReplyTest {
  private static final Completed DONE =
      new Completed(new Usage(5, 9), new StopReason(StopReason.Kind.END_TURN, "end_turn"));
  private static final String DIM = "\u001b[2m";
  private static final String RESET = "\u001b[0m";

  private final FakeChatClient client = new FakeChatClient();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** Runs one reply made of {@code events}, all waiting at once. */
  private int run(boolean terminals, boolean showReasoning, StreamEvent... events) {
    Console console =
        new Console(
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, UTF_8),
            new PrintStream(err, true, UTF_8),
            Map.of(),
            false,
            terminals,
            terminals);
    client.replyAtOnce(events);
    return new OneShotReply(
            console,
            provider -> client,
            OneShotReply.Windows.NONE,
            new Selection(TestProviders.anthropic(), "claude-test"),
            List.of(),
            TurnRecorder.NONE,
            showReasoning,
            false)
        .run("What is 2+2?");
  }

  private String out() {
    return out.toString(UTF_8);
  }

  private String err() {
    return err.toString(UTF_8);
  }

  @Test
  void reasoningGoesToStandardErrorAndStandardOutputIsTheAnswersExactBytes() throws Exception {
    int code =
        run(
            false,
            true,
            new ReasoningDelta("Let me think.\n"),
            new ReasoningSignature("c2ln"),
            new ReasoningDelta("Two and two\u001b[31m"),
            new TextDelta("4\u001b[0m"),
            DONE);

    assertEquals(0, code);
    assertEquals("4\u001b[0m", out());
    assertEquals("Let me think.\nTwo and two\u001b[31m\n", err());
    assertEquals(List.of(Message.user("What is 2+2?")), client.nextCall().request().messages());
  }

  @Test
  void onATerminalReasoningIsDimNeutralisedAndItsLineEndsBeforeTheAnswer() {
    int code =
        run(
            true,
            true,
            new ReasoningDelta("Two and two\u001b]52;c;eA==\u0007"),
            new TextDelta("4"),
            DONE);

    assertEquals(0, code);
    assertEquals("4\n", out());
    assertEquals(DIM + "Two and two^[]52;c;eA==^G" + RESET + "\n", err());
  }

  @Test
  void reasoningThatReturnsMidAnswerStartsOnALineOfItsOwnOnATerminal() {
    run(
        true,
        true,
        new TextDelta("Fo"),
        new ReasoningDelta("hmm\n"),
        new ReasoningDelta("yes"),
        new TextDelta("ur"),
        DONE);

    assertEquals("Four\n", out());
    assertEquals(DIM + "\nhmm\nyes" + RESET + "\n", err());
  }

  @Test
  void hiddenReasoningIsNotWrittenAnywhere() {
    int code = run(true, false, new ReasoningDelta("Secret"), new TextDelta("4"), DONE);

    assertEquals(0, code);
    assertEquals("4\n", out());
    assertEquals("", err());
  }

  @Test
  void aReplyCutOffWhileThinkingSaysSoAndWhatToRaise() {
    String note =
        "agent: the reply was cut off at the output limit (length) while the model was still"
            + " thinking, before any answer; raise max_tokens for the provider in config.toml, or"
            + " lower reasoning_effort\n";
    Completed cutOff =
        new Completed(Usage.UNKNOWN, new StopReason(StopReason.Kind.MAX_TOKENS, "length"));

    assertEquals(0, run(false, true, new ReasoningDelta("Hmm, first"), cutOff));
    assertEquals("", out());
    assertEquals("Hmm, first\n" + note, err());

    err.reset();
    assertEquals(0, run(false, false, new ReasoningDelta("Hmm, first"), cutOff));
    assertEquals(note, err());

    err.reset();
    assertEquals(0, run(false, true, new ReasoningDelta("Hmm\n"), new TextDelta("Part"), cutOff));
    assertEquals("Part", out());
    assertEquals(
        "Hmm\nagent: the reply was cut off at the output limit (length); set max_tokens for the"
            + " provider in config.toml to allow longer replies\n",
        err());
  }

  @Test
  void aFailureWhileThinkingIsReportedOnALineOfItsOwn() {
    int code =
        run(
            false,
            true,
            new ReasoningDelta("Hmm"),
            new Failed(
                new ChatException(
                    ChatException.Kind.INCOMPLETE, "anthropic: the stream broke off; try again")));

    assertEquals(1, code);
    assertEquals("", out());
    assertEquals("Hmm\nagent: anthropic: the stream broke off; try again\n", err());
  }

  @Test
  void textThatTurnsOutToHaveBeenReasoningIsOwnedUpToOnStandardError() {
    String note =
        "agent: the reply's text so far, already on standard output, was the model's reasoning,"
            + " not its answer (it ended with </think>); the answer follows. Set"
            + " model_providers.anthropic.think_tags = \"open\" to keep reasoning off standard"
            + " output\n";
    StreamEvent[] events = {
      new TextDelta("Two and two"), new TextWasReasoning(), new TextDelta("4"), DONE
    };

    assertEquals(0, run(false, true, events));
    assertEquals("Two and two4", out());
    assertEquals(note, err());

    out.reset();
    err.reset();
    assertEquals(0, run(true, false, events));
    assertEquals("Two and two\n4\n", out());
    assertEquals(note, err());
  }

  @Test
  void whenTheReaderOfStandardOutputIsGoneTheRequestStopsQuietly() throws Exception {
    // `agent … | head -c 10`: once head has its bytes, every write fails with EPIPE.
    OutputStream closedPipe =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("Broken pipe");
          }
        };
    Console console =
        new Console(
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(closedPipe, true, UTF_8),
            new PrintStream(err, true, UTF_8),
            Map.of(),
            false,
            false,
            false);
    ExecutorService runner = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> code =
          runner.submit(
              () ->
                  new OneShotReply(
                          console,
                          provider -> client,
                          OneShotReply.Windows.NONE,
                          new Selection(TestProviders.anthropic(), "claude-test"),
                          List.of(),
                          TurnRecorder.NONE,
                          true,
                          false)
                      .run("Write a long story."));
      FakeChatClient.FakeCall call = client.nextCall();
      call.emit(new TextDelta("Once upon a time"));

      assertEquals(141, code.get(5, TimeUnit.SECONDS));
      assertTrue(call.cancelled(), "the request goes on for no one");
      assertEquals("", err());
    } finally {
      runner.shutdownNow();
    }
  }
}
