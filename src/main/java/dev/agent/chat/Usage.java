package dev.agent.chat;

/** Token counts of one reply, as the provider reported them; {@code -1} where it reported none. */
public record Usage(long inputTokens, long outputTokens) {
  public static final Usage UNKNOWN = new Usage(-1, -1);
}
