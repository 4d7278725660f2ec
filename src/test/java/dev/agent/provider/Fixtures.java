package dev.agent.provider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import mockwebserver3.MockResponse;

/** The recorded wire bytes under {@code src/test/resources/sse}. */
final class Fixtures {
  private Fixtures() {}

  static String sse(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/sse/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A 200 event stream replaying the fixture. */
  static MockResponse stream(String name) {
    return new MockResponse.Builder()
        .setHeader("Content-Type", "text/event-stream; charset=utf-8")
        .body(sse(name))
        .build();
  }

  /** An error answer with a JSON body. */
  static MockResponse error(int code, String json) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json")
        .body(json)
        .build();
  }

  /** A 200 JSON answer. */
  static MockResponse json(String json) {
    return error(200, json);
  }
}
