package dev.agent.provider;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Jackson's streaming parser over one {@code data:} line, for the hot path of stream decoding: per
 * token, building a {@code JsonNode} tree cost several times all the rest of the work, and the
 * streaming parser reads the few fields a text chunk needs without one. Anything it cannot read
 * (malformed JSON) is {@link Unsupported}: the caller then parses the line as a tree, whose error
 * becomes the user's message.
 *
 * <p>Closing a reader matters for speed: it gives the parser's buffers back to Jackson for the next
 * chunk, and adds the field names it met to the factory's symbol table, so that each chunk neither
 * allocates buffers of its own nor interns the same names again.
 */
final class JsonChunkReader implements AutoCloseable {
  /** What the reader met: Jackson's tokens, with numbers split in two. */
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

  /** The input is something this reader leaves to the tree path. Cheap: no stack trace. */
  static final class Unsupported extends Exception {
    private static final long serialVersionUID = 1L;

    Unsupported() {
      super("left to the tree path", null, false, false);
    }
  }

  /**
   * Thread-safe and cheap to make, unlike the process's {@code ObjectMapper}, which is made only
   * when a tree is needed.
   */
  private static final JsonFactory FACTORY = new JsonFactory();

  private final JsonParser parser;
  private Token current;

  JsonChunkReader(String json) throws Unsupported {
    try {
      this.parser = FACTORY.createParser(json);
    } catch (IOException e) {
      throw new Unsupported();
    }
  }

  /** Gives the parser's buffers and field names back to the factory. */
  @Override
  public void close() {
    try {
      parser.close();
    } catch (IOException e) {
      // A parser over a String has nothing to fail on.
    }
  }

  /** The text of the current {@code FIELD_NAME} or {@code STRING}. */
  String text() throws Unsupported {
    try {
      return parser.getText();
    } catch (IOException e) {
      throw new Unsupported();
    }
  }

  /** The value of the current {@code INTEGER}. */
  long longValue() throws Unsupported {
    try {
      return parser.getLongValue();
    } catch (IOException e) {
      throw new Unsupported();
    }
  }

  /** Reads the next token; null once the first value has ended. */
  Token next() throws Unsupported {
    try {
      current = token(parser.nextToken());
      return current;
    } catch (IOException e) {
      throw new Unsupported();
    }
  }

  /**
   * Reads the next token, which must be a field name or the end of the object; returns the name, or
   * null at the end.
   */
  String nextFieldName() throws Unsupported {
    Token token = next();
    if (token == Token.FIELD_NAME) {
      return text();
    }
    if (token != Token.END_OBJECT) {
      throw new Unsupported();
    }
    return null;
  }

  /** When the current token starts an object or array, skips to its end; otherwise does nothing. */
  void skipChildren() throws Unsupported {
    try {
      parser.skipChildren();
    } catch (IOException e) {
      throw new Unsupported();
    }
  }

  private Token token(JsonToken token) throws IOException {
    if (token == null) {
      return null;
    }
    return switch (token) {
      case START_OBJECT -> Token.START_OBJECT;
      case END_OBJECT -> Token.END_OBJECT;
      case START_ARRAY -> Token.START_ARRAY;
      case END_ARRAY -> Token.END_ARRAY;
      case FIELD_NAME -> Token.FIELD_NAME;
      case VALUE_STRING -> Token.STRING;
      case VALUE_NUMBER_INT ->
          parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
              ? Token.OTHER_NUMBER
              : Token.INTEGER;
      case VALUE_NUMBER_FLOAT -> Token.OTHER_NUMBER;
      case VALUE_TRUE -> Token.TRUE;
      case VALUE_FALSE -> Token.FALSE;
      case VALUE_NULL -> Token.NULL;
      default -> throw new IOException("unexpected token " + token);
    };
  }
}
