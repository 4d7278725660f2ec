package dev.agent.tui;

import static java.util.Objects.requireNonNull;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.graphics.ThemeDefinition;
import com.googlecode.lanterna.graphics.ThemeStyle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * How a run of transcript text looks: a custom style of {@link TranscriptView}'s theme definition
 * (its colours and SGRs), plus the SGRs of the styles it is nested in. A link inside a heading has
 * the link's colours and is bold as well as underlined; {@code **bold**} inside a quote keeps the
 * quote's colour and adds bold. Styles that only add SGRs ({@code md-strong}, {@code md-emphasis})
 * are used as modifiers and never as the name.
 *
 * @param name the theme style that gives the colours
 * @param modifiers theme styles whose SGRs are added, outermost first
 */
record TextStyle(String name, List<String> modifiers) {
  static final TextStyle USER_HEADER = of("user-header");
  static final TextStyle USER = of("user");
  static final TextStyle ASSISTANT_HEADER = of("assistant-header");
  static final TextStyle ASSISTANT = of("assistant");
  static final TextStyle ERROR = of("error");
  static final TextStyle NOTICE = of("notice");
  static final TextStyle MUTED = of("muted");
  static final TextStyle MARKER = of("marker");

  TextStyle {
    requireNonNull(name, "name");
    modifiers = List.copyOf(modifiers);
  }

  static TextStyle of(String name) {
    return new TextStyle(name, List.of());
  }

  /** This style's SGRs and colours taken over by {@code inner}: {@code inner} inside this. */
  TextStyle colour(String inner) {
    List<String> outer = new ArrayList<>(modifiers);
    outer.add(name);
    return new TextStyle(inner, outer);
  }

  /** This style with the SGRs of {@code modifier} added. */
  TextStyle modify(String modifier) {
    List<String> more = new ArrayList<>(modifiers);
    more.add(modifier);
    return new TextStyle(name, more);
  }

  /** Sets the colours and SGRs of {@code graphics} to this style of {@code theme}. */
  void apply(TextGraphics graphics, ThemeDefinition theme) {
    ThemeStyle base = theme.getCustom(name);
    EnumSet<SGR> sgrs = base.getSGRs();
    for (String modifier : modifiers) {
      sgrs.addAll(theme.getCustom(modifier).getSGRs());
    }
    graphics.setForegroundColor(base.getForeground());
    graphics.setBackgroundColor(base.getBackground());
    graphics.setModifiers(sgrs);
  }
}
