package dev.agent.tui.markdown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each language's lexer names the tokens that matter, line by line. */
class SyntaxHighlighterTest {
  /** The tokens of {@code lines} as {@code KIND:text}, one list per line. */
  private static List<List<String>> tokens(String info, String... lines) {
    SyntaxHighlighter.Lexer lexer = SyntaxHighlighter.forInfo(info).orElseThrow().lexer();
    List<List<String>> all = new ArrayList<>();
    for (String line : lines) {
      List<String> named = new ArrayList<>();
      for (SyntaxHighlighter.Token token : lexer.line(line)) {
        named.add(token.kind() + ":" + line.substring(token.start(), token.end()));
      }
      all.add(named);
    }
    return all;
  }

  @Test
  void languagesAreKnownByTheirCommonNamesAndOthersAreNotColoured() {
    for (String name :
        List.of(
            "java",
            "Python",
            "py",
            "js",
            "javascript",
            "ts",
            "typescript",
            "json",
            "bash",
            "sh",
            "shell",
            "go",
            "rust",
            "rs",
            "c",
            "cpp",
            "c++",
            "sql",
            "yaml",
            "yml",
            "diff",
            "python title=\"x.py\"")) {
      assertTrue(SyntaxHighlighter.forInfo(name).isPresent(), name);
    }
    assertTrue(SyntaxHighlighter.forInfo("brainfuck").isEmpty());
    assertTrue(SyntaxHighlighter.forInfo("").isEmpty());
  }

  @Test
  void javaKeywordsTypesStringsNumbersCommentsAndAnnotations() {
    assertEquals(
        List.of(
            List.of("META:@Override"),
            List.of(
                "KEYWORD:public",
                "TYPE:String",
                "TYPE:String",
                "STRING:\"a \\\" b\"",
                "NUMBER:42L",
                "COMMENT:// done")),
        tokens("java", "@Override", "public String f(String s) { s = \"a \\\" b\" + 42L; // done"));
  }

  @Test
  void aBlockCommentOrMultiLineStringCarriesOverToTheNextLine() {
    assertEquals(
        List.of(
            List.of("KEYWORD:int", "COMMENT:/* starts"),
            List.of("COMMENT:still */", "KEYWORD:return")),
        tokens("c", "int x; /* starts", "still */ return"));
    assertEquals(
        List.of(List.of("STRING:\"\"\"doc"), List.of("STRING:end\"\"\"", "KEYWORD:pass")),
        tokens("python", "\"\"\"doc", "end\"\"\" pass"));
    assertEquals(
        List.of(List.of("KEYWORD:const", "STRING:`a"), List.of("STRING:${b}`")),
        tokens("ts", "const t = `a", "${b}`"));
  }

  @Test
  void pythonPrefixedStringsAndDecorators() {
    assertEquals(
        List.of(
            List.of("META:@cache"), List.of("KEYWORD:return", "STRING:f\"{x}\"", "COMMENT:# c")),
        tokens("python", "@cache", "return f\"{x}\"  # c"));
  }

  @Test
  void shellVariablesCommentsOnlyAtAWordStart() {
    assertEquals(
        List.of(
            List.of(
                "KEYWORD:for",
                "KEYWORD:in",
                "KEYWORD:do",
                "STRING:\"$f\"",
                "META:${HOME}",
                "COMMENT:# c")),
        tokens("bash", "for f in a#b; do echo \"$f\" ${HOME} # c"));
  }

  @Test
  void jsonAndYamlKeysAreNamedApartFromValues() {
    assertEquals(
        List.of(List.of("TYPE:\"a\"", "NUMBER:1", "TYPE:\"b\"", "STRING:\"x\"", "KEYWORD:true")),
        tokens("json", "{\"a\": 1, \"b\": [\"x\", true]}"));
    assertEquals(
        List.of(
            List.of("TYPE:name", "COMMENT:# c"),
            List.of("TYPE:on", "KEYWORD:true"),
            List.of("META:---")),
        tokens("yaml", "name: agent # c", "- on: true", "---"));
  }

  @Test
  void rustLifetimesAreNotCharLiterals() {
    assertEquals(
        List.of(
            List.of(
                "KEYWORD:fn", "META:'a", "META:'a", "TYPE:str", "STRING:'x'", "META:#[inline]")),
        tokens("rust", "fn f<'a>(s: &'a str) { 'x' } #[inline]"));
  }

  @Test
  void sqlIsCaseInsensitiveAndGoHasRawStrings() {
    assertEquals(
        List.of(List.of("KEYWORD:SELECT", "KEYWORD:from", "STRING:'x'", "COMMENT:-- all")),
        tokens("sql", "SELECT * from t = 'x' -- all"));
    assertEquals(
        List.of(List.of("KEYWORD:func", "STRING:`raw`", "NUMBER:0x1F")),
        tokens("go", "func f() { g(`raw`, 0x1F) }"));
  }

  @Test
  void diffLinesAreAddedRemovedHunksAndHeaders() {
    assertEquals(
        List.of(
            List.of("META:--- a/x"),
            List.of("META:+++ b/x"),
            List.of("HUNK:@@ -1 +1 @@"),
            List.of("REMOVED:-old"),
            List.of("ADDED:+new"),
            List.of()),
        tokens("diff", "--- a/x", "+++ b/x", "@@ -1 +1 @@", "-old", "+new", " same"));
  }
}
