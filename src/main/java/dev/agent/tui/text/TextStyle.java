package dev.agent.tui.text;

import static java.util.Objects.requireNonNull;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.graphics.ThemeDefinition;
import com.googlecode.lanterna.graphics.ThemeStyle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * How a run of transcript text looks: a custom style of the transcript view's theme definition (its
 * colours and SGRs), plus the SGRs of the styles it is nested in. A link inside a heading has the
 * link's colours and is bold as well as underlined; {@code **bold**} inside a quote keeps the
 * quote's colour and adds bold. Styles that only add SGRs ({@code md-strong}, {@code md-emphasis})
 * are used as modifiers and never as the name.
 *
 * @param name the theme style that gives the colours
 * @param modifiers theme styles whose SGRs are added, outermost first
 */
public record TextStyle(String name, List<String> modifiers) {
  public static final TextStyle USER_HEADER = of("user-header");
  public static final TextStyle USER = of("user");
  public static final TextStyle ASSISTANT_HEADER = of("assistant-header");
  public static final TextStyle ASSISTANT = of("assistant");
  public static final TextStyle ERROR = of("error");
  public static final TextStyle NOTICE = of("notice");
  public static final TextStyle MUTED = of("muted");
  public static final TextStyle MARKER = of("marker");
  public static final TextStyle REASONING_HEADER = of("reasoning-header");
  public static final TextStyle REASONING = of("reasoning");

  public TextStyle {
    requireNonNull(name, "name");
    modifiers = List.copyOf(modifiers);
  }

  // Written out, not the record's own (linked through ObjectMethods on first use): see Span.
  @Override
  public boolean equals(Object other) {
    return other instanceof TextStyle style
        && name.equals(style.name)
        && modifiers.equals(style.modifiers);
  }

  @Override
  public int hashCode() {
    return 31 * name.hashCode() + modifiers.hashCode();
  }

  @Override
  public String toString() {
    return "TextStyle[name=" + name + ", modifiers=" + modifiers + "]";
  }

  public static TextStyle of(String name) {
    return new TextStyle(name, List.of());
  }

  /** This style's SGRs and colours taken over by {@code inner}: {@code inner} inside this. */
  public TextStyle colour(String inner) {
    List<String> outer = new ArrayList<>(modifiers);
    outer.add(name);
    return new TextStyle(inner, outer);
  }

  /** This style with the SGRs of {@code modifier} added. */
  public TextStyle modify(String modifier) {
    List<String> more = new ArrayList<>(modifiers);
    more.add(modifier);
    return new TextStyle(name, more);
  }

  /** Sets the colours and SGRs of {@code graphics} to this style of {@code theme}. */
  public void apply(TextGraphics graphics, ThemeDefinition theme) {
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
