package dev.agent.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent.chat.StopReason;
import dev.agent.chat.StreamEvent;
import java.util.function.Supplier;

/**
 * Turns the server-sent events of one attempt into {@link StreamEvent}s: the part that differs
 * between wire formats. A fresh decoder serves each attempt, so an attempt that is retried leaves
 * nothing behind. Not thread-safe: {@link StreamingReply} calls it under its lock.
 *
 * <p>Whatever the wire format, a reply that completes without any text, and whose end says nothing
 * to show instead (a refusal, a tool call, a cut-off or filtered reply), ends {@code Failed}: an
 * empty reply is never passed off as a success.
 */
abstract class StreamDecoder {
  /** Where a decoder's events go. */
  interface Sink {
    /** A piece of reply text; never empty. */
    void text(String text);

    /** The terminal event; nothing is decoded after it. */
    void finish(StreamEvent terminal);
  }

  final Supplier<ObjectMapper> json;
  final HttpFailures failures;
  private Sink sink;
  private boolean textSent;

  StreamDecoder(Supplier<ObjectMapper> json, HttpFailures failures) {
    this.json = json;
    this.failures = failures;
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
    return checked(unterminated());
  }

  /** What the wire format makes of a stream closed without its terminator. */
  abstract StreamEvent unterminated();

  /** Parses a data line, which must hold one JSON object. */
  final JsonNode parse(String data) throws JsonProcessingException {
    return json.get().readValue(data, ObjectNode.class);
  }

  /** Passes text on; empty text is dropped. */
  final void text(String text) {
    if (!text.isEmpty()) {
      textSent = true;
      sink.text(text);
    }
  }

  /** Ends the reply. */
  final void finish(StreamEvent terminal) {
    sink.finish(checked(terminal));
  }

  /** {@code terminal}, or a failure when it completes a reply that showed nothing. */
  private StreamEvent checked(StreamEvent terminal) {
    if (terminal instanceof StreamEvent.Completed completed && !textSent) {
      StopReason stop = completed.stopReason();
      if (stop.kind() == StopReason.Kind.END_TURN || stop.kind() == StopReason.Kind.OTHER) {
        return new StreamEvent.Failed(failures.emptyReply(stop));
      }
    }
    return terminal;
  }
}
