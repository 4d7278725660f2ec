package dev.agent.provider;

import static java.util.Objects.requireNonNull;

import dev.agent.config.AuthCommand;
import dev.agent.config.AuthScheme;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A provider's key printed by a command ({@code [model_providers.ID.auth]} as a table), and the
 * interceptor that puts it on every request. The command runs without a shell, with standard input
 * closed and its standard error discarded, only when a request needs the key: first, then once its
 * {@code refresh_interval_ms} has passed, and once more when the server answers 401 (the request is
 * then sent once again with the new key). The key is held in memory only and never shown: a command
 * that fails, hangs or prints nothing is one line naming the provider and the command, never its
 * output. Thread-safe: requests that need a key at the same time wait for one run.
 */
final class KeyCommand implements Interceptor {
  /** The most of a command's output that is read: many times the longest real token. */
  static final int MAX_OUTPUT_BYTES = 64 * 1024;

  /** Keys printed before the current one, still blanked out of messages (a late error, say). */
  private static final int REMEMBERED = 4;

  /** How long the output may keep coming once the command has exited (a child holding it). */
  private static final Duration OUTPUT_GRACE = Duration.ofSeconds(1);

  /** A key command that could not give a key; the message is the line for the user. */
  static final class Failed extends IOException {
    private static final long serialVersionUID = 1L;

    Failed(String message) {
      super(message);
    }
  }

  private final String providerId;
  private final AuthCommand command;
  private final String header;
  private final Clock clock;

  /** The key and when it was printed; null before the first run. Guarded by this. */
  private Secret key;

  private Instant printedAt;

  /** The keys printed so far, newest first, at most {@link #REMEMBERED}. Guarded by itself. */
  private final Deque<Secret> printed = new ArrayDeque<>();

  KeyCommand(String providerId, AuthCommand command, Clock clock) {
    this.providerId = requireNonNull(providerId, "providerId");
    this.command = requireNonNull(command, "command");
    this.clock = requireNonNull(clock, "clock");
    this.header = Endpoint.authHeader(command.scheme());
  }

  /** The name of the header the key travels in. */
  String header() {
    return header;
  }

  /** The keys this command printed lately, to be blanked out of messages. */
  List<Secret> printed() {
    synchronized (printed) {
      return new ArrayList<>(printed);
    }
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Secret used = current();
    Response response = chain.proceed(withKey(chain.request(), used));
    if (response.code() != 401) {
      return response;
    }
    // The key may have expired early or been revoked: one fresh key and one more try.
    response.close();
    return chain.proceed(withKey(chain.request(), renewAfter(used)));
  }

  private Request withKey(Request request, Secret key) {
    String value = command.scheme() == AuthScheme.BEARER ? "Bearer " + key.reveal() : key.reveal();
    return request.newBuilder().header(header, value).build();
  }

  /** The key to send now: the one held, unless there is none yet or it is due for renewal. */
  synchronized Secret current() throws Failed {
    boolean due =
        key == null
            || (!command.refreshInterval().isZero()
                && !clock.instant().isBefore(printedAt.plus(command.refreshInterval())));
    if (due) {
      renew();
    }
    return key;
  }

  /** A new key after the server refused {@code refused}, unless another request renewed it. */
  synchronized Secret renewAfter(Secret refused) throws Failed {
    if (key == refused) {
      renew();
    }
    return key;
  }

  private void renew() throws Failed {
    key = new Secret(run());
    printedAt = clock.instant();
    synchronized (printed) {
      printed.addFirst(key);
      while (printed.size() > REMEMBERED) {
        printed.removeLast();
      }
    }
  }

  /** Runs the command and returns its trimmed output. */
  private String run() throws Failed {
    List<String> argv = new ArrayList<>();
    argv.add(command.command());
    argv.addAll(command.args());
    ProcessBuilder builder =
        new ProcessBuilder(argv).redirectInput(Redirect.PIPE).redirectError(Redirect.DISCARD);
    if (!command.cwd().isEmpty()) {
      builder.directory(new File(command.cwd()));
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException | RuntimeException e) {
      throw failed(
          "could not be started (not installed, not on PATH, or not executable"
              + (command.cwd().isEmpty() ? "" : ", or cwd is not a folder")
              + "); check [model_providers."
              + providerId
              + ".auth]");
    }
    Output output = new Output(process.getInputStream());
    Thread reader = new Thread(output, "agent-key-command-" + providerId);
    reader.setDaemon(true);
    reader.start();
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      // A command that exited at once has no standard input left to close.
    }
    try {
      if (!process.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        kill(process);
        throw failed("did not finish within " + HttpFailures.duration(command.timeout()));
      }
      reader.join(OUTPUT_GRACE.toMillis());
      if (reader.isAlive()) {
        // Something the command started still holds its output open.
        kill(process);
        throw failed("did not finish within " + HttpFailures.duration(command.timeout()));
      }
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
      throw failed("was interrupted before it finished");
    }
    int exit = process.exitValue();
    if (exit != 0) {
      throw failed("failed (exit " + exit + "); run it yourself to see why");
    }
    if (output.tooLong) {
      throw failed(
          "printed more than " + MAX_OUTPUT_BYTES / 1024 + " KiB, which is no key; check it");
    }
    String printedKey = output.text().strip();
    if (printedKey.isEmpty()) {
      throw failed("printed nothing; run it yourself to see why");
    }
    for (int i = 0; i < printedKey.length(); i++) {
      char c = printedKey.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw failed(
            "printed more than one line, or characters a header cannot carry; it must print the"
                + " key alone");
      }
    }
    return printedKey;
  }

  private Failed failed(String what) {
    return new Failed(
        providerId
            + ": the key command '"
            + MessageText.oneLine(command.display(), 120)
            + "' "
            + what);
  }

  private static void kill(Process process) {
    // Its children first, while they can still be found: a child holding the output keeps it open.
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  /** Reads a command's output up to {@link #MAX_OUTPUT_BYTES}, draining and dropping the rest. */
  private static final class Output implements Runnable {
    private final InputStream in;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private volatile boolean tooLong;

    Output(InputStream in) {
      this.in = in;
    }

    @Override
    public void run() {
      byte[] buffer = new byte[8192];
      try (in) {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          synchronized (bytes) {
            if (bytes.size() + n > MAX_OUTPUT_BYTES) {
              tooLong = true;
            } else {
              bytes.write(buffer, 0, n);
            }
          }
        }
      } catch (IOException e) {
        // The command was killed; what it printed is not used.
      }
    }

    String text() {
      synchronized (bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
      }
    }
  }
}
