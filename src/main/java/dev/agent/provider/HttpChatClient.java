package dev.agent.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent.chat.ChatException;
import dev.agent.chat.StreamListener;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSources;
import okio.BufferedSource;

/** What both wire formats' clients share: the endpoint, the HTTP client, JSON in and out. */
abstract class HttpChatClient implements ChatClient {
  private static final MediaType JSON = MediaType.get("application/json");

  /** The most of a JSON answer (a model list) that is read: many times the largest real one. */
  static final long MAX_JSON_BODY = 16L * 1024 * 1024;

  final Endpoint endpoint;
  final OkHttpClient http;
  final ObjectMapper json;
  final HttpFailures failures;
  private final EventSource.Factory events;
  private final Backoff backoff;

  HttpChatClient(Endpoint endpoint, OkHttpClient http, ObjectMapper json, Backoff backoff) {
    this.endpoint = endpoint;
    this.http = http;
    this.json = json;
    this.backoff = backoff;
    this.failures = new HttpFailures(endpoint, json, backoff.clock());
    this.events = EventSources.createFactory(http);
  }

  /**
   * Starts streaming the answer to a POST of {@code body}, retried as the provider allows.
   *
   * @param decoders makes a fresh decoder for each attempt
   */
  final ChatCall stream(
      HttpUrl url,
      String model,
      ObjectNode body,
      StreamListener listener,
      Supplier<StreamDecoder> decoders) {
    return new StreamingReply(
            listener,
            url,
            model,
            failures,
            events,
            post(url, body),
            decoders,
            backoff,
            endpoint.provider().requestMaxRetries())
        .start();
  }

  /** A POST of {@code body} as JSON to {@code url}. */
  final Request post(HttpUrl url, ObjectNode body) {
    byte[] bytes;
    try {
      bytes = json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written", e);
    }
    return endpoint.request(url).post(RequestBody.create(bytes, JSON)).build();
  }

  /** GETs {@code url} and parses the answer as JSON, mapping every failure to a message. */
  final JsonNode getJson(HttpUrl url) throws ChatException {
    Request request = endpoint.request(url).get().header("Accept", "application/json").build();
    String body;
    try (Response response = http.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw failures.fromStatus(response, url, "");
      }
      BufferedSource source = response.body().source();
      if (source.request(MAX_JSON_BODY + 1)) {
        throw new ChatException(
            ChatException.Kind.PROTOCOL,
            endpoint.id()
                + ": "
                + Endpoint.display(url)
                + " answered with more than "
                + MAX_JSON_BODY / (1024 * 1024)
                + " MiB; check base_url");
      }
      body = source.readUtf8();
    } catch (IOException e) {
      throw failures.fromConnection(e, url);
    }
    try {
      return json.readTree(body);
    } catch (JsonProcessingException e) {
      throw notAModelList(url);
    }
  }

  /** {@code root.listField[].nameField}, checked to be there. */
  final List<String> names(JsonNode root, String listField, String nameField, HttpUrl url)
      throws ChatException {
    JsonNode list = root.get(listField);
    if (list == null || !list.isArray()) {
      throw notAModelList(url);
    }
    TreeSet<String> names = new TreeSet<>();
    collect(list, nameField, names);
    return List.copyOf(names);
  }

  static void collect(JsonNode list, String nameField, Collection<String> into) {
    for (JsonNode item : list) {
      JsonNode name = item.get(nameField);
      if (name != null && name.isTextual() && !name.asText().isBlank()) {
        into.add(name.asText());
      }
    }
  }

  final ChatException notAModelList(HttpUrl url) {
    return new ChatException(
        ChatException.Kind.PROTOCOL,
        endpoint.id()
            + ": "
            + Endpoint.display(url)
            + " did not answer with a model list; check base_url and wire_api");
  }
}
