package dev.agent.tui;

import static java.util.Objects.requireNonNull;

import dev.agent.chat.Role;
import dev.agent.session.ChatSession;
import dev.agent.session.Turn;
import dev.agent.tui.markdown.MarkdownRenderer;
import dev.agent.tui.terminal.Clipboard;
import dev.agent.tui.terminal.DiagnosticLog;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Copying out of the chat: the newest reply (Ctrl+Y) and the last code block of the replies
 * (Ctrl+O, Alt+Y), through the terminal's clipboard or, where it cannot reach one, into a file that
 * the transcript names. Used on the UI thread only.
 */
final class Copying {
  private final ChatSession session;
  private final Clipboard clipboard;
  private final TranscriptView transcript;
  private final DiagnosticLog log;
  private final Consumer<String> flash;

  /**
   * @param flash shows a message for a moment in the status line
   */
  Copying(
      ChatSession session,
      Clipboard clipboard,
      TranscriptView transcript,
      DiagnosticLog log,
      Consumer<String> flash) {
    this.session = requireNonNull(session, "session");
    this.clipboard = requireNonNull(clipboard, "clipboard");
    this.transcript = requireNonNull(transcript, "transcript");
    this.log = requireNonNull(log, "log");
    this.flash = requireNonNull(flash, "flash");
  }

  /** Copies the text of the newest reply (Ctrl+Y). */
  void copyReply() {
    List<Turn> turns = session.turns();
    for (int i = turns.size() - 1; i >= 0; i--) {
      Turn turn = turns.get(i);
      if (turn.role() == Role.ASSISTANT && turn.length() > 0) {
        copy("the last reply", "reply.md", turn.text());
        return;
      }
    }
    flash.accept("no reply to copy yet");
  }

  /** Copies the last code block of the newest reply that has one (Ctrl+O, Alt+Y). */
  void copyCode() {
    List<Turn> turns = session.turns();
    for (int i = turns.size() - 1; i >= 0; i--) {
      Turn turn = turns.get(i);
      if (turn.role() == Role.ASSISTANT) {
        Optional<String> code = MarkdownRenderer.lastCodeBlock(turn.text());
        if (code.isPresent()) {
          copy("the last code block", "code.txt", code.get());
          return;
        }
      }
    }
    flash.accept("no code block in the replies yet");
  }

  /** Copies; when the text only went to a file, the transcript says where, in full. */
  private void copy(String what, String fileName, String text) {
    try {
      Clipboard.Result result = clipboard.copy(what, fileName, text);
      if (!result.sent()) {
        transcript.addNotice(result.message(), false);
      }
      flash.accept(result.message());
    } catch (IOException e) {
      log.write("copy failed", e);
      flash.accept(e.getMessage());
    }
  }
}
