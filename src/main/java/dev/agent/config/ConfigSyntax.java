package dev.agent.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** What the values of a configuration must look like: URLs, header names, variable names. */
final class ConfigSyntax {
  private static final Pattern ENV_VAR_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern PROVIDER_ID = Pattern.compile("[A-Za-z0-9_-]+");
  // RFC 9110 token: the characters a header name may use.
  private static final Pattern HTTP_TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private ConfigSyntax() {}

  /**
   * The base URL without trailing slashes, or empty when {@code url} is not an absolute http or
   * https URL with a host and without query or fragment (those would break the paths appended to
   * it).
   */
  static Optional<String> baseUrl(String url) {
    String trimmed = url;
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    URI uri;
    try {
      uri = new URI(trimmed);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean usable =
        (scheme.equals("http") || scheme.equals("https"))
            && uri.getHost() != null
            && uri.getRawUserInfo() == null
            && uri.getRawQuery() == null
            && uri.getRawFragment() == null;
    return usable ? Optional.of(trimmed) : Optional.empty();
  }

  /**
   * Whether {@code url} carries a user name or password ({@code https://user:pass@host/}), told
   * from its text alone so that even a URL that does not parse is never echoed with one.
   */
  static boolean hasUserInfo(String url) {
    int scheme = url.indexOf("://");
    if (scheme < 0) {
      return false;
    }
    int end = url.indexOf('/', scheme + 3);
    String authority = end < 0 ? url.substring(scheme + 3) : url.substring(scheme + 3, end);
    return authority.contains("@");
  }

  /** Whether {@code name} can name an environment variable portably. */
  static boolean isEnvVarName(String name) {
    return ENV_VAR_NAME.matcher(name).matches();
  }

  /** Whether {@code id} can be typed after {@code --provider} and in a dotted {@code -c} key. */
  static boolean isProviderId(String id) {
    return PROVIDER_ID.matcher(id).matches();
  }

  /** Whether {@code name} is a valid HTTP header name. */
  static boolean isHeaderName(String name) {
    return HTTP_TOKEN.matcher(name).matches();
  }

  /**
   * Whether {@code value} may be sent as an HTTP header value: printable ASCII and spaces only. A
   * CR or LF would split the request; other control characters and non-ASCII are refused by the
   * HTTP client at request time, so they are refused here, where the user can be told where.
   */
  static boolean isHeaderValue(String value) {
    return value.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
  }

  /** {@code text} with control characters written as escapes, safe to print on one line. */
  static String printable(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                  if (c < 0x20 || c == 0x7f) {
                    out.append(String.format(Locale.ROOT, "\\u%04x", c));
                  } else {
                    out.appendCodePoint(c);
                  }
                }
              }
            });
    return out.toString();
  }
}
