/**
 * The terminal layer of the chat: the terminal itself and its modes ({@code ChatTerminal}), the
 * keys it sends ({@code ChatKeys}), the screen that draws frames as few bytes ({@code ChatScreen}),
 * the charset, standard streams while the screen is up, the clipboard, the external editor and the
 * diagnostic log, whose files are created owner-only by {@code AgentFiles}. Knows nothing of chats,
 * replies or views.
 *
 * <p>May import: {@code com.googlecode.lanterna}, {@code dev.agent.config.AgentFiles} (owner-only
 * files).
 */
package dev.agent.tui.terminal;
