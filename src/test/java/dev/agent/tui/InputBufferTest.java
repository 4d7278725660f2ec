package dev.agent.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class InputBufferTest {
  @Test
  void insertsAtTheCursorAndNormalizesLineBreaks() {
    InputBuffer buffer = new InputBuffer(true, 1000);
    buffer.insert("ac");
    buffer.left();
    buffer.insert("b\r\nx\ry");
    assertEquals("ab\nx\nyc", buffer.text());
    assertEquals(6, buffer.cursor());
  }

  @Test
  void aSingleLineBufferTurnsLineBreaksIntoSpaces() {
    InputBuffer buffer = new InputBuffer(false, 1000);
    buffer.insert("gpt\n4o");
    assertEquals("gpt 4o", buffer.text());
  }

  @Test
  void movesAndDeletesWholeGraphemes() {
    InputBuffer buffer = new InputBuffer(true, 1000);
    buffer.insert("a😀e\u0301b");
    buffer.left();
    buffer.backspace();
    assertEquals("a😀b", buffer.text());
    buffer.backspace();
    assertEquals("ab", buffer.text());
    assertEquals(1, buffer.cursor());
    buffer.setText("x😀");
    buffer.moveTo(2);
    assertEquals(1, buffer.cursor(), "never inside a surrogate pair");
    buffer.delete();
    assertEquals("x", buffer.text());
  }

  @Test
  void lineStartAndEndStayOnTheCurrentLine() {
    InputBuffer buffer = new InputBuffer(true, 1000);
    buffer.insert("one\ntwo\nthree");
    buffer.moveTo(5);
    buffer.lineStart();
    assertEquals(4, buffer.cursor());
    buffer.lineEnd();
    assertEquals(7, buffer.cursor());
  }

  @Test
  void ctrlUAndCtrlWDeleteLikeAShell() {
    InputBuffer buffer = new InputBuffer(true, 1000);
    buffer.insert("keep\nsome words here  ");
    buffer.deletePreviousWord();
    assertEquals("keep\nsome words ", buffer.text());
    buffer.deleteToLineStart();
    assertEquals("keep\n", buffer.text());
    buffer.deleteToLineStart();
    assertEquals("keep", buffer.text());
  }

  @Test
  void whatGoesBeyondTheLimitIsLeftOutAndCounted() {
    InputBuffer buffer = new InputBuffer(true, 10);
    buffer.insert("12345");
    buffer.insert("6789");
    assertEquals(0, buffer.takeCut());
    buffer.insert("abc");
    assertEquals("123456789a", buffer.text());
    assertEquals(2, buffer.takeCut());
    assertEquals(0, buffer.takeCut(), "counted once");
    buffer.insert("x");
    buffer.insert("y");
    assertEquals(2, buffer.takeCut());
    assertEquals("123456789a", buffer.text());

    buffer.setText("123456789😀");
    assertEquals("123456789", buffer.text(), "never half an emoji");
    assertEquals(2, buffer.takeCut());
    buffer.backspace();
    buffer.insert("😀");
    assertEquals("12345678😀", buffer.text());
    assertEquals(0, buffer.takeCut());
  }

  @Test
  void aPasteKeyByKeyIntoTheMiddleOfALongTextTakesLinearTime() {
    int size = 1 << 20;
    InputBuffer buffer = new InputBuffer(true, 2 * size);
    buffer.setText("x".repeat(size));
    buffer.moveTo(size / 2);
    for (int i = 0; i < size; i++) {
      buffer.insert("y");
    }
    String text = buffer.text();
    assertEquals(2 * size, text.length());
    assertEquals(size / 2 + size, buffer.cursor());
    assertEquals('y', text.charAt(size));
    assertEquals('x', text.charAt(size / 2 + size));
    // No time is asserted (timing belongs in bench/): shifting the half after the cursor for
    // every key would move 2^39 chars, and this test would not end in any CI's patience.
  }

  @Test
  void theVersionChangesWithTheTextButNotWithTheCursor() {
    InputBuffer buffer = new InputBuffer(true, 100);
    long empty = buffer.version();
    buffer.insert("ab");
    long typed = buffer.version();
    assertTrue(typed > empty);
    buffer.left();
    assertEquals(typed, buffer.version());
    assertEquals("ab", buffer.text());
    buffer.backspace();
    assertTrue(buffer.version() > typed);
  }

  @Test
  void historyStepsBackKeepsTheDraftAndStepsForwardToIt() {
    PromptHistory history = new PromptHistory();
    assertEquals(Optional.empty(), history.previous("draft"));
    history.add("one");
    history.add("two");
    history.add("two");
    assertEquals(Optional.of("two"), history.previous("draft"));
    assertEquals(Optional.of("one"), history.previous("two"));
    assertEquals(Optional.empty(), history.previous("one"));
    assertEquals(Optional.of("two"), history.next());
    assertEquals(Optional.of("draft"), history.next());
    assertEquals(Optional.empty(), history.next());
  }
}
