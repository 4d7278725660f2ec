package dev.agent.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agent.provider.KeyStatus;
import dev.agent.testing.TestProviders;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chat started with no key for its provider (issue 15): what the first screen says. */
class FirstRunUiTest {
  @TempDir Path home;

  private ChatDriver startWithoutKey(int columns, int rows) {
    FakeBackend backend = new FakeBackend();
    backend.add(TestProviders.anthropic(), KeyStatus.NOT_SET);
    return ChatDriver.builder(home).backend(backend).size(columns, rows).start();
  }

  @Test
  void theWelcomeWithTheKeysStillShowsAboveHowToSetTheKey() {
    try (ChatDriver chat = startWithoutKey(80, 24)) {
      assertEquals(
          List.of(
              " Ask anything. Enter sends; Alt+Enter or Ctrl+J starts a new line; Ctrl+P picks",
              " a provider; Tab moves to the model field; Ctrl+S lists saved conversations,",
              " Ctrl+N starts a new one; Ctrl+Q quits.",
              "",
              " anthropic: ANTHROPIC_API_KEY is not set; export ANTHROPIC_API_KEY=your-key",
              " before starting agent (ollama and lmstudio need no key); or type /key to enter",
              " the key for this run only"),
          chat.rows(1, 7));
    }
  }

  @Test
  void onASmallScreenHowToSetTheKeyStaysInView() {
    try (ChatDriver chat = startWithoutKey(40, 12)) {
      assertEquals(
          List.of(
              " set; export ANTHROPIC_API_KEY=your-key",
              " before starting agent (ollama and",
              " lmstudio need no key); or type /key to",
              " enter the key for this run only"),
          chat.rows(5, 8));
    }
  }

  @Test
  void theTopBarShortensTheTitleBeforeItCutsTheModelName() {
    try (ChatDriver chat = startWithoutKey(80, 24)) {
      assertEquals(
          " Anthropic  model: claude-sonnet-4-20250514           ANTHROPIC_API_KEY not set",
          chat.row(0));
    }
  }

  @Test
  void onANarrowScreenTheStateSaysNoKeyAndTheModelNameIsWhole() {
    try (ChatDriver chat = startWithoutKey(40, 12)) {
      assertEquals(" claude-sonnet-4-20250514        no key", chat.row(0));
    }
    try (ChatDriver chat = startWithoutKey(53, 12)) {
      assertEquals(" anthropic  model: claude-sonnet-4-20250514   no key", chat.row(0));
    }
  }

  @Test
  void aReadyProviderOnANarrowScreenDropsTheLabelBeforeTheModelName() {
    try (ChatDriver chat = ChatDriver.builder(home).size(40, 12).start()) {
      assertEquals(" claude-sonnet-4-20250514         ready", chat.row(0));
    }
  }
}
