/**
 * The configuration: built-in providers, {@code config.toml}, {@code -c} overrides and precedence,
 * read into immutable records.
 *
 * <p>Imports tomlj (the only package that does) and {@code dev.agent.chat}; never the UI or okhttp.
 */
package dev.agent.config;
