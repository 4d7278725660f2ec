package dev.agent.provider;

import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Follows redirects only within the origin (scheme, host and port) the request was made to, so that
 * keys and every other header never reach another server: OkHttp's own redirects would carry {@code
 * x-api-key}, {@code api-key} and custom headers anywhere (it strips only {@code Authorization}),
 * and would follow https to http. A redirect elsewhere, or one that would turn a POST into a GET
 * (301, 302, 303), is handed back as it came, and reported as a failure that names the new address.
 *
 * <p>The client it is installed on must have OkHttp's redirects switched off.
 */
final class SameOriginRedirects implements Interceptor {
  /** As many as any sane API needs; a loop ends here. */
  static final int MAX_REDIRECTS = 5;

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    HttpUrl origin = request.url();
    for (int followed = 0; ; followed++) {
      Response response = chain.proceed(request);
      HttpUrl target = target(response);
      boolean keepsMethod =
          response.code() == 307 || response.code() == 308 || request.method().equals("GET");
      if (target == null
          || !sameOrigin(origin, target)
          || !keepsMethod
          || followed == MAX_REDIRECTS) {
        return response;
      }
      response.close();
      request = request.newBuilder().url(target).build();
    }
  }

  /** Where a redirect points, or null when the response is not one. */
  static HttpUrl target(Response response) {
    int code = response.code();
    boolean redirect = code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
    String location = response.header("Location");
    return redirect && location != null ? response.request().url().resolve(location) : null;
  }

  static boolean sameOrigin(HttpUrl a, HttpUrl b) {
    return a.scheme().equals(b.scheme()) && a.host().equals(b.host()) && a.port() == b.port();
  }
}
