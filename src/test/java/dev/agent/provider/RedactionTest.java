package dev.agent.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agent.config.ProviderConfig;
import dev.agent.testing.TestProviders;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every value agent sends as a credential is blanked out of messages in each form a server or proxy
 * may echo it: as sent, URL-encoded, HTML-escaped, in another case, and a proxy's Basic
 * credentials.
 */
class RedactionTest {
  private static final String KEY = "sk-Proj/Ab+Cd=Ef<g>&\"h'0123456789";

  private static Endpoint endpoint(ProviderConfig provider, Map<String, String> env)
      throws Exception {
    Endpoint endpoint = Endpoint.resolve(provider, env);
    return EnvProxySelector.from(env)
        .map(proxies -> endpoint.withSecrets(proxies.secrets()))
        .orElse(endpoint);
  }

  @Test
  void theKeyIsBlankedOutInEveryFormItMayBeEchoed() throws Exception {
    Endpoint endpoint =
        endpoint(
            TestProviders.openai("https://api.example.test/v1"), Map.of("OPENAI_API_KEY", KEY));
    String html =
        KEY.replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace("\"", "&quot;")
            .replace("'", "&#39;");

    assertEquals(
        "a **** b **** c **** d **** e ****",
        endpoint.redact(
            "a "
                + KEY
                + " b "
                + URLEncoder.encode(KEY, StandardCharsets.UTF_8)
                + " c "
                + URLEncoder.encode(KEY, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT)
                + " d "
                + html
                + " e "
                + KEY.toUpperCase(Locale.ROOT)));
  }

  @Test
  void keysWrittenIntoHeadersOrQueryParametersAreSecretsToo() throws Exception {
    ProviderConfig provider =
        TestProviders.builder("gw")
            .baseUrl("https://gw.example.test/v1")
            .defaultModel("m")
            .httpHeaders(
                Map.of("Authorization", "Bearer gw-token-0123456789", "X-Team", "blue-team"))
            .queryParams(Map.of("key", "AIzaSyQueryKey0123", "api-version", "2024-10-21"))
            .build();

    assertEquals(
        "**** and **** and **** but blue-team and 2024-10-21 stay",
        endpoint(provider, Map.of())
            .redact(
                "gw-token-0123456789 and AIzaSyQueryKey0123 and Bearer gw-token-0123456789 but"
                    + " blue-team and 2024-10-21 stay"));
  }

  @Test
  void aProxysBasicCredentialsAreBlankedOut() throws Exception {
    Map<String, String> env =
        Map.of(
            "OPENAI_API_KEY", "sk-0123456789", "HTTPS_PROXY", "http://alice:pr0xy-pw@proxy:3128");
    String basic =
        Base64.getEncoder().encodeToString("alice:pr0xy-pw".getBytes(StandardCharsets.UTF_8));

    assertEquals(
        "proxy said Basic **** and ****",
        endpoint(TestProviders.openai("https://api.example.test/v1"), env)
            .redact("proxy said Basic " + basic + " and pr0xy-pw"));
  }
}
