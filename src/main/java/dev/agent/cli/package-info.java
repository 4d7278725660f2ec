/**
 * The command line: picocli commands that parse, call the core and print. One class per command.
 *
 * <p>Imports picocli and every core package ({@code chat}, {@code config}, {@code provider}, {@code
 * session}) and {@code tui}; nothing imports it but {@code Main}.
 */
package dev.agent.cli;
