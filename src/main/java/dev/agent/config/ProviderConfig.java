package dev.agent.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

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
    String caFile) {

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
    if (requestMaxRetries < 0) {
      throw new IllegalArgumentException("requestMaxRetries < 0: " + requestMaxRetries);
    }
    httpHeaders = Map.copyOf(httpHeaders);
    envHttpHeaders = Map.copyOf(envHttpHeaders);
    queryParams = Map.copyOf(queryParams);
  }

  /** Whether this provider needs an API key. */
  public boolean needsKey() {
    return !envKey.isEmpty() && auth != AuthScheme.NONE;
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
