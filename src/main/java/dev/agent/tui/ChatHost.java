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
 */
record ChatHost(Clipboard clipboard, ExternalEditor editor) {
  ChatHost {
    requireNonNull(clipboard, "clipboard");
    requireNonNull(editor, "editor");
  }

  /**
   * A host for a chat no one sees (the start-up rehearsal, tests of other things): copies go to
   * files under {@code clipboardFolder} only, and the editor is {@code true}, which changes
   * nothing.
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
            }));
  }
}
