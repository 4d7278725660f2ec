package dev.agent.provider;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent.Fuzz;
import dev.agent.chat.ChatRequest;
import dev.agent.chat.Message;
import dev.agent.chat.StreamEvent;
import dev.agent.config.ProviderConfig;
import dev.agent.config.WireApi;
import dev.agent.testing.RecordingListener;
import dev.agent.testing.StreamBodies;
import dev.agent.testing.TestProviders;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Property-based fuzzing of both stream decoders, from the SSE reader up: whatever bytes a server
 * streams, the listener hears only our events, text never empty, then exactly one {@code Completed}
 * or {@code Failed} (a failure being one of our own clear messages, on one line), and nothing after
 * it. Answers come from an interceptor instead of a socket, so each try takes about a millisecond.
 */
class StreamDecoderFuzzTest {
  private static final ChatRequest REQUEST = new ChatRequest("m", List.of(Message.user("Hi")));
  private static final Map<String, String> ENV =
      Map.of("ANTHROPIC_API_KEY", "sk-ant-fuzz-0123456789", "OPENAI_API_KEY", "sk-fuzz-01234567");
  private static final List<String> FIXTURES =
      List.of(
          "anthropic-messages.sse",
          "anthropic-no-message-stop.sse",
          "anthropic-overloaded.sse",
          "anthropic-thinking.sse",
          "anthropic-unknown-event.sse",
          "azure-chat.sse",
          "azure-content-filter.sse",
          "azure-v1-chat.sse",
          "gateway-chat.sse",
          "lmstudio-chat.sse",
          "ollama-chat.sse",
          "openai-chat.sse",
          "openai-cut-off.sse",
          "openai-error-chunk.sse",
          "openai-malformed.sse",
          "ollama-think-tags.sse",
          "r1-distill-close-only.sse",
          "mistral-magistral-thinking.sse",
          "openrouter-reasoning-details.sse",
          "anthropic-redacted-thinking.sse",
          "llamacpp-error-line.sse",
          "responses-text.sse",
          "responses-reasoning-summary.sse",
          "responses-incomplete.sse",
          "responses-error-event.sse",
          "responses-unknown-items.sse");

  private static final List<String> TEMPLATES =
      List.of(
          "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":%s},\"finish_reason\":null}]}",
          "data: {\"choices\":[{\"index\":%s,\"delta\":{\"content\":\"x\"}}]}",
          "data: {\"choices\":%s}",
          "data: {\"choices\":[{\"delta\":%s,\"finish_reason\":%s}]}",
          "data: {\"usage\":{\"prompt_tokens\":%s,\"completion_tokens\":%s}}",
          "data: {\"usage\":%s,\"choices\":[]}",
          "data: {\"error\":%s}",
          "data: {\"object\":\"error\",\"message\":%s}",
          "data: [DONE]",
          "data: %s",
          "data:%s",
          "event: %s",
          "event: error",
          "event: ping",
          "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\","
              + "\"text\":%s}}",
          "data: {\"type\":\"content_block_delta\",\"delta\":%s}",
          "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":%s}",
          "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":%s},\"usage\":"
              + "{\"output_tokens\":%s}}",
          "data: {\"type\":\"message_start\",\"message\":{\"usage\":%s}}",
          "data: {\"type\":\"message_start\",\"message\":%s}",
          "data: {\"type\":\"message_stop\"}",
          "data: {\"type\":\"error\",\"error\":%s}",
          "data: {\"type\":%s}",
          ": keep-alive",
          "id: %s",
          "retry: %s",
          "",
          "",
          "");

  private static final List<String> EVENT_NAMES =
      List.of(
          "message_start",
          "content_block_start",
          "content_block_delta",
          "content_block_stop",
          "message_delta",
          "message_stop",
          "error",
          "ping",
          "completion");

  private static volatile byte[] body = new byte[0];
  private static OkHttpClient http;

  @BeforeAll
  static void startClient() {
    http =
        ProviderRegistry.defaultHttpClient()
            .newBuilder()
            .addInterceptor(
                chain ->
                    new Response.Builder()
                        .request(chain.request())
                        .protocol(Protocol.HTTP_1_1)
                        .code(200)
                        .message("OK")
                        .header("Content-Type", "text/event-stream")
                        .body(ResponseBody.create(body, MediaType.get("text/event-stream")))
                        .build())
            .build();
  }

  @AfterAll
  static void stopClient() {
    http.dispatcher().executorService().shutdown();
  }

  /**
   * Streams {@code bytes} through each wire format's decoder and checks what each listener heard.
   */
  private static void onlyOurEventsAndOneEnd(byte[] bytes) throws Exception {
    onlyOurEventsAndOneEnd(bytes, ProviderConfig.builder("x").build().maxReplyMib());
  }

  /** As above, with replies cut off past {@code maxReplyMib}, and no more text heard than that. */
  private static void onlyOurEventsAndOneEnd(byte[] bytes, int maxReplyMib) throws Exception {
    body = bytes;
    ProviderConfig anthropic =
        TestProviders.anthropic("https://api.example.test/v1").toBuilder()
            .maxReplyMib(maxReplyMib)
            .build();
    ProviderConfig openai =
        TestProviders.openai("https://api.example.test/v1").toBuilder()
            .maxReplyMib(maxReplyMib)
            .build();
    ProviderConfig codex =
        ProviderConfig.builder("codex")
            .baseUrl("https://api.example.test/v1")
            .envKey("OPENAI_API_KEY")
            .defaultModel("m")
            .wireApi(WireApi.RESPONSES)
            .maxReplyMib(maxReplyMib)
            .build();
    ProviderRegistry registry =
        new ProviderRegistry(TestProviders.config(anthropic, openai, codex), ENV, http);
    for (ProviderConfig provider : List.of(anthropic, openai, codex)) {
      RecordingListener listener = new RecordingListener();
      registry.client(provider).stream(REQUEST, listener);
      listener.awaitEnd();
      awaitIdle();
      List<StreamEvent> events = listener.events();
      StreamEvent last = events.get(events.size() - 1);
      assertTrue(
          last instanceof StreamEvent.Completed || last instanceof StreamEvent.Failed,
          events.toString());
      for (StreamEvent event : events.subList(0, events.size() - 1)) {
        assertTrue(
            (event instanceof StreamEvent.TextDelta delta && !delta.text().isEmpty())
                || (event instanceof StreamEvent.ReasoningDelta reasoning
                    && !reasoning.text().isEmpty())
                || event instanceof StreamEvent.ReasoningSignature
                || event instanceof StreamEvent.TextWasReasoning,
            events.toString());
      }
      // The cap is checked after each delta, so at most one delta passes it.
      long heard = 0;
      long longest = 0;
      for (StreamEvent event : events) {
        int length =
            event instanceof StreamEvent.TextDelta delta
                ? delta.text().length()
                : event instanceof StreamEvent.ReasoningDelta reasoning
                    ? reasoning.text().length()
                    : 0;
        heard += length;
        longest = Math.max(longest, length);
      }
      assertTrue(heard <= ((long) maxReplyMib << 20) + longest, heard + " chars heard");
      if (last instanceof StreamEvent.Failed failed) {
        String message = failed.error().getMessage();
        assertFalse(message.contains("unexpectedly"), message + " " + failed.error().getCause());
        assertFalse(message.contains("\n") || message.contains("\r"), message);
        assertTrue(message.startsWith(provider.id() + ": "), message);
      }
    }
  }

  private static void awaitIdle() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (http.dispatcher().runningCallsCount() > 0) {
      assertTrue(System.nanoTime() < deadline, "okhttp calls still running after 10 s");
      Thread.sleep(1);
    }
  }

  private static final List<String> VALUES =
      List.of(
          "null",
          "0",
          "-1",
          "1.5",
          "1e999",
          "99999999999999999999",
          "true",
          "{}",
          "[]",
          "\"\"",
          "\"stop\"",
          "\"end_turn\"",
          "{\"type\":\"text\",\"text\":\"hi\"}",
          "{\"type\":\"text_delta\",\"text\":\"hi\"}",
          "[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]",
          "{\"message\":\"boom\",\"type\":\"overloaded_error\"}",
          "{",
          "\"unterminated");

  private static String value(Random random) {
    return random.nextBoolean() ? jsonString(Fuzz.anyText(random, 12)) : Fuzz.pick(random, VALUES);
  }

  /**
   * Lines an SSE stream of either wire format might hold, with wrong values in the right places.
   */
  private static byte[] structuredStream(Random random) {
    String end = Fuzz.pick(random, List.of("\n", "\n", "\n", "\r\n", "\r"));
    StringBuilder stream = new StringBuilder();
    for (int n = random.nextInt(41); n > 0; n--) {
      String template = Fuzz.pick(random, TEMPLATES);
      String line =
          template.equals("event: %s")
              ? "event: " + Fuzz.pick(random, EVENT_NAMES)
              : template.replace("%s", value(random));
      stream.append(line).append(end);
    }
    return stream.toString().getBytes(UTF_8);
  }

  private static String jsonString(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  /** {@code original} after a few random byte changes, deletions, insertions, repeats and cuts. */
  private static byte[] damage(byte[] original, Random random) {
    List<Byte> bytes = new ArrayList<>();
    for (byte b : original) {
      bytes.add(b);
    }
    for (int n = 1 + random.nextInt(10); n > 0; n--) {
      int at = bytes.isEmpty() ? 0 : random.nextInt(bytes.size());
      switch (random.nextInt(5)) {
        case 0 -> {
          if (!bytes.isEmpty()) {
            bytes.set(at, (byte) random.nextInt(256));
          }
        }
        case 1 -> {
          for (int k = random.nextInt(12); k > 0 && at < bytes.size(); k--) {
            bytes.remove(at);
          }
        }
        case 2 -> {
          byte[] special = "\n\r:{}\"[]\\".getBytes(UTF_8);
          bytes.add(at, special[random.nextInt(special.length)]);
        }
        case 3 -> {
          int to = Math.min(bytes.size(), at + random.nextInt(200));
          bytes.addAll(at, new ArrayList<>(bytes.subList(at, to)));
        }
        default -> bytes.subList(at, bytes.size()).clear();
      }
    }
    byte[] out = new byte[bytes.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = bytes.get(i);
    }
    return out;
  }

  private static String show(byte[] bytes) {
    return Fuzz.show(new String(bytes, UTF_8));
  }

  @Test
  void randomBytes() {
    Fuzz.forAll(
        150,
        random -> Fuzz.anyBytes(random, 2000),
        StreamDecoderFuzzTest::show,
        StreamDecoderFuzzTest::onlyOurEventsAndOneEnd);
  }

  @Test
  void structuredButWrongStreams() {
    Fuzz.forAll(
        300,
        StreamDecoderFuzzTest::structuredStream,
        StreamDecoderFuzzTest::show,
        StreamDecoderFuzzTest::onlyOurEventsAndOneEnd);
  }

  @Test
  void damagedRecordings() {
    Fuzz.forAll(
        300,
        random ->
            damage(StreamBodies.recorded(Fuzz.pick(random, FIXTURES)).getBytes(UTF_8), random),
        StreamDecoderFuzzTest::show,
        StreamDecoderFuzzTest::onlyOurEventsAndOneEnd);
  }

  /**
   * A recording with one of its events repeated until the stream passes a 1 MiB reply cap: whatever
   * the event (text, reasoning, an unknown one, a damaged one), the stream still ends once.
   */
  @Test
  void recordingsPastTheReplyCap() {
    Fuzz.forAll(
        12,
        random -> {
          String recording = StreamBodies.recorded(Fuzz.pick(random, FIXTURES));
          List<String> events = List.of(recording.split("(?<=\n\n)"));
          int at = random.nextInt(events.size());
          String repeated = events.get(at);
          StringBuilder inflated = new StringBuilder();
          for (String event : events.subList(0, at)) {
            inflated.append(event);
          }
          while (inflated.length() < (3 << 19) && !repeated.isEmpty()) {
            inflated.append(repeated);
          }
          for (String event : events.subList(at, events.size())) {
            inflated.append(event);
          }
          return damage(inflated.toString().getBytes(UTF_8), random);
        },
        bytes -> bytes.length + " bytes",
        bytes -> onlyOurEventsAndOneEnd(bytes, 1));
  }

  @Test
  void everyRecordingEndsOnce() throws Exception {
    for (String fixture : FIXTURES) {
      onlyOurEventsAndOneEnd(StreamBodies.recorded(fixture).getBytes(UTF_8));
    }
  }
}
