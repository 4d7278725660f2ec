package dev.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/configuration.md: every {@code toml} example in it loads without an error or a warning, and
 * every key the loader reads has a row in one of its tables.
 */
class ConfigurationDocTest {
  private static final Pattern TOML_BLOCK = Pattern.compile("```toml\n(.*?)```", Pattern.DOTALL);

  @TempDir Path dir;

  @Test
  void everyExampleLoadsCleanly() throws Exception {
    String doc = Files.readString(Path.of("docs", "configuration.md"), StandardCharsets.UTF_8);
    Matcher block = TOML_BLOCK.matcher(doc);
    List<String> examples = new ArrayList<>();
    while (block.find()) {
      examples.add(block.group(1));
    }
    assertEquals(38, examples.size());

    for (String example : examples) {
      Path file = dir.resolve("config.toml");
      Files.writeString(file, example, StandardCharsets.UTF_8);
      AgentConfig config = new ConfigLoader(Map.of()).load(file, true, List.of());
      assertEquals(List.of(), config.warnings(), example);
      config.select("", "");
    }
  }

  @Test
  void everyKeyHasARow() throws Exception {
    String doc = Files.readString(Path.of("docs", "configuration.md"), StandardCharsets.UTF_8);
    List<String> keys = new ArrayList<>(ConfigLoader.TOP_LEVEL_KEYS);
    keys.addAll(ProviderBinder.KEYS);
    keys.addAll(ModelBinder.KEYS);
    keys.addAll(ProviderBinder.AUTH_KEYS);
    List<String> missing = new ArrayList<>();
    for (String key : keys) {
      if (!doc.contains("\n| `" + key + "` |")) {
        missing.add(key);
      }
    }
    assertEquals(List.of(), missing);
  }
}
