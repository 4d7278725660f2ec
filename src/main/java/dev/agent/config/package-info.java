/**
 * The configuration: built-in providers, {@code config.toml}, {@code -c} overrides and precedence,
 * read into immutable records; and {@code AgentFiles}, the one place that creates agent's files
 * owner-only.
 *
 * <p>The only package that imports tomlj; never the UI or okhttp.
 *
 * <p>May import: {@code dev.agent.chat}, {@code org.tomlj}.
 */
package dev.agent.config;
