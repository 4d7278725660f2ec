package dev.agent.tui;

import static java.util.Objects.requireNonNull;

import dev.agent.config.ProviderConfig;
import dev.agent.provider.ContextWindow;
import dev.agent.session.ChatSession;
import dev.agent.tui.text.Decimals;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether the conversation fits the context window the server runs the model with: learns the
 * window in the background for the provider and model the top bar shows, shows {@code ctx 3.1k/8k}
 * in the status line, holds back a prompt that would not fit (the server would drop the
 * conversation's beginning without a word) with the fix for that server, and leaves the oldest
 * exchanges out of requests when asked (Ctrl+X, {@code /trim}). Turns are never dropped without the
 * user asking, and never from the transcript or the saved conversation. With no window known it
 * shows and holds back nothing. Used on the UI thread only.
 */
final class ContextFit {
  /** What it asks of the rest of the chat. */
  interface Chat {
    void flash(String message);

    void refreshStatus();

    /** Sends {@code prompt} as Enter does. */
    void send(String prompt);
  }

  private final ChatSession session;
  private final TopBar topBar;
  private final TranscriptView transcript;
  private final ModelListings lookups;
  private final ChatBackend.WindowLookup windows;
  private final Chat chat;

  /** The provider and model the window was last asked for, as {@code id/model}. */
  private String askedFor = "";

  /** The window of {@link #askedFor}; null while not known. */
  private ContextWindow window;

  /** The prompt held back last: Enter on it again sends it as it is. */
  private String heldBack;

  ContextFit(
      ChatSession session,
      TopBar topBar,
      TranscriptView transcript,
      ModelListings lookups,
      ChatBackend.WindowLookup windows,
      Chat chat) {
    this.session = requireNonNull(session, "session");
    this.topBar = requireNonNull(topBar, "topBar");
    this.transcript = requireNonNull(transcript, "transcript");
    this.lookups = requireNonNull(lookups, "lookups");
    this.windows = requireNonNull(windows, "windows");
    this.chat = requireNonNull(chat, "chat");
  }

  /** Asks for the window when the top bar shows another provider or model than it was asked for. */
  void follow() {
    if (!key().equals(askedFor)) {
      window = null;
      lookUp();
    }
  }

  /**
   * A reply ended: a local server's window may have changed (Ollama loads the model, and says its
   * window, with the first request), so it is asked again unless the config file or a hosted
   * server's fixed figure gave it.
   */
  void replyEnded() {
    if (window == null
        || window.server() == ContextWindow.Server.OLLAMA
        || window.server() == ContextWindow.Server.LM_STUDIO
        || window.server() == ContextWindow.Server.LLAMA_CPP) {
      lookUp();
    }
  }

  private void lookUp() {
    ProviderConfig provider = topBar.provider();
    String model = topBar.effectiveModel();
    String key = key();
    askedFor = key;
    if (model.isBlank()) {
      return;
    }
    lookups.window(
        windows,
        provider,
        model,
        found -> {
          if (key.equals(askedFor)) {
            Optional<ContextWindow> known = found.filter(ContextWindow::known);
            if (!known.equals(Optional.ofNullable(window))) {
              window = known.orElse(null);
              chat.refreshStatus();
            }
          }
        });
  }

  private String key() {
    return topBar.provider().id() + "/" + topBar.effectiveModel();
  }

  /** {@code ctx 3.1k/8k}: what the next request carries of the window; empty when not known. */
  String gauge() {
    if (window == null) {
      return "";
    }
    return "ctx " + tokens(session.contextTokens("")) + "/" + tokens(window.tokens());
  }

  /**
   * Whether {@code prompt} is held back because the request would not fit, leaving room for the
   * reply; it then stays in the prompt, and the transcript says why and what to do. Enter on the
   * same prompt again sends it as it is: the user was told.
   */
  boolean holdsBack(String prompt) {
    if (window == null || session.contextTokens(prompt) <= room()) {
      heldBack = null;
      return false;
    }
    if (prompt.equals(heldBack)) {
      heldBack = null;
      return false;
    }
    heldBack = prompt;
    long needed = session.contextTokens(prompt);
    String model = topBar.effectiveModel();
    transcript.addNotice(
        "This prompt and the conversation come to "
            + window.overflow(topBar.provider().id(), model, needed, maxTokens())
            + ": the server would drop the beginning of the conversation without a word. "
            + ChatKeymap.key(ChatKeymap.Command.TRIM)
            + " sends it without the oldest turns (they stay here and in the saved"
            + " conversation); Enter sends everything anyway. To give the model more room, "
            + window.howToFit(topBar.provider().id(), model, needed, maxTokens())
            + ".",
        true);
    chat.flash(
        "too long for the context window: "
            + ChatKeymap.key(ChatKeymap.Command.TRIM)
            + " sends without the oldest turns");
    return true;
  }

  /**
   * Ctrl+X: leaves out of requests as many of the oldest exchanges as {@code prompt} needs to fit,
   * then sends it.
   */
  void trimAndSend(String prompt) {
    if (session.isStreaming()) {
      chat.flash(ChatKeymap.stillStreaming());
      return;
    }
    if (trim(prompt) && !prompt.isBlank()) {
      heldBack = prompt; // it goes even if it alone is too long: the user asked for it
      chat.send(prompt);
    }
  }

  /**
   * {@code /trim}: leaves out of requests as many of the oldest exchanges as the prompt held back
   * last (or none) needs to fit, and says so in the transcript; sends nothing. Returns the prompt
   * held back, to go back in the prompt line (it was cleared to type the command); empty when none
   * was, or nothing could be done.
   */
  Optional<String> trim() {
    if (session.isStreaming()) {
      chat.flash(ChatKeymap.stillStreaming());
      return Optional.empty();
    }
    String prompt = heldBack == null ? "" : heldBack;
    return trim(prompt) && !prompt.isEmpty() ? Optional.of(prompt) : Optional.empty();
  }

  /** Returns false when nothing could be done: no window known. */
  private boolean trim(String prompt) {
    if (window == null) {
      chat.flash(
          "the model's context window is not known, so there is nothing to fit: set"
              + " context_window in its model table");
      return false;
    }
    int dropped = session.trimToFit(prompt, room());
    if (dropped > 0) {
      transcript.addNotice(
          (dropped == 1
                  ? "The oldest exchange is no longer sent to the model; it stays"
                  : String.format(
                      Locale.ROOT,
                      "The %d oldest exchanges are no longer sent to the model; they stay",
                      dropped))
              + " in the transcript and the saved conversation.",
          false);
    } else {
      chat.flash("nothing to leave out: the conversation already fits");
    }
    chat.refreshStatus();
    return true;
  }

  /** What a request may carry: the window less room for the reply ({@link ContextWindow#room}). */
  private long room() {
    return window.room(maxTokens());
  }

  private int maxTokens() {
    return topBar.provider().settingsFor(topBar.effectiveModel()).maxTokens();
  }

  /** {@code 812}, {@code 3.1k}, {@code 12k}; a power-of-two window as {@code 8k}, {@code 128k}. */
  static String tokens(long n) {
    if (n < 1000) {
      return Long.toString(n);
    }
    if (n % 1024 == 0) {
      return n / 1024 + "k";
    }
    if (n < 9950) {
      return Decimals.fixed(n, 3, 1) + "k";
    }
    return Math.round(n / 1000.0) + "k";
  }
}
