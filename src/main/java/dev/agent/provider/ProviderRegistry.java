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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import okhttp3.OkHttpClient;

/**
 * Every provider of the configuration, and a client for each. Owns the process's one HTTP client:
 * each provider's client shares its connection pool and threads, with the provider's own read
 * timeout. Thread-safe.
 *
 * <p>The HTTP client never re-sends a request on its own: a streamed reply is retried only as the
 * provider's {@code request_max_retries} allows, before any text arrived, and each retry is told to
 * the listener as a {@link dev.agent.chat.StreamEvent.Retrying}.
 */
public final class ProviderRegistry implements AutoCloseable {
  static final String USER_AGENT = "agent/0.1.0";
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final AgentConfig config;
  private final Map<String, String> env;
  private final OkHttpClient http;
  private final ObjectMapper json = new ObjectMapper();
  private final Backoff backoff;
  private final ConcurrentMap<String, ChatClient> clients = new ConcurrentHashMap<>();

  /** {@code env} is where keys and {@code env_http_headers} values are read from. */
  public ProviderRegistry(AgentConfig config, Map<String, String> env) {
    this(config, env, defaultHttpClient());
  }

  /** For tests: {@code http} must be built from {@link #defaultHttpClient()}. */
  ProviderRegistry(AgentConfig config, Map<String, String> env, OkHttpClient http) {
    this(config, env, http, Backoff.system());
  }

  /** For tests: a {@code backoff} whose timer and clock the test controls. */
  ProviderRegistry(
      AgentConfig config, Map<String, String> env, OkHttpClient http, Backoff backoff) {
    this.config = requireNonNull(config, "config");
    this.env = Map.copyOf(env);
    this.http = requireNonNull(http, "http");
    this.backoff = requireNonNull(backoff, "backoff");
  }

  /** The process's HTTP client, before any provider's read timeout is applied. */
  static OkHttpClient defaultHttpClient() {
    return new OkHttpClient.Builder()
        .connectTimeout(CONNECT_TIMEOUT)
        .retryOnConnectionFailure(false)
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

  /** Whether the provider's key is in the environment. */
  public KeyStatus keyStatus(ProviderConfig provider) {
    if (!provider.needsKey()) {
      return KeyStatus.NOT_NEEDED;
    }
    String value = env.get(provider.envKey());
    return value == null || value.isBlank() ? KeyStatus.NOT_SET : KeyStatus.SET;
  }

  /**
   * A client for the provider, cached per provider.
   *
   * @throws ChatException of kind {@code SETUP} when the key is missing (the message names the
   *     provider and the variable, says how to set it, and that ollama and lmstudio need no key) or
   *     when no base URL is configured
   */
  public ChatClient client(ProviderConfig provider) throws ChatException {
    ChatClient cached = clients.get(provider.id());
    if (cached != null) {
      return cached;
    }
    ChatClient created = newClient(Endpoint.resolve(provider, env), httpFor(provider));
    ChatClient raced = clients.putIfAbsent(provider.id(), created);
    return raced != null ? raced : created;
  }

  /**
   * Asks the provider for its model list, giving up after {@code timeout}; never throws. Blocks.
   */
  public ProviderCheck check(ProviderConfig provider, Duration timeout) {
    Endpoint endpoint;
    try {
      endpoint = Endpoint.resolve(provider, env);
    } catch (ChatException e) {
      return new ProviderCheck(ProviderCheck.Status.NOT_CONFIGURED, e.getMessage());
    }
    OkHttpClient bounded =
        httpFor(provider)
            .newBuilder()
            .callTimeout(timeout)
            .connectTimeout(
                timeout.compareTo(provider.connectTimeout()) < 0
                    ? timeout
                    : provider.connectTimeout())
            .build();
    try {
      int count = newClient(endpoint, bounded).listModels().size();
      return new ProviderCheck(
          ProviderCheck.Status.OK, count + (count == 1 ? " model" : " models"));
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
   * Lets the HTTP client's threads and pooled connections go, so the process can exit at once.
   * Calls in flight fail; the registry must not be used afterwards.
   */
  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    // After okhttp's threads: attempts still waiting to be retried start now and fail at once.
    backoff.close();
    http.connectionPool().evictAll();
  }

  private OkHttpClient httpFor(ProviderConfig provider) {
    return http.newBuilder()
        .readTimeout(provider.streamIdleTimeout())
        .connectTimeout(provider.connectTimeout())
        .eventListenerFactory(StreamingReply.Trace.FACTORY)
        .build();
  }

  private ChatClient newClient(Endpoint endpoint, OkHttpClient providerHttp) {
    return endpoint.provider().wireApi() == WireApi.ANTHROPIC
        ? new AnthropicMessagesClient(endpoint, providerHttp, json, backoff)
        : new ChatCompletionsClient(endpoint, providerHttp, json, backoff);
  }
}
