/**
 * The command line: picocli commands that parse, call the core and print, one class per command;
 * {@code AgentCli} is the one place that turns exceptions and outcomes into messages and exit
 * codes. Nothing imports it but {@code Main}.
 *
 * <p>May import: {@code dev.agent.chat}, {@code dev.agent.config}, {@code dev.agent.provider},
 * {@code dev.agent.session}, {@code dev.agent.store}, {@code dev.agent.tui}, {@code
 * dev.agent.tui.terminal.TerminalCapabilities} (whether the terminal shows a screen at all), {@code
 * picocli}.
 */
package dev.agent.cli;
