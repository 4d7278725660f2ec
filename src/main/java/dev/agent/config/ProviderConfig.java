package dev.agent.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One provider, after built-ins, the config file and overrides are merged. Holds no key: keys are
 * read from the environment variable {@link #envKey()} when a request is made.
 *
 * @param id the table name under {@code [model_providers]}, e.g. {@code openai}
 * @param name the display name
 * @param baseUrl the API root without a trailing slash, e.g. {@code https://api.openai.com/v1};
 *     empty when not configured (Azure without {@code AZURE_OPENAI_ENDPOINT})
 * @param envKey the environment variable holding the API key; empty when no key is needed
 * @param envKeyInstructions extra advice appended to the missing-key message; may be empty
 * @param defaultModel the model used when none is chosen
 * @param wireApi the wire format
 * @param auth how the key is sent
 * @param httpHeaders extra headers sent with every request
 * @param envHttpHeaders header name → environment variable holding its value (left out when unset)
 * @param queryParams extra query parameters on every request
 * @param maxTokens the reply length limit sent to the server; 0 for the wire format's default
 * @param streamIdleTimeout how long a stream may go without a byte before it is abandoned
 * @param requestMaxRetries how many times a request that failed before any reply text arrived is
 *     sent again (connection failures, 408, 409, 429, 5xx); 0 sends it once
 * @param connectTimeout how long making the connection (TCP and TLS) may take
 * @param caFile a PEM file of certificates trusted for this provider on top of the system's, as an
 *     absolute path; empty when none
 * @param hints advice only a built-in knows, for its messages; {@link Hints#NONE} for others
 * @param thinkTags how the answer's text is searched for a {@code <think>} block of reasoning
 * @param reasoningEffort how hard a reasoning model should think, one of {@link
 *     #REASONING_EFFORTS}: the provider table's {@code reasoning_effort}, else the top level's (the
 *     loader merges them), replaced for every provider by a run's {@code --reasoning-effort}
 *     ({@link AgentConfig#withReasoningEffort}); empty to send nothing and leave it to the model
 * @param thinkingBudgetTokens for Anthropic, the thinking budget sent instead of the one derived
 *     from {@code reasoningEffort}; 0 to derive it
 * @param maxTokensField the request field that carries {@code maxTokens}
 * @param maxReplyMib how large a reply's text (answer and reasoning) may grow, in MiB, before it is
 *     cut off as incomplete: a bound against a server that never stops
 * @param streamUsage whether a chat completions request asks for usage with {@code stream_options},
 *     which some servers (Mistral) refuse
 * @param extraBody fields laid over every request's JSON body: the top level's {@code extra_body}
 *     with the provider table's merged over it (the loader merges them)
 * @param models the {@code [model_providers.ID.models."MODEL"]} tables by model name, each as
 *     written (see {@link #settingsFor} for what a request to a model goes with)
 * @param authCommand the command that prints the key ({@code [model_providers.ID.auth]} as a
 *     table), which {@code envKey} then gives way to; {@code auth} is then its scheme. Empty when
 *     the key comes from the environment
 * @param streamMaxRetries how many times a request whose event stream broke before any reply text
 *     is sent again (Codex's {@code stream_max_retries}), counted apart from {@code
 *     requestMaxRetries}, which then counts only requests that got no stream; empty when not set,
 *     and then {@code requestMaxRetries} counts both, as one budget
 * @param requiresOpenaiAuth Codex's {@code requires_openai_auth}: the provider expects OpenAI's own
 *     login, which agent does not have; a request without {@code env_key}, an auth command or a
 *     bearer token then fails at once, saying so
 * @param bearerToken Codex's {@code experimental_bearer_token}, a key written in the config file
 *     (only when the file is readable by its owner alone); it wins over {@code envKey}, an auth
 *     command wins over it. Empty when none
 * @param systemPrompt the provider table's {@code system_prompt} (or {@code system_prompt_file}'s
 *     text), else the top level's (the loader merges them); empty when neither is set. An empty
 *     text is a setting too: no system prompt, whatever the top level says
 */
public record ProviderConfig(
    String id,
    String name,
    String baseUrl,
    String envKey,
    String envKeyInstructions,
    String defaultModel,
    WireApi wireApi,
    AuthScheme auth,
    Map<String, String> httpHeaders,
    Map<String, String> envHttpHeaders,
    Map<String, String> queryParams,
    int maxTokens,
    Duration streamIdleTimeout,
    int requestMaxRetries,
    Duration connectTimeout,
    String caFile,
    Hints hints,
    ThinkTags thinkTags,
    String reasoningEffort,
    int thinkingBudgetTokens,
    MaxTokensField maxTokensField,
    boolean streamUsage,
    ExtraBody extraBody,
    Map<String, ModelSettings> models,
    int maxReplyMib,
    Optional<AuthCommand> authCommand,
    OptionalInt streamMaxRetries,
    boolean requiresOpenaiAuth,
    Optional<InlineToken> bearerToken,
    Optional<String> systemPrompt) {

  /**
   * How large a reply (answer and reasoning) may grow, in MiB of text, unless {@code max_reply_mib}
   * says otherwise: a hundred times a long real reply (128,000 tokens are about half a MiB), and
   * far below what would fill the heap.
   */
  public static final int DEFAULT_MAX_REPLY_MIB = 64;

  /** The smallest {@code thinking_budget_tokens}: the smallest budget the Anthropic API takes. */
  public static final int MIN_THINKING_BUDGET_TOKENS = 1024;

  /** Every value {@code reasoning_effort} may take, least effort first. */
  public static final List<String> REASONING_EFFORTS =
      List.of("none", "minimal", "low", "medium", "high", "xhigh");

  /**
   * Advice that only a built-in provider gives, for the messages about it. Not read from {@code
   * config.toml}: a table under a built-in keeps the built-in's hints, a new provider has none.
   *
   * @param startServer what to do when its local server refuses the connection ({@code start it
   *     with `ollama serve`}); empty when it has none (see {@link ProviderConfig#startServerHint})
   * @param pullCommand the command that fetches a model the server lacks, the model's name to
   *     follow ({@code ollama pull}); empty when there is none
   * @param missingBaseUrl what to say, after the id, when no base URL is configured; empty for the
   *     message every provider gets
   */
  public record Hints(String startServer, String pullCommand, String missingBaseUrl) {
    public static final Hints NONE = new Hints("", "", "");

    public Hints {
      requireNonNull(startServer, "startServer");
      requireNonNull(pullCommand, "pullCommand");
      requireNonNull(missingBaseUrl, "missingBaseUrl");
    }
  }

  public ProviderConfig {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    requireNonNull(baseUrl, "baseUrl");
    requireNonNull(envKey, "envKey");
    requireNonNull(envKeyInstructions, "envKeyInstructions");
    requireNonNull(defaultModel, "defaultModel");
    requireNonNull(wireApi, "wireApi");
    requireNonNull(auth, "auth");
    requireNonNull(streamIdleTimeout, "streamIdleTimeout");
    requireNonNull(connectTimeout, "connectTimeout");
    requireNonNull(caFile, "caFile");
    requireNonNull(hints, "hints");
    requireNonNull(thinkTags, "thinkTags");
    requireNonNull(reasoningEffort, "reasoningEffort");
    requireNonNull(maxTokensField, "maxTokensField");
    if (maxReplyMib < 1) {
      throw new IllegalArgumentException("maxReplyMib < 1: " + maxReplyMib);
    }
    requireNonNull(extraBody, "extraBody");
    requireNonNull(authCommand, "authCommand");
    requireNonNull(streamMaxRetries, "streamMaxRetries");
    requireNonNull(bearerToken, "bearerToken");
    requireNonNull(systemPrompt, "systemPrompt");
    if (streamMaxRetries.isPresent() && streamMaxRetries.getAsInt() < 0) {
      throw new IllegalArgumentException("streamMaxRetries < 0: " + streamMaxRetries);
    }
    if (!reasoningEffort.isEmpty() && !REASONING_EFFORTS.contains(reasoningEffort)) {
      throw new IllegalArgumentException("unknown reasoningEffort " + reasoningEffort);
    }
    if (thinkingBudgetTokens < 0) {
      throw new IllegalArgumentException("thinkingBudgetTokens < 0: " + thinkingBudgetTokens);
    }
    if (requestMaxRetries < 0) {
      throw new IllegalArgumentException("requestMaxRetries < 0: " + requestMaxRetries);
    }
    httpHeaders = Map.copyOf(httpHeaders);
    envHttpHeaders = Map.copyOf(envHttpHeaders);
    queryParams = Map.copyOf(queryParams);
    models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
  }

  /** A builder for a provider with this id and every other field at its default. */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /** A builder holding this provider's fields, to change some of them. */
  public Builder toBuilder() {
    return new Builder(id)
        .name(name)
        .baseUrl(baseUrl)
        .envKey(envKey)
        .envKeyInstructions(envKeyInstructions)
        .defaultModel(defaultModel)
        .wireApi(wireApi)
        .auth(auth)
        .httpHeaders(httpHeaders)
        .envHttpHeaders(envHttpHeaders)
        .queryParams(queryParams)
        .maxTokens(maxTokens)
        .streamIdleTimeout(streamIdleTimeout)
        .requestMaxRetries(requestMaxRetries)
        .connectTimeout(connectTimeout)
        .caFile(caFile)
        .hints(hints)
        .thinkTags(thinkTags)
        .reasoningEffort(reasoningEffort)
        .thinkingBudgetTokens(thinkingBudgetTokens)
        .maxTokensField(maxTokensField)
        .streamUsage(streamUsage)
        .maxReplyMib(maxReplyMib)
        .extraBody(extraBody)
        .models(models)
        .authCommand(authCommand.orElse(null))
        .streamMaxRetries(streamMaxRetries)
        .requiresOpenaiAuth(requiresOpenaiAuth)
        .bearerToken(bearerToken.orElse(null))
        .systemPrompt(systemPrompt.orElse(null));
  }

  /**
   * Builds a {@link ProviderConfig}. Defaults: name = id, no base URL, no key, wire format {@code
   * chat}, auth following the wire format ({@link AuthScheme#BEARER} for chat, {@link
   * AuthScheme#X_API_KEY} for anthropic), no extra headers or query parameters, the wire format's
   * {@code max_tokens}, a {@value #DEFAULT_STREAM_IDLE_MINUTES}-minute stream idle timeout, {@value
   * #DEFAULT_REQUEST_MAX_RETRIES} retries, a {@value #DEFAULT_CONNECT_SECONDS}-second connect
   * timeout, no extra certificates, no hints, {@code <think>} tags read as {@link ThinkTags#AUTO},
   * no reasoning effort or thinking budget, the limit sent as {@code max_tokens}, no extra body
   * fields and no model tables.
   */
  public static final class Builder {
    /** How long a stream may stay silent; Codex CLI's {@code stream_idle_timeout_ms} default. */
    static final int DEFAULT_STREAM_IDLE_MINUTES = 5;

    /** Retries of a request that failed before any text; Codex CLI's and the SDKs' default. */
    static final int DEFAULT_REQUEST_MAX_RETRIES = 2;

    /** How long making a connection may take; OkHttp's default, and plenty for any API. */
    static final int DEFAULT_CONNECT_SECONDS = 10;

    private final String id;
    private String name;
    private String baseUrl = "";
    private String envKey = "";
    private String envKeyInstructions = "";
    private String defaultModel = "";
    private WireApi wireApi = WireApi.CHAT;
    private AuthScheme auth;
    private Map<String, String> httpHeaders = Map.of();
    private Map<String, String> envHttpHeaders = Map.of();
    private Map<String, String> queryParams = Map.of();
    private int maxTokens;
    private Duration streamIdleTimeout = Duration.ofMinutes(DEFAULT_STREAM_IDLE_MINUTES);
    private int requestMaxRetries = DEFAULT_REQUEST_MAX_RETRIES;
    private Duration connectTimeout = Duration.ofSeconds(DEFAULT_CONNECT_SECONDS);
    private String caFile = "";
    private Hints hints = Hints.NONE;
    private ThinkTags thinkTags = ThinkTags.AUTO;
    private String reasoningEffort = "";
    private int thinkingBudgetTokens;
    private MaxTokensField maxTokensField = MaxTokensField.MAX_TOKENS;
    private boolean streamUsage = true;
    private int maxReplyMib = DEFAULT_MAX_REPLY_MIB;
    private ExtraBody extraBody = ExtraBody.EMPTY;
    private Map<String, ModelSettings> models = Map.of();
    private AuthCommand authCommand;
    private OptionalInt streamMaxRetries = OptionalInt.empty();
    private boolean requiresOpenaiAuth;
    private InlineToken bearerToken;
    private String systemPrompt;

    private Builder(String id) {
      this.id = requireNonNull(id, "id");
      this.name = id;
    }

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder baseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    public Builder envKey(String envKey) {
      this.envKey = envKey;
      return this;
    }

    public Builder envKeyInstructions(String envKeyInstructions) {
      this.envKeyInstructions = envKeyInstructions;
      return this;
    }

    public Builder defaultModel(String defaultModel) {
      this.defaultModel = defaultModel;
      return this;
    }

    public Builder wireApi(WireApi wireApi) {
      this.wireApi = wireApi;
      return this;
    }

    /** The auth scheme; when never set, it follows the wire format. */
    public Builder auth(AuthScheme auth) {
      this.auth = auth;
      return this;
    }

    public Builder httpHeaders(Map<String, String> httpHeaders) {
      this.httpHeaders = httpHeaders;
      return this;
    }

    public Builder envHttpHeaders(Map<String, String> envHttpHeaders) {
      this.envHttpHeaders = envHttpHeaders;
      return this;
    }

    public Builder queryParams(Map<String, String> queryParams) {
      this.queryParams = queryParams;
      return this;
    }

    public Builder maxTokens(int maxTokens) {
      this.maxTokens = maxTokens;
      return this;
    }

    public Builder streamIdleTimeout(Duration streamIdleTimeout) {
      this.streamIdleTimeout = streamIdleTimeout;
      return this;
    }

    public Builder requestMaxRetries(int requestMaxRetries) {
      this.requestMaxRetries = requestMaxRetries;
      return this;
    }

    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    public Builder caFile(String caFile) {
      this.caFile = caFile;
      return this;
    }

    public Builder hints(Hints hints) {
      this.hints = hints;
      return this;
    }

    public Builder thinkTags(ThinkTags thinkTags) {
      this.thinkTags = thinkTags;
      return this;
    }

    public Builder reasoningEffort(String reasoningEffort) {
      this.reasoningEffort = reasoningEffort;
      return this;
    }

    public Builder thinkingBudgetTokens(int thinkingBudgetTokens) {
      this.thinkingBudgetTokens = thinkingBudgetTokens;
      return this;
    }

    public Builder maxTokensField(MaxTokensField maxTokensField) {
      this.maxTokensField = maxTokensField;
      return this;
    }

    public Builder maxReplyMib(int maxReplyMib) {
      this.maxReplyMib = maxReplyMib;
      return this;
    }

    public Builder streamUsage(boolean streamUsage) {
      this.streamUsage = streamUsage;
      return this;
    }

    public Builder extraBody(ExtraBody extraBody) {
      this.extraBody = extraBody;
      return this;
    }

    public Builder models(Map<String, ModelSettings> models) {
      this.models = models;
      return this;
    }

    /**
     * The command that prints the key, or null for a key from the environment; when set, the auth
     * scheme is its scheme.
     */
    public Builder authCommand(AuthCommand authCommand) {
      this.authCommand = authCommand;
      return this;
    }

    /** Retries of a stream that broke before any text; empty to count them as request retries. */
    public Builder streamMaxRetries(OptionalInt streamMaxRetries) {
      this.streamMaxRetries = streamMaxRetries;
      return this;
    }

    public Builder requiresOpenaiAuth(boolean requiresOpenaiAuth) {
      this.requiresOpenaiAuth = requiresOpenaiAuth;
      return this;
    }

    /** The key written in the config file, or null for none. */
    public Builder bearerToken(InlineToken bearerToken) {
      this.bearerToken = bearerToken;
      return this;
    }

    /** The system prompt, or null for none set (the top level's, if any, then applies). */
    public Builder systemPrompt(String systemPrompt) {
      this.systemPrompt = systemPrompt;
      return this;
    }

    public ProviderConfig build() {
      AuthScheme scheme =
          authCommand != null
              ? authCommand.scheme()
              : auth != null
                  ? auth
                  : (wireApi == WireApi.ANTHROPIC ? AuthScheme.X_API_KEY : AuthScheme.BEARER);
      return new ProviderConfig(
          id,
          name,
          baseUrl,
          envKey,
          envKeyInstructions,
          defaultModel,
          wireApi,
          scheme,
          httpHeaders,
          envHttpHeaders,
          queryParams,
          maxTokens,
          streamIdleTimeout,
          requestMaxRetries,
          connectTimeout,
          caFile,
          hints,
          thinkTags,
          reasoningEffort,
          thinkingBudgetTokens,
          maxTokensField,
          streamUsage,
          extraBody,
          models,
          maxReplyMib,
          Optional.ofNullable(authCommand),
          streamMaxRetries,
          requiresOpenaiAuth,
          Optional.ofNullable(bearerToken),
          Optional.ofNullable(systemPrompt));
    }
  }

  /**
   * The name of the model table that applies to {@code model}: the table of exactly that name;
   * else, since Ollama treats {@code qwen3} and {@code qwen3:latest} as one model, the table of the
   * other spelling ({@code qwen3:latest} for {@code qwen3}, {@code qwen3} for {@code
   * qwen3:latest}); empty when there is none.
   */
  public Optional<String> modelTableFor(String model) {
    requireNonNull(model, "model");
    if (models.containsKey(model)) {
      return Optional.of(model);
    }
    String other;
    if (model.endsWith(LATEST_TAG)) {
      other = model.substring(0, model.length() - LATEST_TAG.length());
    } else if (!model.contains(":")) {
      other = model + LATEST_TAG;
    } else {
      return Optional.empty();
    }
    return models.containsKey(other) ? Optional.of(other) : Optional.empty();
  }

  private static final String LATEST_TAG = ":latest";

  /**
   * What a request to {@code model} goes with: its model table's {@code max_tokens} and {@code
   * reasoning_effort} when set, else this provider's (which already holds a run's {@code
   * --reasoning-effort} and the top level's, in that order); its {@code context_window}; this
   * provider's {@link #extraBody} with the table's merged over it (tables key by key); this
   * provider's {@code http_headers} with the table's laid over them (names compared ignoring case);
   * its table's system prompt when set, else this provider's (which holds the top level's).
   */
  public ModelSettings settingsFor(String model) {
    ModelSettings table = modelTableFor(model).map(models::get).orElse(ModelSettings.NONE);
    Map<String, String> headers = new LinkedHashMap<>(httpHeaders);
    for (String name : table.httpHeaders().keySet()) {
      headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
    }
    headers.putAll(table.httpHeaders());
    return new ModelSettings(
        table.maxTokens() > 0 ? table.maxTokens() : maxTokens,
        table.reasoningEffort().isEmpty() ? reasoningEffort : table.reasoningEffort(),
        table.contextWindow(),
        extraBody.with(table.extraBody()),
        headers,
        table.systemPrompt().or(() -> systemPrompt));
  }

  /**
   * This provider with {@code prompt} as the system prompt of itself and every model table: a run's
   * {@code --system}, or a profile's {@code system_prompt}, which win over both.
   */
  ProviderConfig withSystemPrompt(String prompt) {
    Map<String, ModelSettings> replaced = new LinkedHashMap<>();
    models.forEach((model, settings) -> replaced.put(model, settings.withSystemPrompt(prompt)));
    return toBuilder().systemPrompt(prompt).models(replaced).build();
  }

  /**
   * This provider with {@code fields} laid over its own extra body fields and every model table's:
   * a profile's {@code extra_body}, which wins over both.
   */
  ProviderConfig withExtraBodyOver(ExtraBody fields) {
    Map<String, ModelSettings> replaced = new LinkedHashMap<>();
    models.forEach((model, settings) -> replaced.put(model, settings.withExtraBodyOver(fields)));
    return toBuilder().extraBody(extraBody.with(fields)).models(replaced).build();
  }

  /**
   * This provider with {@code effort} for itself and every model table: a run's {@code
   * --reasoning-effort}, which wins over both.
   */
  ProviderConfig withReasoningEffort(String effort) {
    Map<String, ModelSettings> replaced = new LinkedHashMap<>();
    models.forEach((model, settings) -> replaced.put(model, settings.withReasoningEffort(effort)));
    return toBuilder().reasoningEffort(effort).models(replaced).build();
  }

  /** Whether this provider needs an API key, from the environment or from a command. */
  public boolean needsKey() {
    return authCommand.isPresent()
        || (auth != AuthScheme.NONE && (!envKey.isEmpty() || bearerToken.isPresent()));
  }

  /**
   * What to do when this provider's local server refuses the connection: its own {@link
   * Hints#startServer}, else that of the built-in whose default base URL is on the same port (a
   * server on Ollama's port 11434 is most likely Ollama); empty when neither gives one.
   */
  public String startServerHint() {
    if (!hints.startServer().isEmpty()) {
      return hints.startServer();
    }
    int port = port(baseUrl);
    return BuiltInProviders.DEFAULTS.stream()
        .filter(builtIn -> !builtIn.hints().startServer().isEmpty())
        .filter(builtIn -> port > 0 && port(builtIn.baseUrl()) == port)
        .map(builtIn -> builtIn.hints().startServer())
        .findFirst()
        .orElse("");
  }

  /** The port of {@code url}, the scheme's default when it names none; -1 when it is no URL. */
  private static int port(String url) {
    try {
      URI uri = URI.create(url);
      if (uri.getPort() >= 0) {
        return uri.getPort();
      }
      return switch (String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT)) {
        case "http" -> 80;
        case "https" -> 443;
        default -> -1;
      };
    } catch (IllegalArgumentException e) {
      return -1;
    }
  }

  /** Whether the base URL points at this machine (a local server such as Ollama or LM Studio). */
  public boolean isLocal() {
    try {
      String host = URI.create(baseUrl).getHost();
      return host != null
          && (host.equals("localhost")
              || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")
              || host.equals("[::1]")
              || host.equals("::1"));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
