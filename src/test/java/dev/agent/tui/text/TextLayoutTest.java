package dev.agent.tui.text;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.graphics.BasicTextImage;
import com.googlecode.lanterna.graphics.TextImage;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextLayoutTest {
  private final TextLayout utf8 = new TextLayout(UTF_8);
  private final TextLayout ascii = new TextLayout(US_ASCII);

  private static List<String> lines(TextLayout layout, String paragraph, int width) {
    List<Integer> starts = layout.wrap(paragraph, width);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < starts.size(); i++) {
      int end = i + 1 < starts.size() ? starts.get(i + 1) : paragraph.length();
      lines.add(paragraph.substring(starts.get(i), end));
    }
    return lines;
  }

  @Test
  void wrapsAtWordBoundariesKeepingTheSpaceOnTheLineItEnds() {
    assertEquals(
        List.of("the quick ", "brown fox ", "jumps"), lines(utf8, "the quick brown fox jumps", 10));
  }

  @Test
  void breaksAWordLongerThanTheLine() {
    assertEquals(List.of("a ", "abcdef", "ghij"), lines(utf8, "a abcdefghij", 6));
  }

  @Test
  void aTextThatFitsIsOneLine() {
    assertEquals(List.of("exactly10!"), lines(utf8, "exactly10!", 10));
    assertEquals(List.of(""), lines(utf8, "", 10));
  }

  @Test
  void cjkTakesTwoCellsAndNeverStraddlesTheEdge() {
    assertEquals(6, utf8.width("日本語"));
    assertEquals(List.of("日本", "語日", "本語"), lines(utf8, "日本語日本語", 5));
    assertEquals(List.of("ab", "日"), lines(utf8, "ab日", 3));
  }

  @Test
  void emojiTakeTwoCellsAndStayWhole() {
    assertEquals(4, utf8.width("a😀b"));
    assertEquals(List.of("a", "😀", "b"), lines(utf8, "a😀b", 2));
    assertEquals(2, utf8.width("❤️"));
  }

  @Test
  void controlCharactersTakeTheCellsOfTheirPicturesAndTabsFour() {
    assertEquals(6, utf8.width("a\u001b\u0007b"));
    assertEquals(6, utf8.width("a\tb"));
    assertEquals(3, utf8.width("a\u009bb"));
    assertEquals(3, utf8.width("\u05d0\u202e\u05d1"), "a bidi override among other graphemes");
    assertEquals(0, utf8.width("\n"), "a line feed only separates lines");
  }

  @Test
  void everyControlCharacterHasAPictureAndNothingElseDoes() {
    assertEquals("^@", TextLayout.controlPicture('\u0000'));
    assertEquals("^[", TextLayout.controlPicture('\u001b'));
    assertEquals("^G", TextLayout.controlPicture('\u0007'));
    assertEquals("^H", TextLayout.controlPicture('\b'));
    assertEquals("^M", TextLayout.controlPicture('\r'));
    assertEquals("^_", TextLayout.controlPicture('\u001f'));
    assertEquals("^?", TextLayout.controlPicture('\u007f'));
    for (char c : "\u0080\u009b\u009d\u009f\u202a\u202e\u2066\u2069".toCharArray()) {
      assertEquals("\ufffd", TextLayout.controlPicture(c), Integer.toHexString(c));
    }
    for (char c : "\n\t a~\u00a0\u00e9\u2029\u2065\u206a\u200d".toCharArray()) {
      assertEquals(null, TextLayout.controlPicture(c), Integer.toHexString(c));
    }
  }

  @Test
  void combiningMarksJoinTheirLetter() {
    assertEquals(1, utf8.width("q\u0301"));
    assertEquals(1, utf8.width(TextLayout.normalize("e\u0301")));
    assertEquals("\u00e9", TextLayout.normalize("e\u0301"));
  }

  @Test
  void textBelowU0300IsLeftAsItIsBecauseNfcLeavesItSo() {
    for (char first = 0; first < 0x300; first++) {
      for (char second = 0; second < 0x300; second++) {
        String text = new String(new char[] {first, second});
        assertEquals(Normalizer.normalize(text, Normalizer.Form.NFC), TextLayout.normalize(text));
      }
    }
    assertEquals("\u00e9", TextLayout.normalize("e\u0301"), "U+0301 is above: composed");
  }

  @Test
  void aCharsetThatCannotShowAGraphemeGetsOneQuestionMarkCell() {
    assertEquals(3, ascii.width("日é😀"));
    TextImage image = new BasicTextImage(10, 1);
    int used = ascii.draw(image.newTextGraphics(), 0, 0, "a日é😀b", 10);
    assertEquals(5, used);
    assertEquals("a???b", row(image, 0, 10).strip());
  }

  @Test
  void drawClipsAtTheWidthAndLeavesOutAWideCharThatWouldStraddleIt() {
    TextImage image = new BasicTextImage(10, 2);
    assertEquals(4, utf8.draw(image.newTextGraphics(), 1, 0, "abcdefgh", 4));
    assertEquals(" abcd", row(image, 0, 10).stripTrailing());
    assertEquals(2, utf8.draw(image.newTextGraphics(), 0, 1, "a日", 2));
    assertEquals("a", row(image, 1, 10).stripTrailing());
  }

  @Test
  void drawPutsAnEmojiInOneDoubleWidthCell() {
    TextImage image = new BasicTextImage(10, 1);
    assertEquals(4, utf8.draw(image.newTextGraphics(), 0, 0, "a😀b", 10));
    assertEquals("😀", image.getCharacterAt(1, 0).getCharacterString());
    assertEquals("b", image.getCharacterAt(3, 0).getCharacterString());
  }

  @Test
  void drawShowsControlCharactersAsPicturesInReverseVideo() {
    TextImage image = new BasicTextImage(20, 2);
    assertEquals(10, utf8.draw(image.newTextGraphics(), 0, 0, "a\u001b[2Jb\u0007\u009b", 20));
    assertEquals("a^[[2Jb^G\ufffd", row(image, 0, 20).strip());
    assertTrue(image.getCharacterAt(1, 0).getModifiers().contains(SGR.REVERSE));
    assertTrue(image.getCharacterAt(2, 0).getModifiers().contains(SGR.REVERSE));
    assertFalse(
        image.getCharacterAt(3, 0).getModifiers().contains(SGR.REVERSE), "only the picture");
    assertTrue(image.getCharacterAt(9, 0).getModifiers().contains(SGR.REVERSE));
    assertEquals(3, ascii.draw(image.newTextGraphics(), 0, 1, "\u202eab", 20));
    assertEquals("?ab", row(image, 1, 20).strip(), "U+FFFD where the charset has none");
  }

  private static String row(TextImage image, int row, int columns) {
    StringBuilder text = new StringBuilder();
    for (int column = 0; column < columns; column++) {
      text.append(image.getCharacterAt(column, row).getCharacterString());
    }
    return text.toString();
  }
}
