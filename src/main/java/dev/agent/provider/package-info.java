/**
 * The providers: a registry that turns configuration into clients, and one streaming client per
 * wire format (OpenAI chat completions, Anthropic messages); every server's dialect is mapped here,
 * once, into the neutral events of {@code dev.agent.chat}.
 *
 * <p>The only package that imports okhttp; wire records stay package-private here.
 *
 * <p>May import: {@code dev.agent.chat}, {@code dev.agent.config}, {@code okhttp3}, {@code okio},
 * {@code com.fasterxml.jackson}.
 */
package dev.agent.provider;
