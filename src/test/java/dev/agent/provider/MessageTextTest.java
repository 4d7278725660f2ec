package dev.agent.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MessageTextTest {
  @Test
  void controlCharactersAndRunsOfWhitespaceBecomeOneSpace() {
    assertEquals(
        "a b [31mc d", MessageText.oneLine("  a\r\n\tb \u001b[31mc\u0000 \u202Ed  \n", 100));
  }

  @Test
  void longTextIsCutAndMarked() {
    assertEquals("abcde…", MessageText.oneLine("abcdefgh", 5));
    assertEquals("abcde", MessageText.oneLine("abcde", 5));
    assertEquals("abc…", MessageText.oneLine("abc def", 4));
  }

  @Test
  void aCutNeverSplitsASurrogatePair() {
    assertEquals("ab…", MessageText.oneLine("ab🙂cd", 3));
  }
}
