package dev.agent.tui.markdown;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What one language's lexer looks for: its words, how its comments and strings start and end, and
 * which of the lexer's special rules it follows. Built once per language by {@link
 * SyntaxLanguages}, starting from {@link #code} and stating only what differs from the defaults (no
 * comments, no strings, no special rules).
 */
record LanguageSpec(
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

  LanguageSpec {
    keywords = Set.copyOf(keywords);
    types = Set.copyOf(types);
    lineComments = List.copyOf(lineComments);
    multiline = List.copyOf(multiline);
    stringPrefixes = Set.copyOf(stringPrefixes);
  }

  /** Where keys of a mapping are coloured as types. */
  enum Keys {
    NONE,
    JSON,
    YAML
  }

  /** The lexer's special rules, each off unless a language asks for it. */
  enum Rule {
    /** Keywords and types match in any case. */
    IGNORE_CASE,
    /** {@code @name} (and {@code @a.b}) is meta. */
    ANNOTATIONS,
    /** A line that starts with {@code #} is meta. */
    PREPROCESSOR,
    /** {@code $} variables are meta; {@code #} starts a comment only at a word's start. */
    SHELL,
    /** Lifetimes and {@code #[attributes]} are meta. */
    RUST,
    /** A capitalised name with a lower-case letter in it is a type. */
    CAPITAL_TYPES
  }

  /**
   * A language with these space-separated keywords and type names, and so far nothing else.
   *
   * @see Builder#build()
   */
  static Builder code(String keywords, String types) {
    return new Builder(words(keywords), words(types));
  }

  private static Set<String> words(String list) {
    return list.isBlank() ? Set.of() : Set.of(list.strip().split("\\s+"));
  }

  /**
   * The parts of a spec that differ from the defaults, set in any order: a later call of the same
   * setter wins, and rules add up.
   */
  static final class Builder {
    private final Set<String> keywords;
    private final Set<String> types;
    private final EnumSet<Rule> rules = EnumSet.noneOf(Rule.class);
    private List<String> lineComments = List.of();
    private String blockOpen;
    private String blockClose;
    private String quotes = "";
    private List<String> multiline = List.of();
    private Set<String> stringPrefixes = Set.of();
    private Keys keys = Keys.NONE;

    private Builder(Set<String> keywords, Set<String> types) {
      this.keywords = keywords;
      this.types = types;
    }

    /** Slash comments, double and single quotes, capitalised names as types. */
    Builder cFamily() {
      withLineComments("//");
      withBlockComment("/*", "*/");
      withQuotes("\"'");
      return with(Rule.CAPITAL_TYPES);
    }

    /** Hash comments, double and single quotes: the scripting and data languages. */
    Builder hashFamily() {
      withLineComments("#");
      return withQuotes("\"'");
    }

    /** Template literals in backquotes, which may span lines. */
    Builder withJavaScript() {
      return withMultiline("`");
    }

    Builder withLineComments(String... starts) {
      lineComments = List.of(starts);
      return this;
    }

    Builder withBlockComment(String open, String close) {
      blockOpen = open;
      blockClose = close;
      return this;
    }

    /** The chars that open and close a one-line string. */
    Builder withQuotes(String chars) {
      quotes = chars;
      return this;
    }

    /** Delimiters of strings that may span lines, each closed by itself. */
    Builder withMultiline(String... delimiters) {
      multiline = List.of(delimiters);
      return this;
    }

    /** Words that, right before a quote, belong to the string ({@code f"x"}), in lower case. */
    Builder withStringPrefixes(String... prefixes) {
      stringPrefixes = Set.of(prefixes);
      return this;
    }

    /** Turns these rules on, besides those already on. */
    Builder with(Rule... added) {
      rules.addAll(List.of(added));
      return this;
    }

    Builder withKeys(Keys which) {
      keys = which;
      return this;
    }

    LanguageSpec build() {
      return new LanguageSpec(
          keywords,
          types,
          rules.contains(Rule.IGNORE_CASE),
          lineComments,
          blockOpen,
          blockClose,
          quotes,
          multiline,
          stringPrefixes,
          rules.contains(Rule.ANNOTATIONS),
          rules.contains(Rule.PREPROCESSOR),
          rules.contains(Rule.SHELL),
          rules.contains(Rule.RUST),
          rules.contains(Rule.CAPITAL_TYPES),
          keys);
    }
  }
}
