package dev.agent.tui.terminal;

import static java.util.Objects.requireNonNull;

import com.googlecode.lanterna.TextColor;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the terminal can do, as its environment says: {@code TERM}, {@code COLORTERM} and {@code
 * TERM_PROGRAM}. Nothing is asked of the terminal itself, so nothing waits for an answer at
 * start-up and no answer can arrive among the keys.
 *
 * @param colours how many colours it shows
 * @param lineMode whether it shows no screen at all ({@code TERM=dumb}: Emacs's shell, a serial
 *     console), so the chat is plain lines of text
 * @param synchronizedOutput whether it holds a frame framed by DEC private mode 2026 until the
 *     frame ends, so a frame never shows half drawn
 */
public record TerminalCapabilities(Colours colours, boolean lineMode, boolean synchronizedOutput) {
  public TerminalCapabilities {
    requireNonNull(colours, "colours");
  }

  /** How many colours a terminal shows, fewest first. */
  public enum Colours {
    /** None: text is told apart by bold, underline and reverse video. */
    NONE,
    /** The 16 ANSI colours, which the user's palette decides. */
    ANSI_16,
    /** The 256 of xterm's palette. */
    INDEXED_256,
    /** Any RGB colour (24-bit). */
    TRUE_COLOUR
  }

  /** Terminal types, each the start of a {@code TERM}, whose terminals show no colour. */
  private static final List<String> MONOCHROME =
      List.of("vt52", "vt100", "vt102", "vt220", "vt320");

  /**
   * Terminal types whose terminal shows 24-bit colour whether or not {@code COLORTERM} says so (it
   * is not passed on by ssh or sudo), each the start of a {@code TERM}: kitty, Alacritty, foot,
   * WezTerm, Ghostty, iTerm2, Contour.
   */
  private static final List<String> TRUE_COLOUR_TERMS =
      List.of("xterm-kitty", "alacritty", "foot", "wezterm", "xterm-ghostty", "iterm2", "contour");

  /**
   * Terminal types (the start of {@code TERM}) that hold a frame in mode 2026: kitty, foot,
   * Alacritty (0.13 and later ignore it before that), WezTerm, Ghostty, Contour. Inside tmux or
   * screen {@code TERM} names those instead, and they are not in the list.
   */
  private static final List<String> SYNCHRONIZED_TERMS =
      List.of("xterm-kitty", "foot", "alacritty", "wezterm", "xterm-ghostty", "contour");

  /** {@code TERM_PROGRAM}s that hold a frame in mode 2026: iTerm2, WezTerm, Ghostty. */
  private static final List<String> SYNCHRONIZED_PROGRAMS =
      List.of("iTerm.app", "WezTerm", "ghostty");

  /**
   * The capabilities {@code env} says the terminal has.
   *
   * <ul>
   *   <li>{@code TERM=dumb}: line mode and no colour.
   *   <li>{@code TERM} vt52, vt100, vt102, vt220 or vt320 (and their variants): no colour.
   *   <li>{@code COLORTERM=truecolor} or {@code 24bit}, or a terminal type that always has it
   *       (kitty, Alacritty, foot, WezTerm, Ghostty, iTerm2, Contour): 24-bit colour.
   *   <li>A {@code TERM} with {@code 256color} in it: the 256 colours.
   *   <li>Any other {@code TERM} ({@code linux}, {@code xterm}, {@code screen}, none): the 16 ANSI
   *       colours.
   * </ul>
   *
   * Synchronized output is taken to work in the terminals known to honour it, by {@code TERM} or
   * {@code TERM_PROGRAM}, and never inside tmux or GNU screen (which pass a frame on in pieces of
   * their own); no other terminal is asked (a DECRQM query would wait at start-up for an answer a
   * terminal may never send, and a late answer would arrive among the keys).
   */
  public static TerminalCapabilities of(Map<String, String> env) {
    String term = env.getOrDefault("TERM", "").strip().toLowerCase(Locale.ROOT);
    if (term.equals("dumb")) {
      return new TerminalCapabilities(Colours.NONE, true, false);
    }
    String colourTerm = env.getOrDefault("COLORTERM", "").strip().toLowerCase(Locale.ROOT);
    Colours colours;
    if (startsWithAny(term, MONOCHROME) && !term.contains("color")) {
      colours = Colours.NONE;
    } else if (colourTerm.equals("truecolor")
        || colourTerm.equals("24bit")
        || startsWithAny(term, TRUE_COLOUR_TERMS)) {
      colours = Colours.TRUE_COLOUR;
    } else if (term.contains("256color")) {
      colours = Colours.INDEXED_256;
    } else {
      colours = Colours.ANSI_16;
    }
    boolean multiplexed =
        env.containsKey("TMUX")
            || env.containsKey("STY")
            || term.startsWith("screen")
            || term.startsWith("tmux");
    boolean synchronizedOutput =
        !multiplexed
            && (startsWithAny(term, SYNCHRONIZED_TERMS)
                || SYNCHRONIZED_PROGRAMS.contains(env.getOrDefault("TERM_PROGRAM", "")));
    return new TerminalCapabilities(colours, false, synchronizedOutput);
  }

  private static boolean startsWithAny(String term, List<String> prefixes) {
    for (String prefix : prefixes) {
      if (term.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code colour} as this terminal can show it: itself when it can; else the nearest of the
   * colours it has (an RGB colour the nearest of the 256, a colour of the 256 the nearest ANSI
   * colour); the terminal's default colour when it shows none.
   */
  public TextColor fit(TextColor colour) {
    return switch (colours) {
      case TRUE_COLOUR -> colour;
      case INDEXED_256 ->
          colour instanceof TextColor.RGB
              ? TextColor.Indexed.fromRGB(colour.getRed(), colour.getGreen(), colour.getBlue())
              : colour;
      case ANSI_16 -> nearestAnsi(colour);
      case NONE -> TextColor.ANSI.DEFAULT;
    };
  }

  /**
   * The ANSI colour nearest to {@code colour} (by the distance of their RGB values in the VGA
   * palette Lanterna gives them); an index below 16 is that ANSI colour itself.
   */
  static TextColor.ANSI nearestAnsi(TextColor colour) {
    if (colour instanceof TextColor.ANSI ansi) {
      return ansi;
    }
    if (colour instanceof TextColor.Indexed indexed) {
      int index = indexOf(indexed);
      if (index < 16) {
        return Palette.ANSI_BY_INDEX[index];
      }
    }
    TextColor.ANSI nearest = TextColor.ANSI.BLACK;
    long best = Long.MAX_VALUE;
    for (TextColor.ANSI candidate : Palette.ANSI_BY_INDEX) {
      long red = (long) candidate.getRed() - colour.getRed();
      long green = (long) candidate.getGreen() - colour.getGreen();
      long blue = (long) candidate.getBlue() - colour.getBlue();
      long distance = red * red + green * green + blue * blue;
      if (distance < best) {
        best = distance;
        nearest = candidate;
      }
    }
    return nearest;
  }

  /** The palette index of {@code colour}, from its SGR sequence ({@code 38;5;N}). */
  private static int indexOf(TextColor.Indexed colour) {
    String sequence =
        new String(colour.getForegroundSGRSequence(), java.nio.charset.StandardCharsets.US_ASCII);
    return Integer.parseInt(sequence.substring(sequence.lastIndexOf(';') + 1));
  }

  /**
   * The 16 ANSI colours in index order: their SGR numbers 30–37, then 90–97. In a class of their
   * own, so that {@link #of} does not initialise Lanterna's colours (which load the locale data):
   * the chat's start does that on another thread, while the configuration loads.
   */
  private static final class Palette {
    static final TextColor.ANSI[] ANSI_BY_INDEX = {
      TextColor.ANSI.BLACK,
      TextColor.ANSI.RED,
      TextColor.ANSI.GREEN,
      TextColor.ANSI.YELLOW,
      TextColor.ANSI.BLUE,
      TextColor.ANSI.MAGENTA,
      TextColor.ANSI.CYAN,
      TextColor.ANSI.WHITE,
      TextColor.ANSI.BLACK_BRIGHT,
      TextColor.ANSI.RED_BRIGHT,
      TextColor.ANSI.GREEN_BRIGHT,
      TextColor.ANSI.YELLOW_BRIGHT,
      TextColor.ANSI.BLUE_BRIGHT,
      TextColor.ANSI.MAGENTA_BRIGHT,
      TextColor.ANSI.CYAN_BRIGHT,
      TextColor.ANSI.WHITE_BRIGHT
    };
  }
}
