package dev.agent.config;

import dev.agent.config.ConfigNode.Branch;
import dev.agent.config.ConfigNode.Leaf;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Applies one {@code [model_providers.ID]} table to a built-in or a new provider. */
final class ProviderBinder {
  /** Every key a provider table may hold. */
  static final List<String> KEYS =
      List.of(
          "name",
          "base_url",
          "env_key",
          "env_key_instructions",
          "default_model",
          "wire_api",
          "auth",
          "http_headers",
          "env_http_headers",
          "query_params",
          "max_tokens",
          "stream_idle_timeout_ms",
          "request_max_retries",
          "stream_max_retries",
          "requires_openai_auth",
          "experimental_bearer_token",
          "connect_timeout_ms",
          "ca_file",
          "think_tags",
          "reasoning_effort",
          "thinking_budget_tokens",
          "max_tokens_field",
          "stream_usage",
          "max_reply_mib",
          "extra_body",
          "temperature",
          "top_p",
          "system_prompt",
          "system_prompt_file",
          "models");

  /** The most {@code max_reply_mib} may be: a reply's text is held in memory, twice at most. */
  static final int MAX_REPLY_MIB_LIMIT = 512;

  private static final Map<String, String> HINTS =
      Map.of(
          "api_key",
          "keys are read only from the environment: set env_key to the variable's name",
          "model",
          "a provider's model is default_model; the top-level model belongs to" + " model_provider",
          "context_window",
          "context_window belongs in a model's table, e.g. under"
              + " [model_providers.ollama.models.\"qwen3:8b\"]");

  private ProviderBinder() {}

  /**
   * The provider {@code id} after its table: fields the table names replace the base's, maps merge
   * key by key, everything else is kept.
   *
   * @param builtIn the built-in with this id, or null for a new provider
   * @param builtInIds suggested when a new id without {@code base_url} looks like a misspelt one
   * @param configFile the config file, as an absolute path, against whose folder a relative {@code
   *     ca_file} written there is resolved ({@code -c} values resolve against the working
   *     directory), and whose permissions decide whether {@code experimental_bearer_token} is taken
   * @param warnings receives one line per unknown key
   * @throws ConfigException at the offending value for a wrong type or a bad value, at the table
   *     for a new provider without {@code base_url}
   */
  static ProviderConfig bind(
      String id,
      Branch table,
      ProviderConfig builtIn,
      List<String> builtInIds,
      Path configFile,
      List<String> warnings)
      throws ConfigException {
    try {
      return bindTable(id, table, builtIn, builtInIds, configFile, warnings);
    } catch (ConfigException e) {
      // A misspelt key (base_ulr) often is the error's cause: its warning goes with the error.
      new TableReader(table, KEYS, "[model_providers." + id + "]").warnUnknownKeys(warnings, HINTS);
      throw e;
    }
  }

  private static ProviderConfig bindTable(
      String id,
      Branch table,
      ProviderConfig builtIn,
      List<String> builtInIds,
      Path configFile,
      List<String> warnings)
      throws ConfigException {
    Path configDir = configFile.getParent() != null ? configFile.getParent() : configFile;
    String tableName = "[model_providers." + id + "]";
    TableReader reader = new TableReader(table, KEYS, tableName);
    ProviderConfig base = builtIn == null ? BuiltInProviders.custom(id) : builtIn;

    String baseUrl = base.baseUrl();
    Optional<String> givenUrl = reader.string("base_url");
    if (givenUrl.isPresent() && ConfigSyntax.hasUserInfo(givenUrl.get())) {
      // Never echo it: what stands before the @ is a credential.
      throw new ConfigException(
          reader.origin("base_url").position()
              + ": base_url holds a user name or password (user:pass@); keys go in the environment"
              + " variable env_key names, or in env_http_headers, never in base_url");
    }
    if (givenUrl.isPresent()) {
      baseUrl =
          ConfigSyntax.baseUrl(givenUrl.get())
              .orElseThrow(
                  () ->
                      new ConfigException(
                          reader.origin("base_url").position()
                              + ": base_url '"
                              + ConfigSyntax.printable(givenUrl.get())
                              + "' is not an absolute http or https URL without query (expected"
                              + " e.g. https://api.example.com/v1; put query parameters under"
                              + " query_params)"));
    } else if (builtIn == null) {
      throw new ConfigException(
          table.origin().position()
              + ": provider '"
              + id
              + "' has no base_url (expected base_url = \"https://…\" under "
              + tableName
              + KeySpelling.closest(id, builtInIds)
                  .map(known -> "; to change a built-in, use [model_providers." + known + "]")
                  .orElse("")
              + ")");
    }

    String envKey = reader.string("env_key").orElse(base.envKey());
    if (!envKey.isEmpty() && !ConfigSyntax.isEnvVarName(envKey)) {
      // Never echo it: a common slip is to paste the key itself here.
      throw new ConfigException(
          reader.origin("env_key").position()
              + ": env_key must name an environment variable, not hold the key (expected letters,"
              + " digits and '_', e.g. env_key = \"MY_PROVIDER_API_KEY\")");
    }

    WireApi wireApi =
        choice(reader, "wire_api", WireApi.values(), WireApi::configName).orElse(base.wireApi());
    // A provider whose auth is just its wire format's default follows a new wire format; azure's
    // api-key is a property of the service, so it stays. A local server that is given a key
    // (a remote Ollama behind a proxy, say) surely wants it sent.
    boolean followsWire =
        base.auth() == BuiltInProviders.defaultAuth(base.wireApi())
            || (base.auth() == AuthScheme.NONE
                && ((reader.has("env_key") && !envKey.isEmpty())
                    || reader.has("experimental_bearer_token")));
    AuthScheme inherited = followsWire ? BuiltInProviders.defaultAuth(wireApi) : base.auth();
    // auth is a string naming the scheme, or a table naming the command that prints the key.
    Optional<AuthCommand> authCommand = base.authCommand();
    AuthScheme auth;
    ConfigNode authNode = table.entries().get("auth");
    if (authNode instanceof Branch commandTable) {
      authCommand = Optional.of(authCommand(id, commandTable, configDir, warnings));
      auth = authCommand.get().scheme();
    } else {
      if (authNode != null && !(authNode instanceof Leaf leaf && leaf.value() instanceof String)) {
        throw TableReader.wrongType(
            "auth",
            authNode,
            "a scheme in quotes, e.g. auth = \"bearer\", or a table with the command that prints"
                + " the key");
      }
      Optional<AuthScheme> given =
          choice(reader, "auth", AuthScheme.values(), AuthScheme::configName);
      if (given.isPresent()) {
        authCommand = Optional.empty();
      }
      auth = given.orElse(inherited);
    }

    ProviderConfig bound =
        ProviderConfig.builder(id)
            .name(reader.string("name").orElse(base.name()))
            .baseUrl(baseUrl)
            .envKey(envKey)
            .envKeyInstructions(
                reader.string("env_key_instructions").orElse(base.envKeyInstructions()))
            .defaultModel(reader.string("default_model").orElse(base.defaultModel()))
            .wireApi(wireApi)
            .auth(auth)
            .authCommand(authCommand.orElse(null))
            .httpHeaders(headers(reader, base.httpHeaders()))
            .envHttpHeaders(envHeaders(reader, base.envHttpHeaders()))
            .queryParams(
                stringMap(
                    reader, "query_params", base.queryParams(), "{ \"api-version\" = \"…\" }"))
            .maxTokens(reader.positiveInt("max_tokens").orElse(base.maxTokens()))
            .streamIdleTimeout(
                reader
                    .positiveInt("stream_idle_timeout_ms")
                    .<Duration>map(Duration::ofMillis)
                    .orElse(base.streamIdleTimeout()))
            .requestMaxRetries(
                reader
                    .intInRange("request_max_retries", 0, BuiltInProviders.MAX_REQUEST_MAX_RETRIES)
                    .orElse(base.requestMaxRetries()))
            .connectTimeout(
                reader
                    .positiveInt("connect_timeout_ms")
                    .<Duration>map(Duration::ofMillis)
                    .orElse(base.connectTimeout()))
            .caFile(caFile(reader, configDir).orElse(base.caFile()))
            .hints(base.hints())
            .thinkTags(
                choice(reader, "think_tags", ThinkTags.values(), ThinkTags::configName)
                    .orElse(base.thinkTags()))
            .reasoningEffort(reasoningEffort(reader).orElse(base.reasoningEffort()))
            .thinkingBudgetTokens(thinkingBudgetTokens(reader).orElse(base.thinkingBudgetTokens()))
            .maxTokensField(
                choice(
                        reader,
                        "max_tokens_field",
                        MaxTokensField.values(),
                        MaxTokensField::configName)
                    .orElse(base.maxTokensField()))
            .streamUsage(reader.bool("stream_usage").orElse(base.streamUsage()))
            .maxReplyMib(
                reader
                    .intInRange("max_reply_mib", 1, MAX_REPLY_MIB_LIMIT)
                    .orElse(base.maxReplyMib()))
            .extraBody(base.extraBody().with(BodyFields.read(reader)))
            .models(models(base.models(), ModelBinder.bind(id, reader, configDir, warnings)))
            .streamMaxRetries(
                reader
                    .intInRange("stream_max_retries", 0, BuiltInProviders.MAX_REQUEST_MAX_RETRIES)
                    .map(OptionalInt::of)
                    .orElse(base.streamMaxRetries()))
            .requiresOpenaiAuth(
                reader.bool("requires_openai_auth").orElse(base.requiresOpenaiAuth()))
            .bearerToken(
                bearerToken(reader, tableName, configFile, warnings)
                    .or(base::bearerToken)
                    .orElse(null))
            .systemPrompt(
                systemPrompt(reader, tableName, configDir).or(base::systemPrompt).orElse(null))
            .build();
    reader.warnUnknownKeys(warnings, HINTS);
    return bound;
  }

  /**
   * {@code experimental_bearer_token}, Codex's key written in the file: taken with a warning, and
   * refused when the file may be read by anyone but its owner, or when given with {@code -c} (a
   * command line is visible to every user). The token is never part of a message.
   */
  private static Optional<InlineToken> bearerToken(
      TableReader reader, String tableName, Path configFile, List<String> warnings)
      throws ConfigException {
    String key = "experimental_bearer_token";
    if (!reader.has(key)) {
      return Optional.empty();
    }
    Origin origin = reader.origin(key);
    String token = reader.string(key).orElse(""); // a wrong type's message shows no value
    if (token.isBlank()) {
      throw new ConfigException(
          origin.position() + ": " + key + " is empty (expected the key, or leave the key out)");
    }
    if (!ConfigSyntax.isHeaderValue(token.strip())) {
      throw new ConfigException(
          origin.position()
              + ": "
              + key
              + " has a control or non-ASCII character (expected the key as printable ASCII on one"
              + " line)");
    }
    if (origin.isOverride()) {
      throw new ConfigException(
          origin.position()
              + ": "
              + key
              + " is refused on the command line, where every user of this machine can see it;"
              + " put the variable's name in env_key instead");
    }
    Optional<String> readableBy = readableByOthers(configFile);
    if (readableBy.isPresent()) {
      throw new ConfigException(
          origin.position()
              + ": "
              + key
              + " is refused: "
              + configFile
              + " may be read by "
              + readableBy.get()
              + " (run `chmod 600 "
              + configFile
              + "`, or better, put the key in the variable env_key names)");
    }
    warnings.add(
        origin.line()
            + ": "
            + key
            + " in "
            + tableName
            + " keeps a key in the config file, where backups, dotfile repositories and screen"
            + " shares can leak it; prefer env_key or an auth command");
    return Optional.of(new InlineToken(token.strip()));
  }

  /**
   * Who besides its owner may read {@code file} ({@code its group}, {@code other users}); empty
   * when no one may, or when the file system has no POSIX permissions to tell.
   */
  private static Optional<String> readableByOthers(Path file) throws ConfigException {
    Set<PosixFilePermission> permissions;
    try {
      permissions = Files.getPosixFilePermissions(file);
    } catch (UnsupportedOperationException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new ConfigException(
          file + ": cannot read its permissions to check experimental_bearer_token (" + e + ")");
    }
    if (permissions.contains(PosixFilePermission.OTHERS_READ)) {
      return Optional.of("other users");
    }
    if (permissions.contains(PosixFilePermission.GROUP_READ)) {
      return Optional.of("its group");
    }
    return Optional.empty();
  }

  /** Every key an {@code [model_providers.ID.auth]} table may hold. */
  static final List<String> AUTH_KEYS =
      List.of("command", "args", "timeout_ms", "refresh_interval_ms", "cwd", "scheme");

  /**
   * {@code [model_providers.ID.auth]} as a table: the command that prints the key. Nothing is run
   * here: the command runs when a request needs the key.
   */
  private static AuthCommand authCommand(
      String id, Branch table, Path configDir, List<String> warnings) throws ConfigException {
    String tableName = "[model_providers." + id + ".auth]";
    TableReader reader = new TableReader(table, AUTH_KEYS, tableName);
    Optional<String> command = reader.string("command");
    if (command.isEmpty() || command.get().isBlank()) {
      throw new ConfigException(
          reader.origin("command").position()
              + ": "
              + tableName
              + " has no command (expected the program that prints the key, e.g. command = \"az\","
              + " args = [\"account\", \"get-access-token\", …]; or auth = \"bearer\" for a key"
              + " from env_key)");
    }
    List<String> args =
        reader.strings("args", "[\"account\", \"get-access-token\"]").orElse(List.of());
    AuthScheme scheme =
        choice(reader, "scheme", SCHEMES_FOR_COMMAND, AuthScheme::configName)
            .orElse(AuthScheme.BEARER);
    AuthCommand bound =
        new AuthCommand(
            command.get().strip(),
            args,
            reader
                .positiveInt("timeout_ms")
                .<Duration>map(Duration::ofMillis)
                .orElse(AuthCommand.DEFAULT_TIMEOUT),
            reader
                .intInRange("refresh_interval_ms", 0, Integer.MAX_VALUE)
                .<Duration>map(Duration::ofMillis)
                .orElse(AuthCommand.DEFAULT_REFRESH_INTERVAL),
            path(reader, "cwd", configDir, "the path of a folder").orElse(""),
            scheme);
    reader.warnUnknownKeys(warnings, Map.of());
    return bound;
  }

  /** The schemes a command's key may be sent with: every one but none. */
  private static final AuthScheme[] SCHEMES_FOR_COMMAND = {
    AuthScheme.BEARER, AuthScheme.X_API_KEY, AuthScheme.API_KEY
  };

  /**
   * {@code ca_file} as an absolute path: {@code ~/} is the user's home, a relative path is taken
   * from the config file's folder (or from the working directory when given with {@code -c}). The
   * file is read only when the provider is used, so a broken one does not stop the others.
   */
  private static Optional<String> caFile(TableReader reader, Path configDir)
      throws ConfigException {
    return path(reader, "ca_file", configDir, "the path of a PEM file");
  }

  /**
   * A path as an absolute path: {@code ~/} is the user's home, a relative path is taken from the
   * config file's folder (or from the working directory when given with {@code -c}).
   */
  private static Optional<String> path(
      TableReader reader, String key, Path configDir, String expected) throws ConfigException {
    Optional<String> given = reader.string(key);
    if (given.isEmpty() || given.get().isBlank()) {
      return given.map(String::strip);
    }
    String text = given.get().strip();
    Path path;
    try {
      if (text.startsWith("~/")) {
        path = Path.of(System.getProperty("user.home"), text.substring(2));
      } else if (Path.of(text).isAbsolute() || reader.origin(key).isOverride()) {
        path = Path.of(text);
      } else {
        path = configDir.resolve(text);
      }
    } catch (InvalidPathException e) {
      throw new ConfigException(
          reader.origin(key).position()
              + ": "
              + key
              + " '"
              + ConfigSyntax.printable(text)
              + "' is not a usable path (expected "
              + expected
              + ")");
    }
    return Optional.of(path.toAbsolutePath().normalize().toString());
  }

  /** The largest {@code system_prompt_file} read: a few hundred pages, far more than a prompt. */
  static final long MAX_SYSTEM_PROMPT_BYTES = 256 * 1024;

  /**
   * The table's system prompt: {@code system_prompt}, or the text of {@code system_prompt_file}
   * (resolved as {@code ca_file} is, read now, at most {@value #MAX_SYSTEM_PROMPT_BYTES} bytes of
   * UTF-8); empty when neither is set. An empty text is kept: it says "no system prompt here".
   *
   * @param tableName how the table is named in messages; empty for the top level
   * @throws ConfigException when both are set, or the file cannot be read, at the value
   */
  static Optional<String> systemPrompt(TableReader reader, String tableName, Path configDir)
      throws ConfigException {
    Optional<String> text = reader.string("system_prompt");
    Optional<String> file =
        path(reader, "system_prompt_file", configDir, "the path of a text file with the prompt");
    if (text.isPresent() && file.isPresent()) {
      throw new ConfigException(
          reader.origin("system_prompt_file").position()
              + ": system_prompt and system_prompt_file are both set"
              + (tableName.isEmpty() ? "" : " in " + tableName)
              + " (keep one)");
    }
    if (file.isEmpty() || file.get().isEmpty()) {
      return text.or(() -> file);
    }
    String at = reader.origin("system_prompt_file").position() + ": system_prompt_file '";
    Path path = Path.of(file.get());
    try {
      if (!Files.exists(path)) {
        throw new ConfigException(
            at + path + "': no such file (write the prompt there, or set system_prompt instead)");
      }
      if (!Files.isRegularFile(path)) {
        throw new ConfigException(at + path + "': not a regular file (expected a text file)");
      }
      if (Files.size(path) > MAX_SYSTEM_PROMPT_BYTES) {
        throw new ConfigException(
            at
                + path
                + "': larger than "
                + MAX_SYSTEM_PROMPT_BYTES / 1024
                + " KiB, far more than a system prompt (expected a text file of a few pages)");
      }
      return Optional.of(Files.readString(path, StandardCharsets.UTF_8).strip());
    } catch (AccessDeniedException e) {
      throw new ConfigException(at + path + "': cannot read it (permission denied)");
    } catch (CharacterCodingException e) {
      throw new ConfigException(at + path + "': not valid UTF-8 (expected a UTF-8 text file)");
    } catch (IOException e) {
      throw new ConfigException(at + path + "': cannot read it (" + e.getMessage() + ")");
    }
  }

  /** {@code thinking_budget_tokens}, at least Anthropic's smallest budget. */
  private static Optional<Integer> thinkingBudgetTokens(TableReader reader) throws ConfigException {
    Optional<Integer> given = reader.positiveInt("thinking_budget_tokens");
    if (given.isPresent() && given.get() < ProviderConfig.MIN_THINKING_BUDGET_TOKENS) {
      throw new ConfigException(
          reader.origin("thinking_budget_tokens").position()
              + ": thinking_budget_tokens is "
              + given.get()
              + " (expected at least "
              + ProviderConfig.MIN_THINKING_BUDGET_TOKENS
              + ", the smallest budget Anthropic takes)");
    }
    return given;
  }

  /** {@code reasoning_effort}, one of {@link ProviderConfig#REASONING_EFFORTS}. */
  static Optional<String> reasoningEffort(TableReader reader) throws ConfigException {
    return reasoningEffort(reader, "reasoning_effort");
  }

  /** A reasoning effort under {@code key} ({@code model_reasoning_effort} is Codex's name). */
  static Optional<String> reasoningEffort(TableReader reader, String key) throws ConfigException {
    return oneOf(reader, key, ProviderConfig.REASONING_EFFORTS);
  }

  private static <E extends Enum<E>> Optional<E> choice(
      TableReader reader, String key, E[] values, Function<E, String> configName)
      throws ConfigException {
    List<String> names = Arrays.stream(values).map(configName).collect(Collectors.toList());
    return oneOf(reader, key, names).map(given -> values[names.indexOf(given)]);
  }

  /** The string value of {@code key}, which must be one of {@code names}. */
  private static Optional<String> oneOf(TableReader reader, String key, List<String> names)
      throws ConfigException {
    Optional<String> given = reader.string(key);
    if (given.isEmpty() || names.contains(given.get())) {
      return given;
    }
    throw new ConfigException(
        reader.origin(key).position()
            + ": unknown "
            + key
            + " '"
            + ConfigSyntax.printable(given.get())
            + "' (expected "
            + String.join(", ", names.subList(0, names.size() - 1))
            + " or "
            + names.get(names.size() - 1)
            + ")");
  }

  /** The base's model tables with the given ones laid over them, table by table. */
  private static Map<String, ModelSettings> models(
      Map<String, ModelSettings> base, Map<String, ModelSettings> given) {
    Map<String, ModelSettings> merged = new LinkedHashMap<>(base);
    merged.putAll(given);
    return merged;
  }

  /** {@code http_headers} laid over {@code base}, each name and value checked. */
  static Map<String, String> headers(TableReader reader, Map<String, String> base)
      throws ConfigException {
    Map<String, Leaf> given = entries(reader, "http_headers", "{ \"X-Header\" = \"value\" }");
    Map<String, String> merged = new LinkedHashMap<>(base);
    for (Map.Entry<String, Leaf> entry : given.entrySet()) {
      String name = entry.getKey();
      checkHeaderName("http_headers", name, entry.getValue());
      String value = (String) entry.getValue().value();
      if (!ConfigSyntax.isHeaderValue(value)) {
        // The value is not shown: headers often carry credentials.
        throw new ConfigException(
            entry.getValue().origin().position()
                + ": http_headers '"
                + name
                + "' has a control or non-ASCII character in its value (expected printable ASCII"
                + " on one line)");
      }
      merged.put(name, value);
    }
    return merged;
  }

  private static Map<String, String> envHeaders(TableReader reader, Map<String, String> base)
      throws ConfigException {
    Map<String, Leaf> given =
        entries(reader, "env_http_headers", "{ \"X-Header\" = \"VARIABLE_NAME\" }");
    Map<String, String> merged = new LinkedHashMap<>(base);
    for (Map.Entry<String, Leaf> entry : given.entrySet()) {
      String name = entry.getKey();
      checkHeaderName("env_http_headers", name, entry.getValue());
      String variable = (String) entry.getValue().value();
      if (!ConfigSyntax.isEnvVarName(variable)) {
        throw new ConfigException(
            entry.getValue().origin().position()
                + ": env_http_headers '"
                + name
                + "' must name an environment variable, not hold the value (expected letters,"
                + " digits and '_', e.g. \""
                + name
                + "\" = \"MY_HEADER_VALUE\")");
      }
      merged.put(name, variable);
    }
    return merged;
  }

  private static Map<String, String> stringMap(
      TableReader reader, String key, Map<String, String> base, String example)
      throws ConfigException {
    Map<String, String> merged = new LinkedHashMap<>(base);
    entries(reader, key, example).forEach((name, leaf) -> merged.put(name, (String) leaf.value()));
    return merged;
  }

  /** The entries of a table of strings, each checked to be a string. */
  private static Map<String, Leaf> entries(TableReader reader, String key, String example)
      throws ConfigException {
    Optional<Branch> table = reader.table(key, key + " = " + example);
    Map<String, Leaf> entries = new LinkedHashMap<>();
    if (table.isEmpty()) {
      return entries;
    }
    for (Map.Entry<String, ConfigNode> entry : table.get().entries().entrySet()) {
      if (!(entry.getValue() instanceof Leaf leaf && leaf.value() instanceof String)) {
        throw TableReader.wrongType(
            key + " '" + entry.getKey() + "'", entry.getValue(), "a string in quotes");
      }
      entries.put(entry.getKey(), leaf);
    }
    return entries;
  }

  private static void checkHeaderName(String key, String name, Leaf at) throws ConfigException {
    if (!ConfigSyntax.isHeaderName(name)) {
      throw new ConfigException(
          at.origin().position()
              + ": "
              + key
              + " name '"
              + ConfigSyntax.printable(name)
              + "' is not a valid HTTP header name (expected letters, digits and"
              + " !#$%&'*+-.^_`|~, no spaces or control characters)");
    }
  }
}
