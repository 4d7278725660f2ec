package dev.agent.provider;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent.chat.ChatException;
import dev.agent.chat.ChatRequest;
import dev.agent.chat.Message;
import dev.agent.config.AuthScheme;
import dev.agent.config.ProviderConfig;
import dev.agent.config.WireApi;
import dev.agent.testing.RecordingListener;
import dev.agent.testing.StreamBodies;
import dev.agent.testing.TestProviders;
import dev.agent.testing.TestServers;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Credentials;
import okhttp3.Protocol;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The environment's proxies and a provider's {@code ca_file}, against a loopback server that plays
 * the proxy, the private endpoint, or both.
 */
class ProxyAndTlsTest {
  private static final String KEY = "sk-proxy-test-key-0123456789";
  private static final ChatRequest REQUEST = new ChatRequest("gpt-4o", List.of(Message.user("Hi")));
  private static final List<String> HELLO =
      List.of(
          "text:Hello",
          "text:!",
          "text: How",
          "text: can",
          "text: I",
          "text: help",
          "text: you",
          "text: today",
          "text:?",
          "completed:19/10:stop");

  /** A private CA, and a certificate it signed for the names the tests connect to. */
  private static final HeldCertificate ROOT =
      new HeldCertificate.Builder().certificateAuthority(0).commonName("Test Corp CA").build();

  private static final HeldCertificate SERVER =
      new HeldCertificate.Builder()
          .signedBy(ROOT)
          .addSubjectAlternativeName("localhost")
          .addSubjectAlternativeName("api.example.test")
          .build();

  @TempDir Path dir;
  // Not @StartStop: a test that speaks HTTPS must say so before the server starts.
  private final MockWebServer server = TestServers.failFast();

  @AfterEach
  void stop() {
    server.close();
  }

  private void useHttps() throws Exception {
    server.useHttps(
        new HandshakeCertificates.Builder()
            .heldCertificate(SERVER, ROOT.certificate())
            .build()
            .sslSocketFactory());
    server.start();
  }

  private static ProviderConfig provider(String baseUrl, String caFile) {
    return TestProviders.builder("corp")
        .name("Corp gateway")
        .baseUrl(baseUrl)
        .envKey("CORP_API_KEY")
        .defaultModel("gpt-4o")
        .wireApi(WireApi.CHAT)
        .auth(AuthScheme.BEARER)
        .caFile(caFile)
        .build();
  }

  private Path rootPem() throws Exception {
    Path pem = dir.resolve("corp-ca.pem");
    Files.writeString(pem, "Test Corp CA\n" + ROOT.certificatePem(), UTF_8);
    return pem;
  }

  private List<String> stream(ProviderConfig provider, Map<String, String> env) throws Exception {
    RecordingListener listener = new RecordingListener();
    try (ProviderRegistry registry = new ProviderRegistry(TestProviders.config(provider), env)) {
      registry.client(provider).stream(REQUEST, listener);
      return listener.awaitEnd();
    }
  }

  @Test
  void anHttpUrlGoesThroughHttpProxyWhichGetsItsCredentialsWhenItAsks() throws Exception {
    server.start();
    server.enqueue(
        new MockResponse.Builder()
            .code(407)
            .setHeader("Proxy-Authenticate", "Basic realm=\"corp\"")
            .build());
    server.enqueue(StreamBodies.replay("openai-chat.sse"));
    Map<String, String> env =
        Map.of(
            "CORP_API_KEY",
            KEY,
            "HTTP_PROXY",
            "http://alice:s3cr3t%21pass@127.0.0.1:" + server.getPort());

    List<String> events = stream(provider("http://api.example.test/v1", ""), env);

    assertEquals(HELLO, events);
    RecordedRequest challenged = server.takeRequest();
    assertEquals(
        "POST http://api.example.test/v1/chat/completions HTTP/1.1", challenged.getRequestLine());
    assertNull(challenged.getHeaders().get("Proxy-Authorization"));
    RecordedRequest answered = server.takeRequest();
    assertEquals(
        Credentials.basic("alice", "s3cr3t!pass", UTF_8),
        answered.getHeaders().get("Proxy-Authorization"));
    assertEquals("Bearer " + KEY, answered.getHeaders().get("Authorization"));
  }

  @Test
  void refusedProxyCredentialsSaySo() throws Exception {
    server.start();
    for (int i = 0; i < 2; i++) {
      server.enqueue(
          new MockResponse.Builder()
              .code(407)
              .setHeader("Proxy-Authenticate", "Basic realm=\"corp\"")
              .build());
    }
    Map<String, String> env =
        Map.of(
            "CORP_API_KEY",
            KEY,
            "http_proxy",
            "http://alice:wrong-password@127.0.0.1:" + server.getPort());

    List<String> events = stream(provider("http://api.example.test/v1", ""), env);

    assertEquals(
        List.of(
            "failed:SETUP:corp: the proxy refused the request (HTTP 407); check the user and"
                + " password in HTTPS_PROXY or HTTP_PROXY"),
        events);
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void aPrivateEndpointIsTrustedThroughItsCaFileAndOnlyThen() throws Exception {
    useHttps();
    server.enqueue(StreamBodies.replay("openai-chat.sse"));
    String base = "https://localhost:" + server.getPort() + "/v1";
    Map<String, String> env = Map.of("CORP_API_KEY", KEY);

    List<String> untrusted = stream(provider(base, ""), env);
    List<String> trusted = stream(provider(base, rootPem().toString()), env);

    assertEquals(1, untrusted.size(), untrusted.toString());
    assertTrue(
        untrusted
            .get(0)
            .startsWith("failed:UNREACHABLE:corp: secure connection to localhost failed ("),
        untrusted.get(0));
    assertEquals(HELLO, trusted);
  }

  /**
   * agent reads a stream's body without Okio's timeout (whose watchdog thread woke twice per
   * event): over TLS, with no socket read timeout under it, the stall watchdog still ends a reply
   * the server stops sending.
   */
  @ParameterizedTest
  @CsvSource({"HTTP_1_1, HTTP/1.1", "HTTP_2, HTTP/2"})
  void silenceMidStreamOverHttpsIsStillATimeout(Protocol protocol, String version)
      throws Exception {
    server.setProtocols(
        protocol == Protocol.HTTP_2 ? List.of(protocol, Protocol.HTTP_1_1) : List.of(protocol));
    useHttps();
    String body = StreamBodies.recorded("openai-chat.sse");
    int firstEvent =
        body.substring(0, body.indexOf("\n\n", body.indexOf("\"Hello\"")) + 2)
            .getBytes(UTF_8)
            .length;
    server.enqueue(
        StreamBodies.eventStreamBuilder(body)
            .throttleBody(firstEvent, 20, TimeUnit.SECONDS)
            .build());
    ProviderConfig corp =
        provider("https://localhost:" + server.getPort() + "/v1", rootPem().toString()).toBuilder()
            // Room for a TLS handshake on a loaded machine.
            .streamIdleTimeout(Duration.ofSeconds(2))
            .build();

    List<String> events = stream(corp, Map.of("CORP_API_KEY", KEY));

    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertEquals(version, request.getVersion().toUpperCase(Locale.ROOT));
    assertEquals(
        List.of(
            "text:Hello",
            "failed:TIMEOUT:corp: the server sent no reply for 2 s, only keep-alives or nothing;"
                + " try again"),
        events);
  }

  @Test
  void anHttpsUrlTunnelsThroughTheProxyWithCredentialsAndTheCaFile() throws Exception {
    useHttps();
    server.enqueue(new MockResponse.Builder().inTunnel().build());
    server.enqueue(StreamBodies.replay("openai-chat.sse"));
    Map<String, String> env =
        Map.of(
            "CORP_API_KEY",
            KEY,
            "HTTPS_PROXY",
            "http://bob:tunnel-pass@127.0.0.1:" + server.getPort());

    List<String> events =
        stream(provider("https://api.example.test/v1", rootPem().toString()), env);

    assertEquals(HELLO, events);
    RecordedRequest connect = server.takeRequest();
    assertEquals("CONNECT api.example.test:443 HTTP/1.1", connect.getRequestLine());
    assertEquals(
        Credentials.basic("bob", "tunnel-pass", UTF_8),
        connect.getHeaders().get("Proxy-Authorization"));
    assertNull(connect.getHeaders().get("Authorization")); // the key stays inside the tunnel
    RecordedRequest inside = server.takeRequest();
    assertEquals("/v1/chat/completions", inside.getUrl().encodedPath());
    assertEquals("Bearer " + KEY, inside.getHeaders().get("Authorization"));
    assertNull(inside.getHeaders().get("Proxy-Authorization"));
  }

  @Test
  void aCaFileThatCannotBeUsedIsASetupErrorNamingIt() throws Exception {
    Path garbage = dir.resolve("garbage.pem");
    Files.writeString(garbage, "-----BEGIN CERTIFICATE-----\nnot base64!\n", UTF_8);
    Path empty = dir.resolve("empty.pem");
    Files.writeString(empty, "", UTF_8);
    Map<String, String> env = Map.of("CORP_API_KEY", KEY);

    for (Map.Entry<Path, String> entry :
        Map.of(
                dir.resolve("missing.pem"),
                "does not exist",
                garbage,
                "is not a PEM certificate file",
                empty,
                "holds no certificate")
            .entrySet()) {
      ProviderConfig corp = provider("https://api.example.test/v1", entry.getKey().toString());
      ProviderRegistry registry = new ProviderRegistry(TestProviders.config(corp), env);

      ChatException e = assertThrows(ChatException.class, () -> registry.client(corp));

      assertEquals(ChatException.Kind.SETUP, e.kind());
      assertEquals(
          "corp: ca_file "
              + entry.getKey()
              + " "
              + entry.getValue()
              + "; fix ca_file under [model_providers.corp] in config.toml",
          e.getMessage());
    }
  }

  @Test
  void aCaFileThatIsNotARegularFileOrIsHugeIsRefusedAtOnce() throws Exception {
    Path fifo = dir.resolve("fifo.pem");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    // 2 GiB of nothing, written in no time: a sparse file.
    Path huge = dir.resolve("huge.pem");
    try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
      file.setLength(2L << 30);
    }
    Map<String, String> env = Map.of("CORP_API_KEY", KEY);

    for (Map.Entry<Path, String> entry :
        Map.of(
                Path.of("/dev/zero"),
                "is not a regular file (expected a PEM certificate file)",
                fifo,
                "is not a regular file (expected a PEM certificate file)",
                huge,
                "is larger than 4 MiB, far more than any certificate file")
            .entrySet()) {
      ProviderConfig corp = provider("https://api.example.test/v1", entry.getKey().toString());
      ProviderRegistry registry = new ProviderRegistry(TestProviders.config(corp), env);

      ChatException e =
          assertTimeoutPreemptively(
              Duration.ofSeconds(10),
              () -> assertThrows(ChatException.class, () -> registry.client(corp)),
              "refused at once: " + entry.getKey());

      assertEquals(
          "corp: ca_file "
              + entry.getKey()
              + " "
              + entry.getValue()
              + "; fix ca_file under [model_providers.corp] in config.toml",
          e.getMessage());
    }
  }

  @Test
  void aBadProxyVariableStopsTheRequestBeforeAnythingIsSent() throws Exception {
    ProviderConfig corp = provider("https://api.example.test/v1", "");
    ProviderRegistry registry =
        new ProviderRegistry(
            TestProviders.config(corp),
            Map.of("CORP_API_KEY", KEY, "HTTPS_PROXY", "https://proxy.corp:3128"));

    ChatException e = assertThrows(ChatException.class, () -> registry.client(corp));

    assertEquals(
        "HTTPS_PROXY is not a usable proxy URL (expected http:// or socks5://, not https://); fix"
            + " or unset it",
        e.getMessage());
  }
}
