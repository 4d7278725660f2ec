package dev.agent.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agent.chat.ChatException;
import dev.agent.chat.ChatException.Kind;
import dev.agent.chat.StopReason;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Response;

/**
 * Turns what went wrong on the wire into a {@link ChatException} with a one-line message for the
 * user: the provider, what it means, the HTTP status, the provider's own words and what to do.
 * Every message passes through {@link Endpoint#redact} so that a server echoing a key cannot leak
 * it.
 */
final class HttpFailures {
  /** How much of an error body is read: enough for any JSON error, bounded for an HTML page. */
  private static final long MAX_ERROR_BODY = 16 * 1024;

  /** How much of the provider's own message a line shows. */
  private static final int MAX_DETAIL = 200;

  /** How much of the provider's own message a retry's reason shows. */
  private static final int MAX_REASON = 80;

  private final Endpoint endpoint;
  private final Supplier<ObjectMapper> json;
  private final Clock clock;

  /**
   * @param clock the time against which a {@code retry-after} date is read
   */
  HttpFailures(Endpoint endpoint, Supplier<ObjectMapper> json, Clock clock) {
    this.endpoint = endpoint;
    this.json = json;
    this.clock = clock;
  }

  /**
   * What a server said in an error body.
   *
   * @param message its message, flattened to one line
   * @param type its error type or status word ({@code invalid_request_error}, Gemini's {@code
   *     RESOURCE_EXHAUSTED}); empty when none
   * @param code its error code; empty when none
   * @param quotaDetail Gemini's quota ids ({@code GenerateRequestsPerDayPerProjectPerModel}) and
   *     whether it gave a retry delay, as far as they tell whether waiting helps; empty when none
   */
  record ProviderError(String message, String type, String code, String quotaDetail) {
    static final ProviderError NONE = new ProviderError("", "", "", "");

    ProviderError(String message, String type, String code) {
      this(message, type, code, "");
    }

    boolean is(String word) {
      return type.equalsIgnoreCase(word) || code.equalsIgnoreCase(word);
    }

    /**
     * A quota that waiting a moment does not refill: OpenAI's {@code insufficient_quota}; Gemini's
     * {@code RESOURCE_EXHAUSTED} for a daily quota or a quota of 0, or one that names plan and
     * billing with no delay to wait for. Gemini's per-minute limits, which come with a delay, are
     * rate limits.
     */
    boolean quotaSpent() {
      if (is("insufficient_quota")) {
        return true;
      }
      if (!is("RESOURCE_EXHAUSTED")) {
        return false;
      }
      String lower = message.toLowerCase(Locale.ROOT);
      return quotaDetail.contains("PerDay")
          || lower.contains("limit: 0")
          || (lower.contains("billing") && !quotaDetail.contains("retryDelay"));
    }

    /** Ollama's {@code model requires more system memory (…) than is available (…)}. */
    boolean outOfMemory() {
      String lower = message.toLowerCase(Locale.ROOT);
      return lower.contains("requires more system memory")
          || lower.contains("insufficient memory")
          || lower.contains("out of memory");
    }

    /** llama.cpp's 503 {@code Loading model} while a model is read in. */
    boolean loadingModel() {
      return message.toLowerCase(Locale.ROOT).startsWith("loading model");
    }
  }

  /**
   * A non-2xx answer.
   *
   * @param model the model asked for, or empty when listing models
   */
  ChatException fromStatus(Response response, HttpUrl url, String model) {
    int status = response.code();
    ProviderError error = parseBody(readBody(response), response.body().contentType(), true);
    String id = endpoint.id();
    String said = "HTTP " + status + (error.message().isEmpty() ? "" : ": " + error.message());
    String where = Endpoint.display(url);
    Optional<String> wait =
        Backoff.serverWait(response.headers(), clock.instant()).map(Backoff::describe);
    Kind kind;
    String message;
    if (status == 401 || status == 403) {
      kind = Kind.AUTH;
      message =
          endpoint.keyCommand().isPresent()
              ? id
                  + ": the key printed by '"
                  + MessageText.oneLine(endpoint.provider().authCommand().get().display(), 120)
                  + "' was rejected ("
                  + said
                  + (status == 401 ? ", also after running it again" : "")
                  + "); check that the command gives a key for this service"
              : endpoint.provider().needsKey()
                  ? id + ": the API key was rejected (" + said + "); " + endpoint.keyAdvice()
                  : id
                      + ": the server refused access ("
                      + said
                      + "); this provider sends no key, so set env_key under [model_providers."
                      + id
                      + "] in config.toml";
    } else if (status == 404) {
      kind = Kind.NOT_FOUND;
      if (model.isEmpty()) {
        message = id + ": " + where + " was not found (" + said + "); check base_url";
      } else if (!endpoint.provider().hints().pullCommand().isEmpty()) {
        message =
            id
                + ": model '"
                + model
                + "' was not found at "
                + where
                + " ("
                + said
                + "); pull it with `"
                + endpoint.provider().hints().pullCommand()
                + " "
                + model
                + "` or pick one from `agent models -p "
                + id
                + "`";
      } else {
        message =
            id
                + ": model '"
                + model
                + "' or its URL "
                + where
                + " was not found ("
                + said
                + "); check the model name (`agent models -p "
                + id
                + "`) and base_url";
      }
    } else if (status == 429) {
      kind = Kind.RATE_LIMITED;
      if (error.quotaSpent()) {
        message = id + ": the account's quota is spent (" + said + "); check its plan and billing";
      } else {
        message =
            id
                + ": too many requests ("
                + said
                + "); wait "
                + wait.orElse("a moment")
                + " and try again";
      }
    } else if (status == 407) {
      kind = Kind.SETUP;
      message =
          id
              + ": the proxy refused the request ("
              + said
              + "); check the user and password in HTTPS_PROXY or HTTP_PROXY";
    } else if (status == 408) {
      kind = Kind.TIMEOUT;
      message = id + ": the server gave up waiting for the request (" + said + "); try again";
    } else if (status == 409) {
      kind = Kind.SERVER;
      message = id + ": the request conflicted with another one (" + said + "); try again";
    } else if (status >= 400 && status < 500) {
      kind = Kind.BAD_REQUEST;
      message = id + ": the request was refused (" + said + ")";
    } else if (status >= 500 && error.outOfMemory()) {
      kind = Kind.SERVER;
      message =
          id
              + ": the server has too little memory for the model ("
              + said
              + "); pick a smaller model or free memory on the server";
    } else if (status >= 500 && error.loadingModel()) {
      kind = Kind.SERVER;
      message =
          id
              + ": the server is still loading the model ("
              + said
              + "); try again "
              + wait.map(w -> "in " + w).orElse("in a moment");
    } else if (status >= 500) {
      kind = Kind.SERVER;
      boolean busy = status == 529 || status == 503 || error.is("overloaded_error");
      message =
          id
              + (busy ? ": the server is overloaded (" : ": the server failed (")
              + said
              + "); try again "
              + wait.map(w -> "in " + w).orElse(busy ? "in a moment" : "later");
    } else if (SameOriginRedirects.target(response) != null) {
      kind = Kind.PROTOCOL;
      HttpUrl target = SameOriginRedirects.target(response);
      boolean elsewhere = !SameOriginRedirects.sameOrigin(url, target);
      message =
          id
              + ": "
              + where
              + " redirects to "
              + Endpoint.display(target)
              + " (HTTP "
              + status
              + ")"
              + (elsewhere
                  ? ", another server, which is not sent the key; if it is the right one, set"
                  : "; set")
              + " base_url to match it";
    } else {
      kind = Kind.PROTOCOL;
      message = id + ": unexpected answer from " + where + " (" + said + "); check base_url";
    }
    return new ChatException(kind, status, endpoint.redact(message), null);
  }

  /**
   * Whether an error answer says something waiting does not cure: a spent quota (OpenAI's {@code
   * insufficient_quota}, Gemini's daily or zero quota), or a server without the memory for the
   * model (Ollama).
   */
  boolean waitingCannotHelp(Response response) {
    ProviderError error = parseBody(readBody(response), response.body().contentType(), true);
    return error.quotaSpent() || error.outOfMemory();
  }

  /**
   * Which of {@code fields} a 400 or 422 answer names as the reason for refusing the request
   * (Mistral: {@code stream_options: Extra inputs are not permitted}; a server that takes only
   * {@code max_tokens}); empty when it names none of them.
   */
  Optional<String> refusedField(Response response, List<String> fields) {
    String body = readBody(response);
    for (String field : fields) {
      for (int at = body.indexOf(field); at >= 0; at = body.indexOf(field, at + 1)) {
        int end = at + field.length();
        boolean startsWord = at == 0 || !isWordChar(body.charAt(at - 1));
        boolean endsWord = end == body.length() || !isWordChar(body.charAt(end));
        if (startsWord && endsWord) {
          return Optional.of(field);
        }
      }
    }
    return Optional.empty();
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  /**
   * Why an attempt failed, short and on one line, for a {@code Retrying} event: {@code HTTP 529:
   * Overloaded}, {@code no connection (…)}.
   */
  String retryReason(Throwable t, Response response) {
    if (response != null && !response.isSuccessful()) {
      ProviderError error = parseBody(readBody(response), response.body().contentType(), true);
      if (error.loadingModel()) {
        return "the server is still loading the model";
      }
      String said = error.message().isEmpty() ? error.type() : error.message();
      return "HTTP "
          + response.code()
          + (said.isEmpty() ? "" : ": " + MessageText.oneLine(said, MAX_REASON));
    }
    String why = t instanceof IOException e ? reason(e) : t.getClass().getSimpleName();
    if (response != null) {
      return "the stream broke off before any text (" + why + ")";
    }
    if (t instanceof UnknownHostException) {
      return "cannot find host " + endpoint.host();
    }
    return "no connection (" + why + ")";
  }

  /** The failure of the last of several attempts, saying how many there were. */
  ChatException afterAttempts(ChatException last, int attempts) {
    return new ChatException(
        last.kind(),
        last.httpStatus(),
        last.getMessage() + " (" + attempts + " attempts)",
        last.getCause());
  }

  /** A 2xx answer that is not an event stream, where one was asked for. */
  ChatException notAStream(Response response, HttpUrl url) {
    MediaType type = response.body().contentType();
    // A whole non-streamed completion is noise here; only an error message is worth showing.
    ProviderError error = parseBody(readBody(response), type, false);
    String message =
        endpoint.id()
            + ": "
            + Endpoint.display(url)
            + " answered with "
            + (type == null ? "no content type" : type.type() + "/" + type.subtype())
            + " instead of an event stream"
            + (error.message().isEmpty() ? "" : " (" + error.message() + ")")
            + "; check base_url and wire_api";
    return new ChatException(Kind.PROTOCOL, response.code(), endpoint.redact(message), null);
  }

  /** No answer: refused, unknown host, TLS, timeout. */
  ChatException fromConnection(IOException e, HttpUrl url) {
    if (e instanceof KeyCommand.Failed failed) {
      // Its own line, naming the provider and the command; never the command's output.
      return new ChatException(Kind.SETUP, 0, failed.getMessage(), null);
    }
    String id = endpoint.id();
    String where = Endpoint.display(url);
    Kind kind = Kind.UNREACHABLE;
    String message;
    if (e instanceof UnknownHostException) {
      message =
          id + ": cannot find host " + url.host() + "; check base_url and your network connection";
    } else if (e instanceof ConnectException && endpoint.provider().isLocal()) {
      message =
          id
              + ": no server answers at "
              + endpoint.displayBase()
              + " (connection refused); "
              + startLocalServer();
    } else if (e instanceof ConnectException) {
      message =
          id + ": cannot connect to " + where + " (" + reason(e) + "); check base_url and network";
    } else if (e instanceof SSLException) {
      message =
          id
              + ": secure connection to "
              + url.host()
              + " failed ("
              + reason(e)
              + "); check base_url (http or https?)";
    } else if (e instanceof InterruptedIOException) {
      kind = Kind.TIMEOUT;
      message = id + ": no answer from " + where + " in time; check the server and try again";
    } else {
      message = id + ": the request to " + where + " failed (" + reason(e) + "); try again";
    }
    return new ChatException(kind, 0, endpoint.redact(message), e);
  }

  /** No connection within the provider's {@code connect_timeout_ms}. */
  ChatException connectTimedOut(IOException e, HttpUrl url) {
    return new ChatException(
        Kind.TIMEOUT,
        0,
        endpoint.redact(
            endpoint.id()
                + ": cannot connect to "
                + Endpoint.display(url)
                + " within "
                + duration(endpoint.provider().connectTimeout())
                + "; check base_url, your network and proxy settings"),
        e);
  }

  /** An event went past {@link EventStreamGuard#MAX_EVENT_BYTES}. */
  ChatException eventTooLarge(EventStreamGuard.TooLarge e) {
    return new ChatException(
        Kind.PROTOCOL,
        0,
        endpoint.id()
            + ": the server sent a single stream event of more than "
            + e.limit() / (1024 * 1024)
            + " MiB, which no real reply needs; check base_url and wire_api",
        e);
  }

  /** The stream broke after it started. */
  ChatException midStream(IOException e) {
    String id = endpoint.id();
    if (e instanceof InterruptedIOException) {
      return new ChatException(
          Kind.TIMEOUT,
          0,
          endpoint.redact(
              id
                  + ": the server sent nothing for "
                  + duration(endpoint.provider().streamIdleTimeout())
                  + " in the middle of the reply; try again"),
          e);
    }
    return new ChatException(
        Kind.INCOMPLETE,
        0,
        endpoint.redact(
            id + ": the stream broke off before the reply finished (" + reason(e) + "); try again"),
        e);
  }

  /**
   * An attempt that went {@code idle} without headers, or without any text, reasoning or end, while
   * the server kept the connection busy with bytes that say nothing.
   */
  ChatException stalled(boolean opened, Duration idle) {
    return new ChatException(
        Kind.TIMEOUT,
        endpoint.id()
            + (opened
                ? ": the server sent no reply for "
                    + duration(idle)
                    + ", only keep-alives or"
                    + " nothing; try again"
                : ": the server did not answer within "
                    + duration(idle)
                    + "; check the server and"
                    + " try again"));
  }

  /** The stream ended cleanly but without its terminator. */
  ChatException endedEarly(String terminator) {
    return new ChatException(
        Kind.INCOMPLETE,
        endpoint.id()
            + ": the stream ended before the reply finished (no "
            + terminator
            + "); the reply may be cut short, try again");
  }

  /**
   * A stream that completed without any reply text; the server's stop word is told when it is not a
   * plain stop, since it is all the server said.
   */
  ChatException emptyReply(StopReason stop) {
    String said =
        stop.kind() == StopReason.Kind.OTHER && !stop.word().isEmpty()
            ? " (stop reason '" + clean(stop.word(), MAX_REASON) + "')"
            : "";
    return new ChatException(
        Kind.SERVER, endpoint.redact(endpoint.id() + ": the server sent an empty reply" + said));
  }

  /**
   * A reply that ended with reasoning but no answer: the model thought and then stopped, which
   * another try usually cures.
   */
  ChatException reasoningOnly(StopReason stop) {
    String said =
        stop.kind() == StopReason.Kind.OTHER && !stop.word().isEmpty()
            ? " (stop reason '" + clean(stop.word(), MAX_REASON) + "')"
            : "";
    return new ChatException(
        Kind.SERVER,
        endpoint.redact(
            endpoint.id() + ": the model stopped after its reasoning, with no answer" + said));
  }

  /** A reply that grew past its provider's {@code max_reply_mib}. */
  ChatException replyTooLarge(int maxReplyMib) {
    return new ChatException(
        Kind.INCOMPLETE,
        endpoint.id()
            + ": the reply passed "
            + maxReplyMib
            + " MiB, far more than any real reply, and was cut off there; if it is real, raise"
            + " max_reply_mib under [model_providers."
            + endpoint.id()
            + "]");
  }

  /** A data line that is not the JSON the wire format promises. */
  ChatException malformed(String data, Exception e) {
    return new ChatException(
        Kind.PROTOCOL,
        0,
        endpoint.redact(
            endpoint.id()
                + ": the server sent something that is not valid JSON in the stream ('"
                + clean(data, 80)
                + "'); check base_url and wire_api"),
        e);
  }

  /** Something no wire format explains, such as a listener that threw. */
  ChatException unexpected(Throwable t) {
    return new ChatException(
        Kind.PROTOCOL,
        0,
        endpoint.id() + ": the stream failed unexpectedly (" + t.getClass().getSimpleName() + ")",
        t);
  }

  /**
   * An error reported inside the stream, Anthropic's {@code event: error} or a chat completions
   * {@code {"error":…}} chunk.
   */
  ChatException inStream(JsonNode errorNode) {
    ProviderError error = fromErrorNode(errorNode);
    // A numeric code says nothing a reader needs; a word (rate_limit_exceeded) does.
    String code = error.code().chars().allMatch(Character::isDigit) ? "" : error.code();
    // A flat error event's type is the event's own ("error"), which says nothing more.
    String type = error.type().equalsIgnoreCase("error") ? "" : error.type();
    String label = type.isEmpty() ? code : type;
    String said =
        label.isEmpty()
            ? error.message()
            : label + (error.message().isEmpty() ? "" : ": " + error.message());
    Kind kind = kindOf(error);
    String advice =
        switch (kind) {
          case AUTH -> endpoint.keyAdvice();
          case RATE_LIMITED -> "wait a moment and try again";
          case BAD_REQUEST, NOT_FOUND -> "check the model name and the provider's settings";
          default -> "try again";
        };
    String message =
        endpoint.id()
            + ": the server reported an error during the reply"
            + (said.isEmpty() ? "" : " (" + said + ")")
            + "; "
            + advice;
    return new ChatException(kind, 0, endpoint.redact(message), null);
  }

  private static Kind kindOf(ProviderError error) {
    String word = (error.type() + " " + error.code()).toLowerCase(Locale.ROOT);
    if (word.contains("rate_limit") || word.contains("insufficient_quota")) {
      return Kind.RATE_LIMITED;
    }
    if (word.contains("authentication")
        || word.contains("permission")
        || word.contains("invalid_api_key")) {
      return Kind.AUTH;
    }
    if (word.contains("not_found")) {
      return Kind.NOT_FOUND;
    }
    if (word.contains("invalid_request")
        || word.contains("badrequest")
        || word.contains("too_large")) {
      return Kind.BAD_REQUEST;
    }
    return Kind.SERVER;
  }

  private String startLocalServer() {
    String hint = endpoint.provider().startServerHint();
    return hint.isEmpty()
        ? "start that server, or fix base_url under [model_providers." + endpoint.id() + "]"
        : hint;
  }

  /**
   * Server text made fit for a message: secrets blanked out first (so a cut cannot leave part of a
   * key behind), then put on one line and cut to {@code max}.
   */
  private String clean(String text, int max) {
    return MessageText.oneLine(endpoint.redact(text), max);
  }

  static String duration(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 1000 == 0) {
      return millis / 1000 + " s";
    }
    return millis > 1000 && millis % 100 == 0 ? millis / 1000.0 + " s" : millis + " ms";
  }

  private String reason(IOException e) {
    String message = e.getMessage();
    return message == null || message.isBlank()
        ? e.getClass().getSimpleName()
        : clean(message, 120);
  }

  private static String readBody(Response response) {
    try {
      return response.peekBody(MAX_ERROR_BODY).string();
    } catch (IOException | IllegalStateException e) {
      return "";
    }
  }

  /**
   * The provider's own message, from the error shapes the known servers send, else a snippet of the
   * body ({@code unknownJson} says whether a JSON object of another shape counts).
   */
  ProviderError parseBody(String body, MediaType type, boolean unknownJson) {
    String trimmed = body.strip();
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
      try {
        JsonNode root = json.get().readTree(trimmed);
        // Gemini's OpenAI-compatible endpoint wraps its error in an array.
        while (root.isArray() && root.size() > 0) {
          root = root.get(0);
        }
        ProviderError error = fromErrorNode(root.get("error"));
        if (!error.message().isEmpty() || !error.type().isEmpty()) {
          return error;
        }
        // {"detail": …} (FastAPI servers: vLLM, LiteLLM), {"message": …} (Mistral, whose message
        // may be an object of validation details), with the type beside it when there is one.
        for (String field : new String[] {"message", "detail"}) {
          String said = flatten(root.get(field), 0);
          if (!said.isEmpty()) {
            return new ProviderError(
                clean(said, MAX_DETAIL),
                clean(word(root, "type"), 60),
                clean(word(root, "code"), 60));
          }
        }
        if (!unknownJson) {
          return ProviderError.NONE;
        }
      } catch (JsonProcessingException e) {
        // Not JSON after all: shown as plain text below.
      }
    }
    boolean html =
        trimmed.startsWith("<") || (type != null && type.subtype().equalsIgnoreCase("html"));
    String text = html ? trimmed.replaceAll("<[^>]*>", " ") : trimmed;
    return new ProviderError(clean(text, MAX_DETAIL), "", "");
  }

  private ProviderError fromErrorNode(JsonNode error) {
    while (error != null && error.isArray() && error.size() > 0) {
      error = error.get(0);
    }
    if (error == null || error.isNull()) {
      return ProviderError.NONE;
    }
    if (!error.isObject()) {
      return new ProviderError(clean(flatten(error, 0), MAX_DETAIL), "", "");
    }
    String type = word(error, "type");
    return new ProviderError(
        clean(flatten(error.get("message"), 0), MAX_DETAIL),
        clean(type.isEmpty() ? word(error, "status") : type, 60),
        clean(word(error, "code"), 60),
        quotaDetail(error));
  }

  /** Gemini's quota ids and retry delay, from its error's {@code details}, as one string. */
  private static String quotaDetail(JsonNode error) {
    JsonNode details = error.get("details");
    if (details == null || !details.isArray()) {
      return "";
    }
    StringBuilder said = new StringBuilder();
    for (JsonNode detail : details) {
      if (detail.has("retryDelay")) {
        said.append("retryDelay ");
      }
      for (JsonNode violation : detail.path("violations")) {
        said.append(violation.path("quotaId").asText("")).append(' ');
      }
    }
    return said.toString();
  }

  /** A field that names something (a type, a code): text or a number; never a placeholder. */
  private static String word(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull() || value.isContainerNode()) {
      return "";
    }
    return isPlaceholder(value.asText()) ? "" : value.asText();
  }

  /** What some servers write for nothing: LiteLLM's Python {@code None}, a JSON-ish null. */
  private static boolean isPlaceholder(String text) {
    String word = text.strip();
    return word.isEmpty() || word.equals("None") || word.equals("null") || word.equals("undefined");
  }

  /**
   * A message as text, whatever its shape: a string; a list, each item flattened and joined with
   * {@code ; }; an object with a {@code message}, {@code msg}, {@code detail} or {@code error}
   * (FastAPI's validation errors, {@code {loc: ["body", "stream_options"], msg}}, read {@code
   * stream_options: msg}); any other object as its fields' values. Never JSON punctuation.
   */
  private static String flatten(JsonNode node, int depth) {
    if (node == null || node.isNull() || depth > 4) {
      return "";
    }
    if (node.isValueNode()) {
      return isPlaceholder(node.asText()) ? "" : node.asText();
    }
    List<String> parts = new ArrayList<>();
    if (node.isArray()) {
      for (JsonNode item : node) {
        String part = flatten(item, depth + 1);
        if (!part.isEmpty() && parts.size() < 5) {
          parts.add(part);
        }
      }
      return String.join("; ", parts);
    }
    for (String field : new String[] {"message", "msg", "detail", "error"}) {
      String said = flatten(node.get(field), depth + 1);
      if (!said.isEmpty()) {
        String where = location(node.get("loc"));
        return where.isEmpty() ? said : where + ": " + said;
      }
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String part = flatten(entry.getValue(), depth + 1);
      if (!part.isEmpty() && parts.size() < 5) {
        parts.add(entry.getKey() + " " + part);
      }
    }
    return String.join("; ", parts);
  }

  /** FastAPI's {@code loc}, {@code ["body", "stream_options"]}, as {@code stream_options}. */
  private static String location(JsonNode loc) {
    if (loc == null || !loc.isArray()) {
      return "";
    }
    List<String> names = new ArrayList<>();
    for (JsonNode name : loc) {
      if (names.isEmpty() && name.asText().equals("body")) {
        continue;
      }
      names.add(name.asText());
    }
    return String.join(".", names);
  }
}
