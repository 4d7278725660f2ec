package dev.agent.tui.markdown;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Colours the code of a fenced block, line by line: keywords, strings, comments, numbers, type
 * names and meta (annotations, decorators, preprocessor lines, shell variables), and in a diff the
 * added, removed, hunk and header lines. A small lexer of our own: there is no well-kept pure-Java
 * highlighter on Maven Central, and a wrong colour costs little. It knows Java, Python,
 * JavaScript/TypeScript, JSON, shell, Go, Rust, C/C++, SQL, YAML and diff; other languages are
 * shown uncoloured.
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

  private static final Map<String, String> ALIASES =
      Map.ofEntries(
          Map.entry("java", "java"),
          Map.entry("python", "python"),
          Map.entry("py", "python"),
          Map.entry("python3", "python"),
          Map.entry("javascript", "javascript"),
          Map.entry("js", "javascript"),
          Map.entry("jsx", "javascript"),
          Map.entry("mjs", "javascript"),
          Map.entry("cjs", "javascript"),
          Map.entry("node", "javascript"),
          Map.entry("typescript", "typescript"),
          Map.entry("ts", "typescript"),
          Map.entry("tsx", "typescript"),
          Map.entry("json", "json"),
          Map.entry("jsonc", "json"),
          Map.entry("json5", "json"),
          Map.entry("bash", "shell"),
          Map.entry("sh", "shell"),
          Map.entry("shell", "shell"),
          Map.entry("zsh", "shell"),
          Map.entry("console", "shell"),
          Map.entry("shellsession", "shell"),
          Map.entry("go", "go"),
          Map.entry("golang", "go"),
          Map.entry("rust", "rust"),
          Map.entry("rs", "rust"),
          Map.entry("c", "c"),
          Map.entry("h", "c"),
          Map.entry("cpp", "cpp"),
          Map.entry("c++", "cpp"),
          Map.entry("cc", "cpp"),
          Map.entry("cxx", "cpp"),
          Map.entry("hpp", "cpp"),
          Map.entry("sql", "sql"),
          Map.entry("yaml", "yaml"),
          Map.entry("yml", "yaml"),
          Map.entry("diff", "diff"),
          Map.entry("patch", "diff"));

  private static final String C_KEYWORDS =
      "auto break case char const continue default do double else enum extern float for goto if"
          + " inline int long register restrict return short signed sizeof static struct switch"
          + " typedef union unsigned void volatile while bool true false NULL";

  private static final Map<String, Spec> SPECS =
      Map.ofEntries(
          Map.entry(
              "java",
              Spec.code(
                      "abstract assert boolean break byte case catch char class const continue"
                          + " default do double else enum extends final finally float for goto if"
                          + " implements import instanceof int interface long native new package"
                          + " private protected public return short static strictfp super switch"
                          + " synchronized this throw throws transient try var void volatile while"
                          + " record sealed permits yield true false null",
                      "String Object Integer Long Double Boolean List Map Set Optional")
                  .cFamily()
                  .withMultiline("\"\"\"")
                  .withAnnotations()),
          Map.entry(
              "python",
              Spec.code(
                      "False None True and as assert async await break class continue def del elif"
                          + " else except finally for from global if import in is lambda nonlocal"
                          + " not or pass raise return try while with yield match case",
                      "int str float bool list dict set tuple bytes object type self cls")
                  .withLineComments("#")
                  .withQuotes("\"'")
                  .withMultiline("\"\"\"", "'''")
                  .withStringPrefixes("r", "b", "f", "u", "rb", "br", "fr", "rf")
                  .withAnnotations()),
          Map.entry("javascript", Spec.code(jsKeywords(""), "").cFamily().withJavaScript()),
          Map.entry(
              "typescript",
              Spec.code(
                      jsKeywords(
                          " interface type enum implements private protected public readonly"
                              + " declare namespace abstract as keyof infer is satisfies"),
                      "string number boolean symbol bigint object any unknown never void")
                  .cFamily()
                  .withJavaScript()
                  .withAnnotations()),
          Map.entry("json", Spec.code("true false null", "").withQuotes("\"").withKeys(Keys.JSON)),
          Map.entry(
              "shell",
              Spec.code(
                      "if then else elif fi for while until do done case esac in function return"
                          + " local export readonly declare unset shift exit break continue select"
                          + " time",
                      "")
                  .withLineComments("#")
                  .withQuotes("\"'")
                  .withShellRules()),
          Map.entry(
              "go",
              Spec.code(
                      "break case chan const continue default defer else fallthrough for func go"
                          + " goto if import interface map package range return select struct"
                          + " switch type var true false nil iota",
                      "bool byte complex64 complex128 error float32 float64 int int8 int16 int32"
                          + " int64 rune string uint uint8 uint16 uint32 uint64 uintptr any")
                  .cFamily()
                  .withMultiline("`")),
          Map.entry(
              "rust",
              Spec.code(
                      "as async await break const continue crate dyn else enum extern false fn for"
                          + " if impl in let loop match mod move mut pub ref return self Self"
                          + " static struct super trait true type unsafe use where while",
                      "i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize f32 f64 bool char str")
                  .cFamily()
                  .withStringPrefixes("b", "r")
                  .withRustRules()),
          Map.entry(
              "c",
              Spec.code(
                      C_KEYWORDS,
                      "size_t ssize_t int8_t int16_t int32_t int64_t uint8_t"
                          + " uint16_t uint32_t uint64_t FILE")
                  .cFamily()
                  .withPreprocessor()),
          Map.entry(
              "cpp",
              Spec.code(
                      C_KEYWORDS
                          + " class namespace template typename public private protected virtual"
                          + " override new delete this using try catch throw operator friend"
                          + " explicit constexpr noexcept decltype mutable final nullptr"
                          + " static_cast dynamic_cast const_cast reinterpret_cast",
                      "size_t string vector map unique_ptr shared_ptr std")
                  .cFamily()
                  .withPreprocessor()),
          Map.entry(
              "sql",
              Spec.code(
                      "select from where and or not insert into values update set delete create"
                          + " table drop alter add column index view join inner left right outer"
                          + " full cross on as group by order having limit offset union all"
                          + " distinct case when then else end is null like ilike in between"
                          + " exists primary key foreign references default unique check"
                          + " constraint with returning begin commit rollback transaction if asc"
                          + " desc true false",
                      "int integer bigint smallint varchar char text boolean date time timestamp"
                          + " numeric decimal real float double serial uuid json jsonb")
                  .withLineComments("--")
                  .withBlockComment("/*", "*/")
                  .withQuotes("'\"")
                  .caseInsensitive()),
          Map.entry(
              "yaml",
              Spec.code("true false yes no on off null", "")
                  .withLineComments("#")
                  .withQuotes("\"'")
                  .withKeys(Keys.YAML)));

  private final String language;
  private final Spec spec;

  private SyntaxHighlighter(String language, Spec spec) {
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
    String language = ALIASES.get(word);
    if (language == null) {
      return Optional.empty();
    }
    return Optional.of(new SyntaxHighlighter(language, SPECS.get(language)));
  }

  /** A lexer for one block, starting outside any comment or string. */
  Lexer lexer() {
    if (language.equals("diff")) {
      return SyntaxHighlighter::diffLine;
    }
    return new CodeLexer(spec);
  }

  private static String jsKeywords(String more) {
    return "break case catch class const continue debugger default delete do else export extends"
        + " finally for function if import in instanceof let new return super switch this throw"
        + " try typeof var void while with yield async await of static get set true false null"
        + " undefined NaN Infinity"
        + more;
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

  /** Where keys of a mapping are coloured as types. */
  private enum Keys {
    NONE,
    JSON,
    YAML
  }

  /** What one language's lexer looks for. */
  private record Spec(
      Set<String> keywords,
      Set<String> types,
      boolean ignoreCase,
      List<String> lineComments,
      String blockOpen,
      String blockClose,
      String quotes,
      List<String> multiline,
      Set<String> stringPrefixes,
      boolean annotations,
      boolean preprocessor,
      boolean shell,
      boolean rust,
      boolean capitalTypes,
      Keys keys) {

    static Spec code(String keywords, String types) {
      return new Spec(
          words(keywords),
          words(types),
          false,
          List.of(),
          null,
          null,
          "",
          List.of(),
          Set.of(),
          false,
          false,
          false,
          false,
          false,
          Keys.NONE);
    }

    private static Set<String> words(String list) {
      return list.isBlank() ? Set.of() : Set.of(list.strip().split("\\s+"));
    }

    /** Slash comments, double and single quotes, capitalised names as types. */
    Spec cFamily() {
      return new Spec(
          keywords,
          types,
          ignoreCase,
          List.of("//"),
          "/*",
          "*/",
          "\"'",
          multiline,
          stringPrefixes,
          annotations,
          preprocessor,
          shell,
          rust,
          true,
          keys);
    }

    Spec withLineComments(String... starts) {
      return new Spec(
          keywords,
          types,
          ignoreCase,
          List.of(starts),
          blockOpen,
          blockClose,
          quotes,
          multiline,
          stringPrefixes,
          annotations,
          preprocessor,
          shell,
          rust,
          capitalTypes,
          keys);
    }

    Spec withBlockComment(String open, String close) {
      return new Spec(
          keywords,
          types,
          ignoreCase,
          lineComments,
          open,
          close,
          quotes,
          multiline,
          stringPrefixes,
          annotations,
          preprocessor,
          shell,
          rust,
          capitalTypes,
          keys);
    }

    Spec withQuotes(String chars) {
      return new Spec(
          keywords,
          types,
          ignoreCase,
          lineComments,
          blockOpen,
          blockClose,
          chars,
          multiline,
          stringPrefixes,
          annotations,
          preprocessor,
          shell,
          rust,
          capitalTypes,
          keys);
    }

    Spec withMultiline(String... delimiters) {
      return new Spec(
          keywords,
          types,
          ignoreCase,
          lineComments,
          blockOpen,
          blockClose,
          quotes,
          List.of(delimiters),
          stringPrefixes,
          annotations,
          preprocessor,
          shell,
          rust,
          capitalTypes,
          keys);
    }

    Spec withStringPrefixes(String... prefixes) {
      return new Spec(
          keywords,
          types,
          ignoreCase,
          lineComments,
          blockOpen,
          blockClose,
          quotes,
          multiline,
          Set.of(prefixes),
          annotations,
          preprocessor,
          shell,
          rust,
          capitalTypes,
          keys);
    }

    Spec withAnnotations() {
      return new Spec(
          keywords,
          types,
          ignoreCase,
          lineComments,
          blockOpen,
          blockClose,
          quotes,
          multiline,
          stringPrefixes,
          true,
          preprocessor,
          shell,
          rust,
          capitalTypes,
          keys);
    }

    Spec withPreprocessor() {
      return new Spec(
          keywords,
          types,
          ignoreCase,
          lineComments,
          blockOpen,
          blockClose,
          quotes,
          multiline,
          stringPrefixes,
          annotations,
          true,
          shell,
          rust,
          capitalTypes,
          keys);
    }

    Spec withShellRules() {
      return new Spec(
          keywords,
          types,
          ignoreCase,
          lineComments,
          blockOpen,
          blockClose,
          quotes,
          multiline,
          stringPrefixes,
          annotations,
          preprocessor,
          true,
          rust,
          capitalTypes,
          keys);
    }

    Spec withRustRules() {
      return new Spec(
          keywords,
          types,
          ignoreCase,
          lineComments,
          blockOpen,
          blockClose,
          quotes,
          multiline,
          stringPrefixes,
          annotations,
          preprocessor,
          shell,
          true,
          capitalTypes,
          keys);
    }

    Spec withJavaScript() {
      return withMultiline("`");
    }

    Spec caseInsensitive() {
      return new Spec(
          keywords,
          types,
          true,
          lineComments,
          blockOpen,
          blockClose,
          quotes,
          multiline,
          stringPrefixes,
          annotations,
          preprocessor,
          shell,
          rust,
          capitalTypes,
          keys);
    }

    Spec withKeys(Keys which) {
      return new Spec(
          keywords,
          types,
          ignoreCase,
          lineComments,
          blockOpen,
          blockClose,
          quotes,
          multiline,
          stringPrefixes,
          annotations,
          preprocessor,
          shell,
          rust,
          capitalTypes,
          which);
    }
  }

  /** The lexer of the C-like, scripting and data languages, driven by a {@link Spec}. */
  private static final class CodeLexer implements Lexer {
    private static final Pattern YAML_KEY =
        Pattern.compile("^(\\s*(?:-\\s+)?)([^\\s#'\"\\-][^:#]*?|\"[^\"]*\"|'[^']*')\\s*:(?=\\s|$)");

    private final Spec spec;
    private String openClose;
    private Kind openKind;

    CodeLexer(Spec spec) {
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
      if (spec.keys() == Keys.YAML && i == 0) {
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
      if (spec.keys() == Keys.JSON) {
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
      return !(spec.shell() || spec.keys() == Keys.YAML)
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
