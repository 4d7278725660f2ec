package dev.agent.tui.markdown;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Colours the code of a fenced block, line by line: keywords, strings, comments, numbers, type
 * names and meta (annotations, decorators, preprocessor lines, shell variables), and in a diff the
 * added, removed, hunk and header lines. A small lexer of our own: there is no well-kept pure-Java
 * highlighter on Maven Central, and a wrong colour costs little. It knows Java, Python,
 * JavaScript/TypeScript, JSON, shell, Go, Rust, C/C++, SQL, YAML and diff (their names and words
 * are in {@link SyntaxLanguages}); other languages are shown uncoloured.
 */
public final class SyntaxHighlighter {
  /** What a token is; each is a custom style of the theme. */
  public enum Kind {
    KEYWORD("code-keyword"),
    STRING("code-string"),
    COMMENT("code-comment"),
    NUMBER("code-number"),
    TYPE("code-type"),
    META("code-meta"),
    ADDED("code-added"),
    REMOVED("code-removed"),
    HUNK("code-hunk");

    private final String themeName;

    Kind(String themeName) {
      this.themeName = themeName;
    }

    public String themeName() {
      return themeName;
    }
  }

  /** Chars {@code [start, end)} of a line are a {@code kind}. */
  record Token(int start, int end, Kind kind) {}

  /**
   * Colours the lines of one block in order: an open block comment or multi-line string carries
   * over from one line to the next, so a line's colours depend only on the lines before it.
   */
  interface Lexer {
    List<Token> line(String line);
  }

  private final String language;
  private final LanguageSpec spec;

  private SyntaxHighlighter(String language, LanguageSpec spec) {
    this.language = language;
    this.spec = spec;
  }

  /**
   * The highlighter for a fence's info string ({@code python}, {@code ts title="x"}): its first
   * word, case-insensitive; empty when the language is not one we know.
   */
  static Optional<SyntaxHighlighter> forInfo(String info) {
    String word = info.strip().split("[\\s{]", 2)[0].toLowerCase(Locale.ROOT);
    if (word.startsWith(".")) {
      word = word.substring(1);
    }
    String language = SyntaxLanguages.named(word);
    if (language == null) {
      return Optional.empty();
    }
    return Optional.of(new SyntaxHighlighter(language, SyntaxLanguages.spec(language)));
  }

  /** A lexer for one block, starting outside any comment or string. */
  Lexer lexer() {
    if (language.equals("diff")) {
      return SyntaxHighlighter::diffLine;
    }
    return new CodeLexer(spec);
  }

  private static List<Token> diffLine(String line) {
    Kind kind;
    if (line.startsWith("+++")
        || line.startsWith("---")
        || line.startsWith("diff ")
        || line.startsWith("index ")) {
      kind = Kind.META;
    } else if (line.startsWith("@@")) {
      kind = Kind.HUNK;
    } else if (line.startsWith("+")) {
      kind = Kind.ADDED;
    } else if (line.startsWith("-")) {
      kind = Kind.REMOVED;
    } else {
      return List.of();
    }
    return List.of(new Token(0, line.length(), kind));
  }

  /** The lexer of the C-like, scripting and data languages, driven by a {@link LanguageSpec}. */
  private static final class CodeLexer implements Lexer {
    private static final Pattern YAML_KEY =
        Pattern.compile("^(\\s*(?:-\\s+)?)([^\\s#'\"\\-][^:#]*?|\"[^\"]*\"|'[^']*')\\s*:(?=\\s|$)");

    private final LanguageSpec spec;
    private String openClose;
    private Kind openKind;

    CodeLexer(LanguageSpec spec) {
      this.spec = spec;
    }

    @Override
    public List<Token> line(String line) {
      List<Token> tokens = new ArrayList<>();
      int n = line.length();
      int i = 0;
      if (openClose != null) {
        int end = line.indexOf(openClose);
        if (end < 0) {
          add(tokens, 0, n, openKind);
          return tokens;
        }
        i = end + openClose.length();
        add(tokens, 0, i, openKind);
        openClose = null;
      }
      if (spec.preprocessor() && line.stripLeading().startsWith("#")) {
        add(tokens, i, n, Kind.META);
        return tokens;
      }
      if (spec.keys() == LanguageSpec.Keys.YAML && i == 0) {
        i = yamlKey(line, tokens);
      }
      while (i < n) {
        int next = token(line, i, tokens);
        if (next < 0) {
          return tokens;
        }
        i = next;
      }
      return tokens;
    }

    /** Lexes what starts at {@code i}; returns where the next token may start, -1 at line end. */
    private int token(String line, int i, List<Token> tokens) {
      int n = line.length();
      char c = line.charAt(i);
      for (String start : spec.lineComments()) {
        if (line.startsWith(start, i) && (!start.equals("#") || hashStartsComment(line, i))) {
          add(tokens, i, n, Kind.COMMENT);
          return -1;
        }
      }
      if (spec.blockOpen() != null && line.startsWith(spec.blockOpen(), i)) {
        return spanTo(line, i, spec.blockOpen().length(), spec.blockClose(), Kind.COMMENT, tokens);
      }
      for (String delimiter : spec.multiline()) {
        if (line.startsWith(delimiter, i)) {
          return spanTo(line, i, delimiter.length(), delimiter, Kind.STRING, tokens);
        }
      }
      if (spec.quotes().indexOf(c) >= 0 && !(spec.rust() && c == '\'' && isLifetime(line, i))) {
        int end = closeQuote(line, i + 1, c);
        add(tokens, i, end, keyOrString(line, end));
        return end;
      }
      if (spec.annotations() && c == '@' && i + 1 < n && isWordStart(line.charAt(i + 1))) {
        int end = scan(line, i + 1, ch -> Character.isJavaIdentifierPart(ch) || ch == '.');
        add(tokens, i, end, Kind.META);
        return end;
      }
      if (spec.rust() && c == '#' && (line.startsWith("#[", i) || line.startsWith("#![", i))) {
        int close = line.indexOf(']', i);
        int end = close < 0 ? n : close + 1;
        add(tokens, i, end, Kind.META);
        return end;
      }
      if (spec.rust() && c == '\'') {
        int end = scan(line, i + 1, Character::isJavaIdentifierPart);
        add(tokens, i, end, Kind.META);
        return end;
      }
      if (spec.shell() && c == '$' && i + 1 < n) {
        int end = shellVariable(line, i);
        add(tokens, i, end, Kind.META);
        return end;
      }
      if (Character.isDigit(c) && (i == 0 || !isWordPart(line.charAt(i - 1)))) {
        int end = number(line, i);
        add(tokens, i, end, Kind.NUMBER);
        return end;
      }
      if (isWordStart(c)) {
        return word(line, i, tokens);
      }
      return i + 1;
    }

    private int word(String line, int i, List<Token> tokens) {
      int end = scan(line, i, SyntaxHighlighter::isWordPart);
      String word = line.substring(i, end);
      if (end < line.length()
          && spec.stringPrefixes().contains(word.toLowerCase(Locale.ROOT))
          && spec.quotes().indexOf(line.charAt(end)) >= 0) {
        for (String delimiter : spec.multiline()) {
          if (line.startsWith(delimiter, end)) {
            return spanTo(line, i, end - i + delimiter.length(), delimiter, Kind.STRING, tokens);
          }
        }
        int close = closeQuote(line, end + 1, line.charAt(end));
        add(tokens, i, close, Kind.STRING);
        return close;
      }
      String key = spec.ignoreCase() ? word.toLowerCase(Locale.ROOT) : word;
      if (spec.keywords().contains(key)) {
        add(tokens, i, end, Kind.KEYWORD);
      } else if (spec.types().contains(key)
          || (spec.capitalTypes() && Character.isUpperCase(word.charAt(0)) && hasLower(word))) {
        add(tokens, i, end, Kind.TYPE);
      }
      return end;
    }

    /**
     * A span from {@code i} that ends at {@code close}: on this line, or on a later one, in which
     * case the lexer stays inside it.
     */
    private int spanTo(
        String line, int i, int openLength, String close, Kind kind, List<Token> tokens) {
      int end = line.indexOf(close, i + openLength);
      if (end < 0) {
        add(tokens, i, line.length(), kind);
        openClose = close;
        openKind = kind;
        return -1;
      }
      add(tokens, i, end + close.length(), kind);
      return end + close.length();
    }

    /** A JSON string followed by a colon is a key. */
    private Kind keyOrString(String line, int end) {
      if (spec.keys() == LanguageSpec.Keys.JSON) {
        int j = end;
        while (j < line.length() && line.charAt(j) == ' ') {
          j++;
        }
        if (j < line.length() && line.charAt(j) == ':') {
          return Kind.TYPE;
        }
      }
      return Kind.STRING;
    }

    private static int yamlKey(String line, List<Token> tokens) {
      if (line.startsWith("---") || line.startsWith("...")) {
        add(tokens, 0, line.length(), Kind.META);
        return line.length();
      }
      Matcher key = YAML_KEY.matcher(line);
      if (!key.find()) {
        return 0;
      }
      add(tokens, key.start(2), key.end(2), Kind.TYPE);
      return key.end();
    }

    /** In shell and YAML a {@code #} starts a comment only at a word's start. */
    private boolean hashStartsComment(String line, int i) {
      return !(spec.shell() || spec.keys() == LanguageSpec.Keys.YAML)
          || i == 0
          || Character.isWhitespace(line.charAt(i - 1));
    }

    /** A Rust {@code 'a} that is a lifetime, not a char literal such as {@code 'a'}. */
    private static boolean isLifetime(String line, int i) {
      return i + 2 < line.length()
          && line.charAt(i + 1) != '\\'
          && line.charAt(i + 2) != '\''
          && Character.isJavaIdentifierStart(line.charAt(i + 1));
    }

    private static int shellVariable(String line, int i) {
      char next = line.charAt(i + 1);
      if (next == '{') {
        int close = line.indexOf('}', i);
        return close < 0 ? line.length() : close + 1;
      }
      if (Character.isLetter(next) || next == '_') {
        return scan(line, i + 1, ch -> Character.isLetterOrDigit(ch) || ch == '_');
      }
      return "0123456789?!#@*$-".indexOf(next) >= 0 ? i + 2 : i + 1;
    }
  }

  private static void add(List<Token> tokens, int start, int end, Kind kind) {
    if (end > start) {
      tokens.add(new Token(start, end, kind));
    }
  }

  /** The index after the closing {@code quote}, skipping escapes; the line's end if unclosed. */
  private static int closeQuote(String line, int from, char quote) {
    for (int j = from; j < line.length(); j++) {
      char c = line.charAt(j);
      if (c == '\\') {
        j++;
      } else if (c == quote) {
        return j + 1;
      }
    }
    return line.length();
  }

  private static int number(String line, int i) {
    int j = i + 1;
    while (j < line.length()) {
      char c = line.charAt(j);
      boolean decimalPoint =
          c == '.' && j + 1 < line.length() && Character.isDigit(line.charAt(j + 1));
      if (!(Character.isLetterOrDigit(c) || c == '_' || decimalPoint)) {
        break;
      }
      j++;
    }
    return j;
  }

  /** The end of the run of chars from {@code i} that pass {@code test}. */
  private static int scan(String line, int i, CharTest test) {
    int j = i;
    while (j < line.length() && test.test(line.charAt(j))) {
      j++;
    }
    return j;
  }

  @FunctionalInterface
  private interface CharTest {
    boolean test(char c);
  }

  private static boolean isWordStart(char c) {
    return Character.isLetter(c) || c == '_' || c == '$';
  }

  private static boolean isWordPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  private static boolean hasLower(String word) {
    for (int i = 1; i < word.length(); i++) {
      if (Character.isLowerCase(word.charAt(i))) {
        return true;
      }
    }
    return false;
  }
}
