package dev.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {
  @TempDir Path dir;

  private AgentConfig load(String toml) throws Exception {
    Path file = dir.resolve("config.toml");
    Files.writeString(file, toml);
    return new ConfigLoader(Map.of()).load(file, true, List.of());
  }

  private static String chosen(Selection selection) {
    return selection.provider().id() + " " + selection.model();
  }

  @Test
  void anthropicWhenNothingIsChosen() throws Exception {
    assertEquals("anthropic claude-sonnet-4-20250514", chosen(load("").select("", "")));
  }

  @Test
  void modelProviderBeatsTheDefault() throws Exception {
    assertEquals("openai gpt-4o", chosen(load("model_provider = \"openai\"\n").select("", "")));
  }

  @Test
  void cliProviderBeatsModelProvider() throws Exception {
    AgentConfig config = load("model_provider = \"openai\"\n");

    assertEquals("ollama llama3.2", chosen(config.select("ollama", "")));
  }

  @Test
  void topLevelModelGoesWithModelProvider() throws Exception {
    AgentConfig config = load("model_provider = \"openai\"\nmodel = \"gpt-4.1\"\n");

    assertEquals("openai gpt-4.1", chosen(config.select("", "")));
    assertEquals("openai gpt-4.1", chosen(config.select("openai", "")));
  }

  @Test
  void topLevelModelDoesNotFollowAnotherProvider() throws Exception {
    AgentConfig config = load("model_provider = \"openai\"\nmodel = \"gpt-4.1\"\n");

    assertEquals("lmstudio local-model", chosen(config.select("lmstudio", "")));
  }

  @Test
  void topLevelModelWithoutModelProviderBelongsToAnthropic() throws Exception {
    AgentConfig config = load("model = \"claude-opus-4-5-20251101\"\n");

    assertEquals("anthropic claude-opus-4-5-20251101", chosen(config.select("", "")));
    assertEquals("openai gpt-4o", chosen(config.select("openai", "")));
  }

  @Test
  void cliModelBeatsEverything() throws Exception {
    AgentConfig config = load("model_provider = \"openai\"\nmodel = \"gpt-4.1\"\n");

    assertEquals("openai o3", chosen(config.select("", "o3")));
    assertEquals("ollama qwen3", chosen(config.select("ollama", "qwen3")));
  }

  @Test
  void unknownProviderListsTheKnownIds() throws Exception {
    AgentConfig config =
        load("[model_providers.custom]\nbase_url = \"https://api.example.com/v1\"\n");

    ConfigException e = assertThrows(ConfigException.class, () -> config.select("opnai", ""));

    assertEquals(
        "unknown provider 'opnai' (known: anthropic, openai, ollama, lmstudio, azure, custom);"
            + " did you mean 'openai'? or add it under [model_providers.opnai] in config.toml",
        e.getMessage());
  }

  @Test
  void unknownModelProviderIsReportedWhenSelecting() throws Exception {
    AgentConfig config = load("model_provider = \"nope\"\n");

    ConfigException e = assertThrows(ConfigException.class, () -> config.select("", ""));

    assertEquals(
        "unknown provider 'nope' (known: anthropic, openai, ollama, lmstudio, azure); add it"
            + " under [model_providers.nope] in config.toml",
        e.getMessage());
  }

  @Test
  void providerWithoutAnyModelIsAnError() throws Exception {
    AgentConfig config = load("[model_providers.vllm]\nbase_url = \"http://gpu:8000/v1\"\n");

    ConfigException e = assertThrows(ConfigException.class, () -> config.select("vllm", ""));

    assertEquals(
        "provider 'vllm' has no default model; pass -m MODEL or set default_model under"
            + " [model_providers.vllm]",
        e.getMessage());
    assertEquals("vllm served-model", chosen(config.select("vllm", "served-model")));
  }
}
