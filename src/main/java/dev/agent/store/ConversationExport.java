package dev.agent.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent.chat.Role;
import dev.agent.chat.StopReason;
import dev.agent.session.Turn;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** A saved conversation written out for people (Markdown) or programs (one JSON document). */
public final class ConversationExport {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private ConversationExport() {}

  /**
   * The conversation as Markdown: its title, then each message under a heading ({@code You}, or the
   * provider and model that replied), a reply's reasoning folded away in a {@code <details>} block
   * (escaped, so that it shows as the plain text it was), its text as it was written, and a note
   * under a reply that did not end normally.
   */
  public static String markdown(Conversation conversation) {
    StringBuilder out = new StringBuilder();
    out.append("# ").append(conversation.title()).append("\n\n");
    out.append("Conversation `")
        .append(conversation.id())
        .append("`, begun ")
        .append(WHEN.format(conversation.created()))
        .append(".\n");
    for (StoredMessage message : conversation.messages()) {
      out.append("\n## ").append(heading(message)).append("\n\n");
      boolean reasoned = !message.reasoning().isBlank();
      if (reasoned) {
        out.append(details(message.reasoning()));
      }
      if (!message.text().isEmpty()) {
        out.append(reasoned ? "\n" : "").append(message.text());
        if (!message.text().endsWith("\n")) {
          out.append('\n');
        }
      }
      String note = note(message);
      if (!note.isEmpty()) {
        out.append(message.text().isEmpty() && !reasoned ? "" : "\n")
            .append('*')
            .append(note)
            .append("*\n");
      }
    }
    return out.toString();
  }

  /**
   * The conversation as one JSON object: {@code id}, {@code title}, {@code created} and {@code
   * messages}, each message with the fields of a session file's message lines.
   */
  public static String json(Conversation conversation) {
    ObjectNode root = SessionFormat.JSON.createObjectNode();
    root.put("id", conversation.id());
    root.put("title", conversation.title());
    root.put("created", conversation.created().toString());
    ArrayNode messages = root.putArray("messages");
    for (StoredMessage message : conversation.messages()) {
      messages.add(SessionFormat.messageNode(message));
    }
    try {
      return SessionFormat.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree of strings and numbers always writes", e);
    }
  }

  /**
   * {@code reasoning} as a folded HTML block of plain text. Markdown leaves an HTML block alone up
   * to its first blank line, so no line is left blank ({@code <br>} ends each), and the text is
   * escaped: whatever the model wrote ({@code </details>}, tags, entities, Markdown) shows as
   * written and cannot end the block early. Control characters, which neither Markdown nor HTML can
   * show, become U+FFFD.
   */
  private static String details(String reasoning) {
    StringBuilder out = new StringBuilder("<details>\n<summary>Reasoning</summary>\n<p>");
    String text = reasoning.replace("\r\n", "\n").replace('\r', '\n').strip();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n' -> out.append("<br>\n");
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        default -> out.append(isControl(c) ? '\uFFFD' : c);
      }
    }
    return out.append("</p>\n</details>\n").toString();
  }

  private static boolean isControl(char c) {
    return (c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f);
  }

  private static String heading(StoredMessage message) {
    return switch (message.role()) {
      case USER -> "You";
      case SYSTEM -> "System";
      case ASSISTANT ->
          message.provider().isEmpty()
              ? "Assistant"
              : message.provider() + (message.model().isEmpty() ? "" : " · " + message.model());
    };
  }

  private static String note(StoredMessage message) {
    if (message.role() != Role.ASSISTANT) {
      return "";
    }
    if (message.status() == Turn.Status.CANCELLED) {
      return "(cancelled)";
    }
    if (message.status() == Turn.Status.FAILED) {
      return "(failed: " + message.error() + ")";
    }
    StopReason stop = message.stopReason();
    if (stop.kind() == StopReason.Kind.TOOL_CALL) {
      return "(the model asked to call " + stop.toolsAskedFor() + ", which agent does not run)";
    }
    if (message.text().isEmpty() && !message.reasoning().isBlank()) {
      return stop.kind() == StopReason.Kind.MAX_TOKENS
          ? "(cut off at the output limit while the model was still thinking)"
          : "(reasoning, but no answer)";
    }
    if (message.text().isEmpty()) {
      return "(empty reply)";
    }
    return switch (stop.kind()) {
      case MAX_TOKENS -> "(cut off at the output limit)";
      case CONTENT_FILTER -> "(stopped by the provider: " + stop.word() + ")";
      case REFUSAL -> "(the model refused)";
      case END_TURN, OTHER, TOOL_CALL -> "";
    };
  }
}
