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

/** Every {@code toml} example in docs/configuration.md loads without an error or a warning. */
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
    assertEquals(12, examples.size());

    for (String example : examples) {
      Path file = dir.resolve("config.toml");
      Files.writeString(file, example, StandardCharsets.UTF_8);
      AgentConfig config = new ConfigLoader(Map.of()).load(file, true, List.of());
      assertEquals(List.of(), config.warnings(), example);
      config.select("", "");
    }
  }
}
