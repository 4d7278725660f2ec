/**
 * The configuration: built-in providers, {@code config.toml}, {@code -c} overrides and precedence,
 * read into immutable records; and the owner-only files of {@code $AGENT_HOME}.
 *
 * <p>The only package that imports tomlj; never the UI or okhttp.
 *
 * <p>May import: {@code dev.agent.chat}, {@code org.tomlj}.
 */
package dev.agent.config;
