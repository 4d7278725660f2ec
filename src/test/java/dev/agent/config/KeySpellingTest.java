package dev.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeySpellingTest {
  private static final List<String> KEYS =
      List.of("model_provider", "model", "theme", "model_providers", "base_url", "name", "auth");

  @Test
  void distanceCountsSwapsAsOneEdit() {
    assertEquals(0, KeySpelling.distance("model", "model"));
    assertEquals(1, KeySpelling.distance("modle", "model"));
    assertEquals(1, KeySpelling.distance("bse_url", "base_url"));
    assertEquals(1, KeySpelling.distance("base-url", "base_url"));
    assertEquals(3, KeySpelling.distance("", "abc"));
  }

  @Test
  void suggestsTheOneCloseKey() {
    assertEquals(Optional.of("model"), KeySpelling.closest("modle", KEYS));
    assertEquals(Optional.of("base_url"), KeySpelling.closest("Base_URL", KEYS));
    assertEquals(Optional.of("base_url"), KeySpelling.closest("baseurl", KEYS));
  }

  @Test
  void shortKeysAllowOneEditOnly() {
    assertEquals(Optional.of("auth"), KeySpelling.closest("aut", KEYS));
    assertEquals(Optional.empty(), KeySpelling.closest("au", KEYS));
  }

  @Test
  void nothingWhenNoKeyIsClose() {
    assertEquals(Optional.empty(), KeySpelling.closest("colour", KEYS));
  }

  @Test
  void nothingWhenTwoKeysAreEquallyClose() {
    assertEquals(Optional.empty(), KeySpelling.closest("model_providerx", KEYS));
  }
}
