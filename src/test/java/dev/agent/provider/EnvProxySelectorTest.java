package dev.agent.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent.chat.ChatException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which URL goes through which proxy, as curl and Go read the same variables. */
class EnvProxySelectorTest {

  private static EnvProxySelector selector(String... env) throws ChatException {
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i < env.length; i += 2) {
      map.put(env[i], env[i + 1]);
    }
    return EnvProxySelector.from(map).orElseThrow();
  }

  private static String route(EnvProxySelector selector, String url) {
    Proxy proxy = selector.select(URI.create(url)).get(0);
    if (proxy.type() == Proxy.Type.DIRECT) {
      return "direct";
    }
    InetSocketAddress address = (InetSocketAddress) proxy.address();
    return proxy.type() + " " + address.getHostString() + ":" + address.getPort();
  }

  @Test
  void noVariablesMeansNoSelector() throws ChatException {
    assertEquals(Optional.empty(), EnvProxySelector.from(Map.of("NO_PROXY", "example.com")));
    assertEquals(Optional.empty(), EnvProxySelector.from(Map.of("HTTPS_PROXY", "  ")));
  }

  @Test
  void eachSchemeHasItsOwnProxyAndAllProxyFillsTheGap() throws ChatException {
    EnvProxySelector both =
        selector("HTTPS_PROXY", "http://secure.corp:3128", "HTTP_PROXY", "plain.corp:8080");
    assertEquals("HTTP secure.corp:3128", route(both, "https://api.openai.com/v1"));
    assertEquals("HTTP plain.corp:8080", route(both, "http://gpu-box:11434/v1"));

    EnvProxySelector httpsOnly = selector("https_proxy", "http://secure.corp:3128");
    assertEquals("direct", route(httpsOnly, "http://gpu-box:11434/v1"));

    EnvProxySelector all =
        selector("ALL_PROXY", "socks5://socks.corp", "HTTP_PROXY", "http://plain.corp");
    assertEquals("SOCKS socks.corp:1080", route(all, "https://api.openai.com/v1"));
    assertEquals("HTTP plain.corp:80", route(all, "http://gpu-box/v1"));
  }

  @Test
  void lowerCaseWins() throws ChatException {
    EnvProxySelector selector =
        selector("HTTPS_PROXY", "http://upper.corp:1", "https_proxy", "http://lower.corp:2");
    assertEquals("HTTP lower.corp:2", route(selector, "https://api.openai.com/v1"));
  }

  @Test
  void noProxyMatchesHostsDomainsPortsAndStar() throws ChatException {
    EnvProxySelector selector =
        selector(
            "HTTPS_PROXY", "http://proxy.corp:3128",
            "HTTP_PROXY", "http://proxy.corp:3128",
            "NO_PROXY", "internal.corp, .lab.corp gpu-box:8000,10.1.2.3,[fd00::1]:443");

    assertEquals("direct", route(selector, "https://internal.corp/v1"));
    assertEquals("direct", route(selector, "https://llm.internal.corp/v1"));
    assertEquals("HTTP proxy.corp:3128", route(selector, "https://notinternal.corp/v1"));
    assertEquals("direct", route(selector, "https://lab.corp/v1"));
    assertEquals("direct", route(selector, "https://a.b.lab.corp/v1"));
    assertEquals("direct", route(selector, "http://gpu-box:8000/v1"));
    assertEquals("HTTP proxy.corp:3128", route(selector, "http://gpu-box:9000/v1"));
    assertEquals("direct", route(selector, "http://10.1.2.3/v1"));
    assertEquals("direct", route(selector, "https://[fd00::1]/v1"));
    assertEquals("HTTP proxy.corp:3128", route(selector, "http://[fd00::1]/v1"));
    assertEquals("HTTP proxy.corp:3128", route(selector, "https://api.openai.com/v1"));

    EnvProxySelector star = selector("HTTPS_PROXY", "http://proxy.corp:3128", "no_proxy", "*");
    assertEquals("direct", route(star, "https://api.openai.com/v1"));
  }

  @Test
  void loopbackIsNeverProxied() throws ChatException {
    EnvProxySelector selector =
        selector("HTTP_PROXY", "http://proxy.corp:3128", "HTTPS_PROXY", "http://proxy.corp:3128");
    for (String url :
        List.of(
            "http://localhost:11434/v1",
            "http://127.0.0.1:1234/v1",
            "http://127.1.2.3/v1",
            "http://[::1]:11434/v1",
            "https://ollama.localhost/v1")) {
      assertEquals("direct", route(selector, url), url);
    }
    assertEquals("HTTP proxy.corp:3128", route(selector, "http://127.evil.example/v1"));
  }

  @Test
  void aValueThatIsNotAProxyUrlIsRefusedWithoutShowingIt() {
    for (String value :
        List.of("https://user:hunter2-secret@proxy.corp:3128", "ftp://hunter2-secret", "http://")) {
      ChatException e =
          assertThrows(
              ChatException.class, () -> EnvProxySelector.from(Map.of("HTTPS_PROXY", value)));
      assertEquals(ChatException.Kind.SETUP, e.kind());
      assertTrue(
          e.getMessage().startsWith("HTTPS_PROXY is not a usable proxy URL"), e.getMessage());
      assertTrue(!e.getMessage().contains("hunter2"), e.getMessage());
    }
  }

  @Test
  void theProxyPasswordAndTheBasicPairItTravelsInAreSecrets() throws ChatException {
    EnvProxySelector selector = selector("HTTPS_PROXY", "http://alice:p%40ss-w0rd@proxy.corp:3128");
    assertEquals(
        List.of("p@ss-w0rd", "YWxpY2U6cEBzcy13MHJk"), // base64 of alice:p@ss-w0rd
        selector.secrets().stream().map(Secret::reveal).toList());
  }
}
