package dev.agent;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.agent.cli.AgentCli;
import dev.agent.cli.Console;
import dev.agent.config.AgentConfig;
import dev.agent.config.ConfigLoader;
import dev.agent.provider.ProviderRegistry;
import dev.agent.tui.ChatApp;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A run that does what a real start does, so that {@code run.sh} can record the classes it loads
 * into a class-data archive (or, on JDK 24 and later, an ahead-of-time cache) and later starts map
 * them instead of loading them from the jar: {@code --version}, a one-shot reply in each wire
 * format and a chat screen that streams a reply, all against a loopback server of its own; the chat
 * on a terminal over streams, its keys typed as a terminal sends them and its frames written to
 * nowhere. Started by {@code java -jar agent.jar --startup-training}.
 */
final class StartupTraining {
  /** The hidden argument that runs the training instead of the command line. */
  static final String ARGUMENT = "--startup-training";

  private static final String CHUNK =
      "data: {\"id\":\"t\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
          + "\"delta\":{\"content\":\"word \"},\"finish_reason\":null}]}\n\n";
  private static final String CHAT_END =
      "data: {\"id\":\"t\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
          + "\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,"
          + "\"completion_tokens\":200}}\n\ndata: [DONE]\n\n";
  private static final String ANTHROPIC_DELTA =
      "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
          + "\"delta\":{\"type\":\"text_delta\",\"text\":\"word \"}}\n\n";

  private StartupTraining() {}

  static void run() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/v1/models",
        exchange ->
            answer(
                exchange,
                "application/json",
                "{\"object\":\"list\",\"data\":[{\"id\":\"training-model\"}]}"));
    server.createContext(
        "/v1/chat/completions",
        exchange -> answer(exchange, "text/event-stream", CHUNK.repeat(200) + CHAT_END));
    server.createContext(
        "/v1/messages", exchange -> answer(exchange, "text/event-stream", anthropicStream()));
    server.start();
    Path home = Files.createTempDirectory("agent-training");
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
      Files.writeString(
          home.resolve("config.toml"),
          "model_provider = \"training\"\n\n"
              + "[model_providers.training]\nbase_url = \""
              + base
              + "\"\n"
              + "default_model = \"training-model\"\n\n"
              + "[model_providers.training-anthropic]\nbase_url = \""
              + base
              + "\"\n"
              + "wire_api = \"anthropic\"\nenv_key = \"TRAINING_KEY\"\n"
              + "default_model = \"training-model\"\n",
          UTF_8);
      Map<String, String> env =
          Map.of("AGENT_HOME", home.toString(), "TRAINING_KEY", "training", "LANG", "C.UTF-8");
      PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream(), false, UTF_8);
      for (List<String> args :
          List.of(
              List.of("--version"),
              List.of("hello"),
              List.of("-p", "training-anthropic", "hello"))) {
        Console console =
            new Console(new ByteArrayInputStream(new byte[0]), nowhere, nowhere, env, true, false);
        AgentCli.run(args.toArray(String[]::new), console);
      }
      AgentConfig config = new ConfigLoader(env).load(home.resolve("config.toml"), true, List.of());
      try (ProviderRegistry registry = new ProviderRegistry(config, env)) {
        ChatApp.rehearse(
            config, config.select("", ""), registry, home, env, "hello", Duration.ofSeconds(10));
      }
    } catch (Exception e) {
      throw new IOException("the start-up training failed: " + e, e);
    } finally {
      server.stop(0);
      deleteTree(home);
    }
  }

  private static String anthropicStream() {
    return "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":"
        + "{\"input_tokens\":3,\"output_tokens\":1}}}\n\n"
        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
        + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
        + ANTHROPIC_DELTA.repeat(200)
        + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":"
        + "\"end_turn\"},\"usage\":{\"output_tokens\":200}}\n\n"
        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
  }

  private static void answer(HttpExchange exchange, String type, String body) throws IOException {
    exchange.getRequestBody().readAllBytes();
    byte[] bytes = body.getBytes(UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
