/**
 * The providers: a registry that turns configuration into clients, and one streaming client per
 * wire format (OpenAI chat completions, Anthropic messages). Every server's own words (stop
 * reasons, error shapes) are read here, once, into {@code dev.agent.chat}'s neutral types.
 *
 * <p>The only package that imports okhttp and jackson; wire records stay package-private here.
 * Imports {@code dev.agent.chat} and {@code dev.agent.config}.
 */
package dev.agent.provider;
