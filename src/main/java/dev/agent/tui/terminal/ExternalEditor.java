package dev.agent.tui.terminal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.agent.config.AgentFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Edits the prompt in the user's own editor: {@code $VISUAL}, else {@code $EDITOR}, else {@code
 * vi}, run by {@code /bin/sh} (so {@code EDITOR="code --wait"} works) on a temporary file that only
 * the user can read, holding the prompt. The chat gives the terminal back while the editor runs
 * attached to it, and takes it over again after, whatever happened.
 */
public final class ExternalEditor {
  /** The chat's hold on the terminal. */
  public interface Terminal {
    /** Leaves the alternate screen and restores the terminal's own settings. */
    void suspend() throws IOException;

    /** Takes the terminal over again and redraws the chat. */
    void resume() throws IOException;
  }

  private final Map<String, String> env;
  private final Terminal terminal;

  public ExternalEditor(Map<String, String> env, Terminal terminal) {
    this.env = Map.copyOf(env);
    this.terminal = requireNonNull(terminal, "terminal");
  }

  /** The editor's command line. */
  String command() {
    for (String variable : new String[] {"VISUAL", "EDITOR"}) {
      String value = env.getOrDefault(variable, "").strip();
      if (!value.isEmpty()) {
        return value;
      }
    }
    return "vi";
  }

  /**
   * Runs the editor on {@code text} and returns what the user saved, without the line break that
   * editors add at the end of a file. Blocks until the editor exits.
   *
   * @throws IOException when the editor cannot run or fails; its message is one line for the user,
   *     and the prompt is to stay as it was
   */
  public String edit(String text) throws IOException {
    Path file = AgentFiles.createTempFile("agent-prompt-", ".md");
    try {
      Files.writeString(file, text, UTF_8);
      int status = run(file);
      if (status == 127) {
        throw new IOException(
            "the editor '" + command() + "' was not found; set VISUAL or EDITOR to one installed");
      }
      if (status != 0) {
        throw new IOException(
            "the editor '" + command() + "' exited with status " + status + "; prompt unchanged");
      }
      String edited = Files.readString(file, UTF_8);
      if (edited.endsWith("\r\n")) {
        return edited.substring(0, edited.length() - 2);
      }
      return edited.endsWith("\n") ? edited.substring(0, edited.length() - 1) : edited;
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private int run(Path file) throws IOException {
    terminal.suspend();
    try {
      Process editor =
          new ProcessBuilder("/bin/sh", "-c", command() + " \"$1\"", "sh", file.toString())
              .inheritIO()
              .start();
      return editor.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the editor ran; prompt unchanged", e);
    } catch (IOException e) {
      throw new IOException("cannot run the editor '" + command() + "': " + e.getMessage(), e);
    } finally {
      terminal.resume();
    }
  }
}
