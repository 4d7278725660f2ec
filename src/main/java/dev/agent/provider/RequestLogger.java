package dev.agent.provider;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Writes each request as it goes on the wire (method, URL, every header) and each answer's status
 * and headers to a {@link RequestLog}, never a body (it holds the conversation). The value of every
 * header that may carry a credential is written as {@code ****}, so are query parameter values, and
 * every line is passed through {@link Endpoint#redact}, so a key echoed anywhere does not show.
 */
final class RequestLogger implements Interceptor {
  /** Headers that carry credentials whatever the provider; compared in lower case. */
  static final Set<String> ALWAYS_SECRET =
      Set.of(
          "authorization",
          "proxy-authorization",
          "x-api-key",
          "api-key",
          "cookie",
          "set-cookie",
          "x-goog-api-key");

  private final Endpoint endpoint;
  private final RequestLog log;

  RequestLogger(Endpoint endpoint, RequestLog log) {
    this.endpoint = endpoint;
    this.log = log;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    long bodySize = request.body() == null ? -1 : request.body().contentLength();
    write(
        "→ "
            + request.method()
            + " "
            + withoutCredentials(request.url())
            + (bodySize >= 0 ? " (" + bodySize + " bytes)" : ""));
    headers(request.headers());
    long started = System.nanoTime();
    Response response;
    try {
      response = chain.proceed(request);
    } catch (IOException e) {
      write("← failed: " + e);
      throw e;
    }
    write(
        "← "
            + response.code()
            + " "
            + response.message()
            + " ("
            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)
            + " ms to headers)");
    headers(response.headers());
    return response;
  }

  /**
   * The URL with its user info gone and every query value but {@code api-version} blanked: a {@code
   * query_params} entry may be a key ({@code ?key=…}).
   */
  static String withoutCredentials(HttpUrl url) {
    HttpUrl.Builder shown = url.newBuilder().username("").password("");
    for (String name : url.queryParameterNames()) {
      if (!name.equalsIgnoreCase("api-version")) {
        shown.setQueryParameter(name, "****");
      }
    }
    return shown.build().toString();
  }

  private void headers(Headers headers) {
    for (int i = 0; i < headers.size(); i++) {
      String name = headers.name(i);
      write("  " + name + ": " + (isSecret(name) ? "****" : headers.value(i)));
    }
  }

  private boolean isSecret(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return ALWAYS_SECRET.contains(lower) || endpoint.credentialHeaders().contains(lower);
  }

  private void write(String line) {
    // A header value or URL cannot hold a line break, but an exception message might.
    log.write(endpoint.id() + " " + endpoint.redact(line).replaceAll("\\p{Cntrl}", " "));
  }
}
