package dev.agent.chat;

/** Who wrote a message. */
public enum Role {
  SYSTEM,
  USER,
  ASSISTANT
}
