package dev.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model tables ({@code [model_providers.ID.models."MODEL"]}), {@code extra_body} and its shorthands
 * at every level, and the precedence run &gt; model &gt; provider &gt; top level.
 */
class ModelTablesTest {
  @TempDir Path dir;

  private Path file() {
    return dir.resolve("config.toml");
  }

  private AgentConfig load(String toml, String... overrides) throws Exception {
    Files.writeString(file(), toml, StandardCharsets.UTF_8);
    return new ConfigLoader(Map.of()).load(file(), true, List.of(overrides));
  }

  private String error(String toml) throws IOException {
    Files.writeString(file(), toml, StandardCharsets.UTF_8);
    return assertThrows(
            ConfigException.class, () -> new ConfigLoader(Map.of()).load(file(), true, List.of()))
        .getMessage();
  }

  /** A map in the order its keys and values are given. */
  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  // --- binding ---

  @Test
  void aModelTableBindsEveryKey() throws Exception {
    AgentConfig config =
        load(
            """
            [model_providers.ollama.models."qwen3:8b"]
            max_tokens = 2048
            reasoning_effort = "low"
            context_window = 40960
            temperature = 0.6
            top_p = 0.95
            extra_body = { top_k = 20, think = false }
            http_headers = { "X-Team" = "research" }
            """);

    assertEquals(
        Map.of(
            "qwen3:8b",
            new ModelSettings(
                2048,
                "low",
                40960,
                new ExtraBody(
                    ordered("top_k", 20L, "think", false, "temperature", 0.6, "top_p", 0.95)),
                Map.of("X-Team", "research"),
                Optional.empty())),
        config.provider("ollama").models());
    assertEquals(List.of(), config.warnings());
  }

  @Test
  void tomlValuesBecomeTheirJsonValues() throws Exception {
    AgentConfig config =
        load(
            """
            [model_providers.ollama.extra_body]
            text = "a \\"quoted\\" é"
            count = 42
            big = 9007199254740993
            ratio = 0.5
            exponent = 1e-3
            flag = true
            stop = ["</s>", "\\n\\n"]
            mixed = [1, "two", 3.0, false]
            nested_arrays = [[1, 2], []]
            tables = [{ name = "a", on = true }, { name = "b" }]
            options = { num_ctx = 8192, inner = { deep = "yes" } }
            """);

    assertEquals(
        ordered(
            "text",
            "a \"quoted\" é",
            "count",
            42L,
            "big",
            9007199254740993L,
            "ratio",
            0.5,
            "exponent",
            0.001,
            "flag",
            true,
            "stop",
            List.of("</s>", "\n\n"),
            "mixed",
            List.of(1L, "two", 3.0, false),
            "nested_arrays",
            List.of(List.of(1L, 2L), List.of()),
            "tables",
            List.of(ordered("name", "a", "on", true), ordered("name", "b")),
            "options",
            ordered("num_ctx", 8192L, "inner", ordered("deep", "yes"))),
        config.provider("ollama").extraBody().fields());
    assertEquals(
        List.of(
            "text",
            "count",
            "big",
            "ratio",
            "exponent",
            "flag",
            "stop",
            "mixed",
            "nested_arrays",
            "tables",
            "options"),
        List.copyOf(config.provider("ollama").extraBody().fields().keySet()));
  }

  @Test
  void anOverrideSetsOneKeyOfAModelTable() throws Exception {
    AgentConfig config =
        load(
            """
            [model_providers.ollama.models."qwen3:8b"]
            max_tokens = 2048
            extra_body = { top_k = 20 }
            """,
            "model_providers.ollama.models.\"qwen3:8b\".max_tokens=512",
            "model_providers.ollama.models.\"qwen3:8b\".extra_body.seed=7");

    ModelSettings table = config.provider("ollama").models().get("qwen3:8b");
    assertEquals(512, table.maxTokens());
    assertEquals(ordered("top_k", 20L, "seed", 7L), table.extraBody().fields());
  }

  // --- precedence ---

  @Test
  void extraBodyMergesTableByTableFromTheTopLevelToTheModel() throws Exception {
    AgentConfig config =
        load(
            """
            temperature = 0.2
            extra_body = { seed = 1, chat_template_kwargs = { enable_thinking = false, a = 1 } }

            [model_providers.ollama]
            top_p = 0.9
            extra_body = { seed = 2, chat_template_kwargs = { b = 2 }, stop = ["x", "y"] }

            [model_providers.ollama.models."qwen3:8b"]
            temperature = 1
            extra_body = { chat_template_kwargs = { enable_thinking = true }, stop = ["z"] }
            """);

    ProviderConfig ollama = config.provider("ollama");
    assertEquals(
        ordered(
            "seed",
            2L,
            "chat_template_kwargs",
            ordered("enable_thinking", true, "a", 1L, "b", 2L),
            "temperature",
            1L,
            "stop",
            List.of("z"),
            "top_p",
            0.9),
        ollama.settingsFor("qwen3:8b").extraBody().fields());
    assertEquals(
        ordered(
            "seed",
            2L,
            "chat_template_kwargs",
            ordered("enable_thinking", false, "a", 1L, "b", 2L),
            "temperature",
            0.2,
            "stop",
            List.of("x", "y"),
            "top_p",
            0.9),
        ollama.settingsFor("llama3.2").extraBody().fields());
    assertEquals(
        ordered(
            "seed",
            1L,
            "chat_template_kwargs",
            ordered("enable_thinking", false, "a", 1L),
            "temperature",
            0.2),
        config.provider("openai").extraBody().fields());
  }

  @Test
  void theModelTableWinsOverTheProviderAndTheRunOverBoth() throws Exception {
    AgentConfig config =
        load(
            """
            reasoning_effort = "medium"

            [model_providers.ollama]
            max_tokens = 1000
            reasoning_effort = "low"

            [model_providers.ollama.models."qwen3:8b"]
            max_tokens = 2000
            reasoning_effort = "high"

            [model_providers.lmstudio.models.qwen3]
            reasoning_effort = "minimal"
            """);

    ProviderConfig ollama = config.provider("ollama");
    assertEquals(2000, ollama.settingsFor("qwen3:8b").maxTokens());
    assertEquals("high", ollama.settingsFor("qwen3:8b").reasoningEffort());
    assertEquals(1000, ollama.settingsFor("llama3.2").maxTokens());
    assertEquals("low", ollama.settingsFor("llama3.2").reasoningEffort());
    assertEquals("high", config.select("ollama", "qwen3:8b").reasoningEffort());
    assertEquals("low", config.select("ollama", "").reasoningEffort());
    assertEquals("minimal", config.select("lmstudio", "qwen3").reasoningEffort());
    assertEquals("medium", config.select("lmstudio", "").reasoningEffort());

    AgentConfig run = config.withReasoningEffort("none");
    assertEquals("none", run.select("ollama", "qwen3:8b").reasoningEffort());
    assertEquals("none", run.select("lmstudio", "qwen3").reasoningEffort());
    assertEquals(2000, run.provider("ollama").settingsFor("qwen3:8b").maxTokens());
  }

  @Test
  void aModelsHeadersGoOverTheProvidersIgnoringCase() throws Exception {
    AgentConfig config =
        load(
            """
            [model_providers.ollama]
            http_headers = { "X-Team" = "a", "X-Other" = "b" }

            [model_providers.ollama.models."qwen3:8b"]
            http_headers = { "x-team" = "c" }
            """);

    ProviderConfig ollama = config.provider("ollama");
    assertEquals(
        Map.of("X-Other", "b", "x-team", "c"), ollama.settingsFor("qwen3:8b").httpHeaders());
    assertEquals(
        Map.of("X-Team", "a", "X-Other", "b"), ollama.settingsFor("llama3.2").httpHeaders());
  }

  @Test
  void aTagLessNameAndItsLatestTagShareATable() throws Exception {
    AgentConfig config =
        load(
            """
            [model_providers.ollama.models.qwen3]
            max_tokens = 111

            [model_providers.ollama.models."llama3:latest"]
            max_tokens = 222

            [model_providers.ollama.models."gemma3:latest"]
            max_tokens = 333

            [model_providers.ollama.models.gemma3]
            max_tokens = 444
            """);

    ProviderConfig ollama = config.provider("ollama");
    assertEquals(111, ollama.settingsFor("qwen3:latest").maxTokens());
    assertEquals(222, ollama.settingsFor("llama3").maxTokens());
    assertEquals(333, ollama.settingsFor("gemma3:latest").maxTokens());
    assertEquals(444, ollama.settingsFor("gemma3").maxTokens());
    assertEquals(0, ollama.settingsFor("qwen3:8b").maxTokens());
    assertEquals(0, ollama.settingsFor("Qwen3").maxTokens());
  }

  // --- errors ---

  @Test
  void extraBodyMayNotSetWhatAgentOwns() throws Exception {
    assertEquals(
        file()
            + ":2:16: extra_body may not set 'model', which agent owns (remove it; choose the"
            + " model with -m, model or default_model)",
        error("[model_providers.ollama]\nextra_body = { model = \"qwen3\" }\n"));
    assertEquals(
        file()
            + ":1:1: extra_body may not set 'messages', which agent owns (remove it; agent"
            + " sends the conversation)",
        error("extra_body.messages = []\n"));
    assertEquals(
        file()
            + ":3:1: extra_body may not set 'stream', which agent owns (remove it; agent always"
            + " streams the reply)",
        error(
            "[model_providers.ollama.models.\"qwen3:8b\".extra_body]\nseed = 1\nstream = false\n"));
    assertEquals(
        file()
            + ":2:16: extra_body may not set 'system', which agent owns (remove it; agent sends"
            + " the conversation's system messages there)",
        error("[model_providers.anthropic]\nextra_body = { system = \"Be brief\" }\n"));
  }

  @Test
  void extraBodyRefusesWhatJsonCannotCarry() throws Exception {
    assertEquals(
        file()
            + ":1:16: extra_body.when is a date or time, which JSON cannot carry (expected a"
            + " string, a number, a boolean, an array or a table; put it in quotes to send it as"
            + " a string)",
        error("extra_body = { when = 2025-01-01 }\n"));
    assertEquals(
        file()
            + ":2:1: extra_body.options.x is nan, which JSON cannot carry (expected a finite"
            + " number)",
        error("[extra_body.options]\nx = nan\n"));
    assertEquals(
        file()
            + ":1:16: extra_body.stop is -inf, which JSON cannot carry (expected a finite number)",
        error("extra_body = { stop = [1.0, -inf] }\n"));
  }

  @Test
  void temperatureAndTopPAreNumbersSetOnce() throws Exception {
    assertEquals(
        file() + ":2:1: temperature is a string (expected a number, e.g. 0.7)",
        error("[model_providers.ollama]\ntemperature = \"0.7\"\n"));
    assertEquals(
        file() + ":1:1: top_p is inf (expected a finite number, e.g. 0.7)", error("top_p = inf\n"));
    assertEquals(
        file() + ":3:1: temperature is set twice, here and in extra_body (expected one of them)",
        error(
            """
            [model_providers.ollama.models.qwen3]
            extra_body = { temperature = 0.1 }
            temperature = 0.2
            """));
  }

  @Test
  void badValuesInAModelTableAreErrorsAtTheirPosition() throws Exception {
    assertEquals(
        file()
            + ":1:1: models.\"qwen3:8b\" is an integer (expected a table, e.g."
            + " [model_providers.ollama.models.\"qwen3:8b\"] with max_tokens = 4096)",
        error("model_providers.ollama.models.\"qwen3:8b\" = 5\n"));
    assertEquals(
        file() + ":2:1: max_tokens is 0 (expected a positive integer up to 2147483647)",
        error("[model_providers.ollama.models.qwen3]\nmax_tokens = 0\n"));
    assertEquals(
        file() + ":2:1: context_window is a string (expected a positive integer)",
        error("[model_providers.ollama.models.qwen3]\ncontext_window = \"32k\"\n"));
    assertEquals(
        file()
            + ":2:1: unknown reasoning_effort 'hgh' (expected none, minimal, low, medium, high or"
            + " xhigh)",
        error("[model_providers.ollama.models.qwen3]\nreasoning_effort = \"hgh\"\n"));
    assertEquals(
        file()
            + ":2:18: http_headers 'X-Token' has a control or non-ASCII character in its value"
            + " (expected printable ASCII on one line)",
        error(
            "[model_providers.ollama.models.qwen3]\nhttp_headers = { \"X-Token\" = \"a\\nb\" }\n"));
    assertEquals(
        file()
            + ":2:1: models is a string (expected a table, e.g."
            + " [model_providers.ollama.models.\"MODEL\"] with max_tokens = 4096)",
        error("[model_providers.ollama]\nmodels = \"qwen3\"\n"));
  }

  // --- warnings ---

  @Test
  void unknownKeysInAModelTableAreWarnings() throws Exception {
    AgentConfig config =
        load(
            """
            [model_providers.ollama.models."qwen3:8b"]
            max_token = 100
            base_url = "http://other:11434/v1"
            colour = "blue"
            """);

    assertEquals(
        List.of(
            file()
                + ":2: unknown key 'max_token' in [model_providers.ollama.models.\"qwen3:8b\"]"
                + " ignored (did you mean 'max_tokens'?)",
            file()
                + ":3: unknown key 'base_url' in [model_providers.ollama.models.\"qwen3:8b\"]"
                + " ignored (base_url is a provider setting; set it under"
                + " [model_providers.ollama])",
            file()
                + ":4: unknown key 'colour' in [model_providers.ollama.models.\"qwen3:8b\"]"
                + " ignored (known keys: max_tokens, reasoning_effort, context_window,"
                + " http_headers, extra_body, temperature, top_p, system_prompt,"
                + " system_prompt_file)"),
        config.warnings());
    assertEquals(0, config.provider("ollama").settingsFor("qwen3:8b").maxTokens());
  }

  @Test
  void aContextWindowOutsideAModelTableSaysWhereItBelongs() throws Exception {
    AgentConfig config =
        load(
            """
            context_window = 8192

            [model_providers.ollama]
            context_window = 8192
            """);

    assertEquals(
        List.of(
            file()
                + ":1: unknown key 'context_window' ignored (context_window belongs in a model's"
                + " table, e.g. under [model_providers.ollama.models.\"qwen3:8b\"])",
            file()
                + ":4: unknown key 'context_window' in [model_providers.ollama] ignored"
                + " (context_window belongs in a model's table, e.g. under"
                + " [model_providers.ollama.models.\"qwen3:8b\"])"),
        config.warnings());
  }
}
