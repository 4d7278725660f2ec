/**
 * The conversation and at most one reply in flight, independent of any UI.
 *
 * <p>May import: {@code dev.agent.chat}, {@code dev.agent.config}, {@code dev.agent.provider}.
 */
package dev.agent.session;
