package dev.agent.config;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property-based fuzzing of the config loader: whatever the file or the {@code -c} overrides hold,
 * loading ends, quickly, in an {@link AgentConfig} or a one-line {@link ConfigException}; never in
 * another exception.
 */
class ConfigLoaderFuzzTest {
  private static final Duration EACH = Duration.ofSeconds(5);

  /** Pieces of TOML that reach deep into the loader when strung together at random. */
  private static final List<String> TOKENS =
      List.of(
          "\n",
          " ",
          "=",
          "[model_providers.",
          "[model_providers]",
          "[[model_providers.x]]",
          "]",
          "[",
          "{",
          "}",
          ",",
          ".",
          "\"",
          "'",
          "\"\"\"",
          "#",
          "model_provider",
          "model",
          "theme",
          "model_providers",
          "openai",
          "azure",
          "custom",
          "name",
          "base_url",
          "env_key",
          "env_key_instructions",
          "default_model",
          "wire_api",
          "auth",
          "http_headers",
          "env_http_headers",
          "query_params",
          "max_tokens",
          "stream_idle_timeout_ms",
          "request_max_retries",
          "connect_timeout_ms",
          "ca_file",
          "\"https://api.example.com/v1\"",
          "\"http://[::1]:11434\"",
          "\"chat\"",
          "\"anthropic\"",
          "\"bearer\"",
          "\"none\"",
          "\"X-Header\"",
          "\"API_KEY\"",
          "\"a\\u0000b\"",
          "\"\\r\\nInjected: yes\"",
          "0",
          "-1",
          "9223372036854775807",
          "99999999999999999999",
          "1e400",
          "nan",
          "true",
          "1979-05-27T07:32:00Z",
          "[1, \"two\", [3]]",
          "{ a = 1, b = { c = \"d\" } }",
          "\u00e9",
          "\ud83d\ude00",
          "\u0000",
          "\u202e",
          "\uFEFF");

  private static Path dir;

  @BeforeContainer
  static void makeFolder() throws IOException {
    dir = Files.createTempDirectory("config-fuzz");
  }

  @AfterContainer
  static void removeFolder() throws IOException {
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    Files.delete(dir);
  }

  @Provide
  Arbitrary<String> tomlish() {
    return Arbitraries.of(TOKENS).list().ofMaxSize(60).map(tokens -> String.join("", tokens));
  }

  @Provide
  Arbitrary<String> anyText() {
    return Arbitraries.strings().all().ofMaxLength(300);
  }

  /** Every TOML example of docs/configuration.md, then the same with random damage. */
  private static List<String> examples() throws IOException {
    String doc = Files.readString(Path.of("docs", "configuration.md"), UTF_8);
    Matcher block = Pattern.compile("```toml\n(.*?)```", Pattern.DOTALL).matcher(doc);
    List<String> examples = new ArrayList<>();
    while (block.find()) {
      examples.add(block.group(1));
    }
    return examples;
  }

  private static String mutate(String text, long seed, int mutations) {
    Random random = new Random(seed);
    StringBuilder out = new StringBuilder(text);
    for (int i = 0; i < mutations; i++) {
      int at = out.length() == 0 ? 0 : random.nextInt(out.length());
      switch (random.nextInt(5)) {
        case 0 -> out.insert(at, TOKENS.get(random.nextInt(TOKENS.size())));
        case 1 -> out.delete(at, Math.min(out.length(), at + 1 + random.nextInt(8)));
        case 2 -> {
          if (out.length() > 0) {
            out.setCharAt(at, (char) random.nextInt(0x3000));
          }
        }
        case 3 ->
            out.insert(at, out.substring(at, Math.min(out.length(), at + random.nextInt(40))));
        default -> out.setLength(at);
      }
    }
    return out.toString();
  }

  private static void loadsOrSaysWhy(String file, List<String> overrides) {
    assertTimeoutPreemptively(
        EACH,
        () -> {
          Path path = dir.resolve("config.toml");
          Files.write(path, file.getBytes(UTF_8));
          try {
            AgentConfig config = new ConfigLoader(Map.of()).load(path, true, overrides);
            config.select("", "");
          } catch (ConfigException e) {
            assertFalse(e.getMessage().isBlank());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
          }
        });
  }

  @Property(tries = 300)
  void randomTomlishText(@ForAll("tomlish") String file) {
    loadsOrSaysWhy(file, List.of());
  }

  @Property(tries = 200)
  void randomCharacters(@ForAll("anyText") String file) {
    loadsOrSaysWhy(file, List.of());
  }

  @Property(tries = 300)
  void damagedDocumentationExamples(
      @ForAll @IntRange(min = 0, max = 10) int example,
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 8) int mutations)
      throws IOException {
    List<String> examples = examples();
    loadsOrSaysWhy(mutate(examples.get(example % examples.size()), seed, mutations), List.of());
  }

  @Property(tries = 300)
  void randomOverrides(@ForAll("tomlish") String key, @ForAll("tomlish") String value) {
    loadsOrSaysWhy("", List.of(key + "=" + value, "model_providers.x." + key + "=" + value));
  }

  @Property(tries = 100)
  void randomBytes(@ForAll byte[] file) {
    assertTimeoutPreemptively(
        EACH,
        () -> {
          Path path = dir.resolve("config.toml");
          Files.write(path, file);
          try {
            new ConfigLoader(Map.of()).load(path, true, List.of()).select("", "");
          } catch (ConfigException e) {
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
          }
        });
  }

  @Property(tries = 5)
  void deepNesting(@ForAll @IntRange(min = 1_000, max = 100_000) int depth) {
    loadsOrSaysWhy("a = " + "[".repeat(depth) + "]".repeat(depth), List.of());
    loadsOrSaysWhy("a = " + "{ b = ".repeat(depth) + "1" + " }".repeat(depth), List.of());
    loadsOrSaysWhy("", List.of("a=" + "[".repeat(depth)));
  }
}
