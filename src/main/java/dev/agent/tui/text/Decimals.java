package dev.agent.tui.text;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Decimal numbers as the chat shows them ({@code 0.82 s}, {@code 31.5 tok/s}, {@code 3.1k}), made
 * without {@link java.util.Formatter}: on the path of every frame, {@code String.format("%.2f")}
 * took a seventh of the UI thread's time while a reply streamed (docs/performance.md).
 */
public final class Decimals {
  private static final long[] POWERS = {1, 10, 100, 1_000, 10_000};

  private Decimals() {}

  /**
   * {@code units} (a number times ten to the {@code unitDigits}, e.g. milliseconds for seconds with
   * 3) with {@code shown} digits after the point, rounded half away from zero, as {@code
   * String.format(Locale.ROOT, "%.<shown>f", units / 10^unitDigits)} prints it: {@code fixed(825,
   * 3, 2)} is {@code 0.83}. {@code shown} is at least 1 and at most {@code unitDigits}, which is at
   * most 4; {@code units} is more than {@link Long#MIN_VALUE}.
   */
  public static String fixed(long units, int unitDigits, int shown) {
    if (shown < 1 || shown > unitDigits || unitDigits >= POWERS.length) {
      throw new IllegalArgumentException(
          "shown " + shown + " of " + unitDigits + " digits: 1 <= shown <= digits <= 4");
    }
    long dropped = POWERS[unitDigits - shown];
    long magnitude = units < 0 ? -units : units;
    long rounded = magnitude / dropped + (magnitude % dropped * 2 >= dropped ? 1 : 0);
    long scale = POWERS[shown];
    String fraction = Long.toString(rounded % scale + scale).substring(1);
    return (units < 0 ? "-" : "") + rounded / scale + "." + fraction;
  }

  /**
   * {@code value} with one digit after the point, as {@code String.format(Locale.ROOT, "%.1f",
   * value)} prints it: its shortest decimal form, rounded half away from zero ({@code 31.45} is
   * {@code 31.5}).
   */
  public static String tenths(double value) {
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    return BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP).toPlainString();
  }
}
