package dev.agent.tui.markdown;

import dev.agent.tui.markdown.LanguageSpec.Rule;
import java.util.Map;

/**
 * The languages {@link SyntaxHighlighter} knows: the names a fence's info string may give each one,
 * and what its lexer looks for. Diff has a name but no {@link LanguageSpec}: its lines are coloured
 * whole, by their first chars.
 */
final class SyntaxLanguages {
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

  private static final Map<String, LanguageSpec> SPECS =
      Map.ofEntries(
          Map.entry(
              "java",
              LanguageSpec.code(
                      "abstract assert boolean break byte case catch char class const continue"
                          + " default do double else enum extends final finally float for goto if"
                          + " implements import instanceof int interface long native new package"
                          + " private protected public return short static strictfp super switch"
                          + " synchronized this throw throws transient try var void volatile while"
                          + " record sealed permits yield true false null",
                      "String Object Integer Long Double Boolean List Map Set Optional")
                  .cFamily()
                  .withMultiline("\"\"\"")
                  .with(Rule.ANNOTATIONS)
                  .build()),
          Map.entry(
              "python",
              LanguageSpec.code(
                      "False None True and as assert async await break class continue def del elif"
                          + " else except finally for from global if import in is lambda nonlocal"
                          + " not or pass raise return try while with yield match case",
                      "int str float bool list dict set tuple bytes object type self cls")
                  .hashFamily()
                  .withMultiline("\"\"\"", "'''")
                  .withStringPrefixes("r", "b", "f", "u", "rb", "br", "fr", "rf")
                  .with(Rule.ANNOTATIONS)
                  .build()),
          Map.entry(
              "javascript",
              LanguageSpec.code(jsKeywords(""), "").cFamily().withJavaScript().build()),
          Map.entry(
              "typescript",
              LanguageSpec.code(
                      jsKeywords(
                          " interface type enum implements private protected public readonly"
                              + " declare namespace abstract as keyof infer is satisfies"),
                      "string number boolean symbol bigint object any unknown never void")
                  .cFamily()
                  .withJavaScript()
                  .with(Rule.ANNOTATIONS)
                  .build()),
          Map.entry(
              "json",
              LanguageSpec.code("true false null", "")
                  .withQuotes("\"")
                  .withKeys(LanguageSpec.Keys.JSON)
                  .build()),
          Map.entry(
              "shell",
              LanguageSpec.code(
                      "if then else elif fi for while until do done case esac in function return"
                          + " local export readonly declare unset shift exit break continue select"
                          + " time",
                      "")
                  .hashFamily()
                  .with(Rule.SHELL)
                  .build()),
          Map.entry(
              "go",
              LanguageSpec.code(
                      "break case chan const continue default defer else fallthrough for func go"
                          + " goto if import interface map package range return select struct"
                          + " switch type var true false nil iota",
                      "bool byte complex64 complex128 error float32 float64 int int8 int16 int32"
                          + " int64 rune string uint uint8 uint16 uint32 uint64 uintptr any")
                  .cFamily()
                  .withMultiline("`")
                  .build()),
          Map.entry(
              "rust",
              LanguageSpec.code(
                      "as async await break const continue crate dyn else enum extern false fn for"
                          + " if impl in let loop match mod move mut pub ref return self Self"
                          + " static struct super trait true type unsafe use where while",
                      "i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize f32 f64 bool char str")
                  .cFamily()
                  .withStringPrefixes("b", "r")
                  .with(Rule.RUST)
                  .build()),
          Map.entry(
              "c",
              LanguageSpec.code(
                      C_KEYWORDS,
                      "size_t ssize_t int8_t int16_t int32_t int64_t uint8_t"
                          + " uint16_t uint32_t uint64_t FILE")
                  .cFamily()
                  .with(Rule.PREPROCESSOR)
                  .build()),
          Map.entry(
              "cpp",
              LanguageSpec.code(
                      C_KEYWORDS
                          + " class namespace template typename public private protected virtual"
                          + " override new delete this using try catch throw operator friend"
                          + " explicit constexpr noexcept decltype mutable final nullptr"
                          + " static_cast dynamic_cast const_cast reinterpret_cast",
                      "size_t string vector map unique_ptr shared_ptr std")
                  .cFamily()
                  .with(Rule.PREPROCESSOR)
                  .build()),
          Map.entry(
              "sql",
              LanguageSpec.code(
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
                  .with(Rule.IGNORE_CASE)
                  .build()),
          Map.entry(
              "yaml",
              LanguageSpec.code("true false yes no on off null", "")
                  .hashFamily()
                  .withKeys(LanguageSpec.Keys.YAML)
                  .build()));

  private SyntaxLanguages() {}

  /**
   * The language that {@code word}, the lower-cased first word of a fence's info string, names;
   * null when it is not one we know.
   */
  static String named(String word) {
    return ALIASES.get(word);
  }

  /** What the lexer looks for in a {@link #named} language; null for {@code diff}. */
  static LanguageSpec spec(String language) {
    return SPECS.get(language);
  }

  private static String jsKeywords(String more) {
    return "break case catch class const continue debugger default delete do else export extends"
        + " finally for function if import in instanceof let new return super switch this throw"
        + " try typeof var void while with yield async await of static get set true false null"
        + " undefined NaN Infinity"
        + more;
  }
}
