package dev.agent.provider;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agent.chat.ChatException;
import dev.agent.config.AgentConfig;
import dev.agent.config.ProviderConfig;
import dev.agent.config.WireApi;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import okhttp3.ConnectionPool;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;

/**
 * Every provider of the configuration, and a client for each. Owns the process's one HTTP client:
 * each provider's client shares its connection pool and threads, with the provider's own timeouts,
 * trusted certificates, and the proxies of the environment. Thread-safe.
 *
 * <p>The HTTP client never re-sends a request on its own: a streamed reply is retried only as the
 * provider's {@code request_max_retries} allows, before any text arrived, and each retry is told to
 * the listener as a {@link dev.agent.chat.StreamEvent.Retrying}. Keys and other credentials go only
 * to the provider's own origin: redirects elsewhere are not followed.
 */
public final class ProviderRegistry implements AutoCloseable {
  static final String USER_AGENT = "agent/0.1.0";
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final AgentConfig config;
  private final Map<String, String> env;
  private final Supplier<OkHttpClient> httpFactory;

  /**
   * The shared client, made on first use: building it (and the JSON mapper) loads much of OkHttp
   * and Jackson, which the chat screen does not need before its first frame. Guarded by this.
   */
  private OkHttpClient http;

  /** {@link #http} with TLS set up, made on first use. Guarded by this. */
  private OkHttpClient tlsHttp;

  /** Guarded by this. */
  private ObjectMapper json;

  private final Backoff backoff;
  private final Consumer<String> warnings;
  private final RequestLog requestLog;

  /**
   * By the whole provider, not its id: a profile picked in the chat gives a provider other fields
   * (its extra_body), which its client reads on every request.
   */
  private final ConcurrentMap<ProviderConfig, ChatClient> clients = new ConcurrentHashMap<>();

  private final Set<String> warnedInTheClear = ConcurrentHashMap.newKeySet();

  /** Keys entered in the chat ({@link #useKey}), by provider id; in memory only. */
  private final ConcurrentMap<String, Secret> enteredKeys = new ConcurrentHashMap<>();

  /**
   * A registry that drops its warnings and logs no requests.
   *
   * @param env where keys, {@code env_http_headers} values and proxy settings are read from
   */
  public ProviderRegistry(AgentConfig config, Map<String, String> env) {
    this(config, env, warning -> {}, RequestLog.NONE);
  }

  /**
   * @param env where keys, {@code env_http_headers} values and proxy settings are read from
   * @param warnings receives one line for the user per problem worth knowing that does not stop a
   *     request (a key about to travel over plain {@code http://}, once per provider), on the
   *     thread that asked for the client; the command line prints it to standard error, the UI
   *     shows it in its status line
   * @param requestLog receives the {@code --debug} log of requests, credentials blanked out
   */
  public ProviderRegistry(
      AgentConfig config,
      Map<String, String> env,
      Consumer<String> warnings,
      RequestLog requestLog) {
    this(config, env, ProviderRegistry::defaultHttpClient, Backoff.system(), warnings, requestLog);
  }

  /** For tests: {@code http} must be built from {@link #defaultHttpClient()}. */
  ProviderRegistry(AgentConfig config, Map<String, String> env, OkHttpClient http) {
    this(config, env, http, Backoff.system());
  }

  /** For tests: a {@code backoff} whose timer and clock the test controls. */
  ProviderRegistry(
      AgentConfig config, Map<String, String> env, OkHttpClient http, Backoff backoff) {
    this(config, env, http, backoff, warning -> {}, RequestLog.NONE);
  }

  ProviderRegistry(
      AgentConfig config,
      Map<String, String> env,
      OkHttpClient http,
      Backoff backoff,
      Consumer<String> warnings,
      RequestLog requestLog) {
    this(config, env, () -> http, backoff, warnings, requestLog);
    this.http = requireNonNull(http, "http");
  }

  private ProviderRegistry(
      AgentConfig config,
      Map<String, String> env,
      Supplier<OkHttpClient> httpFactory,
      Backoff backoff,
      Consumer<String> warnings,
      RequestLog requestLog) {
    this.config = requireNonNull(config, "config");
    this.env = Map.copyOf(env);
    this.httpFactory = httpFactory;
    this.backoff = requireNonNull(backoff, "backoff");
    this.warnings = requireNonNull(warnings, "warnings");
    this.requestLog = requireNonNull(requestLog, "requestLog");
  }

  /**
   * The process's HTTP client, before any provider's settings are applied. It never re-sends a
   * request by itself and follows no redirect: both are decided per provider. It speaks plain HTTP
   * only: setting up TLS (reading the system's trusted certificates) costs a noticeable part of
   * start-up, so it is done the first time a provider needs it (see {@link #tlsHttp()}), and never
   * for a local server over {@code http://}.
   */
  static OkHttpClient defaultHttpClient() {
    return new OkHttpClient.Builder()
        .connectionSpecs(List.of(ConnectionSpec.CLEARTEXT))
        .connectTimeout(CONNECT_TIMEOUT)
        .retryOnConnectionFailure(false)
        .followRedirects(false)
        .followSslRedirects(false)
        .addInterceptor(
            chain -> {
              if (chain.request().header("User-Agent") != null) {
                return chain.proceed(chain.request());
              }
              return chain.proceed(
                  chain.request().newBuilder().header("User-Agent", USER_AGENT).build());
            })
        .build();
  }

  /** Every provider, in the configuration's order. */
  public List<ProviderConfig> providers() {
    return List.copyOf(config.providers().values());
  }

  /**
   * Whether the provider's key was entered in the chat, is in the environment, or comes from a
   * command (which is not run to tell).
   */
  public KeyStatus keyStatus(ProviderConfig provider) {
    if (provider.needsKey() && enteredKeys.containsKey(provider.id())) {
      return KeyStatus.ENTERED;
    }
    if (provider.authCommand().isPresent()) {
      return KeyStatus.COMMAND;
    }
    if (!provider.needsKey()) {
      return KeyStatus.NOT_NEEDED;
    }
    if (provider.bearerToken().isPresent()) {
      return KeyStatus.IN_FILE;
    }
    String value = env.get(provider.envKey());
    return value == null || value.isBlank() ? KeyStatus.NOT_SET : KeyStatus.SET;
  }

  /**
   * Uses {@code key} for the provider with {@code provider}'s id, in place of its key from the
   * environment, the config file or a command, for the rest of this process: kept in memory only,
   * never written anywhere. Requests carry it exactly as they would a key from the environment, and
   * it is blanked out of every message and logged request as such a key is. Clients made before are
   * dropped, so the next request uses it.
   *
   * @throws IllegalArgumentException when the provider sends no key ({@link
   *     ProviderConfig#needsKey}), or {@code key} is blank
   */
  public void useKey(ProviderConfig provider, Secret key) {
    if (!provider.needsKey()) {
      throw new IllegalArgumentException(provider.id() + " sends no key");
    }
    if (key.reveal().isBlank()) {
      throw new IllegalArgumentException("blank key");
    }
    enteredKeys.put(provider.id(), new Secret(key.reveal().strip()));
    clients.keySet().removeIf(cached -> cached.id().equals(provider.id()));
  }

  /**
   * A client for the provider, cached per provider (a provider with other settings under the same
   * id, as a profile makes, gets its own). The first time a provider's credentials would travel
   * over plain {@code http://} to another machine, says so to the warnings.
   *
   * @throws ChatException of kind {@code SETUP} when the key is missing (the message names the
   *     provider and the variable, says how to set it, and that ollama and lmstudio need no key),
   *     when no base URL is configured, when its {@code ca_file} cannot be used, or when a proxy
   *     variable is not a proxy URL
   */
  public ChatClient client(ProviderConfig provider) throws ChatException {
    ChatClient cached = clients.get(provider);
    if (cached != null) {
      return cached;
    }
    Endpoint endpoint = resolve(provider);
    ChatClient created = newClient(endpoint, httpFor(endpoint));
    ChatClient raced = clients.putIfAbsent(provider, created);
    return raced != null ? raced : created;
  }

  /**
   * Asks the provider for its model list and, for {@code model} (none when empty), the context
   * window the server runs it with (the server found, and its window, go in the detail), giving up
   * on each request after {@code timeout}; never throws. Blocks.
   */
  public ProviderCheck check(ProviderConfig provider, String model, Duration timeout) {
    requireNonNull(model, "model");
    Endpoint endpoint;
    OkHttpClient providerHttp;
    try {
      endpoint = resolve(provider);
      providerHttp = httpFor(endpoint);
    } catch (ChatException e) {
      return new ProviderCheck(ProviderCheck.Status.NOT_CONFIGURED, e.getMessage());
    }
    OkHttpClient bounded = bounded(providerHttp, provider, timeout);
    try {
      HttpChatClient client = newClient(endpoint, bounded);
      int count = client.listModels().size();
      String detail = count + (count == 1 ? " model" : " models");
      Optional<ContextWindow> window = Optional.empty();
      if (!model.isEmpty()) {
        int configured = provider.settingsFor(model).contextWindow();
        window =
            configured > 0
                ? Optional.of(ContextWindow.configured(configured))
                : new ContextProbe(client).probe(model);
      }
      if (window.isPresent()) {
        detail += "; " + window.get().describe(model);
      }
      return new ProviderCheck(ProviderCheck.Status.OK, detail);
    } catch (ChatException e) {
      ProviderCheck.Status status =
          switch (e.kind()) {
            case AUTH -> ProviderCheck.Status.KEY_REFUSED;
            case UNREACHABLE, TIMEOUT -> ProviderCheck.Status.UNREACHABLE;
            default -> ProviderCheck.Status.ERROR;
          };
      return new ProviderCheck(status, e.getMessage());
    } catch (RuntimeException e) {
      return new ProviderCheck(
          ProviderCheck.Status.ERROR,
          provider.id() + ": the check failed unexpectedly (" + e.getClass().getSimpleName() + ")");
    }
  }

  /**
   * The context window {@code model} of {@code provider} runs with: its model table's {@code
   * context_window} when set, else what the server says ({@link ContextProbe}), giving up after
   * {@code timeout}. Empty when nothing says; never throws. Blocks: call it off the UI thread.
   */
  public Optional<ContextWindow> contextWindow(
      ProviderConfig provider, String model, Duration timeout) {
    int configured = provider.settingsFor(model).contextWindow();
    if (configured > 0) {
      return Optional.of(ContextWindow.configured(configured));
    }
    if (provider.wireApi() == WireApi.ANTHROPIC) {
      return Optional.empty(); // Anthropic's model list says nothing of windows
    }
    // Connections of their own, closed once it is answered: a server that closes each connection
    // after its answer (a plain HTTP/1.0 one) would otherwise leave one in the pool that the next
    // chat request, which is never sent again unannounced, finds broken.
    ConnectionPool own = new ConnectionPool();
    try {
      Endpoint endpoint = resolve(provider);
      OkHttpClient lookups =
          bounded(httpFor(endpoint), provider, timeout).newBuilder().connectionPool(own).build();
      return new ContextProbe(newClient(endpoint, lookups)).probe(model);
    } catch (ChatException | RuntimeException e) {
      return Optional.empty();
    } finally {
      own.evictAll();
    }
  }

  /**
   * Lets the HTTP client's threads and pooled connections go, so the process can exit at once.
   * Calls in flight fail; the registry must not be used afterwards.
   */
  @Override
  public void close() {
    OkHttpClient made;
    synchronized (this) {
      made = http;
    }
    if (made != null) {
      made.dispatcher().executorService().shutdown();
    }
    // After okhttp's threads: attempts still waiting to be retried start now and fail at once.
    backoff.close();
    if (made != null) {
      made.connectionPool().evictAll();
    }
  }

  private Endpoint resolve(ProviderConfig provider) throws ChatException {
    Endpoint endpoint =
        Endpoint.resolve(provider, env, backoff.clock(), enteredKeys.get(provider.id()));
    Optional<EnvProxySelector> proxies = EnvProxySelector.from(env);
    if (proxies.isPresent()) {
      endpoint = endpoint.withSecrets(proxies.get().secrets());
    }
    if (endpoint.sendsCredentialsInTheClear() && warnedInTheClear.add(provider.id())) {
      warnings.accept(
          provider.id()
              + ": "
              + (provider.needsKey() ? "the API key" : "a credential header")
              + " goes over plain http:// to "
              + endpoint.host()
              + ", readable by anyone on the way; use an https:// base_url if the server offers"
              + " one");
    }
    return endpoint;
  }

  private OkHttpClient httpFor(Endpoint endpoint) throws ChatException {
    ProviderConfig provider = endpoint.provider();
    OkHttpClient.Builder builder =
        (endpoint.usesTls() ? tlsHttp() : http())
            .newBuilder()
            .readTimeout(provider.streamIdleTimeout())
            .connectTimeout(provider.connectTimeout())
            .retryOnConnectionFailure(false)
            .followRedirects(false)
            .followSslRedirects(false)
            .eventListenerFactory(StreamingReply.Trace.FACTORY);
    // Outermost, before the shared client's own interceptors: they see every redirect and body.
    builder.interceptors().add(0, new EventStreamGuard(EventStreamGuard.MAX_EVENT_BYTES));
    builder.interceptors().add(0, new SameOriginRedirects());
    // Innermost of the application's interceptors: every redirect hop and resend gets the key.
    endpoint.keyCommand().ifPresent(builder::addInterceptor);
    if (requestLog != RequestLog.NONE) {
      builder.addNetworkInterceptor(new RequestLogger(endpoint, requestLog));
    }
    Optional<EnvProxySelector> proxies = EnvProxySelector.from(env);
    if (proxies.isPresent()) {
      builder.proxySelector(proxies.get()).proxyAuthenticator(proxies.get().authenticator());
    }
    if (!provider.caFile().isEmpty()) {
      TrustedCertificates trusted = TrustedCertificates.forProvider(provider);
      builder.sslSocketFactory(trusted.socketFactory(), trusted.trustManager());
    }
    return builder.build();
  }

  /**
   * The shared client with TLS set up, sharing its connection pool and threads: made once, so the
   * system's certificates are read once.
   */
  private synchronized OkHttpClient http() {
    if (http == null) {
      http = httpFactory.get();
    }
    return http;
  }

  private synchronized ObjectMapper json() {
    if (json == null) {
      json = new ObjectMapper();
    }
    return json;
  }

  private synchronized OkHttpClient tlsHttp() {
    if (tlsHttp == null) {
      tlsHttp =
          http()
              .newBuilder()
              .connectionSpecs(List.of(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT))
              .build();
    }
    return tlsHttp;
  }

  /** {@code providerHttp} giving up on a call after {@code timeout}. */
  private static OkHttpClient bounded(
      OkHttpClient providerHttp, ProviderConfig provider, Duration timeout) {
    return providerHttp
        .newBuilder()
        .callTimeout(timeout)
        .connectTimeout(
            timeout.compareTo(provider.connectTimeout()) < 0 ? timeout : provider.connectTimeout())
        .build();
  }

  private HttpChatClient newClient(Endpoint endpoint, OkHttpClient providerHttp) {
    return switch (endpoint.provider().wireApi()) {
      case ANTHROPIC ->
          new AnthropicMessagesClient(endpoint, providerHttp, this::json, backoff, requestLog);
      case RESPONSES ->
          new ResponsesClient(endpoint, providerHttp, this::json, backoff, requestLog);
      case CHAT ->
          new ChatCompletionsClient(endpoint, providerHttp, this::json, backoff, requestLog);
    };
  }
}
