package dev.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class TerminalTextTest {

  @Test
  void ordinaryTextIsTheSameString() {
    String text = "Grüße, 世界 👋\n\tcode: `a < b`";
    assertSame(text, TerminalText.neutralise(text));
  }

  @Test
  void everyC0ControlButLineFeedAndTabIsShownInCaretNotation() {
    StringBuilder all = new StringBuilder();
    for (char c = 0; c < 0x20; c++) {
      all.append(c);
    }
    assertEquals(
        "^@^A^B^C^D^E^F^G^H\t\n^K^L^M^N^O^P^Q^R^S^T^U^V^W^X^Y^Z^[^\\^]^^^_",
        TerminalText.neutralise(all.toString()));
  }

  @Test
  void deleteC1AndBidiOverridesAreReplaced() {
    assertEquals(
        "^?\uFFFD\uFFFD\uFFFDabc\uFFFD\uFFFD",
        TerminalText.neutralise("\u007f\u0080\u009b\u009dabc\u202e\u2066"));
  }

  @Test
  void aSequenceSplitAcrossDeltasIsShownTheSameAsWhole() {
    String whole = "\u001b[2J\u001b]0;pwned\u0007";
    String split =
        TerminalText.neutralise(whole.substring(0, 2))
            + TerminalText.neutralise(whole.substring(2));
    assertEquals(TerminalText.neutralise(whole), split);
    assertEquals("^[[2J^[]0;pwned^G", split);
  }
}
