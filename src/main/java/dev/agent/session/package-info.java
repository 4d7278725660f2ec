/**
 * The conversation and at most one reply in flight, independent of any UI.
 *
 * <p>Imports only the JDK, {@code dev.agent.chat}, {@code dev.agent.config} and {@code
 * dev.agent.provider}.
 */
package dev.agent.session;
