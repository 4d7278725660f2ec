/**
 * The full-screen chat on Lanterna, its app layer: {@link dev.agent.tui.ChatApp} is the entry
 * point; {@code ChatUi} builds the window and connects the session to the views ({@code TopBar},
 * {@code TranscriptView}, {@code InputView}, {@code StatusLine}) and windows ({@code PickerWindow},
 * {@code SessionsWindow}). Below it, in layers that never import it: {@code tui.markdown}
 * (rendering replies), {@code tui.text} (layout and styles) and {@code tui.terminal} (bytes, the
 * screen, the clipboard, the editor).
 *
 * <p>May import: {@code dev.agent.chat}, {@code dev.agent.config}, {@code dev.agent.provider},
 * {@code dev.agent.session}, {@code dev.agent.store}, {@code dev.agent.tui.terminal}, {@code
 * dev.agent.tui.text}, {@code dev.agent.tui.markdown}, {@code com.googlecode.lanterna}.
 */
package dev.agent.tui;
