package dev.agent.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.Theme;
import com.googlecode.lanterna.graphics.ThemeDefinition;
import com.googlecode.lanterna.graphics.ThemeStyle;
import com.googlecode.lanterna.terminal.virtual.VirtualTerminal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A golden screen that keeps style as well as text: the rows as text, then the same rows with one
 * key per cell naming its look ({@code .} for the commonest), then a legend giving each key's
 * colours and SGRs and the transcript styles of the theme that look exactly so. Trailing cells of
 * the normal look are left out.
 */
final class StyledScreen {
  private static final String KEYS =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  private StyledScreen() {}

  /** What a cell looks like. */
  private record Look(TextColor foreground, TextColor background, Set<SGR> sgrs) {
    static Look of(TextCharacter cell) {
      return new Look(
          cell.getForegroundColor(),
          cell.getBackgroundColor(),
          EnumSet.copyOf(cell.getModifiers()));
    }

    static Look of(ThemeStyle style) {
      return new Look(style.getForeground(), style.getBackground(), style.getSGRs());
    }

    @Override
    public String toString() {
      String sgr =
          sgrs.stream()
              .map(s -> s.name().toLowerCase(Locale.ROOT))
              .sorted()
              .collect(Collectors.joining(","));
      return colour(foreground) + " on " + colour(background) + (sgr.isEmpty() ? "" : " " + sgr);
    }

    private static String colour(TextColor color) {
      if (color instanceof TextColor.ANSI ansi) {
        return ansi.name().toLowerCase(Locale.ROOT);
      }
      if (color instanceof TextColor.Indexed) {
        return "#" + color.toString().replaceAll("\\D", "");
      }
      return color.toString();
    }
  }

  /**
   * Rows {@code [fromRow, toRow)} of {@code terminal}, trailing empty rows left out; {@code
   * styleNames} are the transcript's custom styles, named in the legend where a look matches.
   */
  static String capture(
      VirtualTerminal terminal, int fromRow, int toRow, Theme theme, List<String> styleNames) {
    int columns = terminal.getTerminalSize().getColumns();
    List<List<Look>> looks = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (int row = fromRow; row < toRow; row++) {
      List<Look> rowLooks = new ArrayList<>();
      StringBuilder text = new StringBuilder();
      for (int column = 0; column < columns; column++) {
        TextCharacter cell = terminal.getCharacter(column, row);
        Look look = Look.of(cell);
        rowLooks.add(look);
        if (cell.isDoubleWidth()) {
          text.append(cell.getCharacterString());
          rowLooks.add(look);
          column++;
        } else {
          text.append(cell.getCharacterString());
        }
      }
      looks.add(rowLooks);
      texts.add(text.toString().stripTrailing());
    }
    Look common = Look.of(theme.getDefinition(TranscriptView.class).getNormal());
    Map<Look, Character> keys = new LinkedHashMap<>();
    keys.put(common, '.');
    List<String> styleRows = new ArrayList<>();
    for (List<Look> rowLooks : looks) {
      StringBuilder keyed = new StringBuilder();
      for (Look look : rowLooks) {
        Character key = keys.get(look);
        if (key == null) {
          key = KEYS.charAt(keys.size() - 1);
          keys.put(look, key);
        }
        keyed.append(key);
      }
      String line = keyed.toString();
      int end = line.length();
      while (end > 0 && line.charAt(end - 1) == '.') {
        end--;
      }
      styleRows.add(line.substring(0, end));
    }
    int last = texts.size();
    while (last > 0 && texts.get(last - 1).isEmpty() && styleRows.get(last - 1).isEmpty()) {
      last--;
    }
    ThemeDefinition definition = theme.getDefinition(TranscriptView.class);
    Map<Look, Set<String>> named = new HashMap<>();
    for (String name : styleNames) {
      named.computeIfAbsent(Look.of(definition.getCustom(name)), k -> new TreeSet<>()).add(name);
    }
    StringBuilder out = new StringBuilder();
    out.append(String.join("\n", texts.subList(0, last)));
    out.append("\n-- styles: a key per cell, '.' is the normal look\n");
    out.append(String.join("\n", styleRows.subList(0, last)));
    out.append("\n-- legend");
    for (Map.Entry<Look, Character> entry : keys.entrySet()) {
      out.append('\n').append(entry.getValue()).append("  ").append(entry.getKey());
      Set<String> names = named.get(entry.getKey());
      if (names != null) {
        out.append("  = ").append(String.join(", ", names));
      }
    }
    return out.toString();
  }
}
