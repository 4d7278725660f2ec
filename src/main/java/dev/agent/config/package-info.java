/**
 * The configuration: built-in providers, {@code config.toml}, {@code -c} overrides and precedence,
 * read into immutable records; and {@code AgentFiles}, the one place that creates agent's files
 * owner-only.
 *
 * <p>The only package that imports tomlj; never the UI or okhttp.
 *
 * <p>May import: {@code dev.agent.chat}, {@code org.tomlj}, {@code com.sun.security.auth.module}
 * (the JDK's own way to the user's uid, to tell a folder of one's own).
 */
package dev.agent.config;
