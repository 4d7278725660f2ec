package dev.agent.provider;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent.chat.ChatException;
import dev.agent.chat.StreamListener;
import dev.agent.config.ExtraBody;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import okhttp3.Call;
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

  /** Writes request bodies; cheap to make, unlike an ObjectMapper. */
  private static final JsonFactory JSON_FACTORY = new JsonFactory();

  final Endpoint endpoint;
  final OkHttpClient http;

  /**
   * {@link #http} for the requests that only look things up (model lists, the context window): when
   * a server closed the kept-alive connection they find in the pool (uvicorn, under vLLM and
   * LiteLLM, closes one idle for 5 s; OkHttp tests a pooled connection before a GET by its own
   * flags only), they are sent again on a new one, as they cost nothing to repeat. A chat request
   * is never repeated unannounced: a reply may be billed twice.
   */
  final OkHttpClient lookups;

  /**
   * The process's mapper, made on first use: making one costs tens of milliseconds, and a stream of
   * ordinary chunks never needs it (see {@link StrictJsonReader}).
   */
  final Supplier<ObjectMapper> json;

  final HttpFailures failures;
  private final EventSource.Factory events;
  private final Backoff backoff;
  private final RequestLog requestLog;

  /**
   * Request fields agent adds on its own that this provider's server refused (400 or 422 naming
   * them): left out of every later request, for as long as the process runs.
   */
  private final Set<String> refusedFields = ConcurrentHashMap.newKeySet();

  HttpChatClient(
      Endpoint endpoint,
      OkHttpClient http,
      Supplier<ObjectMapper> json,
      Backoff backoff,
      RequestLog requestLog) {
    this.endpoint = endpoint;
    this.http = http;
    this.lookups = http.newBuilder().retryOnConnectionFailure(true).build();
    this.json = json;
    this.backoff = backoff;
    this.requestLog = requestLog;
    this.failures = new HttpFailures(endpoint, json, backoff.clock());
    this.events = EventSources.createFactory(http);
  }

  /** Whether the server refused {@code field} before, so it is no longer sent. */
  final boolean refused(String field) {
    return refusedFields.contains(field);
  }

  /**
   * Starts streaming the answer to a POST of {@code body}, retried as the provider allows.
   *
   * @param optional the fields of {@code body} that agent added on its own ({@code stream_options},
   *     the output limit), which are left out and the request sent once more when the server
   *     refuses one by name
   * @param decoders makes a fresh decoder for each attempt
   */
  final ChatCall stream(
      HttpUrl url,
      String model,
      ObjectNode body,
      List<String> optional,
      StreamListener listener,
      Supplier<StreamDecoder> decoders) {
    // A field the user set in extra_body is sent as asked, never left out.
    ExtraBody extraBody = endpoint.provider().settingsFor(model).extraBody();
    List<String> present =
        optional.stream()
            .filter(body::has)
            .filter(field -> !extraBody.fields().containsKey(field))
            .toList();
    return new StreamingReply(
            listener,
            url,
            model,
            failures,
            events,
            post(url, model, body),
            new StreamingReply.RefusableFields(
                present,
                field -> {
                  refusedFields.add(field);
                  requestLog.write(
                      endpoint.id()
                          + ": the server refused '"
                          + field
                          + "', which agent added on its own; sending the request again without"
                          + " it, and leaving it out from now on");
                  ObjectNode without = body.deepCopy();
                  // Only agent's own: a field extra_body sets stays as the user asked.
                  present.stream().filter(refusedFields::contains).forEach(without::remove);
                  return post(url, model, without);
                }),
            decoders,
            backoff,
            endpoint.provider().requestMaxRetries(),
            endpoint.provider().streamMaxRetries(),
            endpoint.provider().streamIdleTimeout())
        .start();
  }

  /** A POST of {@code body} as JSON to {@code url}, with the headers for {@code model}. */
  final Request post(HttpUrl url, String model, ObjectNode body) {
    return endpoint.request(url, model).post(RequestBody.create(toBytes(body), JSON)).build();
  }

  /**
   * Lays the configuration's {@code extra_body} over {@code body}, after agent's own fields: where
   * both hold an object the two merge key by key, anything else replaces agent's value. The fields
   * agent owns ({@link ExtraBody#RESERVED}) never reach here: the configuration refuses them.
   */
  static void overlay(ObjectNode body, ExtraBody extraBody) {
    overlay(body, extraBody.fields());
  }

  @SuppressWarnings("unchecked")
  private static void overlay(ObjectNode body, Map<String, Object> fields) {
    for (Map.Entry<String, Object> field : fields.entrySet()) {
      JsonNode mine = body.get(field.getKey());
      if (mine instanceof ObjectNode object && field.getValue() instanceof Map<?, ?> table) {
        overlay(object, (Map<String, Object>) table);
      } else {
        body.set(field.getKey(), node(field.getValue()));
      }
    }
  }

  /** A value of an {@link ExtraBody} as JSON. */
  private static JsonNode node(Object value) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    if (value instanceof String text) {
      return nodes.textNode(text);
    } else if (value instanceof Long number) {
      return nodes.numberNode(number);
    } else if (value instanceof Double number) {
      return nodes.numberNode(number);
    } else if (value instanceof Boolean flag) {
      return nodes.booleanNode(flag);
    } else if (value instanceof List<?> list) {
      ArrayNode array = nodes.arrayNode();
      list.forEach(item -> array.add(node(item)));
      return array;
    } else if (value instanceof Map<?, ?> table) {
      ObjectNode object = nodes.objectNode();
      table.forEach((key, item) -> object.set((String) key, node(item)));
      return object;
    }
    throw new IllegalArgumentException("not an extra body value: " + value.getClass());
  }

  /** A new, empty JSON object for a request body. */
  static ObjectNode newObject() {
    return JsonNodeFactory.instance.objectNode();
  }

  /**
   * {@code tree} as compact JSON, the same bytes as {@code ObjectMapper.writeValueAsBytes} gives,
   * written with a bare generator.
   */
  static byte[] toBytes(JsonNode tree) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator generator = JSON_FACTORY.createGenerator(out)) {
      write(generator, tree);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory failed", e);
    }
    return out.toByteArray();
  }

  private static void write(JsonGenerator generator, JsonNode node) throws IOException {
    switch (node.getNodeType()) {
      case OBJECT -> {
        generator.writeStartObject();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
          generator.writeFieldName(field.getKey());
          write(generator, field.getValue());
        }
        generator.writeEndObject();
      }
      case ARRAY -> {
        generator.writeStartArray();
        for (JsonNode item : node) {
          write(generator, item);
        }
        generator.writeEndArray();
      }
      case STRING -> generator.writeString(node.textValue());
      case NUMBER -> {
        if (node.isInt() || node.isLong()) {
          generator.writeNumber(node.longValue());
        } else {
          generator.writeNumber(node.decimalValue());
        }
      }
      case BOOLEAN -> generator.writeBoolean(node.booleanValue());
      case NULL -> generator.writeNull();
      default -> throw new IllegalArgumentException("not plain JSON: " + node.getNodeType());
    }
  }

  /**
   * GETs {@code url} and parses the answer as JSON, mapping every failure to a message. The whole
   * answer must arrive within the provider's {@code stream_idle_timeout_ms} (or the client's own
   * call timeout, when shorter).
   */
  final JsonNode getJson(HttpUrl url) throws ChatException {
    Request request = endpoint.request(url).get().header("Accept", "application/json").build();
    Call call = lookups.newCall(request);
    // One document, so one bound for all of it: a server trickling its headers or body a byte at
    // a time resets the socket's read timeout with each byte, and would hold the caller for ever.
    long bound = endpoint.provider().streamIdleTimeout().toMillis();
    if (http.callTimeoutMillis() > 0) {
      bound = Math.min(bound, http.callTimeoutMillis());
    }
    call.timeout().timeout(bound, TimeUnit.MILLISECONDS);
    String body;
    try (Response response = call.execute()) {
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
      return json.get().readTree(body);
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
