package dev.agent.tui.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class DecimalsTest {
  @Test
  void fixedPrintsWhatFormatPrintsForEveryMillisecondOfTheFirstMinute() {
    for (long millis = -1_000; millis <= 60_000; millis++) {
      double seconds = millis / 1000.0;
      assertEquals(
          String.format(Locale.ROOT, "%.2f", seconds), Decimals.fixed(millis, 3, 2), "" + millis);
      assertEquals(
          String.format(Locale.ROOT, "%.1f", seconds), Decimals.fixed(millis, 3, 1), "" + millis);
    }
  }

  @Test
  void fixedRoundsHalfAwayFromZero() {
    assertEquals("0.83", Decimals.fixed(825, 3, 2));
    assertEquals("1.00", Decimals.fixed(995, 3, 2));
    assertEquals("-0.83", Decimals.fixed(-825, 3, 2));
    assertEquals("9.9", Decimals.fixed(9_949, 3, 1));
    assertEquals("10.0", Decimals.fixed(9_950, 3, 1));
  }

  @Test
  void fixedKeepsLargeNumbersWhole() {
    assertEquals("9223372036854775.81", Decimals.fixed(Long.MAX_VALUE, 3, 2));
  }

  @Test
  void fixedRefusesMoreDigitsThanItHas() {
    assertThrows(IllegalArgumentException.class, () -> Decimals.fixed(1, 1, 2));
    assertThrows(IllegalArgumentException.class, () -> Decimals.fixed(1, 3, 0));
  }

  @Test
  void tenthsPrintsWhatFormatPrints() {
    for (double rate : new double[] {0, 0.04, 0.05, 5, 31.46, 31.45, 31.55, 120.25, 1e9}) {
      assertEquals(String.format(Locale.ROOT, "%.1f", rate), Decimals.tenths(rate), "" + rate);
    }
    assertEquals("Infinity", Decimals.tenths(Double.POSITIVE_INFINITY));
    assertEquals("NaN", Decimals.tenths(Double.NaN));
  }
}
