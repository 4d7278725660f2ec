package dev.agent.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agent.chat.ChatException;
import dev.agent.provider.ContextWindow.Server;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Asks the server behind a provider which context window it runs a model with. Each server says so
 * in its own place, read here as its source or documentation gives it:
 *
 * <ul>
 *   <li>vLLM: {@code max_model_len} of the model in {@code GET /v1/models} (the {@code ModelCard}
 *       of {@code vllm/entrypoints/openai/protocol.py}, {@code owned_by} {@code vllm}).
 *   <li>OpenRouter: {@code context_length}, and {@code top_provider.context_length}, of the model
 *       in {@code GET /api/v1/models} of {@code openrouter.ai}.
 *   <li>Another server whose model list gives either field (SGLang, a hosted API): the same figure,
 *       the server not named.
 *   <li>llama.cpp: a model list {@code owned_by} {@code llamacpp}, then {@code
 *       default_generation_settings.n_ctx} of {@code GET /props}, the context of one slot ({@code
 *       tools/server/README.md}); {@code meta.n_ctx_train} of the list is the trained length.
 *   <li>Ollama: {@code context_length} of the model in {@code GET /api/ps}, the loaded runners
 *       ({@code ProcessModelResponse} in {@code api/types.go}); {@code POST /api/show} gives the
 *       trained length ({@code model_info["ARCH.context_length"]}), a Modelfile's {@code num_ctx}
 *       (in {@code parameters}) and {@code capabilities}.
 *   <li>LM Studio: {@code GET /api/v1/models} (0.4 and later: {@code loaded_instances[].config
 *       .context_length}, {@code max_context_length}, {@code capabilities.vision}), else {@code GET
 *       /api/v0/models/MODEL} (0.3.6 and later: {@code loaded_context_length}, {@code
 *       max_context_length}, {@code type} {@code vlm}).
 * </ul>
 *
 * Ollama's and LM Studio's own paths are asked only of a server on this machine, of the built-in
 * providers named after them, or of a server whose model list says it is theirs, so that a hosted
 * API is not sent requests it cannot answer. Every failure means "not known": nothing is thrown.
 */
final class ContextProbe {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final Pattern NUM_CTX = Pattern.compile("(?m)^\\s*num_ctx\\s+(\\d+)");

  private final HttpChatClient client;

  ContextProbe(HttpChatClient client) {
    this.client = client;
  }

  /** What the server says of {@code model}'s window; empty when it says nothing this reads. */
  Optional<ContextWindow> probe(String model) {
    Endpoint endpoint = client.endpoint;
    JsonNode listing = get(endpoint.modelsUrl()).orElse(null);
    JsonNode entry = listing == null ? null : entryOf(listing.path("data"), "id", model);
    if (entry != null) {
      int maxModelLen = positive(entry.path("max_model_len"));
      if (maxModelLen > 0) {
        // SGLang's model card has the same field; its fix is not vLLM's.
        boolean vllm = entry.path("owned_by").asText("").equals("vllm");
        return Optional.of(
            new ContextWindow(vllm ? Server.VLLM : Server.OTHER, maxModelLen, 0, false));
      }
      int contextLength = positive(entry.path("context_length"));
      if (contextLength > 0) {
        int served = positive(entry.path("top_provider").path("context_length"));
        boolean vision = contains(entry.path("architecture").path("input_modalities"), "image");
        String host = endpoint.host();
        boolean openRouter = host.equals("openrouter.ai") || host.endsWith(".openrouter.ai");
        return Optional.of(
            new ContextWindow(
                openRouter ? Server.OPENROUTER : Server.OTHER,
                served > 0 ? served : contextLength,
                contextLength,
                vision));
      }
    }
    String owner = listing == null ? "" : firstOwner(listing.path("data"));
    if (owner.equals("llamacpp")) {
      return llamaCpp(model, entry);
    }
    String id = endpoint.provider().id();
    boolean local = endpoint.provider().isLocal();
    if (local || id.equals("ollama") || owner.equals("library") || owner.equals("ollama")) {
      Optional<ContextWindow> ollama = ollama(model);
      if (ollama.isPresent()) {
        return ollama;
      }
    }
    if (local || id.equals("lmstudio") || owner.equals("organization_owner")) {
      return lmStudio(model);
    }
    return Optional.empty();
  }

  private Optional<ContextWindow> llamaCpp(String model, JsonNode entry) {
    HttpUrl props = client.endpoint.besideV1("props");
    if (props == null) {
      return Optional.empty();
    }
    // A router (several models) wants the model named; a single model's server ignores it.
    Optional<JsonNode> answer = get(props.newBuilder().setQueryParameter("model", model).build());
    int nCtx =
        answer
            .map(root -> positive(root.path("default_generation_settings").path("n_ctx")))
            .orElse(0);
    int trained = entry == null ? 0 : positive(entry.path("meta").path("n_ctx_train"));
    boolean vision =
        answer.map(root -> root.path("modalities").path("vision").asBoolean(false)).orElse(false);
    if (nCtx == 0 && trained == 0) {
      return Optional.empty();
    }
    return Optional.of(new ContextWindow(Server.LLAMA_CPP, nCtx, trained, vision));
  }

  private Optional<ContextWindow> ollama(String model) {
    HttpUrl ps = client.endpoint.besideV1("api", "ps");
    Optional<JsonNode> running = ps == null ? Optional.empty() : get(ps);
    if (running.isEmpty() || !running.get().path("models").isArray()) {
      return Optional.empty();
    }
    int loaded = 0;
    for (JsonNode runner : running.get().path("models")) {
      if (sameOllamaModel(runner.path("name").asText(""), model)
          || sameOllamaModel(runner.path("model").asText(""), model)) {
        loaded = positive(runner.path("context_length"));
        break;
      }
    }
    int trained = 0;
    int numCtx = 0;
    boolean vision = false;
    Optional<JsonNode> shown = post(client.endpoint.besideV1("api", "show"), model);
    if (shown.isPresent()) {
      for (Map.Entry<String, JsonNode> field : shown.get().path("model_info").properties()) {
        if (field.getKey().endsWith(".context_length")) {
          trained = positive(field.getValue());
        }
      }
      Matcher parameter = NUM_CTX.matcher(shown.get().path("parameters").asText(""));
      if (parameter.find()) {
        numCtx = parseInt(parameter.group(1));
      }
      vision = contains(shown.get().path("capabilities"), "vision");
    }
    // Loaded, the runner's own figure; not yet, a Modelfile's num_ctx is what it will load with.
    int window = loaded > 0 ? loaded : numCtx;
    return Optional.of(new ContextWindow(Server.OLLAMA, window, trained, vision));
  }

  private Optional<ContextWindow> lmStudio(String model) {
    HttpUrl v1 = client.endpoint.besideV1("api", "v1", "models");
    Optional<JsonNode> listing = v1 == null ? Optional.empty() : get(v1);
    JsonNode entry = listing.map(root -> entryOf(root.path("models"), "key", model)).orElse(null);
    if (entry != null) {
      int loaded = 0;
      for (JsonNode instance : entry.path("loaded_instances")) {
        loaded = Math.max(loaded, positive(instance.path("config").path("context_length")));
      }
      return Optional.of(
          new ContextWindow(
              Server.LM_STUDIO,
              loaded,
              positive(entry.path("max_context_length")),
              entry.path("capabilities").path("vision").asBoolean(false)));
    }
    HttpUrl v0 = client.endpoint.besideV1("api", "v0", "models", model);
    Optional<JsonNode> model0 = v0 == null ? Optional.empty() : get(v0);
    if (model0.isEmpty() || !model0.get().has("max_context_length")) {
      return Optional.empty();
    }
    JsonNode found = model0.get();
    return Optional.of(
        new ContextWindow(
            Server.LM_STUDIO,
            positive(found.path("loaded_context_length")),
            positive(found.path("max_context_length")),
            "vlm".equals(found.path("type").asText(""))));
  }

  /** Ollama names {@code llama3.2} and {@code llama3.2:latest} are one model. */
  static boolean sameOllamaModel(String listed, String asked) {
    return !listed.isEmpty() && withTag(listed).equals(withTag(asked));
  }

  private static String withTag(String name) {
    return name.contains(":") ? name : name + ":latest";
  }

  private static JsonNode entryOf(JsonNode list, String field, String model) {
    for (JsonNode item : list) {
      if (model.equals(item.path(field).asText(null))) {
        return item;
      }
    }
    return null;
  }

  private static String firstOwner(JsonNode list) {
    for (JsonNode item : list) {
      return item.path("owned_by").asText("");
    }
    return "";
  }

  private static boolean contains(JsonNode list, String value) {
    for (JsonNode item : list) {
      if (value.equals(item.asText(null))) {
        return true;
      }
    }
    return false;
  }

  /** A whole number above zero that fits an int, else 0. */
  private static int positive(JsonNode node) {
    if (!node.canConvertToLong()) {
      return 0;
    }
    long value = node.asLong();
    return value > 0 && value <= Integer.MAX_VALUE ? (int) value : 0;
  }

  private static int parseInt(String digits) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private Optional<JsonNode> get(HttpUrl url) {
    try {
      return Optional.of(client.getJson(url));
    } catch (ChatException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** {@code POST /api/show} with the model, as Ollama wants it. */
  private Optional<JsonNode> post(HttpUrl url, String model) {
    if (url == null) {
      return Optional.empty();
    }
    String body = client.json.get().createObjectNode().put("model", model).toString();
    Request request = client.endpoint.request(url).post(RequestBody.create(body, JSON)).build();
    try (Response response = client.lookups.newCall(request).execute()) {
      if (!response.isSuccessful()
          || response.body().source().request(HttpChatClient.MAX_JSON_BODY + 1)) {
        return Optional.empty();
      }
      return Optional.of(client.json.get().readTree(response.body().string()));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
