package dev.agent.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent.chat.StopReason;
import dev.agent.chat.StreamEvent;
import dev.agent.config.ProviderConfig;
import java.util.function.Supplier;

/**
 * Turns the server-sent events of one attempt into {@link StreamEvent}s: the part that differs
 * between wire formats. A fresh decoder serves each attempt, so an attempt that is retried leaves
 * nothing behind. Not thread-safe: {@link StreamingReply} calls it under its lock.
 *
 * <p>Whatever the wire format, a reply that completes without any answer text, and whose end says
 * nothing to show instead (a refusal, a tool call, a cut-off or filtered reply), ends {@code
 * Failed}: an empty reply, or one with reasoning but no answer, is never passed off as a success.
 *
 * <p>Answer text given to {@link #answer} is searched for {@code <think>} blocks as the provider's
 * {@code think_tags} says ({@link ThinkTagSplitter}); reasoning a server sends apart goes to {@link
 * #reasoning}.
 */
abstract class StreamDecoder {
  /** Where a decoder's events go. */
  interface Sink {
    /** A piece of reply text; never empty. */
    void text(String text);

    /** A piece of reasoning; never empty. */
    void reasoning(String text);

    /** The provider's signature over the reasoning so far. */
    void reasoningSignature(String signature);

    /** The text passed on so far was reasoning. */
    void textWasReasoning();

    /** The terminal event; nothing is decoded after it. */
    void finish(StreamEvent terminal);
  }

  final Supplier<ObjectMapper> json;
  final HttpFailures failures;
  private Sink sink;
  private final ThinkTagSplitter splitter;
  private boolean textSent;
  private boolean reasoningSent;
  private final int maxReplyMib;
  private long replyChars;
  private boolean ended;

  /**
   * @param provider whose {@code think_tags} say how answer text is searched for {@code <think>},
   *     and whose {@code max_reply_mib} bounds the reply (answer and reasoning, a MiB counted as
   *     1,048,576 chars) before it is cut off as incomplete: a server that never stops must not
   *     fill the heap
   */
  StreamDecoder(Supplier<ObjectMapper> json, HttpFailures failures, ProviderConfig provider) {
    this.json = json;
    this.failures = failures;
    this.maxReplyMib = provider.maxReplyMib();
    this.splitter =
        new ThinkTagSplitter(
            provider.thinkTags(),
            new ThinkTagSplitter.Output() {
              @Override
              public void text(String text) {
                StreamDecoder.this.text(text);
              }

              @Override
              public void reasoning(String text) {
                StreamDecoder.this.reasoning(text);
              }

              @Override
              public void textWasReasoning() {
                if (textSent) {
                  textSent = false;
                  reasoningSent = true;
                  sink.textWasReasoning();
                }
              }
            });
  }

  /** Connects the decoder to its reply; called once, before any event. */
  final void bind(Sink sink) {
    this.sink = sink;
  }

  /**
   * Handles one event of the stream, only while the reply is unfinished.
   *
   * @param type the SSE {@code event:} field, or null when the server sent none
   * @param data the {@code data:} lines joined, never blank
   * @throws JsonProcessingException when the data is not the JSON the wire format promises
   */
  abstract void onData(String type, String data) throws JsonProcessingException;

  /**
   * What the stream means when the server closed it without sending its terminator; like every
   * terminal event, an empty reply there is a failure.
   */
  final StreamEvent onEndWithoutTerminator() {
    splitter.flush();
    return checked(unterminated());
  }

  /** What the wire format makes of a stream closed without its terminator. */
  abstract StreamEvent unterminated();

  /** Parses a data line, which must hold one JSON object. */
  final JsonNode parse(String data) throws JsonProcessingException {
    return json.get().readValue(data, ObjectNode.class);
  }

  /** Passes on the answer's text, where {@code <think>} blocks may hide; empty text is dropped. */
  final void answer(String text) {
    if (!text.isEmpty()) {
      splitter.accept(text);
    }
  }

  /**
   * Passes text on, as it is, but for the blank space that opens an answer after reasoning (servers
   * leave the blank line that followed {@code </think>} there); empty text is dropped.
   */
  final void text(String text) {
    String shown = reasoningSent && !textSent ? text.stripLeading() : text;
    if (!shown.isEmpty() && fits(shown)) {
      textSent = true;
      sink.text(shown);
    }
  }

  /** Passes reasoning on; empty reasoning is dropped. */
  final void reasoning(String text) {
    if (!text.isEmpty() && fits(text)) {
      reasoningSent = true;
      sink.reasoning(text);
    }
  }

  /**
   * Whether {@code text} may still be passed on: not after the end, and not past the reply's bound,
   * which ends the reply as incomplete, keeping what came before.
   */
  private boolean fits(String text) {
    if (ended) {
      return false;
    }
    replyChars += text.length();
    if (replyChars > (long) maxReplyMib << 20) {
      finish(new StreamEvent.Failed(failures.replyTooLarge(maxReplyMib)));
      return false;
    }
    return true;
  }

  /** Passes the provider's signature over the reasoning on. */
  final void reasoningSignature(String signature) {
    if (!signature.isEmpty()) {
      sink.reasoningSignature(signature);
    }
  }

  /** Whether any reasoning went out, so a new block of it may need a blank line first. */
  final boolean reasoningSent() {
    return reasoningSent;
  }

  /** Ends the reply. */
  final void finish(StreamEvent terminal) {
    if (ended) {
      return;
    }
    if (terminal instanceof StreamEvent.Completed) {
      splitter.flush();
    }
    ended = true;
    sink.finish(checked(terminal));
  }

  /** {@code terminal}, or a failure when it completes a reply that showed no answer. */
  private StreamEvent checked(StreamEvent terminal) {
    if (terminal instanceof StreamEvent.Completed completed && !textSent) {
      StopReason stop = completed.stopReason();
      if (stop.kind() == StopReason.Kind.END_TURN || stop.kind() == StopReason.Kind.OTHER) {
        return new StreamEvent.Failed(
            reasoningSent ? failures.reasoningOnly(stop) : failures.emptyReply(stop));
      }
    }
    return terminal;
  }
}
