package dev.agent.provider;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.agent.chat.ChatException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.Authenticator;
import okhttp3.Credentials;
import okhttp3.HttpUrl;

/**
 * The proxies named by {@code HTTPS_PROXY}, {@code HTTP_PROXY}, {@code ALL_PROXY} and {@code
 * NO_PROXY} (each also in lower case, which wins, as in curl and Python), which neither the JDK nor
 * OkHttp read. Rules, as curl and Go's {@code net/http} have them:
 *
 * <ul>
 *   <li>an {@code https} URL goes through {@code HTTPS_PROXY}, an {@code http} one through {@code
 *       HTTP_PROXY}, either through {@code ALL_PROXY} when its own is unset;
 *   <li>a proxy is {@code http://[USER:PASSWORD@]HOST[:PORT]} (no scheme means http; port 80 by
 *       default) or {@code socks5://HOST[:PORT]}; the credentials go only to that proxy, in {@code
 *       Proxy-Authorization};
 *   <li>{@code NO_PROXY} is a comma- or space-separated list: {@code *} for every host, {@code
 *       example.com} or {@code .example.com} for that host and every host under it, {@code
 *       host:port} for one port only;
 *   <li>loopback ({@code localhost}, {@code 127.0.0.0/8}, {@code ::1}) is never proxied, as in Go:
 *       a local model server is on this machine, never behind the company proxy.
 * </ul>
 */
final class EnvProxySelector extends ProxySelector {
  private static final List<Proxy> DIRECT = List.of(Proxy.NO_PROXY);
  private static final Pattern SEPARATORS = Pattern.compile("[,\\s]+");

  /** One proxy and the credentials its URL carried. */
  private record ProxyUrl(Proxy proxy, String host, int port, String user, String password) {}

  /** One {@code NO_PROXY} entry; {@code port} is -1 for any. */
  private record Bypass(String domain, int port) {
    boolean matches(String host, int hostPort) {
      return (port < 0 || port == hostPort)
          && (domain.equals("*") || host.equals(domain) || host.endsWith("." + domain));
    }
  }

  private final ProxyUrl http;
  private final ProxyUrl https;
  private final List<Bypass> bypass;

  private EnvProxySelector(ProxyUrl http, ProxyUrl https, List<Bypass> bypass) {
    this.http = http;
    this.https = https;
    this.bypass = List.copyOf(bypass);
  }

  /**
   * The proxies of this environment, or empty when it names none (then OkHttp's default applies).
   *
   * @throws ChatException of kind {@code SETUP} when a variable holds something that is not a proxy
   *     URL (the value is not shown: it may hold a password)
   */
  static Optional<EnvProxySelector> from(Map<String, String> env) throws ChatException {
    ProxyUrl all = parse(env, "all_proxy");
    ProxyUrl http = parse(env, "http_proxy");
    ProxyUrl https = parse(env, "https_proxy");
    http = http != null ? http : all;
    https = https != null ? https : all;
    if (http == null && https == null) {
      return Optional.empty();
    }
    List<Bypass> bypass = new ArrayList<>();
    SEPARATORS
        .splitAsStream(variable(env, "no_proxy"))
        .filter(entry -> !entry.isEmpty())
        .forEach(entry -> bypass.add(bypass(entry.toLowerCase(Locale.ROOT))));
    return Optional.of(new EnvProxySelector(http, https, bypass));
  }

  /** The lower-case variable, else the upper-case one; empty when neither is set. */
  private static String variable(Map<String, String> env, String lower) {
    String value = env.get(lower);
    if (value == null || value.isBlank()) {
      value = env.get(lower.toUpperCase(Locale.ROOT));
    }
    return value == null ? "" : value.strip();
  }

  private static ProxyUrl parse(Map<String, String> env, String lower) throws ChatException {
    String value = variable(env, lower);
    if (value.isEmpty()) {
      return null;
    }
    String own = env.get(lower);
    String name = own != null && !own.isBlank() ? lower : lower.toUpperCase(Locale.ROOT);
    Proxy.Type type = Proxy.Type.HTTP;
    String url = value;
    int colon = value.indexOf("://");
    if (colon < 0) {
      url = "http://" + value;
    } else {
      String scheme = value.substring(0, colon).toLowerCase(Locale.ROOT);
      if (scheme.equals("socks5") || scheme.equals("socks5h") || scheme.equals("socks")) {
        type = Proxy.Type.SOCKS;
        url = "http://" + value.substring(colon + 3);
      } else if (!scheme.equals("http")) {
        throw badProxy(name, "http:// or socks5://, not " + scheme + "://");
      }
    }
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) {
      throw badProxy(name, "http://[USER:PASSWORD@]HOST:PORT");
    }
    String authority = url.substring("http://".length()).replaceFirst("[/?#].*", "");
    boolean portGiven = authority.substring(authority.lastIndexOf('@') + 1).matches(".*:\\d+");
    int port = portGiven || type == Proxy.Type.HTTP ? parsed.port() : 1080;
    InetSocketAddress address = InetSocketAddress.createUnresolved(parsed.host(), port);
    return new ProxyUrl(
        new Proxy(type, address), parsed.host(), port, parsed.username(), parsed.password());
  }

  private static ChatException badProxy(String variable, String expected) {
    return new ChatException(
        ChatException.Kind.SETUP,
        variable + " is not a usable proxy URL (expected " + expected + "); fix or unset it");
  }

  private static Bypass bypass(String entry) {
    String host = entry;
    int port = -1;
    if (entry.startsWith("[")) {
      int close = entry.indexOf(']');
      host = close < 0 ? entry.substring(1) : entry.substring(1, close);
      if (close >= 0 && entry.startsWith(":", close + 1)) {
        port = port(entry.substring(close + 2));
      }
    } else if (entry.indexOf(':') >= 0 && entry.indexOf(':') == entry.lastIndexOf(':')) {
      host = entry.substring(0, entry.indexOf(':'));
      port = port(entry.substring(entry.indexOf(':') + 1));
    }
    while (host.startsWith(".") || host.startsWith("*.")) {
      host = host.substring(host.indexOf('.') + 1);
    }
    return new Bypass(host, port);
  }

  private static int port(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public List<Proxy> select(URI uri) {
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    boolean secure = "https".equalsIgnoreCase(uri.getScheme());
    int port = uri.getPort() >= 0 ? uri.getPort() : secure ? 443 : 80;
    ProxyUrl proxy = secure ? https : http;
    if (proxy == null || isLoopback(host)) {
      return DIRECT;
    }
    for (Bypass rule : bypass) {
      if (rule.matches(host, port)) {
        return DIRECT;
      }
    }
    return List.of(proxy.proxy());
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost")
        || host.endsWith(".localhost")
        || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")
        || host.equals("::1")
        || host.equals("0:0:0:0:0:0:0:1");
  }

  @Override
  public void connectFailed(URI uri, SocketAddress address, IOException e) {
    // OkHttp reports the failure to the caller itself; there is no other proxy to fall back to.
  }

  /**
   * Answers a proxy's request for credentials ({@code 407}, or OkHttp's pre-emptive challenge
   * before a tunnel) with the user and password of that proxy's URL, once: a second challenge means
   * they were refused.
   */
  Authenticator authenticator() {
    return (route, response) -> {
      if (route == null || response.request().header("Proxy-Authorization") != null) {
        return null;
      }
      ProxyUrl proxy = byAddress(route.proxy().address());
      if (proxy == null || proxy.user().isEmpty()) {
        return null;
      }
      return response
          .request()
          .newBuilder()
          .header("Proxy-Authorization", Credentials.basic(proxy.user(), proxy.password(), UTF_8))
          .build();
    };
  }

  private ProxyUrl byAddress(SocketAddress address) {
    if (!(address instanceof InetSocketAddress inet)) {
      return null;
    }
    for (ProxyUrl proxy : new ProxyUrl[] {https, http}) {
      if (proxy != null
          && proxy.host().equalsIgnoreCase(inet.getHostString())
          && proxy.port() == inet.getPort()) {
        return proxy;
      }
    }
    return null;
  }

  /** The proxy passwords, to be blanked out of messages. */
  List<Secret> secrets() {
    List<Secret> secrets = new ArrayList<>();
    for (ProxyUrl proxy : new ProxyUrl[] {https, http}) {
      if (proxy != null && !proxy.password().isEmpty()) {
        secrets.add(new Secret(proxy.password()));
        // What Proxy-Authorization carries, in case a proxy echoes the header it was sent.
        String basic = Credentials.basic(proxy.user(), proxy.password(), UTF_8);
        secrets.add(new Secret(basic.substring(basic.indexOf(' ') + 1)));
      }
    }
    return secrets;
  }
}
