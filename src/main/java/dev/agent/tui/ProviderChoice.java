package dev.agent.tui;

import static java.util.Objects.requireNonNull;

import com.googlecode.lanterna.TerminalSize;
import dev.agent.chat.ChatException;
import dev.agent.config.ConfigException;
import dev.agent.config.ProviderConfig;
import dev.agent.config.Selection;
import dev.agent.provider.Secret;
import dev.agent.session.ChatSession;
import dev.agent.store.StoredMessage;
import dev.agent.tui.text.TextLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which provider and model the chat talks to: the provider picker (Ctrl+P), the profile picker
 * (Ctrl+G, {@link #openProfilePicker}), the model list of the model field (its models fetched by
 * {@link ModelListings}), switching provider, going on with the provider of a saved conversation,
 * and saying why a provider cannot be used (no key, no endpoint) before the first send; and the
 * reasoning effort of the running chat (Alt+T), which starts as the configuration gives it for the
 * provider and goes back to that on a switch of provider. The top bar shows the choice; the session
 * takes it at the next send, or at once on a switch. Used on the UI thread only.
 */
final class ProviderChoice {
  /** What choosing asks of the rest of the chat. */
  interface Chat {
    /** Shows {@code picker} on top of the chat, with the focus. */
    void showPicker(PickerWindow picker);

    /** A picker closed, chosen or not. */
    void pickerClosed();

    /** The most room a window on top may take. */
    TerminalSize windowRoom();

    /** A choice was made: the focus goes back to the prompt. */
    void chosen();

    void refreshStatus();
  }

  private final ChatBackend backend;
  private final ChatSession session;
  private final TopBar topBar;
  private final TranscriptView transcript;
  private final ModelListings models;
  private final TextLayout layout;
  private final Chat chat;

  /** The providers the picker offers: the backend's, or those of the profile picked last. */
  private List<ProviderConfig> providers;

  private String profile = "";

  ProviderChoice(
      ChatBackend backend,
      ChatSession session,
      TopBar topBar,
      TranscriptView transcript,
      ModelListings models,
      TextLayout layout,
      Chat chat) {
    this.backend = requireNonNull(backend, "backend");
    this.session = requireNonNull(session, "session");
    this.topBar = requireNonNull(topBar, "topBar");
    this.transcript = requireNonNull(transcript, "transcript");
    this.models = requireNonNull(models, "models");
    this.layout = requireNonNull(layout, "layout");
    this.chat = requireNonNull(chat, "chat");
    this.providers = backend.providers();
    for (ChatApp.ProfileOption option : backend.profiles()) {
      if (option.inEffect()) {
        profile = option.name();
      }
    }
  }

  /** Whether {@code provider} can send, and how the top bar and the picker describe it. */
  ProviderState stateOf(ProviderConfig provider) {
    return ProviderState.of(provider, backend.keyStatus().apply(provider));
  }

  /** Opens the provider picker (Ctrl+P). */
  void openProviderPicker() {
    List<PickerWindow.Item> items = new ArrayList<>();
    int current = 0;
    List<ProviderConfig> providers = this.providers;
    for (int i = 0; i < providers.size(); i++) {
      ProviderConfig p = providers.get(i);
      if (p.id().equals(topBar.provider().id())) {
        current = i;
      }
      items.add(
          new PickerWindow.Item(
              p.name() + " (" + p.id() + ")",
              stateOf(p).describe(p),
              p.baseUrl().isEmpty() ? "no base URL configured" : p.baseUrl()));
    }
    chat.showPicker(
        new PickerWindow(
            "Provider: Enter selects, Esc closes",
            items,
            current,
            false,
            layout,
            chat.windowRoom(),
            index -> switchTo(providers.get(index)),
            chat::pickerClosed));
  }

  /**
   * Opens the profile picker (Ctrl+G): no profile, then each {@code [profiles.NAME]}. Picking one
   * goes on as {@code --profile NAME} would have started: its provider, model, effort and system
   * prompt (a conversation under way gets the new prompt from its next request, shown and saved),
   * and the providers Ctrl+P offers carry its settings. A slash command may call this too.
   */
  void openProfilePicker() {
    List<ChatApp.ProfileOption> profiles = backend.profiles();
    if (profiles.isEmpty()) {
      transcript.addNotice(
          "no profiles defined; add a [profiles.NAME] table to config.toml (see"
              + " docs/configuration.md)",
          false);
      chat.chosen();
      return;
    }
    if (session.isStreaming()) {
      transcript.addNotice(ChatKeymap.stillStreaming(), false);
      return;
    }
    List<PickerWindow.Item> items = new ArrayList<>();
    int current = 0;
    for (int i = 0; i < profiles.size(); i++) {
      ChatApp.ProfileOption option = profiles.get(i);
      if (option.name().equals(profile)) {
        current = i;
      }
      items.add(
          new PickerWindow.Item(
              option.name().isEmpty() ? "(no profile)" : option.name(), option.summary(), ""));
    }
    chat.showPicker(
        new PickerWindow(
            "Profile: Enter selects, Esc closes",
            items,
            current,
            false,
            layout,
            chat.windowRoom(),
            index -> useProfile(profiles.get(index)),
            chat::pickerClosed));
  }

  private void useProfile(ChatApp.ProfileOption option) {
    Selection selection;
    try {
      selection = option.config().select("", "");
    } catch (ConfigException e) {
      transcript.addNotice(e.getMessage(), true);
      chat.chosen();
      return;
    }
    profile = option.name();
    providers = List.copyOf(option.config().providers().values());
    ProviderConfig provider = selection.provider();
    topBar.setProvider(provider, stateOf(provider));
    topBar.setModel(selection.model());
    topBar.setReasoningEffort(selection.reasoningEffort());
    session.select(selection);
    transcript.addNotice(
        (option.name().isEmpty() ? "No profile" : "Profile " + option.name())
            + ": "
            + provider.id()
            + ", model "
            + selection.model()
            + (selection.reasoningEffort().isEmpty()
                ? ""
                : ", reasoning effort " + selection.reasoningEffort())
            + (selection.systemPrompt().isEmpty() ? ", no system prompt." : ", system prompt:"),
        false);
    session.useSystemPrompt(selection.systemPrompt()).ifPresent(transcript::addTurn);
    if (stateOf(provider).blocksSending()) {
      explainSetup(provider);
    }
    fetchModels(provider);
    chat.chosen();
  }

  /** Opens the list of the provider's models, from the model field. */
  void openModelPicker() {
    List<String> models = topBar.models();
    List<PickerWindow.Item> items = new ArrayList<>();
    for (String model : models) {
      String note = model.equals(topBar.provider().defaultModel()) ? "default" : "";
      items.add(new PickerWindow.Item(model, note, ""));
    }
    int current = Math.max(0, models.indexOf(topBar.effectiveModel()));
    chat.showPicker(
        new PickerWindow(
            "Models of " + topBar.provider().id() + ": type to filter",
            items,
            current,
            true,
            layout,
            chat.windowRoom(),
            index -> {
              topBar.setModel(models.get(index));
              chat.chosen();
            },
            chat::pickerClosed));
  }

  /**
   * The next reasoning effort for the running chat, in the order none, minimal, low, medium, high,
   * xhigh, then none sent at all (the model's own default), then none again. The top bar shows it,
   * and the next send goes with it.
   *
   * @return the effort now in force; empty when none is sent
   */
  String cycleReasoningEffort() {
    List<String> levels = ProviderConfig.REASONING_EFFORTS;
    int at = levels.indexOf(topBar.reasoningEffort());
    String next = at + 1 < levels.size() ? levels.get(at + 1) : "";
    topBar.setReasoningEffort(next);
    return next;
  }

  /** The IDs of every provider, in the picker's order. */
  List<String> ids() {
    return backend.providers().stream().map(ProviderConfig::id).toList();
  }

  /** Switches to the provider with ID {@code id} ({@code /provider}); false when there is none. */
  boolean switchTo(String id) {
    for (ProviderConfig provider : backend.providers()) {
      if (provider.id().equals(id)) {
        switchTo(provider);
        return true;
      }
    }
    return false;
  }

  /**
   * Why the model field offers no models, in a line: the listing is under way, failed (and why),
   * found none, or was not tried (no key); empty when it offers some.
   */
  String whyNoModels() {
    ProviderConfig provider = topBar.provider();
    if (!topBar.models().isEmpty()) {
      return "";
    }
    ProviderState state = stateOf(provider);
    if (state.blocksSending()) {
      return "no model list: " + state.describe(provider) + "; type a model name";
    }
    Optional<String> failure = models.failure(provider);
    if (failure.isPresent()) {
      return "no model list: " + failure.get() + "; type a model name";
    }
    if (models.cached(provider).isPresent()) {
      return provider.id() + " lists no models; type a model name";
    }
    return "asking " + provider.id() + " for its models; type a model name meanwhile";
  }

  private void switchTo(ProviderConfig provider) {
    topBar.setProvider(provider, stateOf(provider));
    topBar.setModel(provider.defaultModel());
    Selection selection = new Selection(provider, provider.defaultModel());
    session.select(selection);
    transcript.addNotice(
        "Now talking to "
            + provider.name()
            + " ("
            + provider.id()
            + "), model "
            + provider.defaultModel()
            + (selection.reasoningEffort().isEmpty()
                ? ""
                : ", reasoning effort " + selection.reasoningEffort())
            + ".",
        false);
    if (stateOf(provider).blocksSending()) {
      explainSetup(provider);
    }
    fetchModels(provider);
    chat.chosen();
  }

  /**
   * Shows, as an error in the transcript, why the provider cannot be used and how to fix it; for a
   * missing key, that {@code /key} enters one for this run too.
   */
  void explainSetup(ProviderConfig provider) {
    try {
      backend.clients().clientFor(provider);
    } catch (ChatException e) {
      transcript.addNotice(
          stateOf(provider) == ProviderState.KEY_MISSING
              ? e.getMessage() + "; or type /key to enter the key for this run only"
              : e.getMessage(),
          true);
    }
  }

  /**
   * Keeps {@code key}, entered with {@code /key}, for {@code provider} until agent quits, in memory
   * only: the top bar says it is ready, the transcript says the key was entered (never the key),
   * and the provider's models are listed again with it.
   */
  void useKey(ProviderConfig provider, String key) {
    backend.keyEntry().use(provider, new Secret(key));
    models.forget(provider);
    if (topBar.provider().id().equals(provider.id())) {
      topBar.setState(stateOf(provider));
    }
    transcript.addNotice(
        "Key for "
            + provider.name()
            + " ("
            + provider.id()
            + ") entered: used until agent quits, kept in memory only, never saved.",
        false);
    fetchModels(provider);
    chat.chosen();
  }

  /**
   * Shows the provider's models in the model field: at once when listed before, else once listed.
   */
  void fetchModels(ProviderConfig provider) {
    Optional<List<String>> cached = models.cached(provider);
    if (cached.isPresent()) {
      topBar.setModels(cached.get());
      return;
    }
    if (stateOf(provider).blocksSending()) {
      return;
    }
    models.fetch(
        provider,
        listed -> {
          if (topBar.provider().id().equals(provider.id())) {
            topBar.setModels(listed);
            chat.refreshStatus();
          }
        },
        chat::refreshStatus);
  }

  /** Switches to the provider and model of a conversation's last message, when configured. */
  void goOnWith(StoredMessage last) {
    ProviderConfig provider = null;
    for (ProviderConfig p : providers) {
      if (p.id().equals(last.provider())) {
        provider = p;
      }
    }
    if (provider == null) {
      transcript.addNotice(
          "this conversation was last with provider '"
              + last.provider()
              + "', which is not configured; it goes on with "
              + topBar.provider().id(),
          true);
      return;
    }
    String model = last.model().isEmpty() ? provider.defaultModel() : last.model();
    boolean otherProvider = !provider.id().equals(topBar.provider().id());
    if (otherProvider) {
      topBar.setProvider(provider, stateOf(provider));
    }
    topBar.setModel(model);
    session.select(new Selection(provider, model, topBar.reasoningEffort()));
    if (otherProvider) {
      if (stateOf(provider).blocksSending()) {
        explainSetup(provider);
      }
      fetchModels(provider);
    }
  }
}
