/**
 * The neutral vocabulary of a chat: roles, messages, requests, usage, stop reasons and stream
 * events.
 *
 * <p>Depends on nothing of ours and on no library; every other package may import it.
 *
 * <p>May import: the JDK only.
 */
package dev.agent.chat;
