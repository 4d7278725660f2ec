package dev.agent.tui.terminal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.agent.config.AgentFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * Puts text on the clipboard of the computer the user sits at, with the OSC 52 escape sequence: the
 * terminal itself sets its clipboard, so it works over SSH too. Inside tmux the sequence goes out
 * twice: as it is, which tmux takes when its {@code set-clipboard} option is {@code on}, and
 * wrapped in tmux's passthrough, which reaches the outer terminal when {@code allow-passthrough} is
 * on (and always before tmux 3.3).
 *
 * <p>A terminal never says whether it took the text, and many ignore OSC 52 (GNOME Terminal and
 * other VTE terminals among them), so every copy is also saved to a file under the agent's home
 * that only the user can read, and the message says where. The Linux console, {@code TERM=dumb} and
 * texts over {@link #MAX_SEQUENCE} are only saved.
 */
public final class Clipboard {
  /** The longest OSC 52 payload sent, in base64 chars; terminals cap it, some near 100 kB. */
  static final int MAX_SEQUENCE = 100_000;

  /** Writes an escape sequence to the terminal, at once. */
  @FunctionalInterface
  public interface Terminal {
    void send(String sequence) throws IOException;
  }

  /**
   * What a copy did.
   *
   * @param message one line for the user: what was copied, and the file it was saved to
   * @param sent whether the text went to the terminal's clipboard; when not, the file is all
   */
  public record Result(String message, boolean sent) {}

  private final Path folder;
  private final Map<String, String> env;
  private final Terminal terminal;

  /**
   * @param folder where copies are saved, created owner-only when missing
   * @param env the environment: {@code TERM}, {@code TMUX}, and {@code HOME} to shorten paths
   */
  public Clipboard(Path folder, Map<String, String> env, Terminal terminal) {
    this.folder = requireNonNull(folder, "folder");
    this.env = Map.copyOf(env);
    this.terminal = requireNonNull(terminal, "terminal");
  }

  /**
   * Copies {@code text}, described as {@code what} ("the last reply"), and saves it to {@code
   * fileName} in the folder.
   *
   * @throws IOException when the file cannot be written; its message is one line for the user
   */
  public Result copy(String what, String fileName, String text) throws IOException {
    Path file = save(fileName, text);
    String where = shown(file);
    String term = env.getOrDefault("TERM", "");
    String payload = Base64.getEncoder().encodeToString(text.getBytes(UTF_8));
    String count = String.format(Locale.ROOT, "%,d chars", text.length());
    if (term.isEmpty() || term.equals("dumb") || term.equals("linux")) {
      String name = term.isEmpty() ? "no TERM" : "TERM=" + term;
      return new Result(
          "This terminal (" + name + ") has no clipboard: " + what + " is saved in " + where,
          false);
    }
    if (payload.length() > MAX_SEQUENCE) {
      return new Result(
          capitalised(what)
              + " ("
              + count
              + ") is too long for the terminal's clipboard: saved in "
              + where,
          false);
    }
    String sequence = "\u001b]52;c;" + payload + "\u0007";
    terminal.send(sequence);
    if (!env.getOrDefault("TMUX", "").isEmpty()) {
      terminal.send("\u001bPtmux;" + sequence.replace("\u001b", "\u001b\u001b") + "\u001b\\");
      // Whether tmux passed it on depends on its settings, which nothing reports back.
      return new Result(
          "Sent " + what + " (" + count + ") to the terminal through tmux; always in " + where,
          true);
    }
    return new Result("Copied " + what + " (" + count + "); also in " + where, true);
  }

  private static String capitalised(String what) {
    return what.isEmpty() ? what : Character.toUpperCase(what.charAt(0)) + what.substring(1);
  }

  private Path save(String fileName, String text) throws IOException {
    Path file = folder.resolve(fileName);
    try {
      AgentFiles.writeAtomically(file, text);
      return file;
    } catch (IOException e) {
      throw new IOException("cannot save the copy in " + shown(file) + ": " + e.getMessage(), e);
    }
  }

  /** {@code path} with the home folder written as {@code ~}. */
  private String shown(Path path) {
    String home = env.getOrDefault("HOME", "");
    String text = path.toString();
    if (!home.isEmpty() && text.startsWith(home + "/")) {
      return "~" + text.substring(home.length());
    }
    return text;
  }
}
