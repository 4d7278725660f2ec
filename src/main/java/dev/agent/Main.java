package dev.agent;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.agent.cli.AgentCli;
import dev.agent.cli.Console;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Composition root: builds the real streams and environment, runs the command line, exits. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws IOException {
    // UTF-8 whatever the locale, so piped replies are the model's exact text; buffered, and
    // flushed by the commands, so a fast stream costs few system calls.
    PrintStream out =
        new PrintStream(
            new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 14),
            false,
            UTF_8);
    PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, UTF_8);
    Runtime.getRuntime().addShutdownHook(new Thread(out::flush, "flush-stdout"));
    // After the lines every start runs, so that the training's archive holds what they need.
    if (args.length == 1 && args[0].equals(StartupTraining.ARGUMENT)) {
      StartupTraining.run();
      System.exit(0);
    }
    Console console =
        new Console(
            System.in, out, err, System.getenv(), isTerminal(0), isTerminal(1), isTerminal(2));
    int code = AgentCli.run(argumentsAsTyped(args), console);
    out.flush();
    System.exit(code);
  }

  /** The seam for tests: runs {@code agent} with no standard stream a terminal. */
  public static int run(
      String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
    return AgentCli.run(args, new Console(in, out, err, env, false, false));
  }

  /**
   * The arguments as typed. Java 17 decodes them in the locale's charset, so under {@code C} or
   * {@code POSIX} (over SSH, in containers) a UTF-8 {@code héllo} arrives as {@code h��llo}; on
   * Linux the kernel keeps their bytes in {@code /proc/self/cmdline}, and those that are UTF-8 are
   * read again as UTF-8. Elsewhere, or when that file cannot be read, they stay as Java gave them.
   */
  private static String[] argumentsAsTyped(String[] args) {
    String platform = System.getProperty("sun.jnu.encoding", "");
    if (args.length == 0 || !Charset.isSupported(platform)) {
      return args;
    }
    try {
      return argumentsAsTyped(
          args, Files.readAllBytes(Path.of("/proc/self/cmdline")), Charset.forName(platform));
    } catch (IOException | UnsupportedOperationException e) {
      return args;
    }
  }

  /**
   * {@code args} with each one whose bytes, the last of {@code cmdline} (NUL-terminated strings),
   * are valid UTF-8 read as UTF-8; an argument whose bytes do not decode in {@code platform} to
   * what Java gave is left as it is.
   */
  static String[] argumentsAsTyped(String[] args, byte[] cmdline, Charset platform) {
    if (platform.equals(UTF_8)) {
      return args;
    }
    List<byte[]> all = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < cmdline.length; i++) {
      if (cmdline[i] == 0) {
        all.add(Arrays.copyOfRange(cmdline, start, i));
        start = i + 1;
      }
    }
    if (all.size() < args.length) {
      return args;
    }
    List<byte[]> raw = all.subList(all.size() - args.length, all.size());
    String[] typed = args.clone();
    for (int i = 0; i < args.length; i++) {
      byte[] bytes = raw.get(i);
      if (!new String(bytes, platform).equals(args[i])) {
        continue;
      }
      try {
        typed[i] =
            UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
      } catch (CharacterCodingException e) {
        // Not UTF-8: as the locale read it.
      }
    }
    return typed;
  }

  /**
   * Whether file descriptor {@code fd} is a terminal. Java 17 has no direct way to ask; on Linux
   * {@code /proc} says where the descriptor points, elsewhere {@link System#console()} (both ends a
   * terminal) is the best guess.
   */
  private static boolean isTerminal(int fd) {
    Path link = Path.of("/proc/self/fd/" + fd);
    try {
      String target = Files.readSymbolicLink(link).toString();
      return target.startsWith("/dev/pts/")
          || target.startsWith("/dev/tty")
          || target.equals("/dev/console");
    } catch (IOException | UnsupportedOperationException e) {
      return consoleIsTerminal();
    }
  }

  /** Before JDK 22 a console exists only on a terminal; from 22 on, it says so itself. */
  @SuppressWarnings("SystemConsoleNull")
  private static boolean consoleIsTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
