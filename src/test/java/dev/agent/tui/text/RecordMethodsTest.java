package dev.agent.tui.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The records a frame hashes and compares write out their {@code equals}, {@code hashCode} and
 * {@code toString}: a record's own are linked through {@code java.lang.runtime.ObjectMethods} on
 * first use, which the first frame paid for at every start. The written ones keep a record's
 * meaning: components compared in order, {@code null} allowed where the record allows it.
 */
class RecordMethodsTest {
  private static final String OBJECT_METHODS = "java/lang/runtime/ObjectMethods";

  @Test
  void theRecordsAFrameComparesLinkNothingThroughObjectMethods() throws IOException {
    for (Class<?> type : List.of(Row.class, Span.class, TextStyle.class, styleKey())) {
      assertFalse(
          classFile(type).contains(OBJECT_METHODS), type + " uses the record's own methods");
    }
  }

  @Test
  void aRecordOfTheJdksMethodsIsSeenByTheCheck() throws IOException {
    record Plain(int a) {}
    assertTrue(classFile(Plain.class).contains(OBJECT_METHODS));
  }

  @Test
  void equalityIsByEveryComponent() {
    TextStyle bold = TextStyle.of("assistant").modify("md-strong");
    assertEquals(TextStyle.of("assistant").modify("md-strong"), bold);
    assertEquals(TextStyle.of("assistant").modify("md-strong").hashCode(), bold.hashCode());
    assertNotEquals(TextStyle.of("assistant"), bold);
    assertNotEquals(TextStyle.of("user").modify("md-strong"), bold);

    Span span = new Span("hi", bold);
    assertEquals(new Span("hi", bold), span);
    assertEquals(new Span("hi", bold).hashCode(), span.hashCode());
    assertNotEquals(new Span("ho", bold), span);
    assertNotEquals(new Span("hi", TextStyle.USER), span);

    Row row = new Row(List.of(span), TextStyle.MUTED, 2);
    assertEquals(new Row(List.of(span), TextStyle.MUTED, 2), row);
    assertEquals(new Row(List.of(span), TextStyle.MUTED, 2).hashCode(), row.hashCode());
    assertNotEquals(new Row(List.of(span), TextStyle.MUTED, 3), row);
    assertNotEquals(new Row(List.of(span), null, 2), row);
    assertNotEquals(new Row(List.of(span, span), TextStyle.MUTED, 2), row);
    assertEquals(new Row(List.of(), null, 0), Row.BLANK);
    assertEquals(new Row(List.of(), null, 0).hashCode(), Row.BLANK.hashCode());
    assertNotEquals(row, null);
    assertNotEquals(row, "a row");

    assertEquals(
        "Row[spans=[Span[text=hi, style=TextStyle[name=assistant, modifiers=[md-strong]]]],"
            + " fill=null, fillFrom=0]",
        Row.of(List.of(span)).toString());
  }

  private static Class<?> styleKey() {
    for (Class<?> nested : TextLayout.class.getDeclaredClasses()) {
      if (nested.getSimpleName().equals("Style")) {
        return nested;
      }
    }
    throw new AssertionError("TextLayout has no nested Style");
  }

  /** The class file's bytes as Latin-1 text, so its constant pool's names can be searched. */
  private static String classFile(Class<?> type) throws IOException {
    String name = type.getName().substring(type.getPackageName().length() + 1) + ".class";
    try (InputStream in = type.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
