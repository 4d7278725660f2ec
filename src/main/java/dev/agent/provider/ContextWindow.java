package dev.agent.provider;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * How many tokens a model's context holds, as the server runs it, and which server said so.
 *
 * @param server who told: the server found behind the provider's URL, or the config file
 * @param tokens the window the server runs the model with; 0 when it is not known (an Ollama model
 *     that is not loaded yet)
 * @param trained the most the model was trained for, as the server reports it; 0 when not known
 * @param vision whether the server says the model takes images
 */
public record ContextWindow(Server server, int tokens, int trained, boolean vision) {
  /** Where a window was learnt. */
  public enum Server {
    CONFIG("config.toml"),
    OLLAMA("Ollama"),
    LM_STUDIO("LM Studio"),
    LLAMA_CPP("llama.cpp"),
    VLLM("vLLM"),
    OPENROUTER("OpenRouter"),
    /** A server whose model list gives a window in vLLM's or OpenRouter's field, not named. */
    OTHER("the server");

    private final String displayName;

    Server(String displayName) {
      this.displayName = displayName;
    }

    /** The server's name as its users know it. */
    public String displayName() {
      return displayName;
    }
  }

  public ContextWindow {
    requireNonNull(server, "server");
    if (tokens < 0 || trained < 0) {
      throw new IllegalArgumentException("negative window: " + tokens + ", " + trained);
    }
  }

  /** A window the config file gives ({@code context_window} in the model's table). */
  public static ContextWindow configured(int tokens) {
    return new ContextWindow(Server.CONFIG, tokens, 0, false);
  }

  /** Whether the window the model runs with is known. */
  public boolean known() {
    return tokens > 0;
  }

  /**
   * What a request may carry, leaving room for the reply: the window less the model's {@code
   * max_tokens} when set ({@code maxTokens} above 0, taken as at most half the window), else less
   * an eighth of the window.
   */
  public long room(int maxTokens) {
    long reply = maxTokens > 0 ? Math.min(maxTokens, tokens / 2) : tokens / 8;
    return tokens - reply;
  }

  /**
   * What a request of about {@code needed} tokens that does not fit {@link #room} comes to, in
   * words for the user, to follow the request's subject: {@code about 497 tokens, more than the 448
   * that fit the 512-token window Ollama runs llama3.2 with, leaving room for the reply}.
   */
  public String overflow(String providerId, String model, long needed, int maxTokens) {
    return String.format(
        Locale.ROOT,
        "about %,d tokens, more than the %,d that fit the %,d-token window %s runs %s with,"
            + " leaving room for the reply",
        needed,
        room(maxTokens),
        tokens,
        server == Server.CONFIG ? "context_window says " + providerId : server.displayName(),
        model);
  }

  /**
   * How to make a request of about {@code needed} tokens fit, with room for the reply: {@link
   * #howToRaise} for a window that holds it.
   */
  public String howToFit(String providerId, String model, long needed, int maxTokens) {
    return howToRaise(providerId, model, needed + tokens - room(maxTokens));
  }

  /**
   * How to give {@code model} of provider {@code providerId} a window of at least {@code wanted}
   * tokens, in words for the user: the setting of that server which decides it.
   */
  public String howToRaise(String providerId, String model, long wanted) {
    String size = Long.toString(roundUp(wanted));
    return switch (server) {
      case OLLAMA ->
          "restart Ollama with OLLAMA_CONTEXT_LENGTH="
              + size
              + ", or give the model `PARAMETER num_ctx "
              + size
              + "` in a Modelfile (`ollama create`)";
      case LM_STUDIO ->
          "load the model again with a longer context (the Context Length slider in LM Studio, or"
              + " `lms load "
              + model
              + " --context-length "
              + size
              + "`)";
      case LLAMA_CPP ->
          "restart llama-server with -c "
              + size
              + " (with --parallel N, each of the N slots gets a share of it)";
      case VLLM -> "restart vLLM with --max-model-len " + size;
      case OPENROUTER -> "pick a model with a longer context";
      case OTHER -> "pick a model with a longer context, or start the server with a longer one";
      case CONFIG ->
          "if the server runs the model with more, raise context_window under"
              + " [model_providers."
              + providerId
              + ".models.\""
              + model
              + "\"]";
    };
  }

  /**
   * One line for {@code agent providers --check}: {@code Ollama runs llama3.2 with 8,192 tokens
   * (trained for 131,072)}, or what is known when the window is not.
   */
  public String describe(String model) {
    StringBuilder text = new StringBuilder(server.displayName());
    if (server == Server.CONFIG) {
      text.setLength(0);
      text.append("context_window ").append(thousands(tokens)).append(" for ").append(model);
      return text.toString();
    }
    if (known()) {
      text.append(" runs ").append(model).append(" with ").append(thousands(tokens));
      text.append(" tokens");
    } else {
      text.append(": ").append(model).append(" is not loaded, its window is not known yet");
    }
    if (trained > 0 && trained != tokens) {
      text.append(" (trained for ").append(thousands(trained)).append(')');
    }
    if (vision) {
      text.append("; takes images");
    }
    return text.toString();
  }

  /** A size worth typing: {@code wanted} rounded up to a multiple of 1,024. */
  static long roundUp(long wanted) {
    return Math.max(1024, (wanted + 1023) / 1024 * 1024);
  }

  private static String thousands(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
