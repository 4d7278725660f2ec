package dev.agent;

import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Property-based fuzzing in plain JUnit: a property is checked against inputs made by a generator
 * from a seeded {@link Random}, so every run tries the same inputs and a failure names the seed and
 * the input that broke it. {@code -Dfuzz.seed=N} tries other inputs, {@code -Dfuzz.tries=N} scales
 * the number of tries (the defaults keep {@code mvn verify} quick).
 */
public final class Fuzz {
  private static final long BASE_SEED = Long.getLong("fuzz.seed", 20_260_301L);
  private static final int SCALE = Integer.getInteger("fuzz.tries", 1);

  private Fuzz() {}

  /** What must hold for every input. */
  @FunctionalInterface
  public interface Property<T> {
    void check(T input) throws Exception;
  }

  /**
   * Checks {@code property} against {@code tries} inputs from {@code generator}.
   *
   * @param show how a failing input is written in the failure message
   * @throws AssertionError naming the try, its seed and the input, with the failure as its cause
   */
  public static <T> void forAll(
      int tries, Function<Random, T> generator, Function<T, String> show, Property<T> property) {
    for (int i = 0; i < tries * SCALE; i++) {
      long seed = BASE_SEED + i * 0x9E37_79B9_7F4A_7C15L;
      T input = generator.apply(new Random(seed));
      try {
        property.check(input);
      } catch (Exception | AssertionError | StackOverflowError e) {
        throw new AssertionError(
            "try " + i + " (-Dfuzz.seed=" + BASE_SEED + ") failed on " + show.apply(input), e);
      }
    }
  }

  /** One of {@code choices}. */
  public static <T> T pick(Random random, List<T> choices) {
    return choices.get(random.nextInt(choices.size()));
  }

  /** Up to {@code max} characters from anywhere in the BMP, control characters included. */
  public static String anyText(Random random, int max) {
    StringBuilder text = new StringBuilder();
    for (int n = random.nextInt(max + 1); n > 0; n--) {
      int kind = random.nextInt(4);
      text.append(
          (char)
              (kind == 0
                  ? random.nextInt(0x20)
                  : kind == 1 ? 0x20 + random.nextInt(0x60) : random.nextInt(0x10000)));
    }
    return text.toString();
  }

  /** Up to {@code max} random bytes. */
  public static byte[] anyBytes(Random random, int max) {
    byte[] bytes = new byte[random.nextInt(max + 1)];
    random.nextBytes(bytes);
    return bytes;
  }

  /** Text for a failure message: control characters escaped, cut after 600 characters. */
  public static String show(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < text.length() && out.length() < 600; i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append(text.length() > 600 ? "…\" (" + text.length() + " chars)" : "\"").toString();
  }
}
