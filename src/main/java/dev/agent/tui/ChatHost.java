package dev.agent.tui;

import static java.util.Objects.requireNonNull;

import dev.agent.tui.terminal.Clipboard;
import dev.agent.tui.terminal.ExternalEditor;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the chat uses of the world around the screen.
 *
 * @param clipboard where Ctrl+Y and Ctrl+O copy to
 * @param editor the editor Ctrl+E runs on the prompt
 * @param folder the folder {@code /export} writes to, and a relative file name is read from
 */
record ChatHost(Clipboard clipboard, ExternalEditor editor, Path folder) {
  ChatHost {
    requireNonNull(clipboard, "clipboard");
    requireNonNull(editor, "editor");
    requireNonNull(folder, "folder");
  }

  /** A host in the current folder. */
  ChatHost(Clipboard clipboard, ExternalEditor editor) {
    this(clipboard, editor, Path.of("").toAbsolutePath());
  }

  /**
   * A host for a chat no one sees (the start-up rehearsal, tests of other things): copies go to
   * files under {@code clipboardFolder} only, and the editor is {@code true}, which changes
   * nothing; exports go to {@code clipboardFolder} too.
   */
  static ChatHost inert(Path clipboardFolder) {
    return new ChatHost(
        new Clipboard(clipboardFolder, Map.of(), sequence -> {}),
        new ExternalEditor(
            Map.of("EDITOR", "true"),
            new ExternalEditor.Terminal() {
              @Override
              public void suspend() {}

              @Override
              public void resume() {}
            }),
        clipboardFolder);
  }
}
