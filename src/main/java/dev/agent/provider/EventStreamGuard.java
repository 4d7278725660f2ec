package dev.agent.provider;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;
import okio.Source;

/**
 * Bounds one server-sent event. The SSE reader keeps an event's lines in memory until the blank
 * line that ends it, so a server that never sends one (or sends a line of gigabytes) would fill the
 * heap; this fails the stream with {@link TooLarge} instead once an event passes {@link
 * #MAX_EVENT_BYTES}. Bodies that are not event streams pass untouched.
 */
final class EventStreamGuard implements Interceptor {
  /**
   * Far more than any real event (a whole long reply in one chunk is well under a megabyte), far
   * less than the heap.
   */
  static final long MAX_EVENT_BYTES = 8L * 1024 * 1024;

  private final long maxEventBytes;

  EventStreamGuard(long maxEventBytes) {
    this.maxEventBytes = maxEventBytes;
  }

  /** A single event went past the limit. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;
    private final long limit;

    TooLarge(long limit) {
      super("a single server-sent event is larger than " + limit + " bytes");
      this.limit = limit;
    }

    long limit() {
      return limit;
    }
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    ResponseBody body = response.body();
    MediaType type = body.contentType();
    if (type == null || !type.subtype().equalsIgnoreCase("event-stream")) {
      return response;
    }
    BufferedSource source = body.source();
    // Okio's timeout on a read costs two wake-ups of its watchdog thread, that is two per event of
    // a stream. Silence is still bounded: by the socket's read timeout on plain HTTP/1.1 (okhttp
    // sets SO_TIMEOUT to the same value), else by StreamingReply's stall watchdog.
    source.timeout().clearTimeout();
    BufferedSource limited = Okio.buffer(new Guarded(new ErrorLines(source), maxEventBytes));
    return response
        .newBuilder()
        .body(ResponseBody.create(limited, type, body.contentLength()))
        .build();
  }

  /**
   * Counts the bytes since the last event boundary (an empty line: two line ends in a row, where CR
   * LF counts as one) and fails past the limit; at the end, ends a last line left open.
   */
  private static final class Guarded extends ForwardingSource {
    private final long limit;
    private long sinceBoundary;
    private boolean atLineStart = true;
    private boolean afterCr;

    Guarded(Source delegate, long limit) {
      super(delegate);
      this.limit = limit;
    }

    @Override
    public long read(Buffer sink, long byteCount) throws IOException {
      long start = sink.size();
      long read = super.read(sink, byteCount);
      if (read == -1 && (!atLineStart || afterCr)) {
        // A last line left open, or ended by a lone CR (which okhttp-sse, reading through Okio's
        // select(), would wait on forever, spinning): end it with LF, which changes no meaning.
        atLineStart = true;
        afterCr = false;
        sink.writeByte('\n');
        return 1;
      }
      if (read > 0) {
        scan(sink, start, start + read);
      }
      return read;
    }

    /**
     * Scans the bytes just read straight from the buffer's segments, a run of ordinary bytes at a
     * time: a call per byte through {@link Buffer#getByte} was the hottest spot of a fast stream.
     */
    private void scan(Buffer sink, long from, long to) throws TooLarge {
      try (Buffer.UnsafeCursor cursor = sink.readUnsafe()) {
        for (int n = cursor.seek(from); n != -1 && cursor.offset < to; n = cursor.next()) {
          byte[] data = cursor.data;
          int end = (int) Math.min(cursor.end, cursor.start + (to - cursor.offset));
          int i = cursor.start;
          while (i < end) {
            int run = i;
            while (i < end && data[i] != '\n' && data[i] != '\r') {
              i++;
            }
            if (i > run) {
              afterCr = false;
              atLineStart = false;
              sinceBoundary += i - run;
              if (sinceBoundary > limit) {
                throw new TooLarge(limit);
              }
            }
            if (i < end) {
              lineEnd(data[i++]);
            }
          }
        }
      }
    }

    /** A CR or an LF: a line ends, unless it is the LF of a CR LF; an empty line ends an event. */
    private void lineEnd(byte b) {
      if (b == '\n' && afterCr) {
        afterCr = false;
        return;
      }
      afterCr = b == '\r';
      if (atLineStart) {
        sinceBoundary = 0;
      }
      atLineStart = true;
    }
  }
}
