package dev.agent.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import okio.Buffer;
import okio.BufferedSink;

/**
 * What a test server answers: the recorded wire bytes under {@code src/test/resources/sse} (the
 * real bytes, quirks included), event streams a test writes itself, and JSON answers.
 */
public final class StreamBodies {
  /** The event that ends a chat completions reply normally, with no usage. */
  public static final String CHAT_STOP =
      "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n";

  /** The line that ends a chat completions stream. */
  public static final String DONE = "data: [DONE]\n\n";

  private StreamBodies() {}

  /** The recorded stream {@code name}, e.g. {@code openai-chat.sse}, as text. */
  public static String recorded(String name) {
    try (InputStream in = StreamBodies.class.getResourceAsStream("/sse/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The recorded answer {@code name} of a server's discovery endpoint under {@code
   * src/test/resources/discovery} (a model list, Ollama's {@code /api/ps}, llama.cpp's {@code
   * /props}), as a 200 JSON answer; the file's leading {@code //} lines, which cite where its shape
   * comes from, are left out.
   */
  public static MockResponse discovery(String name) {
    try (InputStream in = StreamBodies.class.getResourceAsStream("/discovery/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return json(text.replaceAll("(?m)\\A(//[^\\n]*\\n)+", ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A 200 event stream replaying the recorded stream {@code name}. */
  public static MockResponse replay(String name) {
    return new MockResponse.Builder()
        .setHeader("Content-Type", "text/event-stream; charset=utf-8")
        .body(recorded(name))
        .build();
  }

  /**
   * A 200 event stream replaying the recorded stream {@code name} as servers send it: one write,
   * and one flush to the socket, per event, so that the client reads the events as they come rather
   * than as one block.
   */
  public static MockResponse replayEventByEvent(String name) {
    byte[] bytes = recorded(name).getBytes(StandardCharsets.UTF_8);
    String text = new String(bytes, StandardCharsets.UTF_8);
    MockResponseBody body =
        new MockResponseBody() {
          @Override
          public long getContentLength() {
            return bytes.length;
          }

          @Override
          public void writeTo(BufferedSink sink) throws IOException {
            int from = 0;
            for (int end = text.indexOf("\n\n"); end >= 0; end = text.indexOf("\n\n", from)) {
              sink.writeUtf8(text, from, end + 2);
              sink.flush();
              from = end + 2;
            }
            sink.writeUtf8(text, from, text.length());
            sink.flush();
          }
        };
    return new MockResponse.Builder()
        .setHeader("Content-Type", "text/event-stream; charset=utf-8")
        .body(body)
        .build();
  }

  /** A 200 event stream of {@code body}. */
  public static MockResponse eventStream(String body) {
    return eventStreamBuilder(body).build();
  }

  /** A 200 event stream of {@code body}, for bodies too large for a string. */
  public static MockResponse eventStream(Buffer body) {
    return new MockResponse.Builder()
        .setHeader("Content-Type", "text/event-stream")
        .body(body)
        .build();
  }

  /** A 200 event stream of {@code body}, to add delays, throttling or socket effects to. */
  public static MockResponse.Builder eventStreamBuilder(String body) {
    return new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(body);
  }

  /**
   * One chat completions event carrying {@code text} as its delta. The text goes into the JSON
   * string as written, so it may hold JSON escapes such as {@code \\u001b}.
   */
  public static String chatText(String text) {
    return "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"}}]}\n\n";
  }

  /** An error answer with a JSON body. */
  public static MockResponse error(int code, String json) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json")
        .body(json)
        .build();
  }

  /** A 200 JSON answer. */
  public static MockResponse json(String json) {
    return error(200, json);
  }
}
