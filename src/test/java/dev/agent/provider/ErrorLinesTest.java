package dev.agent.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agent.Fuzz;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import okio.Buffer;
import okio.Okio;
import okio.Source;
import okio.Timeout;
import org.junit.jupiter.api.Test;

class ErrorLinesTest {

  /** What {@link ErrorLines} makes of a stream that arrives in these pieces. */
  private static String rewritten(List<String> pieces) throws IOException {
    Deque<String> left = new ArrayDeque<>(pieces);
    Source source =
        new Source() {
          @Override
          public long read(Buffer sink, long byteCount) {
            if (left.isEmpty()) {
              return -1;
            }
            String piece = left.poll();
            sink.writeUtf8(piece);
            return piece.length();
          }

          @Override
          public Timeout timeout() {
            return Timeout.NONE;
          }

          @Override
          public void close() {}
        };
    return Okio.buffer(new ErrorLines(source)).readUtf8();
  }

  @Test
  void anErrorFieldBecomesAnErrorEvent() throws IOException {
    assertEquals(
        "event: error\ndata: {\"message\":\"too long\"}\n\ndata: [DONE]\n\n",
        rewritten(List.of("error: {\"message\":\"too long\"}\n\ndata: [DONE]\n\n")));
  }

  @Test
  void errorElsewhereInALineIsLeftAlone() throws IOException {
    String stream = "data: {\"content\":\"error: none\"}\n\n: error: a comment\nxerror: x\n\n";
    assertEquals(stream, rewritten(List.of(stream)));
  }

  @Test
  void aCompleteEventIsPassedOnWithoutWaitingForMore() throws IOException {
    ErrorLines lines = new ErrorLines(new Buffer().writeUtf8("data: a\n\ner"));
    Buffer out = new Buffer();

    lines.read(out, 8192);

    assertEquals("data: a\n\n", out.readUtf8());
  }

  @Test
  void anyChunkingGivesTheSameBytes() throws Exception {
    List<String> streams =
        List.of(
            "error: {\"code\":400}\n\ndata: [DONE]\n\n",
            "data: x\r\nerror: y\r\n\r\n",
            "data: x\rerror: y\r\rerro",
            "err",
            "data: error:\n\nerror:error:\n");
    Fuzz.forAll(
        500,
        random -> chunked(random, Fuzz.pick(random, streams)),
        Object::toString,
        pieces -> assertEquals(rewritten(List.of(String.join("", pieces))), rewritten(pieces)));
  }

  private static List<String> chunked(Random random, String text) {
    List<String> pieces = new ArrayList<>();
    int at = 0;
    while (at < text.length()) {
      int length = 1 + random.nextInt(Math.min(7, text.length() - at));
      pieces.add(text.substring(at, at + length));
      at += length;
    }
    return pieces;
  }
}
