package dev.agent.tui;

import static java.util.Objects.requireNonNull;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.ThemeDefinition;
import com.googlecode.lanterna.gui2.AbstractInteractableComponent;
import com.googlecode.lanterna.gui2.Interactable;
import com.googlecode.lanterna.gui2.InteractableRenderer;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.agent.config.ProviderConfig;
import dev.agent.tui.terminal.ChatKeys;
import dev.agent.tui.text.TextLayout;
import java.util.List;

/**
 * The top row: the active provider (name and id), the model override field, the reasoning effort in
 * force when one is ({@code effort high}) and the provider's state. Focusable: it is the model
 * field, free text where empty means the provider's default model, edited with the prompt's keys
 * (Ctrl+A and Ctrl+E to the start and end, Ctrl+U, Ctrl+W). On focus its text is selected whole, so
 * that typing replaces it and Backspace clears it; a key that moves keeps it. Enter keeps the edit,
 * Escape reverts it; Up or Down ask for the list of models.
 */
final class TopBar extends AbstractInteractableComponent<TopBar> {
  private static final String MODEL_LABEL = "model: ";
  private static final int MIN_FIELD = 12;
  private static final String EFFORT_LABEL = "effort ";

  /** What the bar asks of the chat. */
  interface Actions {
    /** The field is done with, kept or reverted; focus goes back to the prompt. */
    void modelFieldDone();

    /** The user asked for the provider's models. */
    void showModels();
  }

  private final TextLayout layout;
  private final Actions actions;
  private final InputBuffer model = new InputBuffer(false, InputBuffer.FIELD_LIMIT);
  private ProviderConfig provider;
  private ProviderState state;
  private List<String> models = List.of();
  private String beforeEdit = "";

  /** Whether the whole text is selected, as it is on focus: the next edit replaces it. */
  private boolean allSelected;

  /** The effort chosen in this chat for this provider (Alt+T); null while none is. */
  private String chosenEffort;

  TopBar(TextLayout layout, Actions actions, ProviderConfig provider, ProviderState state) {
    this.layout = requireNonNull(layout, "layout");
    this.actions = requireNonNull(actions, "actions");
    setProvider(provider, state);
  }

  /** Shows {@code provider}, at the reasoning effort its configuration gives. */
  /** What the bar says of the provider shown, which has changed (a key entered with /key). */
  void setState(ProviderState state) {
    this.state = requireNonNull(state, "state");
    invalidate();
  }

  void setProvider(ProviderConfig provider, ProviderState state) {
    this.provider = requireNonNull(provider, "provider");
    this.state = requireNonNull(state, "state");
    this.models = List.of();
    this.chosenEffort = null;
    invalidate();
  }

  /**
   * The reasoning effort the next prompt goes with: the one chosen in this chat, else the one the
   * configuration gives the model in the field (its model table's, else the provider's); empty when
   * none is sent.
   */
  String reasoningEffort() {
    return chosenEffort != null
        ? chosenEffort
        : provider.settingsFor(effectiveModel()).reasoningEffort();
  }

  void setReasoningEffort(String reasoningEffort) {
    this.chosenEffort = requireNonNull(reasoningEffort, "reasoningEffort");
    invalidate();
  }

  ProviderConfig provider() {
    return provider;
  }

  /** The model the next prompt goes to: the typed one, or the provider's default when empty. */
  String effectiveModel() {
    String typed = model.text().strip();
    return typed.isEmpty() ? provider.defaultModel() : typed;
  }

  void setModel(String text) {
    model.setText(text);
    allSelected = false;
    invalidate();
  }

  /** The models the provider lists, offered by the field; empty when unknown. */
  List<String> models() {
    return models;
  }

  void setModels(List<String> models) {
    this.models = List.copyOf(models);
    invalidate();
  }

  @Override
  protected void afterEnterFocus(FocusChangeDirection direction, Interactable previous) {
    beforeEdit = model.text();
    allSelected = !beforeEdit.isEmpty();
  }

  @Override
  protected void afterLeaveFocus(FocusChangeDirection direction, Interactable next) {
    allSelected = false;
  }

  /** Whether the whole text is selected, for tests. */
  boolean allSelected() {
    return allSelected;
  }

  @Override
  protected Result handleKeyStroke(KeyStroke key) {
    boolean selected = allSelected;
    allSelected = false;
    if (ChatKeys.isTyped(key)) {
      if (selected) {
        model.setText("");
      }
      model.insert(String.valueOf(key.getCharacter()));
      return changed();
    }
    if (key.getKeyType() == KeyType.Character && key.isCtrlDown() && !key.isAltDown()) {
      return control(key, selected);
    }
    switch (key.getKeyType()) {
      case Enter -> {
        actions.modelFieldDone();
        return changed();
      }
      case Escape -> {
        model.setText(beforeEdit);
        actions.modelFieldDone();
        return changed();
      }
      case Backspace -> {
        if (selected) {
          model.setText("");
        } else {
          model.backspace();
        }
        return changed();
      }
      case Delete -> {
        if (selected) {
          model.setText("");
        } else {
          model.delete();
        }
        return changed();
      }
      case ArrowLeft -> {
        model.left();
        return changed();
      }
      case ArrowRight -> {
        model.right();
        return changed();
      }
      case Home -> {
        model.lineStart();
        return changed();
      }
      case End -> {
        model.lineEnd();
        return changed();
      }
      case ArrowUp, ArrowDown -> {
        actions.showModels(); // the list, or why there is none
        return changed();
      }
      default -> {
        allSelected = selected;
        return Result.UNHANDLED;
      }
    }
  }

  /** The prompt's Ctrl keys, on one line. */
  private Result control(KeyStroke key, boolean selected) {
    switch (Character.toLowerCase(key.getCharacter())) {
      case 'a' -> model.lineStart();
      case 'e' -> model.lineEnd();
      case 'u' -> model.deleteToLineStart();
      case 'w' -> {
        if (selected) {
          model.setText("");
        } else {
          model.deletePreviousWord();
        }
      }
      case 'd' -> {
        if (selected) {
          model.setText("");
        } else {
          model.delete();
        }
      }
      default -> {
        allSelected = selected;
        return Result.UNHANDLED;
      }
    }
    return changed();
  }

  private Result changed() {
    invalidate();
    return Result.HANDLED;
  }

  @Override
  protected InteractableRenderer<TopBar> createDefaultRenderer() {
    return new Renderer();
  }

  private final class Renderer implements InteractableRenderer<TopBar> {
    private TerminalPosition cursor;
    private Drawing drawnAs;
    private List<Object> fittedFor;
    private Fit fitted;

    @Override
    public TerminalPosition getCursorLocation(TopBar bar) {
      return cursor;
    }

    @Override
    public TerminalSize getPreferredSize(TopBar bar) {
      return new TerminalSize(1, 1);
    }

    @Override
    public void drawComponent(TextGUIGraphics graphics, TopBar bar) {
      ThemeDefinition theme = bar.getThemeDefinition();
      int columns = graphics.getSize().getColumns();
      Fit fit = fit(columns);
      Drawing drawing =
          Drawing.of(
              bar,
              graphics.getSize(),
              List.of(
                  fit.title(),
                  fit.label(),
                  fit.placeholder(),
                  fit.effort(),
                  fit.state(),
                  model.text(),
                  model.cursor(),
                  state,
                  bar.isFocused(),
                  allSelected));
      if (!Drawing.changed(drawnAs, drawing)) {
        return; // the row is on screen as this frame would draw it
      }
      drawnAs = drawing;
      graphics.applyThemeStyle(theme.getNormal());
      graphics.fill(' ');

      String stateText = fit.state();
      String effortText = fit.effort();
      // The effort is drawn left of the state, two columns apart, and counts as part of it.
      int effortWidth = effortText.isEmpty() ? 0 : layout.width(effortText) + 2;
      int stateWidth = layout.width(stateText) + effortWidth;
      int x = 1;
      if (!fit.title().isEmpty()) {
        graphics.applyThemeStyle(theme.getCustom("title"));
        x += layout.draw(graphics, 1, 0, fit.title(), layout.width(fit.title())) + 2;
      }
      graphics.applyThemeStyle(theme.getNormal());
      x += layout.draw(graphics, x, 0, fit.label(), fit.label().length());
      int fieldWidth = Math.max(1, columns - x - stateWidth - 3);

      graphics.applyThemeStyle(theme.getCustom(bar.isFocused() ? "field-focused" : "field"));
      graphics.drawLine(x, 0, x + fieldWidth - 1, 0, ' ');
      String text = model.text();
      int beforeCursor = layout.width(text.substring(0, model.cursor()));
      // Focused, the field scrolls to keep the cursor in view; otherwise it shows the start.
      int shift = bar.isFocused() ? Math.max(0, beforeCursor - (fieldWidth - 1)) : 0;
      if (text.isEmpty()) {
        graphics.applyThemeStyle(theme.getCustom("placeholder"));
        layout.draw(graphics, x, 0, fit.placeholder(), fieldWidth);
      } else {
        if (allSelected && bar.isFocused()) {
          graphics.enableModifiers(SGR.REVERSE);
        }
        layout.draw(graphics, x, 0, skipColumns(text, shift), fieldWidth);
        graphics.disableModifiers(SGR.REVERSE);
      }
      cursor = bar.isFocused() ? new TerminalPosition(x + beforeCursor - shift, 0) : null;

      if (!effortText.isEmpty()) {
        graphics.applyThemeStyle(theme.getNormal());
        layout.draw(graphics, columns - stateWidth - 1, 0, effortText, effortWidth - 2);
      }
      graphics.applyThemeStyle(theme.getCustom(stateStyle()));
      layout.draw(
          graphics, columns - stateWidth - 1 + effortWidth, 0, stateText, stateWidth - effortWidth);
    }

    /**
     * {@link #bestFit} for {@code columns}, worked out again only when what it depends on changed:
     * the top bar is drawn on every frame of a stream, and working it out each time cost a
     * twentieth of the UI thread's time (docs/performance.md).
     */
    private Fit fit(int columns) {
      List<Object> key =
          List.of(columns, provider, state, model.text(), String.valueOf(chosenEffort));
      if (!key.equals(fittedFor)) {
        fitted = bestFit(columns);
        fittedFor = key;
      }
      return fitted;
    }

    /**
     * What the row shows at {@code columns}: the first of ever shorter choices that leaves the
     * model its whole name. The title gives way first (name and id, the name, the id), then the
     * state word ({@code no key}), the placeholder's {@code default:}, the title, the label, the
     * effort; on a row too narrow for even the last, the model is cut.
     */
    private Fit bestFit(int columns) {
      String effort = reasoningEffort();
      String effortText = effort.isEmpty() ? "" : EFFORT_LABEL + effort;
      String full = state.describe(provider);
      String brief = state.brief(provider);
      String title = provider.name() + " (" + provider.id() + ")";
      String defaultText = "default: " + provider.defaultModel();
      String bare = provider.defaultModel();
      List<Fit> choices =
          List.of(
              new Fit(title, MODEL_LABEL, defaultText, effortText, full),
              new Fit(provider.name(), MODEL_LABEL, defaultText, effortText, full),
              new Fit(provider.id(), MODEL_LABEL, defaultText, effortText, full),
              new Fit(provider.id(), MODEL_LABEL, defaultText, effortText, brief),
              new Fit(provider.id(), MODEL_LABEL, bare, effortText, brief),
              new Fit("", MODEL_LABEL, bare, effortText, brief),
              new Fit("", "", bare, effortText, brief),
              new Fit("", "", bare, "", brief));
      for (Fit choice : choices) {
        if (choice.width(layout, model.text()) <= columns) {
          return choice;
        }
      }
      return choices.get(choices.size() - 1);
    }

    private String stateStyle() {
      return switch (state) {
        case READY -> "ready";
        case LOCAL -> "local";
        case KEY_MISSING, NO_BASE_URL -> "warning";
      };
    }

    /** {@code text} without the graphemes that fill its first {@code columns} cells. */
    private String skipColumns(String text, int columns) {
      if (columns <= 0) {
        return text;
      }
      int[] cut = {text.length(), 0};
      layout.forEachGrapheme(
          text,
          (start, end, shown, cells, blank) -> {
            if (cut[1] >= columns && cut[0] == text.length()) {
              cut[0] = start;
            }
            cut[1] += cells;
          });
      return text.substring(Math.min(cut[0], text.length()));
    }
  }

  /** One way to lay the row out: each part as shown, empty when left out. */
  private record Fit(String title, String label, String placeholder, String effort, String state) {
    /** The columns the row takes with the model field just wide enough for {@code text}. */
    int width(TextLayout layout, String text) {
      int field = Math.max(MIN_FIELD, 1 + layout.width(text.isEmpty() ? placeholder : text));
      int titleWidth = title.isEmpty() ? 0 : layout.width(title) + 2;
      int effortWidth = effort.isEmpty() ? 0 : layout.width(effort) + 2;
      return 1 + titleWidth + label.length() + field + 3 + effortWidth + layout.width(state);
    }
  }
}
