/**
 * The full-screen chat UI on Lanterna: {@link dev.agent.tui.ChatApp} is its entry point.
 *
 * <p>The only package that imports Lanterna and commonmark-java (the Markdown parser of replies);
 * also imports {@code dev.agent.chat}, {@code dev.agent.config}, {@code dev.agent.provider} and
 * {@code dev.agent.session}.
 */
package dev.agent.tui;
