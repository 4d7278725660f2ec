package dev.agent.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent.chat.StreamEvent;
import java.util.function.Supplier;

/**
 * Turns the server-sent events of one attempt into {@link StreamEvent}s: the part that differs
 * between wire formats. A fresh decoder serves each attempt, so an attempt that is retried leaves
 * nothing behind. Not thread-safe: {@link StreamingReply} calls it under its lock.
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

  /** What the stream means when the server closed it without sending its terminator. */
  abstract StreamEvent onEndWithoutTerminator();

  /** Parses a data line, which must hold one JSON object. */
  final JsonNode parse(String data) throws JsonProcessingException {
    return json.get().readValue(data, ObjectNode.class);
  }

  /** Passes text on; empty text is dropped. */
  final void text(String text) {
    if (!text.isEmpty()) {
      sink.text(text);
    }
  }

  /** Ends the reply. */
  final void finish(StreamEvent terminal) {
    sink.finish(terminal);
  }
}
