package dev.agent.config;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent.Fuzz;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property-based fuzzing of the config loader: whatever the file or the {@code -c} overrides hold,
 * loading ends, quickly, in an {@link AgentConfig} or a one-line {@link ConfigException}; never in
 * another exception, and never hangs.
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
          "\"~/ca.pem\"",
          "\"a\\u0000b\"",
          "\"\\r\\nInjected: yes\"",
          "0",
          "-1",
          "101",
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
          "\ud83d",
          "\u0000",
          "\u202e",
          "\uFEFF");

  @TempDir Path dir;

  private static String tomlish(Random random) {
    StringBuilder text = new StringBuilder();
    for (int n = random.nextInt(61); n > 0; n--) {
      text.append(Fuzz.pick(random, TOKENS));
    }
    return text.toString();
  }

  /** Every TOML example of docs/configuration.md. */
  private static List<String> examples() throws IOException {
    String doc = Files.readString(Path.of("docs", "configuration.md"), UTF_8);
    Matcher block = Pattern.compile("```toml\n(.*?)```", Pattern.DOTALL).matcher(doc);
    List<String> examples = new ArrayList<>();
    while (block.find()) {
      examples.add(block.group(1));
    }
    return examples;
  }

  /** {@code text} after a few random insertions, deletions, changes, repeats and cuts. */
  private static String damage(String text, Random random) {
    StringBuilder out = new StringBuilder(text);
    for (int n = 1 + random.nextInt(8); n > 0; n--) {
      int at = out.length() == 0 ? 0 : random.nextInt(out.length());
      switch (random.nextInt(5)) {
        case 0 -> out.insert(at, Fuzz.pick(random, TOKENS));
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

  /** Loading ends in a config or a one-line ConfigException, within {@link #EACH}. */
  private void loadsOrSaysWhy(byte[] file, List<String> overrides) {
    assertTimeoutPreemptively(
        EACH,
        () -> {
          Path path = dir.resolve("config.toml");
          Files.write(path, file);
          try {
            new ConfigLoader(Map.of()).load(path, true, overrides).select("", "");
          } catch (ConfigException e) {
            assertFalse(e.getMessage().isBlank());
            assertFalse(
                e.getMessage().contains("\n") || e.getMessage().contains("\r"), e.getMessage());
          }
        });
  }

  private void loadsOrSaysWhy(String file) {
    loadsOrSaysWhy(file.getBytes(UTF_8), List.of());
  }

  @Test
  void randomTomlishText() {
    Fuzz.forAll(300, ConfigLoaderFuzzTest::tomlish, Fuzz::show, this::loadsOrSaysWhy);
  }

  @Test
  void randomCharacters() {
    Fuzz.forAll(200, random -> Fuzz.anyText(random, 300), Fuzz::show, this::loadsOrSaysWhy);
  }

  @Test
  void randomBytes() {
    Fuzz.forAll(
        150,
        random -> Fuzz.anyBytes(random, 500),
        bytes -> bytes.length + " bytes",
        bytes -> loadsOrSaysWhy(bytes, List.of()));
  }

  @Test
  void damagedDocumentationExamples() throws IOException {
    List<String> examples = examples();
    Fuzz.forAll(
        300,
        random -> damage(Fuzz.pick(random, examples), random),
        Fuzz::show,
        this::loadsOrSaysWhy);
  }

  @Test
  void randomOverrides() {
    Fuzz.forAll(
        300,
        random -> List.of(tomlish(random), tomlish(random)),
        pair -> Fuzz.show(pair.get(0)) + " = " + Fuzz.show(pair.get(1)),
        pair ->
            loadsOrSaysWhy(
                new byte[0],
                List.of(
                    pair.get(0) + "=" + pair.get(1),
                    "model_providers.x." + pair.get(0) + "=" + pair.get(1))));
  }

  /** Any text grown past the size cap is refused in one line before tomlj sees it. */
  @Test
  void textPastTheSizeCap() {
    Fuzz.forAll(
        20,
        random -> {
          StringBuilder text = new StringBuilder();
          while (text.length() <= ConfigLoader.MAX_CONFIG_BYTES) {
            text.append(tomlish(random)).append('\n');
          }
          return text.toString();
        },
        text -> text.length() + " chars",
        text -> {
          Path path = dir.resolve("config.toml");
          Files.write(path, text.getBytes(UTF_8));
          ConfigException e =
              assertThrows(
                  ConfigException.class,
                  () -> new ConfigLoader(Map.of()).load(path, true, List.of()));
          assertTrue(e.getMessage().endsWith("a long system prompt goes in a file of its own)"));
        });
  }

  @Test
  void nestingOfAnyDepth() {
    for (int depth : new int[] {10, 1_000, 10_000, 100_000}) {
      loadsOrSaysWhy("a = " + "[".repeat(depth) + "]".repeat(depth));
      loadsOrSaysWhy("a = " + "{ b = ".repeat(depth) + "1" + " }".repeat(depth));
      loadsOrSaysWhy("[" + "a.".repeat(depth) + "b]");
      loadsOrSaysWhy(new byte[0], List.of("a=" + "[".repeat(depth)));
      loadsOrSaysWhy(new byte[0], List.of("a.".repeat(depth) + "b=1"));
    }
  }
}
