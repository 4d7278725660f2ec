package dev.agent.tui.terminal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The external editor, run for real: a shell script stands in for the user's editor. */
public class ExternalEditorTest {
  @TempDir Path dir;
  private final List<String> handovers = new ArrayList<>();

  private final ExternalEditor.Terminal terminal =
      new ExternalEditor.Terminal() {
        @Override
        public void suspend() {
          handovers.add("suspend");
        }

        @Override
        public void resume() {
          handovers.add("resume");
        }
      };

  /** A script that runs {@code body} with the file as {@code $1}. */
  public static Path script(Path dir, String name, String body) throws IOException {
    Path script = dir.resolve(name);
    Files.writeString(script, "#!/bin/sh\n" + body + "\n", UTF_8);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  @Test
  void theEditorEditsTheTextWhileTheChatHasGivenTheTerminalBack() throws IOException {
    Path editor =
        script(
            dir,
            "editor",
            "ls -l \"$1\" | cut -c1-10 > \""
                + dir.resolve("mode")
                + "\"\n"
                + "printf ' and more\\n' >> \"$1\"");
    ExternalEditor external = new ExternalEditor(Map.of("EDITOR", editor.toString()), terminal);
    assertEquals("draft\nline two and more", external.edit("draft\nline two"));
    assertEquals(List.of("suspend", "resume"), handovers);
    assertEquals("-rw-------", Files.readString(dir.resolve("mode"), UTF_8).strip());
  }

  @Test
  void visualComesBeforeEditorAndViComesLast() throws IOException {
    Path visual = script(dir, "visual", "printf visual > \"$1\"");
    Path editor = script(dir, "editor", "printf editor > \"$1\"");
    assertEquals(
        "visual",
        new ExternalEditor(
                Map.of("VISUAL", visual.toString(), "EDITOR", editor.toString()), terminal)
            .edit(""));
    assertEquals(
        "editor",
        new ExternalEditor(Map.of("VISUAL", " ", "EDITOR", editor.toString()), terminal).edit(""));
    assertEquals("vi", new ExternalEditor(Map.of(), terminal).command());
  }

  @Test
  void anEditorCommandWithArgumentsRunsThroughTheShell() throws IOException {
    Path editor = script(dir, "editor", "printf '%s' \"$1\" > \"$2\"");
    assertEquals(
        "--wait", new ExternalEditor(Map.of("EDITOR", editor + " --wait"), terminal).edit("old"));
  }

  @Test
  void aFailingOrMissingEditorSaysSoAndTheTerminalIsTakenBack() throws IOException {
    Path failing = script(dir, "failing", "printf changed > \"$1\"; exit 3");
    IOException failed =
        assertThrows(
            IOException.class,
            () -> new ExternalEditor(Map.of("EDITOR", failing.toString()), terminal).edit("x"));
    assertEquals(
        "the editor '" + failing + "' exited with status 3; prompt unchanged", failed.getMessage());
    assertEquals(List.of("suspend", "resume"), handovers);

    Path missing = script(dir, "missing", "exit 127");
    IOException notFound =
        assertThrows(
            IOException.class,
            () -> new ExternalEditor(Map.of("EDITOR", missing.toString()), terminal).edit("x"));
    assertEquals(
        "the editor '" + missing + "' was not found; set VISUAL or EDITOR to one installed",
        notFound.getMessage());
  }
}
