package dev.agent.provider;

/**
 * A small pull reader of strict JSON (RFC 8259, nothing more) over one {@code data:} line, for the
 * hot path of stream decoding: per token, a Jackson parser and tree cost several times all the rest
 * of the work. It reads only what it understands without doubt and gives up on everything else with
 * {@link Unsupported}: the caller then hands the line to Jackson, whose result (or error) is the
 * definition. So anything this reader accepts, Jackson accepts too, with the same values.
 *
 * <p>What it refuses: anything outside the JSON grammar, escapes in field names, names longer than
 * {@link #MAX_NAME}, numbers longer than {@link #MAX_NUMBER} characters, nesting deeper than {@link
 * #MAX_DEPTH}, and a first value that is not an object or array. Like Jackson reading one value, it
 * stops at the end of the first value and ignores whatever follows it.
 */
final class StrictJsonReader {
  /** What the reader met: the same vocabulary as Jackson's tokens, with numbers split in two. */
  enum Token {
    START_OBJECT,
    END_OBJECT,
    START_ARRAY,
    END_ARRAY,
    FIELD_NAME,
    STRING,
    /** An integer that fits in a {@code long}: see {@link #longValue()}. */
    INTEGER,
    /** Any other number: a fraction, an exponent, or an integer too long for a {@code long}. */
    OTHER_NUMBER,
    TRUE,
    FALSE,
    NULL
  }

  /** The input is something this reader leaves to Jackson. Has no stack trace: it is cheap. */
  static final class Unsupported extends Exception {
    private static final long serialVersionUID = 1L;

    Unsupported() {
      super("left to Jackson", null, false, false);
    }
  }

  static final int MAX_DEPTH = 32;
  static final int MAX_NAME = 1000;
  static final int MAX_NUMBER = 100;

  private final char[] in;
  private int pos;
  private int depth;
  private final boolean[] inObject = new boolean[MAX_DEPTH + 1];

  /** Per depth: whether a value was read, so the next one needs a comma first. */
  private final boolean[] needComma = new boolean[MAX_DEPTH + 1];

  /** After a field name and its colon: the next token is the field's value. */
  private boolean expectValue;

  private boolean rootDone;
  private Token current;
  private String text;
  private long longValue;

  StrictJsonReader(String json) {
    this.in = json.toCharArray();
  }

  /** The token just read; null before the first and after the first value ended. */
  Token current() {
    return current;
  }

  /** The text of the current {@code FIELD_NAME} or {@code STRING}. */
  String text() {
    return text;
  }

  /** The value of the current {@code INTEGER}. */
  long longValue() {
    return longValue;
  }

  /** Reads the next token; null once the first value has ended. */
  Token next() throws Unsupported {
    current = read();
    return current;
  }

  /**
   * Reads the next token, which must be a field name or the end of the object; returns the name, or
   * null at the end.
   */
  String nextFieldName() throws Unsupported {
    Token token = next();
    if (token == Token.FIELD_NAME) {
      return text;
    }
    if (token != Token.END_OBJECT) {
      throw new Unsupported();
    }
    return null;
  }

  /** When the current token starts an object or array, skips to its end; otherwise does nothing. */
  void skipChildren() throws Unsupported {
    if (current != Token.START_OBJECT && current != Token.START_ARRAY) {
      return;
    }
    int target = depth - 1;
    while (depth > target) {
      if (next() == null) {
        throw new Unsupported();
      }
    }
  }

  private Token read() throws Unsupported {
    skipWhitespace();
    if (expectValue) {
      expectValue = false;
      return value();
    }
    if (depth == 0) {
      if (rootDone) {
        return null;
      }
      char c = peek();
      if (c != '{' && c != '[') {
        throw new Unsupported(); // Jackson has rules of its own for what may follow a root scalar
      }
      return value();
    }
    char c = peek();
    if (inObject[depth]) {
      if (c == '}') {
        pos++;
        return end(Token.END_OBJECT);
      }
      if (needComma[depth]) {
        expect(',');
        skipWhitespace();
      }
      if (peek() != '"') {
        throw new Unsupported();
      }
      text = name();
      skipWhitespace();
      expect(':');
      needComma[depth] = true;
      expectValue = true;
      return Token.FIELD_NAME;
    }
    if (c == ']') {
      pos++;
      return end(Token.END_ARRAY);
    }
    if (needComma[depth]) {
      expect(',');
      skipWhitespace();
    }
    needComma[depth] = true;
    return value();
  }

  private Token value() throws Unsupported {
    char c = peek();
    return switch (c) {
      case '{' -> {
        pos++;
        yield start(true);
      }
      case '[' -> {
        pos++;
        yield start(false);
      }
      case '"' -> {
        text = string();
        yield Token.STRING;
      }
      case 't' -> literal("true", Token.TRUE);
      case 'f' -> literal("false", Token.FALSE);
      case 'n' -> literal("null", Token.NULL);
      case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> number();
      default -> throw new Unsupported();
    };
  }

  private Token start(boolean object) throws Unsupported {
    if (depth == MAX_DEPTH) {
      throw new Unsupported();
    }
    depth++;
    inObject[depth] = object;
    needComma[depth] = false;
    return object ? Token.START_OBJECT : Token.START_ARRAY;
  }

  private Token end(Token token) {
    depth--;
    if (depth == 0) {
      rootDone = true;
    }
    return token;
  }

  private Token literal(String word, Token token) throws Unsupported {
    if (pos + word.length() > in.length) {
      throw new Unsupported();
    }
    for (int i = 0; i < word.length(); i++) {
      if (in[pos + i] != word.charAt(i)) {
        throw new Unsupported();
      }
    }
    pos += word.length();
    return token;
  }

  /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}, read greedily. */
  private Token number() throws Unsupported {
    int start = pos;
    boolean negative = in[pos] == '-';
    if (negative) {
      pos++;
    }
    int digitsStart = pos;
    if (pos < in.length && in[pos] == '0') {
      pos++;
    } else if (!digits()) {
      throw new Unsupported();
    }
    int integerDigits = pos - digitsStart;
    boolean integer = true;
    if (pos < in.length && in[pos] == '.') {
      pos++;
      integer = false;
      if (!digits()) {
        throw new Unsupported();
      }
    }
    if (pos < in.length && (in[pos] == 'e' || in[pos] == 'E')) {
      pos++;
      integer = false;
      if (pos < in.length && (in[pos] == '+' || in[pos] == '-')) {
        pos++;
      }
      if (!digits()) {
        throw new Unsupported();
      }
    }
    if (pos - start > MAX_NUMBER) {
      throw new Unsupported();
    }
    if (!integer || integerDigits > 18) {
      return Token.OTHER_NUMBER;
    }
    long value = 0;
    for (int i = digitsStart; i < pos; i++) {
      value = value * 10 + (in[i] - '0');
    }
    longValue = negative ? -value : value;
    return Token.INTEGER;
  }

  /** Reads one or more digits; false when there is none. */
  private boolean digits() {
    int start = pos;
    while (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
      pos++;
    }
    return pos > start;
  }

  /** A field name: a string without escapes, of at most {@link #MAX_NAME} characters. */
  private String name() throws Unsupported {
    int start = ++pos;
    while (pos < in.length) {
      char c = in[pos];
      if (c == '"') {
        if (pos - start > MAX_NAME) {
          throw new Unsupported();
        }
        return new String(in, start, pos++ - start);
      }
      if (c == '\\' || c < 0x20) {
        throw new Unsupported();
      }
      pos++;
    }
    throw new Unsupported();
  }

  private String string() throws Unsupported {
    int start = ++pos;
    while (pos < in.length) {
      char c = in[pos];
      if (c == '"') {
        return new String(in, start, pos++ - start);
      }
      if (c == '\\') {
        return escapedString(start);
      }
      if (c < 0x20) {
        throw new Unsupported();
      }
      pos++;
    }
    throw new Unsupported();
  }

  /** The rest of a string that has escapes, from {@code start}; {@code pos} is at a backslash. */
  private String escapedString(int start) throws Unsupported {
    StringBuilder out = new StringBuilder(pos - start + 16);
    out.append(in, start, pos - start);
    while (pos < in.length) {
      char c = in[pos++];
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        throw new Unsupported();
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (pos >= in.length) {
        throw new Unsupported();
      }
      char escape = in[pos++];
      switch (escape) {
        case '"', '\\', '/' -> out.append(escape);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> out.append(unicodeEscape());
        default -> throw new Unsupported();
      }
    }
    throw new Unsupported();
  }

  private char unicodeEscape() throws Unsupported {
    if (pos + 4 > in.length) {
      throw new Unsupported();
    }
    int value = 0;
    for (int i = 0; i < 4; i++) {
      value = value * 16 + hexDigit(in[pos++]);
    }
    return (char) value;
  }

  /** An ASCII hex digit's value: Jackson takes no other digits (Character.digit would). */
  private static int hexDigit(char c) throws Unsupported {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    throw new Unsupported();
  }

  private void skipWhitespace() {
    while (pos < in.length) {
      char c = in[pos];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return;
      }
      pos++;
    }
  }

  private char peek() throws Unsupported {
    if (pos >= in.length) {
      throw new Unsupported();
    }
    return in[pos];
  }

  private void expect(char c) throws Unsupported {
    if (peek() != c) {
      throw new Unsupported();
    }
    pos++;
  }
}
