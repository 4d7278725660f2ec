package dev.agent.tui.terminal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Map;

/**
 * The terminal's character encoding, from the locale variables the way the C library reads them:
 * the first of {@code LC_ALL}, {@code LC_CTYPE}, {@code LANG} that is set decides. Its codeset
 * ({@code en_US.ISO-8859-1}) names the charset; {@code C} and {@code POSIX} mean ASCII; anything
 * else, or nothing set, means UTF-8, which is what terminals use today.
 *
 * <p>The locale says how text is shown, not what the keyboard sends: under {@code C} or {@code
 * POSIX} (over SSH and in containers, where no locale is passed on) the terminal usually sends
 * UTF-8 all the same, so keys are read with {@link #forKeys}.
 */
public final class TerminalCharset {
  private TerminalCharset() {}

  public static Charset detect(Map<String, String> env) {
    for (String variable : new String[] {"LC_ALL", "LC_CTYPE", "LANG"}) {
      String locale = env.getOrDefault(variable, "").strip();
      if (!locale.isEmpty()) {
        return ofLocale(locale);
      }
    }
    return StandardCharsets.UTF_8;
  }

  /**
   * The charset the terminal is driven in for {@code shown}, the locale's: text is written in
   * {@code shown} (what it cannot encode as {@code ?}), and keys are read as UTF-8 where their
   * bytes are UTF-8, else in {@code shown}. A multi-byte locale charset other than UTF-8 (EUC-JP,
   * GB18030), whose bytes cannot be told apart from UTF-8's one at a time, is kept as it is.
   */
  public static Charset forKeys(Charset shown) {
    if (shown.equals(StandardCharsets.UTF_8) || shown.newEncoder().maxBytesPerChar() > 1) {
      return shown;
    }
    return new Utf8Keys(shown);
  }

  private static Charset ofLocale(String locale) {
    if (locale.equals("C") || locale.equals("POSIX")) {
      return StandardCharsets.US_ASCII;
    }
    int dot = locale.indexOf('.');
    if (dot < 0) {
      return StandardCharsets.UTF_8;
    }
    int at = locale.indexOf('@', dot);
    String codeset = locale.substring(dot + 1, at < 0 ? locale.length() : at);
    if (codeset.equalsIgnoreCase("utf8") || codeset.equalsIgnoreCase("utf-8")) {
      return StandardCharsets.UTF_8;
    }
    try {
      return Charset.forName(codeset);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      return StandardCharsets.UTF_8;
    }
  }

  /**
   * Encodes as its single-byte locale charset does; decodes UTF-8 where the bytes are UTF-8, and
   * any other byte as the locale charset reads it (malformed when it cannot).
   */
  private static final class Utf8Keys extends Charset {
    private final Charset shown;

    /** What each byte from 0x80 means in {@code shown}, or -1 when nothing. */
    private final int[] highBytes = new int[0x80];

    Utf8Keys(Charset shown) {
      super("x-utf-8-keys-" + shown.name(), new String[0]);
      this.shown = shown;
      CharsetDecoder decoder =
          shown
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT);
      for (int b = 0x80; b <= 0xff; b++) {
        CharBuffer out = CharBuffer.allocate(2);
        CoderResult result =
            decoder.reset().decode(ByteBuffer.wrap(new byte[] {(byte) b}), out, true);
        highBytes[b - 0x80] = result.isError() || out.position() != 1 ? -1 : out.get(0);
      }
    }

    @Override
    public boolean contains(Charset cs) {
      return shown.contains(cs);
    }

    @Override
    public CharsetEncoder newEncoder() {
      return shown.newEncoder();
    }

    @Override
    public CharsetDecoder newDecoder() {
      return new CharsetDecoder(this, 1, 2) {
        @Override
        protected CoderResult decodeLoop(ByteBuffer in, CharBuffer out) {
          while (in.hasRemaining()) {
            int start = in.position();
            int b = in.get(start) & 0xff;
            if (b < 0x80) {
              if (!out.hasRemaining()) {
                return CoderResult.OVERFLOW;
              }
              out.put((char) b);
              in.position(start + 1);
              continue;
            }
            int codePoint = utf8(in, start);
            if (codePoint == MORE) {
              return CoderResult.UNDERFLOW; // the rest of the character has not come yet
            }
            if (codePoint >= 0) {
              if (out.remaining() < Character.charCount(codePoint)) {
                return CoderResult.OVERFLOW;
              }
              out.put(Character.toChars(codePoint));
              in.position(start + utf8Length(b));
              continue;
            }
            int c = highBytes[b - 0x80];
            if (c < 0) {
              return CoderResult.malformedForLength(1);
            }
            if (!out.hasRemaining()) {
              return CoderResult.OVERFLOW;
            }
            out.put((char) c);
            in.position(start + 1);
          }
          return CoderResult.UNDERFLOW;
        }
      };
    }
  }

  /** What {@link #utf8} returns when the bytes so far begin a UTF-8 character that goes on. */
  private static final int MORE = -2;

  /** The length of the UTF-8 sequence {@code lead} begins, or 0 when it begins none. */
  private static int utf8Length(int lead) {
    if (lead >= 0xc2 && lead <= 0xdf) {
      return 2;
    }
    if (lead >= 0xe0 && lead <= 0xef) {
      return 3;
    }
    if (lead >= 0xf0 && lead <= 0xf4) {
      return 4;
    }
    return 0;
  }

  /**
   * The code point of the UTF-8 sequence at {@code start}; {@link #MORE} when the bytes there so
   * far are its valid beginning; -1 when they are not UTF-8.
   */
  private static int utf8(ByteBuffer in, int start) {
    int lead = in.get(start) & 0xff;
    int length = utf8Length(lead);
    if (length == 0) {
      return -1;
    }
    int codePoint = lead & (0xff >> (length + 1));
    for (int i = 1; i < length; i++) {
      if (start + i >= in.limit()) {
        return MORE;
      }
      int next = in.get(start + i) & 0xff;
      int low = 0x80;
      int high = 0xbf;
      if (i == 1) {
        // The second byte rules out overlong forms, surrogates and code points past U+10FFFF.
        if (lead == 0xe0) {
          low = 0xa0;
        } else if (lead == 0xed) {
          high = 0x9f;
        } else if (lead == 0xf0) {
          low = 0x90;
        } else if (lead == 0xf4) {
          high = 0x8f;
        }
      }
      if (next < low || next > high) {
        return -1;
      }
      codePoint = (codePoint << 6) | (next & 0x3f);
    }
    return codePoint;
  }
}
