/**
 * The providers: a registry that turns configuration into clients, and one streaming client per
 * wire format (OpenAI chat completions, Anthropic messages). Every server's own words (stop
 * reasons, error shapes) are read here, once, into {@code dev.agent.chat}'s neutral types.
 *
 * <p>The only package that imports okhttp; wire records stay package-private here.
 *
 * <p>May import: {@code dev.agent.chat}, {@code dev.agent.config}, {@code okhttp3}, {@code okio},
 * {@code com.fasterxml.jackson}.
 */
package dev.agent.provider;
