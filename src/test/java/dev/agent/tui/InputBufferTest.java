package dev.agent.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class InputBufferTest {
  @Test
  void insertsAtTheCursorAndNormalizesLineBreaks() {
    InputBuffer buffer = new InputBuffer(true);
    buffer.insert("ac");
    buffer.left();
    buffer.insert("b\r\nx\ry");
    assertEquals("ab\nx\nyc", buffer.text());
    assertEquals(6, buffer.cursor());
  }

  @Test
  void aSingleLineBufferTurnsLineBreaksIntoSpaces() {
    InputBuffer buffer = new InputBuffer(false);
    buffer.insert("gpt\n4o");
    assertEquals("gpt 4o", buffer.text());
  }

  @Test
  void movesAndDeletesWholeGraphemes() {
    InputBuffer buffer = new InputBuffer(true);
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
    InputBuffer buffer = new InputBuffer(true);
    buffer.insert("one\ntwo\nthree");
    buffer.moveTo(5);
    buffer.lineStart();
    assertEquals(4, buffer.cursor());
    buffer.lineEnd();
    assertEquals(7, buffer.cursor());
  }

  @Test
  void ctrlUAndCtrlWDeleteLikeAShell() {
    InputBuffer buffer = new InputBuffer(true);
    buffer.insert("keep\nsome words here  ");
    buffer.deletePreviousWord();
    assertEquals("keep\nsome words ", buffer.text());
    buffer.deleteToLineStart();
    assertEquals("keep\n", buffer.text());
    buffer.deleteToLineStart();
    assertEquals("keep", buffer.text());
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
