package dev.agent.tui;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The prompt's slash commands: one table of them (name, argument, what each does, its action), what
 * a prompt sent asks for, and completion on Tab. A prompt whose first word is a slash and a name
 * ({@code /model gpt-4o}) runs that command instead of being sent; a name not in the table is
 * refused, so that a typo never reaches the model; {@code //} sends the prompt with one slash less.
 * A first word that is no name ({@code /usr/bin/env is missing}) is text, and sent.
 */
final class SlashCommands {
  /** A slash, a name, then nothing or white space: a prompt that asks for a command. */
  private static final Pattern COMMAND = Pattern.compile("/([A-Za-z][A-Za-z0-9_-]*)(?:\\s+|$)");

  /**
   * One row of the table.
   *
   * @param name what follows the slash
   * @param argument how the help names its argument ({@code [NAME]}); empty when it takes none
   * @param help what it does, in a line
   * @param action runs it with its argument, stripped (empty when none was given); returns what is
   *     wrong with the argument, in a line, or empty when it ran
   * @param choices what Tab offers for its argument; empty when nothing is known
   */
  record Command(
      String name,
      String argument,
      String help,
      Function<String, Optional<String>> action,
      Supplier<List<String>> choices) {
    Command {
      requireNonNull(name, "name");
      requireNonNull(argument, "argument");
      requireNonNull(help, "help");
      requireNonNull(action, "action");
      requireNonNull(choices, "choices");
    }

    /** A command that takes no argument and cannot go wrong. */
    Command(String name, String help, Runnable action) {
      this(
          name,
          "",
          help,
          argument -> {
            action.run();
            return Optional.empty();
          },
          List::of);
    }

    /** A command whose argument Tab does not complete. */
    Command(String name, String argument, String help, Function<String, Optional<String>> action) {
      this(name, argument, help, action, List::of);
    }

    /** How the help shows it: {@code /model [NAME]}. */
    String usage() {
      return "/" + name + (argument.isEmpty() ? "" : " " + argument);
    }
  }

  /**
   * What Tab made of a prompt.
   *
   * @param text the prompt, completed as far as every choice agrees
   * @param choices what the completion could still be, when more than one thing; each as the whole
   *     word it would complete to
   */
  record Completion(String text, List<String> choices) {
    Completion {
      requireNonNull(text, "text");
      choices = List.copyOf(choices);
    }
  }

  private final List<Command> commands;

  SlashCommands(List<Command> commands) {
    this.commands = List.copyOf(commands);
  }

  List<Command> commands() {
    return commands;
  }

  /** Whether {@code prompt} asks for a command rather than being sent. */
  static boolean isCommand(String prompt) {
    return COMMAND.matcher(prompt).lookingAt();
  }

  /** What a prompt that is no command sends: after {@code //}, one slash less. */
  static String toSend(String prompt) {
    return prompt.startsWith("//") ? prompt.substring(1) : prompt;
  }

  /**
   * Runs the command {@code prompt} asks for, which {@link #isCommand} said it does; returns what
   * is wrong with it, in a line for the status line, or empty when it ran.
   */
  Optional<String> run(String prompt) {
    Matcher matcher = COMMAND.matcher(prompt);
    if (!matcher.lookingAt()) {
      throw new IllegalArgumentException("not a command: " + prompt);
    }
    String name = matcher.group(1);
    String argument = prompt.substring(matcher.end()).strip();
    Optional<Command> command = find(name);
    if (command.isEmpty()) {
      return Optional.of(
          "unknown command /"
              + name
              + ": /help lists the commands; // at the start sends a line that begins with /");
    }
    if (command.get().argument().isEmpty() && !argument.isEmpty()) {
      return Optional.of("/" + name + " takes no argument");
    }
    return command.get().action().apply(argument);
  }

  private Optional<Command> find(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    return commands.stream().filter(command -> command.name().equals(wanted)).findFirst();
  }

  /**
   * Whether Tab completes {@code prompt} rather than moving the focus: it is one line that begins
   * with a slash, not two.
   */
  static boolean completes(String prompt) {
    return prompt.startsWith("/") && !prompt.startsWith("//") && prompt.indexOf('\n') < 0;
  }

  /**
   * Completes {@code prompt}, which {@link #completes} said it can: the command's name, then its
   * argument from the command's choices. A name completed whole is followed by a space when the
   * command takes an argument.
   */
  Completion complete(String prompt) {
    int space = firstSpace(prompt);
    if (space < 0) {
      String typed = prompt.substring(1).toLowerCase(Locale.ROOT);
      List<String> names = new ArrayList<>();
      for (Command command : commands) {
        if (command.name().startsWith(typed)) {
          names.add(command.name());
        }
      }
      if (names.isEmpty()) {
        return new Completion(prompt, List.of());
      }
      if (names.size() == 1) {
        Command command = find(names.get(0)).orElseThrow();
        return new Completion(
            "/" + command.name() + (command.argument().isEmpty() ? "" : " "), List.of());
      }
      List<String> choices = names.stream().map(name -> "/" + name).toList();
      return new Completion("/" + commonPrefix(names, typed), choices);
    }
    Optional<Command> command = find(prompt.substring(1, space));
    if (command.isEmpty()) {
      return new Completion(prompt, List.of());
    }
    String typed = prompt.substring(space).stripLeading();
    String head = prompt.substring(0, space) + " ";
    List<String> values = new ArrayList<>();
    for (String choice : command.get().choices().get()) {
      if (choice.startsWith(typed)) {
        values.add(choice);
      }
    }
    if (values.size() == 1) {
      return new Completion(head + values.get(0), List.of());
    }
    return new Completion(head + commonPrefix(values, typed), values);
  }

  private static int firstSpace(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isWhitespace(text.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  /** The longest start all of {@code words} share; {@code typed} when there are none. */
  private static String commonPrefix(List<String> words, String typed) {
    if (words.isEmpty()) {
      return typed;
    }
    String prefix = words.get(0);
    for (String word : words) {
      int i = 0;
      while (i < prefix.length() && i < word.length() && prefix.charAt(i) == word.charAt(i)) {
        i++;
      }
      prefix = prefix.substring(0, i);
    }
    return prefix.length() < typed.length() ? typed : prefix;
  }

  /** The commands as a section of the help window. */
  HelpWindow.Section helpSection() {
    List<HelpWindow.Row> rows = new ArrayList<>();
    for (Command command : commands) {
      rows.add(new HelpWindow.Row(command.usage(), command.help()));
    }
    rows.add(new HelpWindow.Row("//", "at the start: send the line with one slash"));
    return new HelpWindow.Section("Commands (in the prompt; Tab completes)", rows);
  }
}
