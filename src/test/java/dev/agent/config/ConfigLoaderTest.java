package dev.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent.testing.TestProviders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final List<String> BUILT_IN_IDS =
      List.of("anthropic", "openai", "ollama", "lmstudio", "azure");

  @TempDir Path dir;

  private Path file() {
    return dir.resolve("config.toml");
  }

  private AgentConfig load(String toml, String... overrides) throws Exception {
    return load(Map.of(), toml, overrides);
  }

  private AgentConfig load(Map<String, String> env, String toml, String... overrides)
      throws Exception {
    Files.writeString(file(), toml, StandardCharsets.UTF_8);
    return new ConfigLoader(env).load(file(), true, List.of(overrides));
  }

  private String error(String toml, String... overrides) throws IOException {
    Files.writeString(file(), toml, StandardCharsets.UTF_8);
    return assertThrows(
            ConfigException.class,
            () -> new ConfigLoader(Map.of()).load(file(), true, List.of(overrides)))
        .getMessage();
  }

  // --- the file ---

  @Test
  void missingFileMeansTheBuiltIns() throws Exception {
    AgentConfig config = new ConfigLoader(Map.of()).load(file(), false, List.of());

    assertEquals(BUILT_IN_IDS, List.copyOf(config.providers().keySet()));
    for (String id : BUILT_IN_IDS) {
      assertEquals(TestProviders.builtIn(id), config.providers().get(id), id);
    }
    assertEquals("", config.modelProvider());
    assertEquals("", config.model());
    assertEquals("", config.theme());
    assertEquals(List.of(), config.warnings());
  }

  @Test
  void missingFileGivenWithConfigIsAnError() {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> new ConfigLoader(Map.of()).load(file(), true, List.of()));

    assertEquals(file() + ": no such file", e.getMessage());
  }

  @Test
  void missingFileStillTakesOverrides() throws Exception {
    AgentConfig config =
        new ConfigLoader(Map.of()).load(file(), false, List.of("model_provider=openai"));

    assertEquals("openai", config.modelProvider());
  }

  @Test
  void folderInsteadOfFileIsAnError() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("folder.toml"));

    ConfigException e =
        assertThrows(
            ConfigException.class, () -> new ConfigLoader(Map.of()).load(folder, false, List.of()));

    assertEquals(
        folder + ": not a regular file (expected a TOML text file, such as ~/.agent/config.toml)",
        e.getMessage());
  }

  @Test
  void fileThatIsNotUtf8IsAnError() throws Exception {
    Files.write(file(), new byte[] {'m', 'o', 'd', 'e', 'l', '=', '"', (byte) 0xff, '"'});

    ConfigException e =
        assertThrows(
            ConfigException.class, () -> new ConfigLoader(Map.of()).load(file(), true, List.of()));

    assertEquals(file() + ": not valid UTF-8 (expected a UTF-8 text file)", e.getMessage());
  }

  @Test
  void byteOrderMarkIsSkipped() throws Exception {
    assertEquals("openai", load("\uFEFFmodel_provider = \"openai\"\n").modelProvider());
  }

  @Test
  void specificationExampleLoadsAsWritten() throws Exception {
    AgentConfig config =
        load(
            """
            model_provider = "anthropic"
            model = "claude-opus-4-5-20251101"

            [model_providers.azure]
            name = "Azure OpenAI"
            base_url = "https://my-deployment.openai.azure.com"
            env_key = "AZURE_OPENAI_API_KEY"
            default_model = "gpt-4o"
            http_headers = { "api-version" = "2024-02-01" }

            [model_providers.custom]
            name = "My Custom Provider"
            base_url = "https://api.my-provider.com/v1"
            env_key = "CUSTOM_API_KEY"
            default_model = "custom-model"
            http_headers = { "X-Custom-Header" = "value" }
            """);

    assertEquals("anthropic", config.modelProvider());
    assertEquals("claude-opus-4-5-20251101", config.model());
    assertEquals("", config.theme());
    assertEquals(List.of(), config.warnings());
    assertEquals(
        List.of("anthropic", "openai", "ollama", "lmstudio", "azure", "custom"),
        List.copyOf(config.providers().keySet()));
    assertEquals(
        TestProviders.builtIn("azure").toBuilder()
            .baseUrl("https://my-deployment.openai.azure.com")
            .httpHeaders(Map.of("api-version", "2024-02-01"))
            .build(),
        config.providers().get("azure"));
    assertEquals(
        ProviderConfig.builder("custom")
            .name("My Custom Provider")
            .baseUrl("https://api.my-provider.com/v1")
            .envKey("CUSTOM_API_KEY")
            .defaultModel("custom-model")
            .wireApi(WireApi.CHAT)
            .auth(AuthScheme.BEARER)
            .httpHeaders(Map.of("X-Custom-Header", "value"))
            .streamIdleTimeout(Duration.ofMinutes(5))
            .requestMaxRetries(2)
            .connectTimeout(Duration.ofSeconds(10))
            .build(),
        config.providers().get("custom"));
    for (String id : List.of("anthropic", "openai", "ollama", "lmstudio")) {
      assertEquals(TestProviders.builtIn(id), config.providers().get(id), id);
    }
  }

  // --- merging over built-ins ---

  @Test
  void tableUnderBuiltInChangesOnlyTheFieldsItNames() throws Exception {
    AgentConfig config =
        load(
            """
            [model_providers.openai]
            base_url = "http://proxy.internal:8080/openai/v1//"
            max_tokens = 4096
            """);

    ProviderConfig expected =
        TestProviders.builtIn("openai").toBuilder()
            .baseUrl("http://proxy.internal:8080/openai/v1")
            .maxTokens(4096)
            .build();
    assertEquals(expected, config.providers().get("openai"));
    assertEquals(BUILT_IN_IDS, List.copyOf(config.providers().keySet()));
  }

  @Test
  void everyProviderKeyIsRead() throws Exception {
    AgentConfig config =
        load(
            """
            [model_providers.gateway]
            name = "Gateway"
            base_url = "https://gateway.example.com/v1"
            env_key = "GATEWAY_TOKEN"
            env_key_instructions = "Create a token at https://gateway.example.com/tokens"
            default_model = "claude-haiku"
            wire_api = "anthropic"
            auth = "bearer"
            http_headers = { "X-Team" = "research" }
            env_http_headers = { "X-Org" = "GATEWAY_ORG" }
            query_params = { "tenant" = "blue" }
            max_tokens = 2048
            stream_idle_timeout_ms = 1500
            request_max_retries = 5
            connect_timeout_ms = 2500
            ca_file = "certs/gateway.pem"
            """);

    assertEquals(
        ProviderConfig.builder("gateway")
            .name("Gateway")
            .baseUrl("https://gateway.example.com/v1")
            .envKey("GATEWAY_TOKEN")
            .envKeyInstructions("Create a token at https://gateway.example.com/tokens")
            .defaultModel("claude-haiku")
            .wireApi(WireApi.ANTHROPIC)
            .auth(AuthScheme.BEARER)
            .httpHeaders(Map.of("X-Team", "research"))
            .envHttpHeaders(Map.of("X-Org", "GATEWAY_ORG"))
            .queryParams(Map.of("tenant", "blue"))
            .maxTokens(2048)
            .streamIdleTimeout(Duration.ofMillis(1500))
            .requestMaxRetries(5)
            .connectTimeout(Duration.ofMillis(2500))
            .caFile(dir.resolve("certs/gateway.pem").toAbsolutePath().toString())
            .build(),
        config.providers().get("gateway"));
    assertEquals(List.of(), config.warnings());
  }

  @Test
  void customProviderDefaults() throws Exception {
    AgentConfig config =
        load(
            """
            [model_providers.vllm]
            base_url = "http://gpu-box:8000/v1"
            """);

    assertEquals(
        ProviderConfig.builder("vllm")
            .name("vllm")
            .baseUrl("http://gpu-box:8000/v1")
            .wireApi(WireApi.CHAT)
            .auth(AuthScheme.BEARER)
            .streamIdleTimeout(Duration.ofMinutes(5))
            .requestMaxRetries(2)
            .connectTimeout(Duration.ofSeconds(10))
            .build(),
        config.providers().get("vllm"));
  }

  @Test
  void customProvidersFollowBuiltInsAlphabetically() throws Exception {
    AgentConfig config =
        load(
            """
            [model_providers.zeta]
            base_url = "https://z.example.com"
            [model_providers.alpha]
            base_url = "https://a.example.com"
            [model_providers.openai]
            name = "OpenAI (work)"
            """);

    assertEquals(
        List.of("anthropic", "openai", "ollama", "lmstudio", "azure", "alpha", "zeta"),
        List.copyOf(config.providers().keySet()));
    assertEquals("OpenAI (work)", config.providers().get("openai").name());
  }

  @Test
  void customAnthropicGatewayNeedsOnlyWireApi() throws Exception {
    AgentConfig config =
        load(
            """
            [model_providers.gateway]
            base_url = "https://llm.example.com/anthropic/v1"
            env_key = "GATEWAY_KEY"
            default_model = "claude-sonnet-4-20250514"
            wire_api = "anthropic"
            """);

    ProviderConfig gateway = config.providers().get("gateway");
    assertEquals(WireApi.ANTHROPIC, gateway.wireApi());
    assertEquals(AuthScheme.X_API_KEY, gateway.auth());
  }

  @Test
  void authFollowsAChangedWireFormatUnlessItIsTheServicesOwn() throws Exception {
    AgentConfig config =
        load(
            """
            [model_providers.openai]
            wire_api = "anthropic"
            [model_providers.anthropic]
            wire_api = "chat"
            [model_providers.azure]
            wire_api = "anthropic"
            [model_providers.lmstudio]
            wire_api = "anthropic"
            """);

    assertEquals(AuthScheme.X_API_KEY, config.providers().get("openai").auth());
    assertEquals(AuthScheme.BEARER, config.providers().get("anthropic").auth());
    assertEquals(AuthScheme.API_KEY, config.providers().get("azure").auth());
    assertEquals(AuthScheme.NONE, config.providers().get("lmstudio").auth());
  }

  @Test
  void explicitAuthWins() throws Exception {
    AgentConfig config =
        load(
            """
            [model_providers.azure]
            auth = "bearer"
            [model_providers.openai]
            wire_api = "anthropic"
            auth = "none"
            """);

    assertEquals(AuthScheme.BEARER, config.providers().get("azure").auth());
    assertEquals(AuthScheme.NONE, config.providers().get("openai").auth());
  }

  @Test
  void localProviderGivenAnEnvKeySendsIt() throws Exception {
    AgentConfig config =
        load(
            """
            [model_providers.ollama]
            base_url = "https://ollama.example.com/v1"
            env_key = "OLLAMA_API_KEY"
            """);

    ProviderConfig ollama = config.providers().get("ollama");
    assertEquals(AuthScheme.BEARER, ollama.auth());
    assertEquals(true, ollama.needsKey());
    assertEquals(AuthScheme.NONE, config.providers().get("lmstudio").auth());
  }

  @Test
  void emptyEnvKeyMeansNoKey() throws Exception {
    AgentConfig config =
        load(
            """
            [model_providers.openai]
            base_url = "http://localhost:4000/v1"
            env_key = ""
            """);

    assertEquals(false, config.providers().get("openai").needsKey());
  }

  // --- AZURE_OPENAI_ENDPOINT ---

  @Test
  void azureBaseUrlComesFromTheEnvironmentWithoutTrailingSlashes() throws Exception {
    AgentConfig config =
        new ConfigLoader(Map.of("AZURE_OPENAI_ENDPOINT", " https://res.openai.azure.com/ "))
            .load(file(), false, List.of());

    assertEquals(
        TestProviders.builtIn("azure").toBuilder().baseUrl("https://res.openai.azure.com").build(),
        config.providers().get("azure"));
    assertEquals(List.of(), config.warnings());
  }

  @Test
  void blankAzureEndpointMeansNotConfigured() throws Exception {
    AgentConfig config =
        new ConfigLoader(Map.of("AZURE_OPENAI_ENDPOINT", "  ")).load(file(), false, List.of());

    assertEquals("", config.providers().get("azure").baseUrl());
  }

  @Test
  void azureEndpointThatIsNotAUrlIsAWarning() throws Exception {
    AgentConfig config =
        new ConfigLoader(Map.of("AZURE_OPENAI_ENDPOINT", "res.openai.azure.com"))
            .load(file(), false, List.of());

    assertEquals("", config.providers().get("azure").baseUrl());
    assertEquals(
        List.of(
            "AZURE_OPENAI_ENDPOINT 'res.openai.azure.com' is not an absolute http or https URL,"
                + " ignored (expected e.g. https://NAME.openai.azure.com)"),
        config.warnings());
  }

  @Test
  void fileBeatsAzureEndpoint() throws Exception {
    AgentConfig config =
        load(
            Map.of("AZURE_OPENAI_ENDPOINT", "https://env.openai.azure.com"),
            """
            [model_providers.azure]
            base_url = "https://file.openai.azure.com/openai/v1"
            """);

    assertEquals(
        "https://file.openai.azure.com/openai/v1", config.providers().get("azure").baseUrl());
  }

  // --- errors ---

  @Test
  void brokenTomlReportsLineAndColumn() throws IOException {
    assertEquals(
        file()
            + ":2:9: unexpected end of line (expected ', \", ''', \"\"\", a number, a boolean,"
            + " a date/time, an array, or a table)",
        error("model = \"x\"\ntheme = \n"));
  }

  @Test
  void nestingThousandsDeepIsAnErrorNotACrash() throws IOException {
    String deep = "[".repeat(50_000) + "]".repeat(50_000);
    assertEquals(
        file() + ": arrays or tables nested too deeply (expected a few levels)",
        error("a = " + deep + "\n"));
    assertEquals(
        "-c a: arrays or tables nested too deeply (expected a few levels)", error("", "a=" + deep));
    assertEquals(
        file() + ": tables nested too deeply (expected a few levels)",
        error("[" + "a.".repeat(50_000) + "b]\nc = 1\n"));
  }

  @Test
  void duplicateKeyIsAnError() throws IOException {
    assertEquals(
        file() + ":2:1: model previously defined at line 1, column 1",
        error("model = \"a\"\nmodel = \"b\"\n"));
  }

  @Test
  void wrongTypeNamesTheKeyAndTheExpectedType() throws IOException {
    assertEquals(
        file() + ":2:1: model is an integer (expected a string in quotes)",
        error("model_provider = \"openai\"\nmodel = 4\n"));
    assertEquals(
        file() + ":2:1: max_tokens is a string (expected a positive integer)",
        error("[model_providers.openai]\nmax_tokens = \"4096\"\n"));
    assertEquals(
        file()
            + ":2:1: http_headers is a string (expected a table, e.g. http_headers ="
            + " { \"X-Header\" = \"value\" })",
        error("[model_providers.openai]\nhttp_headers = \"X-A: b\"\n"));
    assertEquals(
        file() + ":2:18: http_headers 'X-Retries' is an integer (expected a string in quotes)",
        error("[model_providers.openai]\nhttp_headers = { \"X-Retries\" = 3 }\n"));
    assertEquals(
        file()
            + ":1:1: model_providers.openai is a string (expected a table, e.g."
            + " [model_providers.openai] with base_url = \"…\")",
        error("model_providers.openai = \"https://api.openai.com/v1\"\n"));
  }

  @Test
  void numberOutOfRangeIsAnError() throws IOException {
    assertEquals(
        file() + ":2:1: stream_idle_timeout_ms is 0 (expected a positive integer up to 2147483647)",
        error("[model_providers.openai]\nstream_idle_timeout_ms = 0\n"));
  }

  @Test
  void zeroRetriesTurnsThemOffAndTooManyIsAnError() throws Exception {
    assertEquals(
        0,
        load("[model_providers.openai]\nrequest_max_retries = 0\n")
            .providers()
            .get("openai")
            .requestMaxRetries());
    assertEquals(
        file() + ":2:1: request_max_retries is 101 (expected an integer from 0 to 100)",
        error("[model_providers.openai]\nrequest_max_retries = 101\n"));
    assertEquals(
        file() + ":2:1: request_max_retries is -1 (expected an integer from 0 to 100)",
        error("[model_providers.openai]\nrequest_max_retries = -1\n"));
    assertEquals(
        file() + ":2:1: request_max_retries is a string (expected an integer from 0 to 100)",
        error("[model_providers.openai]\nrequest_max_retries = \"3\"\n"));
    assertEquals(
        file() + ":2:1: connect_timeout_ms is 0 (expected a positive integer up to 2147483647)",
        error("[model_providers.openai]\nconnect_timeout_ms = 0\n"));
  }

  @Test
  void caFileIsResolvedFromTheConfigFilesFolderOrTheHomeFolder() throws Exception {
    AgentConfig config =
        load(
            """
            [model_providers.openai]
            ca_file = "corp.pem"
            [model_providers.ollama]
            ca_file = "~/certs/lab.pem"
            [model_providers.lmstudio]
            ca_file = "/etc/ssl/lab.pem"
            """,
            "model_providers.azure.ca_file=relative.pem");

    assertEquals(
        dir.resolve("corp.pem").toAbsolutePath().toString(),
        config.providers().get("openai").caFile());
    assertEquals(
        Path.of(System.getProperty("user.home"), "certs", "lab.pem").toString(),
        config.providers().get("ollama").caFile());
    assertEquals("/etc/ssl/lab.pem", config.providers().get("lmstudio").caFile());
    assertEquals(
        Path.of("relative.pem").toAbsolutePath().toString(),
        config.providers().get("azure").caFile());
    assertEquals("", config.providers().get("anthropic").caFile());
  }

  @Test
  void unknownWireApiIsAnError() throws IOException {
    assertEquals(
        file() + ":2:1: unknown wire_api 'opneai' (expected chat, anthropic or responses)",
        error("[model_providers.openai]\nwire_api = \"opneai\"\n"));
  }

  @Test
  void aBaseUrlWithCredentialsIsRefusedWithoutEchoingThem() throws IOException {
    String message =
        error("[model_providers.x]\nbase_url = \"https://me:s3cret-pw@llm.example.com/v1\"\n");

    assertEquals(
        file()
            + ":2:1: base_url holds a user name or password (user:pass@); keys go in the"
            + " environment variable env_key names, or in env_http_headers, never in base_url",
        message);
    assertFalse(
        error("[model_providers.x]\nbase_url = \"https://me:s3 cret@llm.example.com/v1\"\n")
            .contains("s3"));
  }

  @Test
  void aConfigThatIsNotARegularFileOrIsHugeIsRefusedAtOnce() throws IOException {
    ConfigException fifo =
        assertThrows(
            ConfigException.class,
            () -> new ConfigLoader(Map.of()).load(Path.of("/dev/zero"), true, List.of()));
    assertEquals(
        "/dev/zero: not a regular file (expected a TOML text file, such as"
            + " ~/.agent/config.toml)",
        fifo.getMessage());

    // One string of 300 KiB: tomlj takes seconds of CPU per MiB of string, so it is never parsed.
    Path huge = dir.resolve("huge.toml");
    Files.writeString(huge, "model = \"" + "a".repeat(300 * 1024) + "\"\n");
    assertEquals(
        huge
            + ": larger than 256 KiB, far more than any configuration (expected a TOML text file;"
            + " a long system prompt goes in a file of its own)",
        assertThrows(
                ConfigException.class, () -> new ConfigLoader(Map.of()).load(huge, true, List.of()))
            .getMessage());
  }

  @Test
  void unknownReasoningSettingsAreErrors() throws IOException {
    assertEquals(
        file()
            + ":1:1: unknown reasoning_effort 'hgh' (expected none, minimal, low, medium, high or"
            + " xhigh)",
        error("reasoning_effort = \"hgh\"\n"));
    assertEquals(
        file() + ":2:1: unknown think_tags 'no' (expected auto, open or off)",
        error("[model_providers.ollama]\nthink_tags = \"no\"\n"));
    assertEquals(
        file() + ":2:1: show_reasoning is a string (expected true or false)",
        error("model = \"m\"\nshow_reasoning = \"no\"\n"));
  }

  @Test
  void unknownAuthIsAnError() throws IOException {
    assertEquals(
        file() + ":3:1: unknown auth 'basic' (expected bearer, x-api-key, api-key or none)",
        error("[model_providers.openai]\nname = \"o\"\nauth = \"basic\"\n"));
  }

  @Test
  void baseUrlMustBeAnAbsoluteHttpUrl() throws IOException {
    for (String url :
        List.of(
            "api.openai.com/v1",
            "ftp://files.example.com",
            "https:///v1",
            "https://api.example.com/v1?key=1",
            "")) {
      assertEquals(
          file()
              + ":2:1: base_url '"
              + url
              + "' is not an absolute http or https URL without query (expected e.g."
              + " https://api.example.com/v1; put query parameters under query_params)",
          error("[model_providers.openai]\nbase_url = \"" + url + "\"\n"),
          url);
    }
  }

  @Test
  void customProviderWithoutBaseUrlIsAnErrorAtItsTable() throws IOException {
    assertEquals(
        file()
            + ":3:1: provider 'mine' has no base_url (expected base_url = \"https://…\" under"
            + " [model_providers.mine])",
        error("model = \"m\"\n\n[model_providers.mine]\nname = \"Mine\"\n"));
  }

  @Test
  void misspeltBuiltInIdPointsAtTheBuiltIn() throws IOException {
    assertEquals(
        file()
            + ":1:1: provider 'OpenAI' has no base_url (expected base_url = \"https://…\" under"
            + " [model_providers.OpenAI]; to change a built-in, use [model_providers.openai])",
        error("[model_providers.OpenAI]\nmax_tokens = 10\n"));
  }

  @Test
  void headerValueWithLineBreakIsRefusedWithoutShowingIt() throws IOException {
    assertEquals(
        file()
            + ":2:18: http_headers 'Authorization' has a control or non-ASCII character in its"
            + " value (expected printable ASCII on one line)",
        error(
            """
            [model_providers.openai]
            http_headers = { Authorization = "Bearer sk-secret\\r\\nX-Evil: 1" }
            """));
  }

  @Test
  void headerValueWithNulIsRefused() throws IOException {
    String message =
        error("[model_providers.openai]\nhttp_headers = { \"X-A\" = \"a\\u0000b\" }\n");

    assertEquals(
        file()
            + ":2:18: http_headers 'X-A' has a control or non-ASCII character in its value"
            + " (expected printable ASCII on one line)",
        message);
  }

  @Test
  void headerNameWithLineBreakIsRefused() throws IOException {
    assertEquals(
        file()
            + ":2:18: http_headers name 'X-A\\r\\nX-B' is not a valid HTTP header name (expected"
            + " letters, digits and !#$%&'*+-.^_`|~, no spaces or control characters)",
        error("[model_providers.openai]\nhttp_headers = { \"X-A\\r\\nX-B\" = \"v\" }\n"));
  }

  @Test
  void envHttpHeadersMustNameVariables() throws IOException {
    assertEquals(
        file()
            + ":2:22: env_http_headers 'X-Org' must name an environment variable, not hold the"
            + " value (expected letters, digits and '_', e.g. \"X-Org\" = \"MY_HEADER_VALUE\")",
        error("[model_providers.openai]\nenv_http_headers = { \"X-Org\" = \"org-123\" }\n"));
  }

  @Test
  void envKeyHoldingAKeyIsRefusedWithoutShowingIt() throws IOException {
    String message = error("[model_providers.openai]\nenv_key = \"sk-proj-abc123\"\n");

    assertEquals(
        file()
            + ":2:1: env_key must name an environment variable, not hold the key (expected"
            + " letters, digits and '_', e.g. env_key = \"MY_PROVIDER_API_KEY\")",
        message);
  }

  @Test
  void providerIdMustBeTypeable() throws IOException {
    assertEquals(
        file()
            + ":1:1: provider id 'my provider' is not usable with --provider (expected letters,"
            + " digits, '-' and '_')",
        error("[model_providers.\"my provider\"]\nbase_url = \"https://x.example.com\"\n"));
  }

  // --- warnings ---

  @Test
  void unknownKeysAreWarningsWithSuggestions() throws Exception {
    AgentConfig config =
        load(
            """
            modle = "gpt-4o"
            model_provider = "openai"

            [model_providers.openai]
            bse_url = "https://api.openai.com/v1"
            colour = "blue"
            api_key = "sk-secret"
            """);

    assertEquals(
        List.of(
            file() + ":1: unknown key 'modle' ignored (did you mean 'model'?)",
            file()
                + ":5: unknown key 'bse_url' in [model_providers.openai] ignored (did you mean"
                + " 'base_url'?)",
            file()
                + ":6: unknown key 'colour' in [model_providers.openai] ignored (known keys: name,"
                + " base_url, env_key, env_key_instructions, default_model, wire_api, auth,"
                + " http_headers, env_http_headers, query_params, max_tokens,"
                + " stream_idle_timeout_ms, request_max_retries, stream_max_retries,"
                + " requires_openai_auth, experimental_bearer_token, connect_timeout_ms, ca_file,"
                + " think_tags, reasoning_effort, thinking_budget_tokens, max_tokens_field,"
                + " stream_usage, max_reply_mib, extra_body, temperature, top_p, system_prompt,"
                + " system_prompt_file, models)",
            file()
                + ":7: unknown key 'api_key' in [model_providers.openai] ignored (keys are read"
                + " only from the environment: set env_key to the variable's name)"),
        config.warnings());
    assertEquals(TestProviders.builtIn("openai"), config.providers().get("openai"));
  }

  @Test
  void modelInAProviderTablePointsAtDefaultModel() throws Exception {
    AgentConfig config = load("[model_providers.openai]\nmodel = \"gpt-4.1\"\n");

    assertEquals(
        List.of(
            file()
                + ":2: unknown key 'model' in [model_providers.openai] ignored (a provider's model"
                + " is default_model; the top-level model belongs to model_provider)"),
        config.warnings());
  }

  @Test
  void providerKeyAtTopLevelSaysWhereItBelongs() throws Exception {
    AgentConfig config = load("base_url = \"http://localhost:8080/v1\"\n");

    assertEquals(
        List.of(
            file()
                + ":1: unknown key 'base_url' ignored (base_url belongs in a provider's table,"
                + " e.g. under [model_providers.openai])"),
        config.warnings());
  }

  // --- -c overrides ---

  @Test
  void overrideValueThatIsNotTomlIsAString() throws Exception {
    AgentConfig config = load("", "model=gpt-4o-mini");

    assertEquals("gpt-4o-mini", config.model());
  }

  @Test
  void overrideValueIsParsedAsToml() throws Exception {
    AgentConfig config =
        load(
            "",
            "model_providers.openai.max_tokens=5",
            "model=\"quoted\"",
            "model_providers.openai.http_headers={ \"X-A\" = \"b\" }");

    assertEquals(5, config.providers().get("openai").maxTokens());
    assertEquals("quoted", config.model());
    assertEquals(Map.of("X-A", "b"), config.providers().get("openai").httpHeaders());
  }

  @Test
  void overrideSplitsAtTheFirstEquals() throws Exception {
    AgentConfig config = load("", "model_providers.openai.query_params.sig=a=b");

    assertEquals(Map.of("sig", "a=b"), config.providers().get("openai").queryParams());
  }

  @Test
  void mouseIsOnUnlessTurnedOff() throws Exception {
    assertTrue(load("model = \"m\"\n").mouse());
    assertFalse(load("mouse = false\n").mouse());
    assertTrue(load("mouse = false\n", "mouse=true").mouse());
    assertEquals(
        file() + ":1:1: mouse is a string (expected true or false)", error("mouse = \"off\"\n"));
  }

  @Test
  void overrideBeatsFileAndLaterOverrideBeatsEarlier() throws Exception {
    AgentConfig config =
        load(
            """
            model = "from-file"
            theme = "dark"
            [model_providers.azure]
            base_url = "https://file.openai.azure.com"
            """,
            "model=first",
            "model=second",
            "model_providers.azure.base_url=https://cli.openai.azure.com/");

    assertEquals("second", config.model());
    assertEquals("dark", config.theme());
    assertEquals("https://cli.openai.azure.com", config.providers().get("azure").baseUrl());
  }

  @Test
  void overrideTablesMergeKeyByKeyWithTheFile() throws Exception {
    AgentConfig config =
        load(
            """
            [model_providers.openai]
            http_headers = { "X-A" = "1", "X-B" = "2" }
            """,
            "model_providers.openai.http_headers={ \"X-B\" = \"3\", \"X-C\" = \"4\" }");

    assertEquals(
        Map.of("X-A", "1", "X-B", "3", "X-C", "4"), config.providers().get("openai").httpHeaders());
  }

  @Test
  void overrideCanDefineACustomProvider() throws Exception {
    AgentConfig config =
        load(
            "",
            "model_providers.local.base_url=http://127.0.0.1:9000/v1",
            "model_providers.local.default_model=tiny");

    ProviderConfig local = config.providers().get("local");
    assertEquals("http://127.0.0.1:9000/v1", local.baseUrl());
    assertEquals("tiny", local.defaultModel());
  }

  @Test
  void overrideWithoutEqualsIsAnError() throws IOException {
    assertEquals(
        "-c model: missing '=' (expected -c key=value, e.g. -c model=gpt-4o)", error("", "model"));
  }

  @Test
  void overrideWithoutKeyIsAnError() throws IOException {
    assertEquals(
        "-c =…: missing key before '=' (expected -c key=value, e.g. -c model=gpt-4o)",
        error("", "=gpt-4o"));
  }

  @Test
  void overrideWithBrokenKeyIsAnError() throws IOException {
    assertEquals(
        "-c model_providers..x: not a valid key (expected a dotted key such as"
            + " model_providers.openai.base_url)",
        error("", "model_providers..x=1"));
  }

  @Test
  void overrideErrorsNameTheOverride() throws IOException {
    assertEquals(
        "-c model_providers.openai.max_tokens: max_tokens is a string (expected a positive"
            + " integer)",
        error("", "model_providers.openai.max_tokens=lots"));
    assertEquals(
        "-c model_providers.openai.wire_api: unknown wire_api 'response' (expected chat,"
            + " anthropic or responses)",
        error(
            "[model_providers.openai]\nwire_api = \"chat\"\n",
            "model_providers.openai.wire_api=response"));
    assertEquals(
        "-c model_providers.mine.name: provider 'mine' has no base_url (expected base_url ="
            + " \"https://…\" under [model_providers.mine])",
        error("", "model_providers.mine.name=Mine"));
  }

  @Test
  void overrideWarningsNameTheOverride() throws Exception {
    AgentConfig config = load("", "model_providers.openai.bse_url=https://x.example.com");

    assertEquals(
        List.of(
            "-c model_providers.openai.bse_url: unknown key 'bse_url' in [model_providers.openai]"
                + " ignored (did you mean 'base_url'?)"),
        config.warnings());
  }

  // --- reasoning effort ---

  @Test
  void reasoningEffortPrecedenceIsRunThenProviderThenTopLevel() throws Exception {
    AgentConfig config =
        load(
            """
            reasoning_effort = "low"
            [model_providers.openai]
            reasoning_effort = "high"
            """);

    assertEquals("low", config.reasoningEffort());
    assertEquals("high", config.select("openai", "").reasoningEffort());
    assertEquals("low", config.select("ollama", "").reasoningEffort());
    assertEquals("low", new Selection(config.provider("anthropic"), "m").reasoningEffort());

    AgentConfig run = config.withReasoningEffort("minimal");
    assertEquals("minimal", run.select("openai", "").reasoningEffort());
    assertEquals("minimal", run.select("ollama", "").reasoningEffort());
    assertEquals(config.providers().keySet(), run.providers().keySet());
  }

  @Test
  void noReasoningEffortAnywhereMeansNone() throws Exception {
    AgentConfig config = load("");

    for (String id : BUILT_IN_IDS) {
      assertEquals("", config.provider(id).reasoningEffort(), id);
    }
    assertEquals("", config.select("", "").reasoningEffort());
  }

  @Test
  void aThinkingBudgetBelowAnthropicsSmallestIsAnError() throws Exception {
    assertEquals(
        file()
            + ":2:1: thinking_budget_tokens is 1023 (expected at least 1024, the smallest"
            + " budget Anthropic takes)",
        error("[model_providers.anthropic]\nthinking_budget_tokens = 1023\n"));
    assertEquals(
        1024,
        load("[model_providers.anthropic]\nthinking_budget_tokens = 1024\n")
            .provider("anthropic")
            .thinkingBudgetTokens());
  }

  // --- auth as a table: the key from a command ---

  @Test
  void anAuthTableIsTheCommandThatPrintsTheKey() throws Exception {
    AgentConfig config =
        load(
            """
            [model_providers.azure]
            base_url = "https://corp.openai.azure.com"

            [model_providers.azure.auth]
            command = "az"
            args = ["account", "get-access-token", "--query", "accessToken", "-o", "tsv"]
            timeout_ms = 10000
            refresh_interval_ms = 60000
            cwd = "tools"
            scheme = "api-key"
            """);

    ProviderConfig azure = config.provider("azure");
    assertEquals(
        new AuthCommand(
            "az",
            List.of("account", "get-access-token", "--query", "accessToken", "-o", "tsv"),
            Duration.ofSeconds(10),
            Duration.ofMinutes(1),
            dir.resolve("tools").toString(),
            AuthScheme.API_KEY),
        azure.authCommand().orElseThrow());
    assertEquals(AuthScheme.API_KEY, azure.auth());
    assertTrue(azure.needsKey());
    assertEquals(List.of(), config.warnings());
  }

  @Test
  void anAuthTableWithOnlyACommandSendsItAsABearerTokenWithCodexDefaults() throws Exception {
    ProviderConfig azure =
        load("[model_providers.azure]\nauth = { command = \"get-token\" }\n").provider("azure");

    assertEquals(
        new AuthCommand(
            "get-token",
            List.of(),
            Duration.ofSeconds(5),
            Duration.ofMinutes(5),
            "",
            AuthScheme.BEARER),
        azure.authCommand().orElseThrow());
    assertEquals(AuthScheme.BEARER, azure.auth());
  }

  @Test
  void anAuthStringStillNamesTheSchemeAndReplacesAFilesCommand() throws Exception {
    assertEquals(
        Optional.empty(),
        load("[model_providers.openai]\nauth = \"bearer\"\n").provider("openai").authCommand());
    ProviderConfig overridden =
        load(
                "[model_providers.openai.auth]\ncommand = \"get-token\"\n",
                "model_providers.openai.auth=\"x-api-key\"")
            .provider("openai");
    assertEquals(Optional.empty(), overridden.authCommand());
    assertEquals(AuthScheme.X_API_KEY, overridden.auth());
  }

  @Test
  void aBadAuthTableIsAnErrorAtItsValue() throws IOException {
    assertEquals(
        file()
            + ":1:1: [model_providers.openai.auth] has no command (expected the program that prints"
            + " the key, e.g. command = \"az\", args = [\"account\", \"get-access-token\", …];"
            + " or auth = \"bearer\" for a key from env_key)",
        error("[model_providers.openai.auth]\nargs = [\"x\"]\n"));
    assertEquals(
        file() + ":2:1: command is an integer (expected a string in quotes)",
        error("[model_providers.openai.auth]\ncommand = 7\n"));
    assertEquals(
        file()
            + ":3:1: args is a string (expected an array of strings, e.g. [\"account\","
            + " \"get-access-token\"])",
        error("[model_providers.openai.auth]\ncommand = \"az\"\nargs = \"account\"\n"));
    assertEquals(
        file()
            + ":3:1: args is an array (expected an array of strings, e.g. [\"account\","
            + " \"get-access-token\"])",
        error("[model_providers.openai.auth]\ncommand = \"az\"\nargs = [\"a\", 1]\n"));
    assertEquals(
        file() + ":3:1: timeout_ms is 0 (expected a positive integer up to 2147483647)",
        error("[model_providers.openai.auth]\ncommand = \"az\"\ntimeout_ms = 0\n"));
    assertEquals(
        file() + ":3:1: refresh_interval_ms is -1 (expected an integer from 0 to 2147483647)",
        error("[model_providers.openai.auth]\ncommand = \"az\"\nrefresh_interval_ms = -1\n"));
    assertEquals(
        file() + ":3:1: unknown scheme 'none' (expected bearer, x-api-key or api-key)",
        error("[model_providers.openai.auth]\ncommand = \"az\"\nscheme = \"none\"\n"));
    assertEquals(
        file()
            + ":2:1: auth is an integer (expected a scheme in quotes, e.g. auth = \"bearer\", or a"
            + " table with the command that prints the key)",
        error("[model_providers.openai]\nauth = 3\n"));
  }

  @Test
  void anUnknownKeyInTheAuthTableIsAWarning() throws Exception {
    AgentConfig config =
        load("[model_providers.openai.auth]\ncommand = \"az\"\nscheem = \"bearer\"\n");

    assertEquals(
        List.of(
            file()
                + ":3: unknown key 'scheem' in [model_providers.openai.auth] ignored (did you mean"
                + " 'scheme'?)"),
        config.warnings());
  }

  // --- Codex CLI's keys ---

  private static final String TOKEN = "sk-proj-inline-token-0123456789";

  private AgentConfig loadPrivate(String toml) throws Exception {
    Files.writeString(file(), toml, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-------"));
    return new ConfigLoader(Map.of()).load(file(), true, List.of());
  }

  @Test
  void streamMaxRetriesIsReadApartFromRequestMaxRetries() throws Exception {
    AgentConfig config =
        load(
            """
            [model_providers.openai]
            request_max_retries = 4
            stream_max_retries = 10
            """);

    ProviderConfig openai = config.providers().get("openai");
    assertEquals(4, openai.requestMaxRetries());
    assertEquals(OptionalInt.of(10), openai.streamMaxRetries());
    assertEquals(OptionalInt.empty(), config.providers().get("anthropic").streamMaxRetries());
    assertEquals(
        file() + ":2:1: stream_max_retries is 101 (expected an integer from 0 to 100)",
        error("[model_providers.openai]\nstream_max_retries = 101\n"));
  }

  @Test
  void requiresOpenaiAuthLoads() throws Exception {
    AgentConfig config =
        load(
            """
            [model_providers.proxy]
            base_url = "https://proxy.example.com/v1"
            requires_openai_auth = true
            """);

    assertTrue(config.providers().get("proxy").requiresOpenaiAuth());
    assertFalse(config.providers().get("openai").requiresOpenaiAuth());
    assertEquals(List.of(), config.warnings());
  }

  @Test
  void aBearerTokenInAPrivateFileIsTakenWithAWarningAndNeverShown() throws Exception {
    AgentConfig config =
        loadPrivate(
            """
            [model_providers.proxy]
            base_url = "https://proxy.example.com/v1"
            experimental_bearer_token = "%s"
            """
                .formatted(TOKEN));

    ProviderConfig proxy = config.providers().get("proxy");
    assertEquals(TOKEN, proxy.bearerToken().orElseThrow().reveal());
    assertTrue(proxy.needsKey());
    assertEquals(AuthScheme.BEARER, proxy.auth());
    assertFalse(proxy.toString().contains(TOKEN), proxy.toString());
    assertEquals(
        List.of(
            file()
                + ":3: experimental_bearer_token in [model_providers.proxy] keeps a key in the"
                + " config file, where backups, dotfile repositories and screen shares can leak it;"
                + " prefer env_key or an auth command"),
        config.warnings());
  }

  @Test
  void aBearerTokenInAFileOthersMayReadIsRefusedWithoutShowingIt() throws Exception {
    String toml =
        """
        [model_providers.proxy]
        base_url = "https://proxy.example.com/v1"
        experimental_bearer_token = "%s"
        """
            .formatted(TOKEN);
    for (String permissions : List.of("rw-r--r--", "rw-r-----", "rw----r--")) {
      Files.writeString(file(), toml, StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString(permissions));
      String message =
          assertThrows(
                  ConfigException.class,
                  () -> new ConfigLoader(Map.of()).load(file(), true, List.of()))
              .getMessage();

      assertEquals(
          file()
              + ":3:1: experimental_bearer_token is refused: "
              + file()
              + " may be read by "
              + (permissions.charAt(6) == 'r' ? "other users" : "its group")
              + " (run `chmod 600 "
              + file()
              + "`, or better, put the key in the variable env_key names)",
          message,
          permissions);
      assertFalse(message.contains(TOKEN));
    }
  }

  @Test
  void aBearerTokenOnTheCommandLineIsRefused() throws Exception {
    String message =
        error("", "model_providers.openai.experimental_bearer_token=\"" + TOKEN + "\"");

    assertEquals(
        "-c model_providers.openai.experimental_bearer_token: experimental_bearer_token is refused"
            + " on the command line, where every user of this machine can see it; put the"
            + " variable's name in env_key instead",
        message);
  }

  @Test
  void aBearerTokenWithALineBreakIsRefusedWithoutShowingIt() throws Exception {
    Files.writeString(
        file(),
        "[model_providers.openai]\nexperimental_bearer_token = \"" + TOKEN + "\\nX\"\n",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-------"));
    String message =
        assertThrows(
                ConfigException.class,
                () -> new ConfigLoader(Map.of()).load(file(), true, List.of()))
            .getMessage();

    assertFalse(message.contains(TOKEN), message);
    assertTrue(message.contains("control or non-ASCII character"), message);
  }

  @Test
  void modelReasoningEffortIsCodexsNameForReasoningEffort() throws Exception {
    assertEquals("high", load("model_reasoning_effort = \"high\"\n").reasoningEffort());
    assertEquals(
        "low",
        load("reasoning_effort = \"low\"\nmodel_reasoning_effort = \"high\"\n").reasoningEffort());
    assertEquals(
        "high",
        load("model_reasoning_effort = \"high\"\n").providers().get("openai").reasoningEffort());
  }

  @Test
  void codexOnlyKeysLoadWithOneWarningEachAndCodexProfilesLoadAsProfiles() throws Exception {
    AgentConfig config =
        load(
            """
            model = "o3"
            approval_policy = "untrusted"
            sandbox_mode = "workspace-write"
            model_reasoning_summary = "detailed"
            profile = "o3"

            [profiles.o3]
            model = "o3"

            [mcp_servers.docs]
            command = "npx"
            args = ["-y", "mcp-server"]

            [tui]
            notifications = true
            """);

    assertEquals("o3", config.model());
    assertEquals(
        List.of(
            file() + ":2: 'approval_policy' is a Codex key, not used by agent (ignored)",
            file() + ":3: 'sandbox_mode' is a Codex key, not used by agent (ignored)",
            file() + ":4: 'model_reasoning_summary' is a Codex key, not used by agent (ignored)",
            file() + ":10: 'mcp_servers' is a Codex key, not used by agent (ignored)",
            file() + ":14: 'tui' is a Codex key, not used by agent (ignored)"),
        config.warnings());
    assertEquals("o3", config.profile());
    assertEquals(List.of("o3"), List.copyOf(config.profiles().keySet()));
  }

  @Test
  void aProfilesThemeIsTheRunsThemeAndAProfileWithoutOneKeepsTheTopLevels() throws Exception {
    AgentConfig config =
        load(
            """
            theme = "dark"
            [profiles.bright]
            theme = "light"
            [profiles.plain]
            model = "m"
            """);

    assertEquals("light", config.withProfile("bright").theme());
    assertEquals("dark", config.withProfile("plain").theme());
    assertEquals("dark", config.theme());
  }
}
