package dev.agent.provider;

import dev.agent.chat.ChatException;
import dev.agent.config.AgentConfig;
import dev.agent.config.AuthScheme;
import dev.agent.config.ModelSettings;
import dev.agent.config.ProviderConfig;
import dev.agent.config.WireApi;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * Where and how to reach one provider: its URLs, the headers and query parameters every request
 * carries, and the secrets that must be blanked out of any message. Built once per client from the
 * configuration and the environment; immutable.
 */
final class Endpoint {
  static final String ANTHROPIC_VERSION = "2023-06-01";

  /** The Azure OpenAI GA api-version used when the configuration names none. */
  static final String AZURE_DEFAULT_API_VERSION = "2024-10-21";

  /** Azure accepts {@code stream_options} from this api-version on and refuses it before. */
  private static final String AZURE_STREAM_OPTIONS_SINCE = "2024-09-01";

  private static final String API_VERSION = "api-version";

  /**
   * {@code env_http_headers} values this long are treated as secrets and blanked out of messages;
   * shorter ones ({@code 1}, {@code true}) would blank out ordinary words and numbers.
   */
  private static final int MIN_SECRET_HEADER_LENGTH = 8;

  private final ProviderConfig provider;
  private final HttpUrl base;
  private final Headers headers;
  private final Map<String, String> query;
  private final boolean azure;
  private final boolean azureV1;
  private final String apiVersion;
  private final List<Secret> secrets;
  private final Set<String> credentialHeaders;

  /** The headers of a request to each model whose table sets {@code http_headers}. */
  private final Map<String, Headers> modelHeaders;

  /** The command that prints the key, which an interceptor puts on each request; or null. */
  private final KeyCommand keyCommand;

  /** Whether the key was entered in the chat ({@code /key}) rather than configured. */
  private final boolean keyEntered;

  private Endpoint(
      ProviderConfig provider,
      HttpUrl base,
      Headers headers,
      Map<String, String> query,
      boolean azure,
      boolean azureV1,
      String apiVersion,
      List<Secret> secrets,
      Set<String> credentialHeaders,
      Map<String, Headers> modelHeaders,
      KeyCommand keyCommand,
      boolean keyEntered) {
    this.provider = provider;
    this.base = base;
    this.headers = headers;
    this.query = query;
    this.azure = azure;
    this.azureV1 = azureV1;
    this.apiVersion = apiVersion;
    this.secrets = List.copyOf(secrets);
    this.credentialHeaders = Set.copyOf(credentialHeaders);
    this.modelHeaders = Map.copyOf(modelHeaders);
    this.keyCommand = keyCommand;
    this.keyEntered = keyEntered;
  }

  /** This endpoint, also blanking {@code more} out of messages (proxy passwords, say). */
  Endpoint withSecrets(List<Secret> more) {
    List<Secret> all = new ArrayList<>(secrets);
    all.addAll(more);
    return new Endpoint(
        provider,
        base,
        headers,
        query,
        azure,
        azureV1,
        apiVersion,
        all,
        credentialHeaders,
        modelHeaders,
        keyCommand,
        keyEntered);
  }

  /** Resolves the provider against the environment, a key command's refresh on the system clock. */
  static Endpoint resolve(ProviderConfig provider, Map<String, String> env) throws ChatException {
    return resolve(provider, env, Clock.systemUTC());
  }

  /** Resolves the provider against the environment, with no key entered in the chat. */
  static Endpoint resolve(ProviderConfig provider, Map<String, String> env, Clock clock)
      throws ChatException {
    return resolve(provider, env, clock, null);
  }

  /**
   * Resolves the provider against the environment. A key command ({@link
   * ProviderConfig#authCommand}) is not run here: its {@link #keyCommand} runs it when a request
   * needs the key, and renews the key by {@code clock}.
   *
   * @param entered the key entered in the chat ({@code /key}) for a provider that sends one, which
   *     takes the place of its configured key (command, file or environment); null when none was
   * @throws ChatException of kind {@code SETUP} when the key is missing, no base URL is configured,
   *     or a header cannot be sent
   */
  static Endpoint resolve(
      ProviderConfig provider, Map<String, String> env, Clock clock, Secret entered)
      throws ChatException {
    Secret key = null;
    boolean keyEntered = entered != null && provider.needsKey();
    KeyCommand keyCommand =
        keyEntered
            ? null
            : provider
                .authCommand()
                .map(command -> new KeyCommand(provider.id(), command, clock))
                .orElse(null);
    if (!keyEntered
        && keyCommand == null
        && provider.requiresOpenaiAuth()
        && provider.envKey().isEmpty()
        && provider.bearerToken().isEmpty()) {
      throw new ChatException(ChatException.Kind.SETUP, openaiAuthMessage(provider));
    }
    if (keyEntered) {
      key = entered;
    } else if (keyCommand == null && provider.needsKey() && provider.bearerToken().isPresent()) {
      key = new Secret(provider.bearerToken().get().reveal());
    } else if (keyCommand == null && provider.needsKey()) {
      String value = env.get(provider.envKey());
      if (value == null || value.isBlank()) {
        throw new ChatException(ChatException.Kind.SETUP, missingKeyMessage(provider, value));
      }
      key = new Secret(value.strip());
    }
    HttpUrl base = baseUrl(provider);
    boolean azure = isAzure(provider.id(), base);
    List<Secret> secrets = new ArrayList<>();
    if (key != null) {
      secrets.add(key);
    }

    Map<String, String> query = new TreeMap<>(provider.queryParams());
    Headers.Builder headers = new Headers.Builder();
    Set<String> credentialHeaders = new TreeSet<>();
    if (key != null) {
      // A key command's provider may say auth = "none": an entered key then goes as a bearer token.
      AuthScheme scheme = provider.auth() == AuthScheme.NONE ? AuthScheme.BEARER : provider.auth();
      addHeader(headers, provider, authHeader(scheme), authValue(scheme, key), keyEntered);
      credentialHeaders.add(authHeader(scheme).toLowerCase(Locale.ROOT));
    }
    if (keyCommand != null) {
      credentialHeaders.add(keyCommand.header().toLowerCase(Locale.ROOT));
    }
    if (provider.wireApi() == WireApi.ANTHROPIC
        && !containsIgnoreCase(provider.httpHeaders(), "anthropic-version")) {
      headers.set("anthropic-version", ANTHROPIC_VERSION);
    }
    String headerApiVersion = "";
    for (Map.Entry<String, String> header : new TreeMap<>(provider.httpHeaders()).entrySet()) {
      if (azure && header.getKey().equalsIgnoreCase(API_VERSION)) {
        // Azure reads api-version only from the query; a header would be silently ignored.
        headerApiVersion = header.getValue();
        continue;
      }
      setHeader(headers, provider, header.getKey(), header.getValue(), "http_headers");
      if (carriesCredential(header.getKey())
          && header.getValue().length() >= MIN_SECRET_HEADER_LENGTH) {
        // A key written into http_headers (discouraged, but it happens) is still a key.
        secrets.add(new Secret(header.getValue()));
        int space = header.getValue().indexOf(' ');
        if (space > 0 && header.getValue().length() - space > MIN_SECRET_HEADER_LENGTH) {
          secrets.add(new Secret(header.getValue().substring(space + 1))); // Bearer TOKEN
        }
      }
    }
    for (Map.Entry<String, String> param : provider.queryParams().entrySet()) {
      if (carriesCredential(param.getKey())
          && param.getValue().length() >= MIN_SECRET_HEADER_LENGTH) {
        secrets.add(new Secret(param.getValue()));
      }
    }
    for (Map.Entry<String, String> header : new TreeMap<>(provider.envHttpHeaders()).entrySet()) {
      String value = env.get(header.getValue());
      if (value == null || value.isBlank()) {
        continue;
      }
      if (value.length() >= MIN_SECRET_HEADER_LENGTH) {
        secrets.add(new Secret(value));
      }
      setHeader(headers, provider, header.getKey(), value, header.getValue());
      credentialHeaders.add(header.getKey().toLowerCase(Locale.ROOT));
    }

    boolean azureV1 = false;
    String apiVersion = "";
    if (azure) {
      List<String> segments = base.pathSegments();
      int n = segments.size();
      azureV1 = n >= 2 && segments.get(n - 2).equals("openai") && segments.get(n - 1).equals("v1");
      String given = query.getOrDefault(API_VERSION, headerApiVersion);
      if (azureV1) {
        apiVersion = given;
      } else {
        apiVersion = given.isEmpty() ? AZURE_DEFAULT_API_VERSION : given;
        if (n >= 1 && segments.get(n - 1).equals("openai")) {
          // base_url given as https://NAME.openai.azure.com/openai; the paths below add /openai.
          base = base.newBuilder().removePathSegment(n - 1).build();
        }
      }
      if (!apiVersion.isEmpty()) {
        query.put(API_VERSION, apiVersion);
      }
    }
    Headers common = headers.build();
    Map<String, Headers> modelHeaders = new LinkedHashMap<>();
    for (Map.Entry<String, ModelSettings> model : provider.models().entrySet()) {
      if (model.getValue().httpHeaders().isEmpty()) {
        continue;
      }
      Headers.Builder forModel = common.newBuilder();
      for (Map.Entry<String, String> header :
          new TreeMap<>(model.getValue().httpHeaders()).entrySet()) {
        setHeader(
            forModel,
            provider,
            header.getKey(),
            header.getValue(),
            "http_headers of model " + MessageText.oneLine(model.getKey(), 60));
      }
      modelHeaders.put(model.getKey(), forModel.build());
    }
    return new Endpoint(
        provider,
        base,
        common,
        new LinkedHashMap<>(query),
        azure,
        azureV1,
        apiVersion,
        secrets,
        credentialHeaders,
        modelHeaders,
        keyCommand,
        keyEntered);
  }

  /**
   * The one-line message for a provider that asks for OpenAI's own login (Codex's {@code
   * requires_openai_auth}) and has no other way to a key.
   */
  static String openaiAuthMessage(ProviderConfig provider) {
    return provider.id()
        + ": requires_openai_auth asks for a ChatGPT login, which agent does not support; set"
        + " env_key to the name of a variable holding an API key (e.g. env_key ="
        + " \"OPENAI_API_KEY\"), or give an [model_providers."
        + provider.id()
        + ".auth] command that prints one";
  }

  /** The one-line message for a provider whose key variable is unset or blank. */
  static String missingKeyMessage(ProviderConfig provider, String value) {
    String var = provider.envKey();
    StringBuilder message = new StringBuilder();
    message
        .append(provider.id())
        .append(": ")
        .append(var)
        .append(value == null ? " is not set" : " is empty")
        .append("; set it with `export ")
        .append(var)
        .append("=…` (your ")
        .append(provider.name())
        .append(" API key)");
    String instructions = provider.envKeyInstructions().strip();
    if (!instructions.isEmpty()) {
      message.append("; ").append(MessageText.oneLine(instructions, 300));
    }
    List<String> keyless = AgentConfig.keylessBuiltIns();
    if (!keyless.isEmpty()) {
      message
          .append("; or use a local provider that needs no key: ")
          .append(keyless.stream().map(id -> "-p " + id).collect(Collectors.joining(" or ")));
    }
    return message.toString();
  }

  private static HttpUrl baseUrl(ProviderConfig provider) throws ChatException {
    String url = provider.baseUrl().strip();
    if (url.isEmpty()) {
      String missing = provider.hints().missingBaseUrl();
      throw new ChatException(
          ChatException.Kind.SETUP,
          provider.id()
              + ": "
              + (missing.isEmpty()
                  ? "no base_url configured; set base_url under [model_providers."
                      + provider.id()
                      + "] in config.toml"
                  : missing));
    }
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) {
      int cut = url.indexOf('?');
      String shown = MessageText.oneLine(cut < 0 ? url : url.substring(0, cut), 120);
      throw new ChatException(
          ChatException.Kind.SETUP,
          provider.id()
              + ": base_url '"
              + shown
              + "' is not an http or https URL; fix it under [model_providers."
              + provider.id()
              + "] in config.toml");
    }
    List<String> segments = parsed.pathSegments();
    if (segments.size() > 1 && segments.get(segments.size() - 1).isEmpty()) {
      parsed = parsed.newBuilder().removePathSegment(segments.size() - 1).build();
    }
    return parsed;
  }

  private static boolean isAzure(String id, HttpUrl base) {
    String host = base.host().toLowerCase(Locale.ROOT);
    return id.equals("azure")
        || host.endsWith(".openai.azure.com")
        || host.endsWith(".cognitiveservices.azure.com")
        || host.endsWith(".services.ai.azure.com");
  }

  static String authHeader(AuthScheme auth) {
    return switch (auth) {
      case BEARER -> "Authorization";
      case X_API_KEY -> "x-api-key";
      case API_KEY -> "api-key";
      case NONE -> throw new IllegalArgumentException("auth none sends no key");
    };
  }

  private static String authValue(AuthScheme auth, Secret key) {
    return auth == AuthScheme.BEARER ? "Bearer " + key.reveal() : key.reveal();
  }

  private static void addHeader(
      Headers.Builder headers,
      ProviderConfig provider,
      String name,
      String value,
      boolean keyEntered)
      throws ChatException {
    try {
      headers.set(name, value);
    } catch (IllegalArgumentException e) {
      // okhttp's message quotes the value, which here is the key.
      throw new ChatException(
          ChatException.Kind.SETUP,
          provider.id()
              + (keyEntered
                  ? ": the key entered contains characters a header cannot carry; enter it again"
                      + " with /key"
                  : ": the key in "
                      + (provider.bearerToken().isPresent()
                          ? "experimental_bearer_token"
                          : provider.envKey())
                      + " contains characters a header cannot carry (a line break?); set it"
                      + " again"));
    }
  }

  private static void setHeader(
      Headers.Builder headers, ProviderConfig provider, String name, String value, String source)
      throws ChatException {
    try {
      headers.set(name, value);
    } catch (IllegalArgumentException e) {
      // okhttp's message quotes the value, which may be a token.
      throw new ChatException(
          ChatException.Kind.SETUP,
          provider.id()
              + ": header '"
              + MessageText.oneLine(name, 60)
              + "' (from "
              + source
              + ") has a name or value a header cannot carry; remove control characters");
    }
  }

  private static boolean containsIgnoreCase(Map<String, String> map, String name) {
    return map.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(name));
  }

  ProviderConfig provider() {
    return provider;
  }

  String id() {
    return provider.id();
  }

  /** Whether the chat completions request may carry {@code stream_options} to ask for usage. */
  boolean asksForUsage() {
    return !azure || apiVersion.isEmpty() || apiVersion.compareTo(AZURE_STREAM_OPTIONS_SINCE) >= 0;
  }

  /** Chat completions: {@code {base}/chat/completions}, or Azure's deployment path. */
  HttpUrl chatCompletionsUrl(String model) {
    if (azure && !azureV1) {
      return url("openai", "deployments", model, "chat", "completions");
    }
    return url("chat", "completions");
  }

  /**
   * The Responses API: {@code {base}/responses}; for an Azure resource endpoint, {@code
   * /openai/responses} with its api-version (a v1 base takes the plain path).
   */
  HttpUrl responsesUrl() {
    if (azure && !azureV1) {
      return url("openai", "responses");
    }
    return url("responses");
  }

  /** Anthropic messages: {@code {base}/messages}. */
  HttpUrl messagesUrl() {
    return url("messages");
  }

  /** The models list: {@code {base}/models}, or Azure's {@code /openai/models}. */
  HttpUrl modelsUrl() {
    if (azure && !azureV1) {
      return url("openai", "models");
    }
    return url("models");
  }

  /**
   * Ollama's native model list, {@code /api/tags} beside its {@code /v1}; null for Azure, which has
   * none.
   */
  HttpUrl ollamaTagsUrl() {
    return besideV1("api", "tags");
  }

  /**
   * {@code segments} at the server's root, beside its {@code /v1} (Ollama's {@code /api/ps},
   * llama.cpp's {@code /props}); null for Azure, which has none of them.
   */
  HttpUrl besideV1(String... segments) {
    if (azure) {
      return null;
    }
    HttpUrl.Builder root = base.newBuilder();
    List<String> path = base.pathSegments();
    int last = path.size() - 1;
    if (last >= 0 && path.get(last).isEmpty()) {
      root.removePathSegment(last);
      last--;
    }
    if (last >= 0 && path.get(last).equals("v1")) {
      root.removePathSegment(last);
    }
    for (String segment : segments) {
      root.addPathSegment(segment);
    }
    return withQuery(root);
  }

  private HttpUrl url(String... segments) {
    HttpUrl.Builder builder = base.newBuilder();
    for (String segment : segments) {
      builder.addPathSegment(segment);
    }
    return withQuery(builder);
  }

  private HttpUrl withQuery(HttpUrl.Builder builder) {
    for (Map.Entry<String, String> param : query.entrySet()) {
      builder.setQueryParameter(param.getKey(), param.getValue());
    }
    return builder.build();
  }

  /** A request to {@code url} with every header this provider needs. */
  Request.Builder request(HttpUrl url) {
    return new Request.Builder().url(url).headers(headers);
  }

  /**
   * A request to {@code url} for {@code model}: the provider's headers with those of the model's
   * table ({@link ProviderConfig#modelTableFor}) laid over them.
   */
  Request.Builder request(HttpUrl url, String model) {
    Headers forModel = provider.modelTableFor(model).map(modelHeaders::get).orElse(headers);
    return new Request.Builder().url(url).headers(forModel);
  }

  /**
   * The command that prints the key, to be installed as an interceptor on the provider's client;
   * empty when the key comes from the environment.
   */
  Optional<KeyCommand> keyCommand() {
    return Optional.ofNullable(keyCommand);
  }

  /**
   * What to check when the server refuses the key: {@code OPENAI_API_KEY}, or the key entered in
   * the chat, or the key command under the provider's {@code auth} table.
   */
  String keyAdvice() {
    if (keyEntered) {
      return "check the key entered with /key (/key again replaces it)";
    }
    return keyCommand != null
        ? "check the key command under [model_providers." + provider.id() + ".auth]"
        : "check " + provider.envKey();
  }

  /**
   * {@code text} with every key and secret header value replaced by {@code ****}, a key command's
   * latest keys included.
   */
  String redact(String text) {
    String result = text;
    List<Secret> all = new ArrayList<>(secrets);
    if (keyCommand != null) {
      all.addAll(keyCommand.printed());
    }
    for (Secret secret : all) {
      for (String form : echoedForms(secret.reveal())) {
        // Case-insensitively: a server may echo a key lower-cased, or a percent-escape in either
        // case.
        result =
            Pattern.compile(Pattern.quote(form), Pattern.CASE_INSENSITIVE)
                .matcher(result)
                .replaceAll("****");
      }
    }
    return result;
  }

  /**
   * The forms in which a server or proxy may echo a credential it was sent: as it is, URL-encoded
   * (in a query or a form) and HTML-escaped (in an error page); each is matched ignoring case.
   */
  private static Set<String> echoedForms(String secret) {
    if (secret.isEmpty()) {
      return Set.of();
    }
    Set<String> forms = new LinkedHashSet<>();
    forms.add(secret);
    forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
    forms.add(
        secret.replace("%", "%25").replace("+", "%2B").replace("/", "%2F").replace("=", "%3D"));
    forms.add(
        secret
            .replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace("\"", "&quot;")
            .replace("'", "&#39;"));
    return forms;
  }

  /**
   * Whether a header or query parameter of this name carries a credential: {@code Authorization},
   * {@code x-api-key}, {@code key}, {@code access_token}, {@code X-Auth-Token}, {@code sig}, …
   */
  static boolean carriesCredential(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return RequestLogger.ALWAYS_SECRET.contains(lower)
        || lower.equals("key")
        || lower.equals("sig")
        || lower.contains("api-key")
        || lower.contains("api_key")
        || lower.contains("apikey")
        || lower.contains("token")
        || lower.contains("secret")
        || lower.contains("password")
        || lower.contains("auth");
  }

  /**
   * The lower-case names of the headers that carry a credential on every request: the key's, and
   * each {@code env_http_headers} one that is set. Empty when nothing secret is sent.
   */
  Set<String> credentialHeaders() {
    return credentialHeaders;
  }

  /**
   * Whether credentials would cross the network unencrypted: plain {@code http://} to a host that
   * is not this machine.
   */
  boolean sendsCredentialsInTheClear() {
    return !credentialHeaders.isEmpty() && !base.isHttps() && !provider.isLocal();
  }

  /** Whether requests go over TLS ({@code https://}). */
  boolean usesTls() {
    return base.isHttps();
  }

  /** The base URL's host. */
  String host() {
    return base.host();
  }

  /** The base URL as a message may show it: no credentials, no query. */
  String displayBase() {
    return display(base);
  }

  /** A URL as a message may show it: no credentials, no query (it may carry a key). */
  static String display(HttpUrl url) {
    return url.newBuilder().username("").password("").query(null).fragment(null).build().toString();
  }

  @Override
  public String toString() {
    return "Endpoint{" + provider.id() + " " + displayBase() + "}";
  }
}
