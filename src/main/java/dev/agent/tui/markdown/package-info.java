/**
 * Replies as rows: Markdown ({@code MarkdownRenderer}, on commonmark-java), code blocks ({@code
 * CodeBlockRenderer}) coloured by {@code SyntaxHighlighter}, and {@code ReplyRenderer}, which keeps
 * the complete blocks of a streaming reply and renders only the last.
 *
 * <p>May import: {@code dev.agent.tui.text}, {@code com.googlecode.lanterna}, {@code
 * org.commonmark}.
 */
package dev.agent.tui.markdown;
