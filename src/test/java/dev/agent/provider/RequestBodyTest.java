package dev.agent.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** Request bodies are written without an ObjectMapper, byte for byte as one would write them. */
class RequestBodyTest {
  @Test
  void aBodyIsTheBytesAMapperWouldWrite() throws Exception {
    ObjectNode body = HttpChatClient.newObject();
    body.put("model", "gpt-4o");
    body.putArray("messages")
        .addObject()
        .put("role", "user")
        .put("content", "quote \" backslash \\ newline \n tab \t control \u0001 é 😀 \u2028");
    body.put("stream", true);
    body.putObject("stream_options").put("include_usage", false).putNull("none");
    body.put("max_tokens", 8192);
    body.put("big", 1L << 40);
    body.putArray("empty");
    assertArrayEquals(new ObjectMapper().writeValueAsBytes(body), HttpChatClient.toBytes(body));
  }
}
