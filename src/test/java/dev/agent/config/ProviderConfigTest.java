package dev.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProviderConfigTest {

  private static ProviderConfig at(String baseUrl, int retries) {
    return ProviderConfig.builder("p")
        .name("P")
        .baseUrl(baseUrl)
        .defaultModel("m")
        .wireApi(WireApi.CHAT)
        .auth(AuthScheme.NONE)
        .streamIdleTimeout(Duration.ofMinutes(5))
        .requestMaxRetries(retries)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  @Test
  void onlyLoopbackIsLocal() {
    for (String local :
        List.of("http://localhost:11434/v1", "http://127.0.0.1:1234/v1", "http://[::1]:8080")) {
      assertEquals(true, at(local, 0).isLocal(), local);
    }
    for (String remote :
        List.of(
            "http://127.evil.example/v1",
            "http://gpu-box.lan:11434/v1",
            "https://api.openai.com/v1",
            "http://10.0.0.5/v1")) {
      assertEquals(false, at(remote, 0).isLocal(), remote);
    }
  }

  private static ProviderConfig builtIn(String id) {
    return BuiltInProviders.DEFAULTS.stream()
        .filter(provider -> provider.id().equals(id))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aServerWithoutAStartHintOfItsOwnTakesTheOneOfTheBuiltInOnItsPort() {
    String ollama = "start it with `ollama serve`";
    String lmstudio = "start LM Studio's local server (Developer tab, or `lms server start`)";
    assertEquals(ollama, at("http://localhost:11434/v1", 0).startServerHint());
    assertEquals(lmstudio, at("http://127.0.0.1:1234/v1", 0).startServerHint());
    assertEquals("", at("http://localhost:8080/v1", 0).startServerHint());
    assertEquals("", at("http://localhost/v1", 0).startServerHint());
    assertEquals(ollama, builtIn("ollama").startServerHint());
    assertEquals(
        ollama,
        builtIn("ollama").toBuilder()
            .baseUrl("http://localhost:1234/v1")
            .build()
            .startServerHint());
    assertEquals(
        lmstudio,
        builtIn("lmstudio").toBuilder()
            .baseUrl("http://localhost:11434/v1")
            .build()
            .startServerHint());
    assertEquals(
        ollama,
        builtIn("openai").toBuilder()
            .baseUrl("http://localhost:11434/v1")
            .build()
            .startServerHint());
  }

  @Test
  void theKeylessBuiltInsAreTheLocalServers() {
    assertEquals(List.of("ollama", "lmstudio"), AgentConfig.keylessBuiltIns());
  }

  @Test
  void negativeRetriesAreAProgrammingError() {
    assertThrows(IllegalArgumentException.class, () -> at("http://localhost/v1", -1));
  }
}
