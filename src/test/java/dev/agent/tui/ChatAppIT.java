package dev.agent.tui;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real jar in a real terminal: {@code java -jar target/agent.jar -p custom} runs inside tmux
 * against a loopback server; the test types into the pane and reads the screen with {@code
 * capture-pane}. Skipped (an assumption) where tmux or the jar is missing.
 */
class ChatAppIT {
  private static final Path JAR = Path.of("target/agent.jar").toAbsolutePath();
  private static final String REPLY = "Hello from the loopback server, 日本語 and 😀 included.";

  /** The reply the server streams; a test may set another before it sends a prompt. */
  private volatile String reply = REPLY;

  /** Bytes of the reply sent per 10 ms; 0 for all at once. */
  private volatile long throttle;

  @TempDir Path home;
  private final MockWebServer server = new MockWebServer();
  private final LinkedBlockingQueue<String> chatBodies = new LinkedBlockingQueue<>();
  private final String socket = "agent-it-" + ProcessHandle.current().pid();

  @BeforeEach
  void setUp() throws IOException {
    assumeTrue(tmuxAvailable(), "tmux is not installed");
    assumeTrue(Files.isRegularFile(JAR), "no " + JAR + "; run mvn package first");
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String path = request.getUrl().encodedPath();
            if (path.equals("/v1/models")) {
              return new MockResponse.Builder()
                  .setHeader("Content-Type", "application/json")
                  .body(
                      "{\"object\":\"list\",\"data\":[{\"id\":\"loop-model\"},{\"id\":\"loop-big\"}]}")
                  .build();
            }
            if (!path.endsWith("/chat/completions")) {
              // A local server is also asked for its context window (/api/ps, /props, ...).
              return new MockResponse.Builder().code(404).build();
            }
            chatBodies.add(request.getBody() == null ? "" : request.getBody().utf8());
            MockResponse.Builder response =
                new MockResponse.Builder()
                    .setHeader("Content-Type", "text/event-stream")
                    .body(sse(reply));
            if (throttle > 0) {
              response.throttleBody(throttle, 10, TimeUnit.MILLISECONDS);
            }
            return response.build();
          }
        });
    server.start();
    Files.writeString(
        home.resolve("config.toml"),
        "[model_providers.custom]\n"
            + "name = \"Loopback\"\n"
            + "base_url = \"http://127.0.0.1:"
            + server.getPort()
            + "/v1\"\n"
            + "default_model = \"loop-model\"\n"
            + "wire_api = \"chat\"\n",
        UTF_8);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (tmuxAvailable()) {
      killTmux();
    }
    server.close();
  }

  /**
   * Stops the test's tmux server and waits until it is gone: a session started while it still exits
   * would go with it ({@code no server running} at the next test's first capture).
   */
  private void killTmux() throws Exception {
    String socketPath = tmux("display-message", "-p", "#{socket_path}").strip();
    tmux("kill-server");
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!socketPath.isEmpty()
        && Files.exists(Path.of(socketPath))
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  /** A chat completions stream that sends {@code text} word by word. */
  private static String sse(String text) {
    StringBuilder body = new StringBuilder();
    for (String word : text.split(" ", -1)) {
      body.append("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"")
          .append(word.replace("\n", "\\n"))
          .append(" \"},\"finish_reason\":null}]}\n\n");
    }
    body.append("data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],")
        .append("\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":11}}\n\n")
        .append("data: [DONE]\n\n");
    return body.toString();
  }

  @Test
  void typesAPromptReadsTheStreamedReplyAndQuitsCleanly() throws Exception {
    startAgent();
    awaitScreen("the chat", screen -> screen.contains("Loopback (custom)"));
    String start = capture();
    assertEquals(
        " Loopback (custom)  model: loop-model" + " ".repeat(57) + "local",
        rows(start, 0, 0).get(0));

    tmux("send-keys", "-t", "chat", "-l", "Hello loopback");
    tmux("send-keys", "-t", "chat", "Enter");
    String screen = awaitScreen("the reply", s -> s.contains("in 9 · out 11"));
    assertTrue(screen.contains("Hello from the loopback server, 日本語 and 😀 included."), screen);
    assertEquals(
        List.of(" You", " Hello loopback", "", " custom · loop-model"), rows(screen, 1, 4), screen);
    String body = chatBodies.poll(5, TimeUnit.SECONDS);
    assertTrue(body != null && body.contains("\"content\":\"Hello loopback\""), body);
    assertTrue(body.contains("\"model\":\"loop-model\""), body);

    tmux("resize-window", "-t", "chat", "-x", "60", "-y", "20");
    String resized =
        awaitScreen(
            "the layout for 60x20",
            s -> {
              List<String> rows = s.lines().toList();
              return rows.size() >= 20
                  && rows.get(0).endsWith("local")
                  && rows.get(0).length() <= 60
                  && rows.get(19).contains("in 9");
            });
    assertEquals(
        " Loopback (custom)  model: loop-model" + " ".repeat(17) + "local",
        rows(resized, 0, 0).get(0));
    assertTrue(resized.contains("Hello from the loopback server"), resized);

    tmux("send-keys", "-t", "chat", "C-q");
    assertEquals("exit=0", awaitFile("exit.txt"));
    assertTerminalRestored();
  }

  /**
   * A reply several screens long streamed in a few words per frame, so the transcript scrolls
   * dozens of times: the screen drawn frame by frame (rows scrolled, colours and the cursor sent
   * only when they change) looks cell for cell, colours included, as the screen Ctrl+L draws from
   * scratch.
   */
  @Test
  void aLongStreamedReplyLooksAsIfDrawnAfresh() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int line = 0; line < 45; line++) {
      text.append(line % 9 == 8 ? "\n\n" : "\n").append("line ").append(line);
      for (int word = 0; word < line % 13; word++) {
        text.append(word % 4 == 0 ? " **bold**" : " words");
      }
    }
    reply = text.toString().strip();
    throttle = 400;
    startAgent();
    awaitScreen("the chat", screen -> screen.contains("Loopback (custom)"));
    tmux("send-keys", "-t", "chat", "-l", "Tell me more");
    tmux("send-keys", "-t", "chat", "Enter");
    awaitScreen("the reply", s -> s.contains("in 9 · out 11"));
    String streamed = settledColours(); // the frame after the last, however slow the machine
    // The plain text: with -e, a blank between two words may carry a colour sequence of its own.
    assertEquals(
        List.of(" line 44 bold words words words bold", "", "> Type a message"),
        rows(capture(), 26, 28),
        streamed);

    tmux("send-keys", "-t", "chat", "C-l");
    assertEquals(seen(redrawnLike(streamed)), seen(streamed));

    // Quit and wait, so nothing is still writing into the home folder as it is deleted.
    tmux("send-keys", "-t", "chat", "C-q");
    assertEquals("exit=0", awaitFile("exit.txt"));
  }

  @Test
  void altEnterCtrlJAndABracketedPasteAddLinesWithoutSending() throws Exception {
    startAgent();
    awaitScreen("the chat", screen -> screen.contains("Loopback (custom)"));
    tmux("send-keys", "-t", "chat", "-l", "line one");
    tmux("send-keys", "-t", "chat", "M-Enter");
    tmux("send-keys", "-t", "chat", "-l", "line two");
    tmux("send-keys", "-t", "chat", "C-j");
    tmux("set-buffer", "pasted\nlines");
    tmux("paste-buffer", "-p", "-t", "chat");
    String screen = awaitScreen("four rows in the prompt", s -> s.contains("  lines"));
    assertEquals(
        List.of("> line one", "  line two", "  pasted", "  lines"), rows(screen, 25, 28), screen);
    Thread.sleep(300);
    assertEquals(null, chatBodies.poll(), "nothing was sent");

    tmux("send-keys", "-t", "chat", "Enter");
    String body = chatBodies.poll(10, TimeUnit.SECONDS);
    assertTrue(
        body != null && body.contains("\"content\":\"line one\\nline two\\npasted\\nlines\""),
        body);
    tmux("send-keys", "-t", "chat", "C-q");
    assertEquals("exit=0", awaitFile("exit.txt"));
  }

  @Test
  void ctrlEHandsTheTerminalToTheEditorAndCtrlYCopiesTheReplyThroughTmux() throws Exception {
    Path editor = home.resolve("editor.sh");
    Files.writeString(
        editor,
        "#!/bin/sh\n"
            + "stty -a > '"
            + home.resolve("stty-in-editor.txt")
            + "'\n"
            + "echo \"EDITING $1\"\n"
            + "read line\n"
            + "printf ' %s' \"$line\" >> \"$1\"\n",
        UTF_8);
    Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
    startAgent("EDITOR='" + editor + "' ");
    tmux("set-option", "-g", "set-clipboard", "on");
    awaitScreen("the chat", screen -> screen.contains("Loopback (custom)"));

    tmux("send-keys", "-t", "chat", "-l", "draft");
    tmux("send-keys", "-t", "chat", "C-e");
    awaitScreen("the editor", screen -> screen.contains("EDITING "));
    assertEquals("0", tmux("display-message", "-p", "-t", "chat", "#{alternate_on}").strip());
    List<String> settings = Arrays.asList(awaitFile("stty-in-editor.txt").split("[\\s;]+", -1));
    for (String flag : List.of("icanon", "echo", "icrnl", "isig")) {
      assertTrue(settings.contains(flag), flag + " not given back to the editor: " + settings);
    }
    tmux("send-keys", "-t", "chat", "-l", "edited");
    tmux("send-keys", "-t", "chat", "Enter");
    awaitScreen("the prompt back from the editor", screen -> screen.contains("> draft edited"));
    assertEquals("1", tmux("display-message", "-p", "-t", "chat", "#{alternate_on}").strip());

    tmux("send-keys", "-t", "chat", "Enter");
    awaitScreen("the reply", s -> s.contains("in 9 · out 11"));
    tmux("send-keys", "-t", "chat", "C-y");
    awaitScreen("the copy", s -> s.contains("Sent the last reply"));
    assertEquals(REPLY + " ", tmux("show-buffer"), "the reply as sent word by word");
    tmux("send-keys", "-t", "chat", "C-q");
    assertEquals("exit=0", awaitFile("exit.txt"));
  }

  /**
   * At 40x12: Tab completes a slash command and a listed model, the command runs, an unknown one is
   * refused, {@code //} sends one slash, F1 opens the help and Esc closes it, the conversations
   * list fits, {@code /quit} quits.
   */
  @Test
  void slashCommandsHelpAndTheConversationsListAt40x12() throws Exception {
    startAgent("", 40, 12);
    awaitScreen("the chat", screen -> screen.contains("model: loop-model"));
    // The model field says when the models, which Tab completes from, have arrived.
    tmux("send-keys", "-t", "chat", "Tab");
    awaitScreen("the model list", s -> s.contains("Down 2 models"));
    tmux("send-keys", "-t", "chat", "Escape");
    awaitScreen("back on the prompt", s -> !s.contains("Down 2 models"));
    tmux("send-keys", "-t", "chat", "-l", "/mo");
    tmux("send-keys", "-t", "chat", "Tab");
    awaitScreen("/model completed", s -> s.contains("> /model"));
    tmux("send-keys", "-t", "chat", "-l", "loop-b");
    tmux("send-keys", "-t", "chat", "Tab");
    awaitScreen("the model completed", s -> s.contains("> /model loop-big"));
    tmux("send-keys", "-t", "chat", "Enter");
    awaitScreen("the model chosen", s -> s.lines().findFirst().orElse("").contains("loop-big"));

    tmux("send-keys", "-t", "chat", "-l", "/nope");
    tmux("send-keys", "-t", "chat", "Enter");
    awaitScreen("the refusal", s -> s.contains("unknown command /nope"));
    tmux("send-keys", "-t", "chat", "C-u");
    tmux("send-keys", "-t", "chat", "-l", "//etc is a folder");
    tmux("send-keys", "-t", "chat", "Enter");
    String body = chatBodies.poll(30, TimeUnit.SECONDS);
    assertTrue(body != null && body.contains("\"content\":\"/etc is a folder\""), body);
    assertTrue(body.contains("\"model\":\"loop-big\""), body);
    awaitScreen("the reply", s -> s.contains("in 9 · out 11"));

    tmux("send-keys", "-t", "chat", "F1");
    String help = awaitScreen("the help", s -> s.contains("Help: Esc closes"));
    assertWhole(help);
    tmux("send-keys", "-t", "chat", "Escape");
    awaitScreen("the help closed", s -> !s.contains("Help: Esc closes"));

    tmux("send-keys", "-t", "chat", "C-s");
    String list = awaitScreen("the conversations", s -> s.contains("─Conversations─"));
    assertTrue(list.contains("> /etc is a folder"), list);
    assertWhole(list);
    tmux("send-keys", "-t", "chat", "Escape");
    awaitScreen("the list closed", s -> !s.contains("─Conversations─"));

    tmux("send-keys", "-t", "chat", "-l", "/quit");
    tmux("send-keys", "-t", "chat", "Enter");
    assertEquals("exit=0", awaitFile("exit.txt"));
  }

  /** The window on {@code screen} is whole: each row of its box has both borders. */
  private static void assertWhole(String screen) {
    List<String> rows = screen.lines().toList();
    int top = 0;
    while (top < rows.size() && !rows.get(top).contains("┌")) {
      top++;
    }
    assertTrue(top < rows.size(), screen);
    int left = rows.get(top).indexOf('┌');
    int right = rows.get(top).indexOf('┐');
    assertTrue(right > left, "no right border:\n" + screen);
    for (int row = top; row < rows.size(); row++) {
      String line = rows.get(row);
      assertTrue(line.length() > right, "cut at row " + row + ":\n" + screen);
      char first = line.charAt(left);
      char last = line.charAt(right);
      assertTrue(
          (first == '│' && last == '│') || (first == '└' && last == '┘') || row == top,
          "cut at row " + row + ":\n" + screen);
      if (first == '└') {
        return;
      }
    }
    fail("no bottom border:\n" + screen);
  }

  /**
   * Ctrl+C clears a typed prompt (Up brings it back) and closes the picker; it quits only from an
   * empty, idle prompt, with 130.
   */
  @Test
  void ctrlCClearsThePromptAndClosesThePickerBeforeItQuits() throws Exception {
    startAgent();
    awaitScreen("the chat", screen -> screen.contains("Loopback (custom)"));
    tmux("send-keys", "-t", "chat", "-l", "a draft I want to keep");
    awaitScreen("the draft", s -> s.contains("> a draft I want to keep"));
    tmux("send-keys", "-t", "chat", "C-c");
    awaitScreen("the prompt cleared", s -> s.contains("> Type a message"));
    assertTrue(capture().contains("prompt cleared: Up brings it back"), capture());
    tmux("send-keys", "-t", "chat", "Up");
    awaitScreen("the draft back", s -> s.contains("> a draft I want to keep"));

    Thread.sleep(1200); // more than a moment: the next Ctrl+C is a first one again
    tmux("send-keys", "-t", "chat", "C-p");
    awaitScreen("the picker", s -> s.contains("Provider: Enter selects"));
    tmux("send-keys", "-t", "chat", "C-c");
    String screen = awaitScreen("the picker closed", s -> !s.contains("Provider: Enter selects"));
    assertTrue(screen.contains("> a draft I want to keep"), screen);
    assertFalse(Files.exists(home.resolve("exit.txt")), "still running");

    Thread.sleep(1200);
    tmux("send-keys", "-t", "chat", "C-c");
    awaitScreen("the prompt cleared again", s -> s.contains("> Type a message"));
    Thread.sleep(1200);
    tmux("send-keys", "-t", "chat", "C-c");
    assertEquals("exit=130", awaitFile("exit.txt"));
    assertTerminalRestored();
  }

  /**
   * Under the C locale (SSH, containers) the terminal still sends UTF-8: what is typed reaches the
   * server whole, and what ASCII cannot show is drawn as {@code ?}.
   */
  @Test
  void nonAsciiTypedUnderTheCLocaleIsSentWhole() throws Exception {
    startAgent("LC_ALL=C ");
    awaitScreen("the chat", screen -> screen.contains("Loopback (custom)"));
    tmux("send-keys", "-t", "chat", "-l", "héllo 日本");
    String screen = awaitScreen("the prompt", s -> s.contains("> h?llo"));
    assertTrue(screen.contains("> h?llo ??"), screen);
    tmux("send-keys", "-t", "chat", "Enter");
    String body = chatBodies.poll(10, TimeUnit.SECONDS);
    assertTrue(body != null && body.contains("\"content\":\"héllo 日本\""), body);
    tmux("send-keys", "-t", "chat", "C-q");
    assertEquals("exit=0", awaitFile("exit.txt"));
  }

  /** Under the C locale a prompt on the command line reaches the server as typed. */
  @Test
  void aPromptArgumentUnderTheCLocaleIsSentAsTyped() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder =
        new ProcessBuilder(java, "-jar", JAR.toString(), "-p", "custom", "héllo 日本")
            .redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(Map.of("PATH", System.getenv("PATH"), "LC_ALL", "C"));
    builder.environment().put("AGENT_HOME", home.toString());
    Process process = builder.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), output);
    assertEquals(0, process.exitValue(), output);
    String body = chatBodies.poll(5, TimeUnit.SECONDS);
    assertTrue(body != null && body.contains("\"content\":\"héllo 日本\""), body);
  }

  @Test
  void sigtermRestoresTheTerminal() throws Exception {
    assertSignalRestoresTheTerminal("TERM", 143);
  }

  @Test
  void sighupRestoresTheTerminal() throws Exception {
    assertSignalRestoresTheTerminal("HUP", 129);
  }

  /**
   * The chat's terminal is set up while the configuration loads (TerminalAhead): a configuration
   * that does not load gives the terminal back as it was, then says why, on the main screen.
   */
  @Test
  void aBrokenConfigGivesTheTerminalBackBeforeSayingWhy() throws Exception {
    Files.writeString(home.resolve("config.toml"), "model_provider = \"custom\"\n[broken\n", UTF_8);
    startAgent();
    String exit = awaitFile("exit.txt");
    assertFalse(exit.equals("exit=0"), exit);
    List<String> settings = Arrays.asList(awaitFile("stty.txt").split("[\\s;]+", -1));
    for (String flag : List.of("icanon", "echo", "icrnl", "ixon", "isig", "iexten")) {
      assertTrue(settings.contains(flag), flag + " not restored: " + settings);
    }
    String screen = awaitScreen("the error", shown -> shown.contains("after agent"));
    assertTrue(screen.contains("config.toml"), screen);
    assertEquals(
        "0:1",
        tmux("display-message", "-p", "-t", "chat", "#{alternate_on}:#{cursor_flag}").strip());
  }

  /**
   * A reply that never ends, to a chat with 32 MiB of heap and the reply's bound raised to 512 MiB:
   * the chat runs out of memory while the reply streams. It gives the terminal back, says so in one
   * line on standard error, exits with 1, writes the stack trace to agent.log only, and saves the
   * conversation: the prompt, and the reply so far as cut short when there is room to.
   */
  @Test
  void runningOutOfMemoryMidReplyRestoresTheTerminalAndSavesTheConversation() throws Exception {
    try (ServerSocket endless = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread serving = new Thread(() -> serveEndlessly(endless), "endless-reply");
      serving.setDaemon(true);
      serving.start();
      Files.writeString(
          home.resolve("config.toml"),
          "[model_providers.custom]\n"
              + "name = \"Loopback\"\n"
              + "base_url = \"http://127.0.0.1:"
              + endless.getLocalPort()
              + "/v1\"\n"
              + "default_model = \"loop-model\"\n"
              + "wire_api = \"chat\"\n"
              + "max_reply_mib = 512\n",
          UTF_8);
      startAgent("", "-Xmx32m ", "2>'" + home.resolve("err.txt") + "'", 100, 30);
      awaitScreen("the chat", screen -> screen.contains("Loopback (custom)"));
      tmux("send-keys", "-t", "chat", "-l", "Hello endless");
      tmux("send-keys", "-t", "chat", "Enter");

      assertEquals("exit=1", awaitFile("exit.txt"));
      assertTerminalRestored();
      Path log = home.resolve("agent.log");
      List<String> err = Files.readAllLines(home.resolve("err.txt"), UTF_8);
      assertEquals(1, err.size(), err.toString());
      assertTrue(
          err.get(0)
              .startsWith(
                  "agent: the chat stopped on an unexpected error (java.lang.OutOfMemoryError"),
          err.get(0));
      assertTrue(err.get(0).endsWith("); details in " + log), err.get(0));
      String logged = Files.readString(log, UTF_8);
      assertTrue(logged.contains("java.lang.OutOfMemoryError"), logged);
      // The JVM may throw a preallocated OutOfMemoryError without a stack trace ("failed
      // reallocation of scalar replaced objects"); the error's own line follows the message.
      assertTrue(
          logged.contains("the chat stopped on an unexpected error\njava.lang.OutOfMemoryError"),
          logged);

      List<Path> saved;
      try (var files = Files.list(home.resolve("sessions"))) {
        saved = files.filter(file -> file.toString().endsWith(".jsonl")).toList();
      }
      assertEquals(1, saved.size(), saved.toString());
      List<String> lines = Files.readAllLines(saved.get(0), UTF_8);
      assertTrue(
          lines.get(1).contains("\"role\":\"user\"")
              && lines.get(1).endsWith("\"text\":\"Hello endless\"}"),
          lines.get(1));
      // The reply so far, as cut short, when there was room left to save it.
      if (lines.size() > 2) {
        String answer = lines.get(2).substring(0, 300);
        assertTrue(answer.contains("\"role\":\"assistant\""), answer);
        assertTrue(answer.contains("\"status\":\"cancelled\""), answer);
        assertTrue(answer.contains("\"text\":\"lorem ipsum dolor sit amet\\n"), answer);
      }
    }
  }

  /**
   * Answers each connection to {@code socket} on a thread of its own: a chat completions request
   * with an event stream that never ends, anything else with 404.
   */
  private static void serveEndlessly(ServerSocket socket) {
    String event =
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
            + "lorem ipsum dolor sit amet\\n".repeat(600)
            + "\"},\"finish_reason\":null}]}\n\n";
    byte[] chunk = event.getBytes(UTF_8);
    while (!socket.isClosed()) {
      Socket connection;
      try {
        connection = socket.accept();
      } catch (IOException e) {
        return;
      }
      Thread answering =
          new Thread(
              () -> {
                try (connection) {
                  var in = connection.getInputStream();
                  String head = readHead(in);
                  var length =
                      head.lines()
                          .filter(
                              line -> line.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                          .map(line -> Integer.parseInt(line.substring(15).strip()))
                          .findFirst()
                          .orElse(0);
                  in.readNBytes(length);
                  var out = connection.getOutputStream();
                  if (!head.startsWith("POST /v1/chat/completions ")) {
                    out.write(
                        "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .getBytes(UTF_8));
                    return;
                  }
                  out.write(
                      "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"
                          .getBytes(UTF_8));
                  while (true) {
                    out.write(chunk);
                  }
                } catch (IOException e) {
                  // The agent went away.
                }
              },
              "endless-connection");
      answering.setDaemon(true);
      answering.start();
    }
  }

  /** An HTTP request's line and headers, up to the blank line. */
  private static String readHead(java.io.InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      head.append((char) c);
      if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
        break;
      }
    }
    return head.toString();
  }

  /**
   * The wheel as the terminal sends it once asked (SGR mouse, mode 1006) scrolls the transcript;
   * the chat asks for it, and gives it up on quitting.
   */
  @Test
  void theMouseWheelScrollsTheTranscript() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int line = 1; line <= 60; line++) {
      text.append("\nrow ").append(line);
    }
    reply = text.toString().strip();
    startAgent();
    awaitScreen("the chat", screen -> screen.contains("Loopback (custom)"));
    assertEquals("1:1", mouseFlags(), "SGR mouse reporting asked for");
    tmux("send-keys", "-t", "chat", "-l", "Many rows");
    tmux("send-keys", "-t", "chat", "Enter");
    awaitScreen("the reply", s -> s.contains("in 9 · out 11"));
    assertEquals(List.of(" row 60"), rows(capture(), 26, 26));

    tmux("send-keys", "-t", "chat", "-l", "\u001b[<64;20;10M\u001b[<64;20;10M");
    awaitScreen("two notches up", s -> rows(s, 26, 26).equals(List.of(" row 54")));
    tmux("send-keys", "-t", "chat", "-l", "\u001b[<65;20;10M");
    String screen = awaitScreen("a notch down", s -> rows(s, 26, 26).equals(List.of(" row 57")));
    assertTrue(screen.contains("> Type a message"), "nothing of the reports typed:\n" + screen);

    tmux("send-keys", "-t", "chat", "C-q");
    assertEquals("exit=0", awaitFile("exit.txt"));
    assertEquals("0:0", mouseFlags(), "mouse reporting given up");
  }

  @Test
  void mouseFalseLeavesTheMouseToTheTerminal() throws Exception {
    Path config = home.resolve("config.toml");
    Files.writeString(config, "mouse = false\n" + Files.readString(config, UTF_8), UTF_8);
    startAgent();
    awaitScreen("the chat", screen -> screen.contains("Loopback (custom)"));
    assertEquals("0:0", mouseFlags());
    tmux("send-keys", "-t", "chat", "C-q");
    assertEquals("exit=0", awaitFile("exit.txt"));
  }

  /**
   * The Linux console gets the 16 ANSI colours, even for a theme of 256 (each colour the nearest of
   * the 16).
   */
  @Test
  void theLinuxConsoleGetsOnlyTheSixteenColours() throws Exception {
    Path config = home.resolve("config.toml");
    Files.writeString(config, "theme = \"dark\"\n" + Files.readString(config, UTF_8), UTF_8);
    startAgent("TERM=linux ");
    awaitScreen("the chat", screen -> screen.contains("Loopback (custom)"));
    String linux = settledColours();
    assertFalse(linux.contains("38;5;") || linux.contains("48;5;"), linux);
    assertTrue(linux.matches("(?s).*\u001b\\[[0-9;]*4[0-7][;m].*"), linux);
    tmux("send-keys", "-t", "chat", "C-q");
    assertEquals("exit=0", awaitFile("exit.txt"));
  }

  /** A vt100 gets no colour at all: the theme without colours, told apart by reverse video. */
  @Test
  void aVt100GetsNoColour() throws Exception {
    startAgent("TERM=vt100 ");
    awaitScreen("the chat", screen -> screen.contains("Loopback (custom)"));
    String vt100 = settledColours();
    assertFalse(vt100.matches("(?s).*\u001b\\[[0-9;]*[349][0-7][;m].*"), vt100);
    assertTrue(vt100.contains("\u001b[7m") || vt100.contains(";7m"), "reverse video:\n" + vt100);
    tmux("send-keys", "-t", "chat", "C-q");
    assertEquals("exit=0", awaitFile("exit.txt"));
  }

  /** Whether the pane reports the mouse (mode 1000) and in SGR's form (mode 1006). */
  private String mouseFlags() throws Exception {
    return tmux("display-message", "-p", "-t", "chat", "#{mouse_standard_flag}:#{mouse_sgr_flag}")
        .strip();
  }

  /**
   * With {@code TERM=dumb} the chat is plain lines: no screen is taken, a typed line is sent and
   * its reply printed, and end of input quits.
   */
  @Test
  void aDumbTerminalGetsAChatOfPlainLines() throws Exception {
    startAgent("TERM=dumb ");
    awaitScreen("the line chat", screen -> screen.contains("Ctrl+D quits)\n>"));
    assertEquals("0", tmux("display-message", "-p", "-t", "chat", "#{alternate_on}").strip());
    tmux("send-keys", "-t", "chat", "-l", "Hello loopback");
    tmux("send-keys", "-t", "chat", "Enter");
    String screen = awaitScreen("the reply", s -> s.contains("日本語 and 😀 included."));
    assertFalse(screen.contains("Loopback (custom)  model"), screen);
    assertTrue(
        screen.contains(
            "agent: Loopback (custom) · loop-model (TERM=dumb: each line is a prompt; Ctrl+D"
                + " quits)\n> Hello loopback\n"),
        screen);
    assertTrue(
        screen.contains("> Hello loopback\nHello from the loopback server, 日本語 and 😀 included."),
        screen);
    String body = chatBodies.poll(5, TimeUnit.SECONDS);
    assertTrue(body != null && body.contains("\"content\":\"Hello loopback\""), body);

    tmux("send-keys", "-t", "chat", "C-d");
    assertEquals("exit=0", awaitFile("exit.txt"));
  }

  /**
   * In the line chat ({@code TERM=dumb}) Ctrl+C is SIGINT: mid-reply it cancels the reply, whose
   * text so far stays printed and saved, and the prompt comes back; at the prompt it says how to
   * quit; a second one within 2 s quits with 130.
   */
  @Test
  void ctrlCInTheLineChatCancelsTheReplyThenASecondCtrlCQuits() throws Exception {
    StringBuilder words = new StringBuilder();
    for (int i = 1; i <= 300; i++) {
      words.append(i == 1 ? "" : " ").append("w").append(i);
    }
    reply = words.toString();
    throttle = 40; // bytes per 10 ms: the 300 words take about 8 s
    startAgent("TERM=dumb ");
    awaitScreen("the line chat", screen -> screen.contains("Ctrl+D quits)\n>"));
    tmux("send-keys", "-t", "chat", "-l", "Count slowly");
    tmux("send-keys", "-t", "chat", "Enter");
    awaitScreen("the reply under way", screen -> screen.contains("w5 "));
    tmux("send-keys", "-t", "chat", "C-c");
    String screen =
        awaitScreen(
            "the reply cancelled and the prompt back",
            s -> s.contains("agent: reply cancelled (Ctrl+C); what arrived is kept\n\n>"));
    assertTrue(screen.contains("> Count slowly\nw1 w2 w3 w4 w5 "), screen);
    assertFalse(screen.contains("w300"), screen);
    assertFalse(Files.exists(home.resolve("exit.txt")), "still running:\n" + screen);
    String saved = awaitSavedText("w5");
    assertTrue(saved.contains("Count slowly"), saved);

    Thread.sleep(2_200); // longer than a second Ctrl+C's moment
    tmux("send-keys", "-t", "chat", "-l", "half a line");
    tmux("send-keys", "-t", "chat", "C-c");
    screen =
        awaitScreen(
            "the hint and a fresh prompt", s -> s.contains("(Ctrl+D or a second Ctrl+C quits)\n>"));
    assertFalse(Files.exists(home.resolve("exit.txt")), "still running:\n" + screen);
    tmux("send-keys", "-t", "chat", "C-c");
    assertEquals("exit=130", awaitFile("exit.txt"));
  }

  /** The text of the saved conversations once one holds {@code expected}. */
  private String awaitSavedText(String expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    String all = "";
    while (System.nanoTime() < deadline) {
      StringBuilder text = new StringBuilder();
      try (java.util.stream.Stream<Path> files = Files.walk(home)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).toList()) {
          text.append(Files.readString(file, UTF_8));
        }
      }
      all = text.toString();
      if (all.contains(expected)) {
        return all;
      }
      Thread.sleep(100);
    }
    fail("no saved conversation holds " + expected + ":\n" + all);
    return all;
  }

  private void assertSignalRestoresTheTerminal(String signal, int status) throws Exception {
    startAgent();
    awaitScreen("the chat", screen -> screen.contains("Loopback (custom)"));
    long shell = Long.parseLong(tmux("display-message", "-p", "-t", "chat", "#{pane_pid}").strip());
    ProcessHandle java = ProcessHandle.of(shell).orElseThrow().children().findFirst().orElseThrow();
    run(List.of("kill", "-" + signal, Long.toString(java.pid())));
    assertEquals("exit=" + status, awaitFile("exit.txt"));
    assertTerminalRestored();
  }

  /** After the agent: line settings back to cooked, the main screen shown, the cursor visible. */
  private void assertTerminalRestored() throws Exception {
    List<String> settings = Arrays.asList(awaitFile("stty.txt").split("[\\s;]+", -1));
    for (String flag : List.of("icanon", "echo", "icrnl", "ixon", "isig", "iexten")) {
      assertTrue(settings.contains(flag), flag + " not restored: " + settings);
    }
    String screen = capture();
    assertFalse(screen.contains("Loopback (custom)"), "still on the chat's screen:\n" + screen);
    assertEquals(List.of("after agent"), rows(screen, 0, 0), screen);
    assertEquals(
        "0:1",
        tmux("display-message", "-p", "-t", "chat", "#{alternate_on}:#{cursor_flag}").strip());
  }

  private void startAgent() throws Exception {
    startAgent("");
  }

  /**
   * Starts the agent in tmux with {@code env} ({@code NAME='value' }…) added to its environment.
   */
  private void startAgent(String env) throws Exception {
    startAgent(env, 100, 30);
  }

  /** Starts the agent in tmux, in a window of {@code columns} by {@code rows}. */
  private void startAgent(String env, int columns, int rows) throws Exception {
    startAgent(env, "", "", columns, rows);
  }

  /**
   * Starts the agent in tmux: {@code javaOptions} ({@code -Xmx32m }…) go to the JVM, {@code
   * redirects} ({@code 2>'file'}…) after the agent's arguments.
   */
  private void startAgent(String env, String javaOptions, String redirects, int columns, int rows)
      throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    String command =
        "env "
            + env
            + "AGENT_HOME='"
            + home
            + "' LANG=C.UTF-8 '"
            + java
            + "' "
            + javaOptions
            + "-jar '"
            + JAR
            + "' -p custom "
            + redirects
            + "; echo \"exit=$?\" > '"
            + home.resolve("exit.txt")
            + "'; stty -a > '"
            + home.resolve("stty.txt")
            + "'; echo after agent; sleep 60";
    tmux(
        "new-session",
        "-d",
        "-s",
        "chat",
        "-x",
        String.valueOf(columns),
        "-y",
        String.valueOf(rows),
        command);
  }

  private String awaitScreen(String what, Predicate<String> condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String screen = "";
    while (System.nanoTime() < deadline) {
      screen = capture();
      assumeFalse(
          screen.contains("the full-screen chat UI is not built yet"),
          "the command line does not open the chat UI yet");
      if (condition.test(screen)) {
        return screen;
      }
      Thread.sleep(100);
    }
    fail("timed out waiting for " + what + "; the pane shows:\n" + screen);
    return screen;
  }

  /**
   * The pane with its colours once it has stopped changing: two captures in a row, 300 ms apart,
   * agree. On a busy machine the last frames of a stream can reach the pane late.
   */
  private String settledColours() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String last = tmux("capture-pane", "-p", "-e", "-t", "chat");
    while (System.nanoTime() < deadline) {
      Thread.sleep(300);
      String now = tmux("capture-pane", "-p", "-e", "-t", "chat");
      if (seen(now).equals(seen(last))) {
        return now;
      }
      last = now;
    }
    return last;
  }

  /**
   * The pane with its colours once it looks as {@code expected} does, or as it is after 10 s: a
   * complete redraw takes longer on a busy machine.
   */
  private String redrawnLike(String expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      String now = tmux("capture-pane", "-p", "-e", "-t", "chat");
      if (seen(now).equals(seen(expected))) {
        return now;
      }
      Thread.sleep(100);
    }
    return settledColours();
  }

  private String awaitFile(String name) throws Exception {
    Path file = home.resolve(name);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(file)) {
        Thread.sleep(100); // let the shell finish writing it
        return Files.readString(file, UTF_8).strip();
      }
      Thread.sleep(50);
    }
    fail("the agent did not exit; the pane shows:\n" + capture());
    return "";
  }

  /**
   * What a person sees of a {@code capture-pane -e} screen, a string per row: each cell's
   * character, background and styles, and its foreground unless it is a blank, whose foreground
   * does not show (a terminal fills rows it scrolls in with blanks of the default foreground).
   */
  private static List<String> seen(String capture) {
    List<String> rows = new ArrayList<>();
    StringBuilder row = new StringBuilder();
    String[] colours = {"39", "49"};
    java.util.TreeSet<String> styles = new java.util.TreeSet<>();
    int i = 0;
    while (i < capture.length()) {
      char c = capture.charAt(i);
      if (c == '\u001b' && i + 1 < capture.length() && capture.charAt(i + 1) == '[') {
        int end = capture.indexOf('m', i);
        List<String> codes = new ArrayList<>(List.of(capture.substring(i + 2, end).split(";", -1)));
        sgr(codes, colours, styles);
        i = end + 1;
      } else if (c == '\n') {
        rows.add(withoutTrailingBlanks(row.toString()));
        row.setLength(0);
        i++;
      } else {
        int codePoint = capture.codePointAt(i);
        boolean blank = codePoint == ' ' && !styles.contains("4") && !styles.contains("7");
        row.appendCodePoint(codePoint)
            .append('{')
            .append(blank ? "" : colours[0])
            .append('/')
            .append(colours[1])
            .append(blank ? "" : styles)
            .append('}');
        i += Character.charCount(codePoint);
      }
    }
    rows.add(withoutTrailingBlanks(row.toString()));
    return rows;
  }

  /**
   * {@code row} without the blanks at its end that have the background of the cell before them:
   * tmux leaves out the cells a line erase cleared but shows the spaces written there, which look
   * the same. A frame may leave such a space from an earlier frame (it is the cell the next frame
   * wants, so nothing is written), where a redraw from scratch erases the line.
   */
  private static String withoutTrailingBlanks(String row) {
    java.util.regex.Matcher blank = TRAILING_BLANK.matcher(row);
    while (blank.matches()) {
      row = blank.group(1);
      blank = TRAILING_BLANK.matcher(row);
    }
    return row;
  }

  /** A row whose last cell is a blank with the background of the cell before it. */
  private static final java.util.regex.Pattern TRAILING_BLANK =
      java.util.regex.Pattern.compile(
          "(?s)(.*\\{[^/{}]*/([^\\[{}]*)(?:\\[[^\\]]*\\])?\\}) \\{/\\2\\}");

  /** Applies one SGR sequence's codes to the foreground, background and styles. */
  private static void sgr(List<String> codes, String[] colours, java.util.Set<String> styles) {
    for (int k = 0; k < codes.size(); k++) {
      String code = codes.get(k);
      int n = code.isEmpty() ? 0 : Integer.parseInt(code);
      if (n == 0) {
        colours[0] = "39";
        colours[1] = "49";
        styles.clear();
      } else if (n == 38 || n == 48) {
        int length = codes.get(k + 1).equals("5") ? 2 : 4;
        colours[n == 38 ? 0 : 1] = String.join(";", codes.subList(k, k + 1 + length));
        k += length;
      } else if ((n >= 30 && n <= 37) || n == 39 || (n >= 90 && n <= 97)) {
        colours[0] = code;
      } else if ((n >= 40 && n <= 47) || n == 49 || (n >= 100 && n <= 107)) {
        colours[1] = code;
      } else if (n == 22) {
        styles.remove("1");
        styles.remove("2");
      } else if (n >= 23 && n <= 29) {
        styles.remove(String.valueOf(n - 20));
      } else {
        styles.add(code);
      }
    }
  }

  /**
   * Rows {@code first} to {@code last}, both included, of a {@code capture-pane} screen, which cuts
   * the trailing spaces of each row as {@link ChatDriver#row} does.
   */
  private static List<String> rows(String capture, int first, int last) {
    List<String> rows = capture.lines().toList();
    assertTrue(rows.size() > last, capture);
    return rows.subList(first, last + 1);
  }

  private String capture() throws Exception {
    return tmux("capture-pane", "-p", "-t", "chat");
  }

  private String tmux(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("tmux", "-u", "-L", socket));
    command.addAll(List.of(args));
    return run(command);
  }

  private static String run(List<String> command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("LANG", "C.UTF-8");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), UTF_8);
    process.waitFor(10, TimeUnit.SECONDS);
    return output;
  }

  private static boolean tmuxAvailable() {
    try {
      Process process = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(5, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
