package dev.agent.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.agent.tui.terminal.ChatKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The keys of the chat's window, in one table that drives both what a key does ({@link #commandOf})
 * and how the status line's hints and the welcome text name it ({@link #hints}, {@link #welcome}),
 * so the two cannot drift apart; {@code docs/usage.md} lists the same keys, and a test keeps it so.
 * The windows on top (the pickers, the saved conversations) read their own keys.
 */
final class ChatKeymap {
  /** What a key of the chat's window asks for. */
  enum Command {
    SEND,
    NEWLINE,
    QUIT,
    INTERRUPT,
    END_OF_INPUT,
    CANCEL,
    PICK_PROVIDER,
    PICK_PROFILE,
    REASONING_EFFORT,
    REPAINT,
    SESSIONS,
    NEW_CONVERSATION,
    COPY_REPLY,
    COPY_CODE,
    EDIT_PROMPT,
    RETRY,
    TRIM,
    TOGGLE_REASONING,
    PAGE_UP,
    PAGE_DOWN,
    TOP,
    BOTTOM,
    NEXT_FOCUS,
    PREVIOUS_FOCUS,
    HELP
  }

  /**
   * One row of the table.
   *
   * @param keys the keys' names as the user reads them, the one hints show first
   * @param help the word a hint shows after the key
   * @param matches whether a key stroke is one of these keys
   */
  record Binding(Command command, List<String> keys, String help, Predicate<KeyStroke> matches) {
    Binding {
      keys = List.copyOf(keys);
    }

    /** The hint for the status line: the first key and the help word. */
    String hint() {
      return keys.get(0) + " " + help;
    }
  }

  /**
   * Every key, in the order keys are tried. {@code SEND} and {@code NEWLINE} are the prompt's own
   * (the input view reads them); they are here for the hints and the welcome text.
   */
  static final List<Binding> BINDINGS =
      List.of(
          new Binding(
              Command.SEND,
              List.of("Enter"),
              "send",
              key -> key.getKeyType() == KeyType.Enter && !key.isAltDown()),
          new Binding(
              Command.NEWLINE, List.of("Alt+Enter", "Ctrl+J"), "newline", ChatKeys::isNewline),
          new Binding(Command.QUIT, List.of("Ctrl+Q"), "quit", key -> ChatKeys.isCtrl(key, 'q')),
          new Binding(
              Command.INTERRUPT, List.of("Ctrl+C"), "clear", key -> ChatKeys.isCtrl(key, 'c')),
          new Binding(
              Command.END_OF_INPUT, List.of("Ctrl+D"), "quit", key -> ChatKeys.isCtrl(key, 'd')),
          new Binding(
              Command.CANCEL, List.of("Esc"), "cancel", key -> key.getKeyType() == KeyType.Escape),
          new Binding(
              Command.PICK_PROVIDER,
              List.of("Ctrl+P"),
              "provider",
              key -> ChatKeys.isCtrl(key, 'p')),
          new Binding(
              Command.PICK_PROFILE, List.of("Ctrl+G"), "profile", key -> ChatKeys.isCtrl(key, 'g')),
          new Binding(
              Command.REASONING_EFFORT,
              List.of("Alt+T"),
              "effort",
              key -> ChatKeys.isAlt(key, 't')),
          new Binding(
              Command.REPAINT, List.of("Ctrl+L"), "redraw", key -> ChatKeys.isCtrl(key, 'l')),
          new Binding(
              Command.SESSIONS, List.of("Ctrl+S"), "sessions", key -> ChatKeys.isCtrl(key, 's')),
          new Binding(
              Command.NEW_CONVERSATION, List.of("Ctrl+N"), "new", key -> ChatKeys.isCtrl(key, 'n')),
          new Binding(
              Command.COPY_REPLY, List.of("Ctrl+Y"), "copy", key -> ChatKeys.isCtrl(key, 'y')),
          new Binding(
              Command.COPY_CODE,
              List.of("Ctrl+O", "Alt+Y"),
              "copy code",
              key -> ChatKeys.isCtrl(key, 'o') || ChatKeys.isAlt(key, 'y')),
          new Binding(
              Command.EDIT_PROMPT, List.of("Ctrl+E"), "editor", key -> ChatKeys.isCtrl(key, 'e')),
          new Binding(Command.RETRY, List.of("Ctrl+R"), "retry", key -> ChatKeys.isCtrl(key, 'r')),
          new Binding(
              Command.TRIM,
              List.of("Ctrl+X"),
              "send without the oldest turns",
              key -> ChatKeys.isCtrl(key, 'x')),
          new Binding(
              Command.TOGGLE_REASONING,
              List.of("Ctrl+T"),
              "thinking",
              key -> ChatKeys.isCtrl(key, 't')),
          new Binding(
              Command.PAGE_UP,
              List.of("PgUp"),
              "scroll",
              key -> key.getKeyType() == KeyType.PageUp),
          new Binding(
              Command.PAGE_DOWN,
              List.of("PgDn"),
              "scroll",
              key -> key.getKeyType() == KeyType.PageDown),
          new Binding(Command.TOP, List.of("Home"), "top", key -> key.getKeyType() == KeyType.Home),
          new Binding(
              Command.BOTTOM, List.of("End"), "bottom", key -> key.getKeyType() == KeyType.End),
          new Binding(
              Command.NEXT_FOCUS, List.of("Tab"), "next", key -> key.getKeyType() == KeyType.Tab),
          new Binding(
              Command.PREVIOUS_FOCUS,
              List.of("Shift+Tab"),
              "previous",
              key -> key.getKeyType() == KeyType.ReverseTab),
          new Binding(Command.HELP, List.of("F1"), "help", key -> key.getKeyType() == KeyType.F1));

  /**
   * What {@code command} does, in a line for the help window ({@code F1}, {@code /help}); a switch
   * with no default, so a command added without its line does not compile.
   */
  static String description(Command command) {
    return switch (command) {
      case SEND -> "send the prompt; a line starting with / runs a command, // sends one /";
      case NEWLINE -> "a new line in the prompt";
      case QUIT -> "quit; a reply in flight is cancelled first";
      case END_OF_INPUT -> "on an empty prompt: quit; elsewhere: delete the character ahead";
      case INTERRUPT ->
          "close the window on top, else cancel the streaming reply, else clear the prompt (Up"
              + " brings it back); on an empty prompt, or twice within a second, quit";
      case CANCEL -> "cancel the reply that is streaming; close a window";
      case PICK_PROVIDER -> "the provider picker";
      case TRIM ->
          "send the prompt without the oldest turns, as many as it needs to fit the context window";
      case PICK_PROFILE ->
          "the profile picker: a profile's provider, model, effort and system prompt";
      case REASONING_EFFORT -> "the next reasoning effort for this chat";
      case REPAINT -> "redraw the whole screen";
      case SESSIONS -> "the saved conversations: open, rename, delete";
      case NEW_CONVERSATION -> "a new conversation";
      case COPY_REPLY -> "copy the last reply, as Markdown";
      case COPY_CODE -> "copy the last code block of the replies";
      case EDIT_PROMPT -> "edit the prompt in your editor; in the model field: end of line";
      case RETRY -> "send the last prompt again after its reply failed or was cancelled";
      case TOGGLE_REASONING -> "show or hide the thinking of the replies";
      case PAGE_UP -> "scroll the transcript up a page";
      case PAGE_DOWN -> "scroll the transcript down a page";
      case TOP -> "with an empty prompt (or with Ctrl): the top of the transcript";
      case BOTTOM -> "with an empty prompt (or with Ctrl): follow the bottom";
      case NEXT_FOCUS -> "prompt, model field, transcript in turn; after a /: complete it";
      case PREVIOUS_FOCUS -> "the other way round";
      case HELP -> "this help; Esc closes it";
    };
  }

  /**
   * The help window's sections of keys: the window's, from the table, then those that edit the
   * prompt and the model field, which the views read themselves.
   */
  static List<HelpWindow.Section> helpSections() {
    List<HelpWindow.Row> keys = new ArrayList<>();
    for (Binding binding : BINDINGS) {
      keys.add(
          new HelpWindow.Row(String.join(", ", binding.keys()), description(binding.command())));
    }
    return List.of(
        new HelpWindow.Section("Keys", keys),
        new HelpWindow.Section(
            "Editing the prompt and the model field",
            List.of(
                new HelpWindow.Row("Left, Right", "move by character"),
                new HelpWindow.Row("Backspace, Delete", "delete by character"),
                new HelpWindow.Row("Home, Ctrl+A", "start of the line"),
                new HelpWindow.Row("End", "end of the line (Ctrl+E in the model field)"),
                new HelpWindow.Row("Ctrl+U", "delete to the start of the line"),
                new HelpWindow.Row("Ctrl+W", "delete the word before the cursor"),
                new HelpWindow.Row(
                    "Up, Down",
                    "the prompts sent, in the prompt; the models listed, in the model field"))));
  }

  /** What has the focus, for the hints. */
  enum Focus {
    PROMPT,
    MODEL_FIELD,
    TRANSCRIPT
  }

  private ChatKeymap() {}

  /** The command of {@code key}, if it is one of the table's. */
  static Optional<Command> commandOf(KeyStroke key) {
    for (Binding binding : BINDINGS) {
      if (binding.matches().test(key)) {
        return Optional.of(binding.command());
      }
    }
    return Optional.empty();
  }

  /** The row of {@code command}. */
  static Binding binding(Command command) {
    for (Binding binding : BINDINGS) {
      if (binding.command() == command) {
        return binding;
      }
    }
    throw new IllegalArgumentException("no binding for " + command);
  }

  private static String hint(Command command) {
    return binding(command).hint();
  }

  /**
   * The hint of {@code command} in words of its own: {@code Tab model} rather than {@code next}.
   */
  private static String hint(Command command, String help) {
    return key(command) + " " + help;
  }

  /** The first name of the keys of {@code command}. */
  static String key(Command command) {
    return binding(command).keys().get(0);
  }

  /** The hints of the transcript, with the focus. */
  private static final List<String> TRANSCRIPT_HINTS =
      List.of(
          "Up/Down "
              + key(Command.PAGE_UP)
              + "/"
              + key(Command.PAGE_DOWN)
              + " "
              + key(Command.TOP)
              + "/"
              + key(Command.BOTTOM)
              + " scroll",
          hint(Command.NEXT_FOCUS),
          hint(Command.QUIT));

  /** The hints while a reply streams. */
  private static final List<String> STREAMING_HINTS =
      List.of(
          hint(Command.CANCEL),
          key(Command.PAGE_UP) + "/" + key(Command.PAGE_DOWN) + " scroll",
          hint(Command.QUIT));

  /** The hints of the prompt before the first reply: how to send and where to choose. */
  private static final List<String> FIRST_HINTS =
      List.of(
          hint(Command.SEND),
          hint(Command.NEWLINE),
          hint(Command.PICK_PROVIDER),
          hint(Command.NEXT_FOCUS, "model"),
          hint(Command.QUIT),
          hint(Command.SESSIONS),
          hint(Command.HELP));

  /** Beside a reply's numbers there is room for few keys: the ones not learnt by sending. */
  private static final List<String> LATER_HINTS =
      List.of(
          hint(Command.PICK_PROVIDER),
          hint(Command.QUIT),
          hint(Command.NEWLINE),
          hint(Command.NEXT_FOCUS, "model"),
          hint(Command.SESSIONS),
          hint(Command.COPY_REPLY));

  private static final String RETRY_HINT = hint(Command.RETRY);

  /**
   * The keys that matter on the chat's window, most useful first, for the status line; drawn with
   * every frame, so made of lists made once.
   *
   * @param focus what has the focus
   * @param streaming whether a reply is streaming
   * @param canRetry whether the last reply failed or was cancelled, so that it can be sent again
   * @param replied whether a reply was sent: beside its numbers there is room for few keys, so the
   *     ones learnt by sending go
   * @param models how many models the model field can list; 0 when none are known
   */
  static List<String> hints(
      Focus focus, boolean streaming, boolean canRetry, boolean replied, int models) {
    if (focus == Focus.MODEL_FIELD) {
      List<String> hints = new ArrayList<>(List.of("Enter apply", "Esc revert"));
      if (models > 0) {
        hints.add("Down " + models + (models == 1 ? " model" : " models"));
      }
      hints.add(hint(Command.NEXT_FOCUS));
      return hints;
    }
    if (focus == Focus.TRANSCRIPT) {
      return TRANSCRIPT_HINTS;
    }
    if (streaming) {
      return STREAMING_HINTS;
    }
    List<String> keys = replied ? LATER_HINTS : FIRST_HINTS;
    if (!canRetry) {
      return keys;
    }
    List<String> hints = new ArrayList<>();
    hints.add(RETRY_HINT);
    hints.addAll(keys);
    return hints;
  }

  /** The text of an empty transcript: how to start. */
  static String welcome(boolean saved) {
    return "Ask anything. "
        + key(Command.SEND)
        + " sends; "
        + String.join(" or ", binding(Command.NEWLINE).keys())
        + " starts a new line; "
        + key(Command.PICK_PROVIDER)
        + " picks a provider; "
        + key(Command.NEXT_FOCUS)
        + " moves to the model field; "
        + key(Command.SESSIONS)
        + " lists saved conversations, "
        + key(Command.NEW_CONVERSATION)
        + " starts a new one; "
        + key(Command.QUIT)
        + " quits."
        + (saved ? "" : " This conversation is not saved (--no-save).");
  }

  /**
   * What a reply's folded or unfolded reasoning says of the key that toggles it: {@code Ctrl+T
   * shows it}, {@code Ctrl+T hides it}.
   */
  static String reasoningToggle(boolean shown) {
    return key(Command.TOGGLE_REASONING) + (shown ? " hides it" : " shows it");
  }

  /** What the status line says when a second prompt is sent while a reply streams. */
  static String stillStreaming() {
    return "a reply is still streaming: " + key(Command.CANCEL) + " cancels it";
  }
}
