package dev.agent.chat;

import static java.util.Objects.requireNonNull;

/** One turn of a conversation, independent of any provider's wire format. */
public record Message(Role role, String text) {
  public Message {
    requireNonNull(role, "role");
    requireNonNull(text, "text");
  }

  public static Message user(String text) {
    return new Message(Role.USER, text);
  }

  public static Message assistant(String text) {
    return new Message(Role.ASSISTANT, text);
  }

  public static Message system(String text) {
    return new Message(Role.SYSTEM, text);
  }
}
