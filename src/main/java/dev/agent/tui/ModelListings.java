package dev.agent.tui;

import static java.util.Objects.requireNonNull;

import dev.agent.config.ProviderConfig;
import dev.agent.provider.ContextWindow;
import dev.agent.tui.terminal.DiagnosticLog;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The models of each provider, for the model field: listed once per provider on a background
 * thread, since listing blocks on the network, and kept for the rest of the chat. The context
 * window of the model chosen is asked for on the same thread ({@link #window}). A failed listing
 * goes to the log, and {@link #failure} says why for the model field, which still takes any name
 * typed.
 *
 * <p>{@link #cached} and {@link #fetch} are called on the UI thread, and the models arrive on it
 * through the executor given.
 */
final class ModelListings implements AutoCloseable {
  private final ChatBackend.ModelLister lister;
  private final DiagnosticLog log;
  private final Executor uiThread;
  private final Map<String, List<String>> cache = new HashMap<>();
  private final Map<String, String> failures = new HashMap<>();
  private final ExecutorService background =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "agent-models");
            thread.setDaemon(true);
            return thread;
          });

  /** Listings started and not yet arrived (or failed). */
  private final AtomicInteger running = new AtomicInteger();

  ModelListings(ChatBackend.ModelLister lister, DiagnosticLog log, Executor uiThread) {
    this.lister = requireNonNull(lister, "lister");
    this.log = requireNonNull(log, "log");
    this.uiThread = requireNonNull(uiThread, "uiThread");
  }

  /** The models of {@code provider}, if listed before. */
  Optional<List<String>> cached(ProviderConfig provider) {
    return Optional.ofNullable(cache.get(provider.id()));
  }

  /** Forgets the models of {@code provider} and why listing them failed: the next fetch asks. */
  void forget(ProviderConfig provider) {
    cache.remove(provider.id());
    failures.remove(provider.id());
  }

  /** Why listing the models of {@code provider} failed, if it did, in the words of its error. */
  Optional<String> failure(ProviderConfig provider) {
    return Optional.ofNullable(failures.get(provider.id()));
  }

  /**
   * Lists the models of {@code provider} in the background; they go to {@code arrived}, or, when
   * the listing fails, {@link #failure} says why and {@code failed} runs.
   */
  void fetch(ProviderConfig provider, Consumer<List<String>> arrived, Runnable failed) {
    inBackground(
        () -> List.copyOf(lister.models(provider)),
        models -> {
          failures.remove(provider.id());
          cache.put(provider.id(), models);
          arrived.accept(models);
        },
        e -> {
          log.write("listing the models of " + provider.id() + " failed: " + e.getMessage());
          String why =
              e.getMessage() == null || e.getMessage().isBlank()
                  ? "the listing failed (" + e.getClass().getSimpleName() + ")"
                  : e.getMessage();
          return () -> {
            failures.put(provider.id(), why);
            failed.run();
          };
        });
  }

  /**
   * Asks, in the background, for the context window {@code model} of {@code provider} runs with;
   * what the server says goes to {@code arrived} on the UI thread, empty when it says nothing (a
   * failure included: an unknown window shows nothing). Never cached: a local server's window
   * changes when the model is loaded again.
   */
  void window(
      ChatBackend.WindowLookup lookup,
      ProviderConfig provider,
      String model,
      Consumer<Optional<ContextWindow>> arrived) {
    inBackground(
        () -> lookup.window(provider, model),
        arrived,
        e -> {
          log.write("asking " + provider.id() + " for its context window failed: " + e);
          return () -> arrived.accept(Optional.empty());
        });
  }

  /**
   * Runs {@code work} on the background thread; what it returns goes to {@code done} on the UI
   * thread. When it throws, {@code failed} runs on the background thread (to log) and the task it
   * returns runs on the UI thread. After {@link #close}, a failure ends silently: it is the request
   * close() cut short.
   */
  private <T> void inBackground(
      Callable<T> work, Consumer<T> done, Function<Exception, Runnable> failed) {
    running.incrementAndGet();
    background.execute(
        () -> {
          Runnable then;
          try {
            T result = work.call();
            then = () -> done.accept(result);
          } catch (Exception e) {
            // Exception, not only ChatException: OkHttp is Kotlin, and a request cut short by
            // close() may end in an InterruptedException no signature declares, which would
            // otherwise kill the thread and print on the terminal the chat hands back.
            if (background.isShutdown()) {
              running.decrementAndGet();
              return;
            }
            then = failed.apply(e);
          }
          Runnable shown = then;
          uiThread.execute(
              () -> {
                running.decrementAndGet();
                shown.run();
              });
        });
  }

  /** Whether no listing is running or waiting to be shown; for tests that must settle. */
  boolean settled() {
    return running.get() == 0;
  }

  /**
   * Stops the listings, waiting briefly for one in progress so that nothing writes to the log after
   * the chat is gone.
   */
  @Override
  public void close() {
    background.shutdownNow();
    try {
      background.awaitTermination(500, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
