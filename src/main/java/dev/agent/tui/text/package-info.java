/**
 * Text layout for the chat: display widths, wrapping and cutting by grapheme ({@code TextLayout}),
 * styled runs ({@code Span}, {@code StyledText}), rows ({@code Row}, {@code Rows}) and the named
 * styles a theme colours ({@code TextStyle}).
 *
 * <p>May import: {@code com.googlecode.lanterna}.
 */
package dev.agent.tui.text;
