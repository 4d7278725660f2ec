package dev.agent.provider;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;
import okio.ByteString;
import okio.ForwardingSource;
import okio.Source;

/**
 * Makes an event stream's non-standard {@code error:} lines readable. llama.cpp's server before its
 * late-2025 rewrite reported a failure inside a 200 stream as {@code error: {"code":400,
 * "message":"the request exceeds the available context size…"}} followed by {@code data: [DONE]};
 * an SSE reader drops the unknown field, and the reply looked empty. Each {@code error:} that
 * starts a line becomes {@code event: error} and {@code data:}, which the decoders read as the
 * in-stream error it is. Everything else passes as it is, without delay: only the start of a line
 * that may still become {@code error:} is held until the next read tells.
 */
final class ErrorLines extends ForwardingSource {
  private static final ByteString FIELD = ByteString.encodeUtf8("error:");
  private static final ByteString REPLACEMENT = ByteString.encodeUtf8("event: error\ndata:");

  /** Bytes read but not yet passed on: the start of a line that may become {@code error:}. */
  private final Buffer held = new Buffer();

  /** Whether the next byte read starts a line. */
  private boolean atLineStart = true;

  ErrorLines(Source delegate) {
    super(delegate);
  }

  @Override
  public long read(Buffer sink, long byteCount) throws IOException {
    Buffer data = new Buffer();
    boolean startsLine = atLineStart;
    long read = super.read(data, byteCount);
    if (read == -1) {
      if (held.size() == 0) {
        return -1;
      }
      long size = held.size();
      sink.writeAll(held);
      return size;
    }
    if (held.size() > 0) {
      startsLine = true; // what is held always starts a line
      Buffer joined = new Buffer();
      joined.writeAll(held);
      joined.writeAll(data);
      data = joined;
    }
    if (data.size() == 0) {
      return 0;
    }
    atLineStart = isLineEnd(data.getByte(data.size() - 1));
    List<Long> fields = new ArrayList<>(1);
    for (long at = data.indexOf(FIELD); at >= 0; at = data.indexOf(FIELD, at + 1)) {
      if (at == 0 ? startsLine : isLineEnd(data.getByte(at - 1))) {
        fields.add(at);
      }
    }
    long keep = heldTail(data, startsLine);
    long before = sink.size();
    long consumed = 0;
    for (long at : fields) {
      sink.write(data, at - consumed);
      data.skip(FIELD.size());
      sink.write(REPLACEMENT);
      consumed = at + FIELD.size();
    }
    sink.write(data, data.size() - keep);
    held.writeAll(data);
    long passed = sink.size() - before;
    if (passed == 0 && keep > 0) {
      // Only the start of a line arrived: read on rather than report nothing.
      return read(sink, byteCount);
    }
    return passed;
  }

  /**
   * How many bytes at the end of {@code data} start a line and are a proper start of {@code
   * error:}, which the next read may complete.
   */
  private static long heldTail(Buffer data, boolean startsLine) {
    long size = data.size();
    for (int length = (int) Math.min(FIELD.size() - 1, size); length > 0; length--) {
      long start = size - length;
      boolean lineStart = start == 0 ? startsLine : isLineEnd(data.getByte(start - 1));
      if (lineStart && data.rangeEquals(start, FIELD, 0, length)) {
        return length;
      }
    }
    return 0;
  }

  private static boolean isLineEnd(byte b) {
    return b == '\n' || b == '\r';
  }
}
