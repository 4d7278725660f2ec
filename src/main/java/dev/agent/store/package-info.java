/**
 * Saved conversations: one JSON Lines file per conversation under {@code $AGENT_HOME/sessions},
 * written turn by turn as the conversation goes, listed without reading every message, loaded back
 * into a session, renamed, deleted and exported. The format is in {@code docs/sessions.md}.
 *
 * <p>May import: {@code dev.agent.chat}, {@code dev.agent.session}, {@code
 * dev.agent.config.AgentFiles} (owner-only files), {@code com.fasterxml.jackson}.
 */
package dev.agent.store;
