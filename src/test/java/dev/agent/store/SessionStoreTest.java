package dev.agent.store;

import static dev.agent.chat.StopReason.Kind.END_TURN;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.agent.chat.ChatException;
import dev.agent.chat.Message;
import dev.agent.chat.Role;
import dev.agent.chat.StopReason;
import dev.agent.chat.StreamEvent.Completed;
import dev.agent.chat.StreamEvent.Failed;
import dev.agent.chat.StreamEvent.ReasoningDelta;
import dev.agent.chat.StreamEvent.ReasoningSignature;
import dev.agent.chat.StreamEvent.TextDelta;
import dev.agent.chat.StreamEvent.TextWasReasoning;
import dev.agent.chat.Usage;
import dev.agent.config.Selection;
import dev.agent.session.ChatSession;
import dev.agent.session.FakeChatClient;
import dev.agent.session.Turn;
import dev.agent.session.TurnRecorder;
import dev.agent.testing.TestClock;
import dev.agent.testing.TestProviders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionStoreTest {
  private static final Instant START = Instant.parse("2026-03-14T15:30:12Z");

  @TempDir Path home;
  private final TestClock clock = new TestClock(START);
  private final FakeChatClient client = new FakeChatClient();
  private final List<String> problems = new ArrayList<>();

  private SessionStore store() {
    return new SessionStore(home.resolve("sessions"), clock);
  }

  /** A session on anthropic whose events apply at once, saving through {@code recorder}. */
  private ChatSession session(TurnRecorder recorder) {
    ChatSession session =
        new ChatSession(
            provider -> client,
            new Selection(TestProviders.anthropic(), "claude-test"),
            Runnable::run,
            (turn, event) -> {});
    session.setRecorder(recorder);
    return session;
  }

  /** Sends {@code prompt} and completes the reply with {@code reply}, a second later. */
  /** Saves a conversation of one exchange, One then Uno, into {@code store}; returns its id. */
  private String savedExchange(SessionStore store) throws Exception {
    SessionRecorder recorder = store.recorder(problems::add);
    exchange(session(recorder), "One", "Uno");
    String id = recorder.id().orElseThrow();
    recorder.close();
    return id;
  }

  /**
   * Continues conversation {@code id} as {@code --continue} does: its {@code turns} loaded into a
   * session saving into it, then {@code prompt} sent; returns the recorder.
   */
  private SessionRecorder continueWith(
      SessionStore store, String id, List<Turn> turns, String prompt) throws Exception {
    SessionRecorder again = store.recorder(problems::add);
    again.continueIn(id);
    ChatSession resumed = session(again);
    resumed.load(turns);
    resumed.send(prompt);
    return again;
  }

  private void exchange(ChatSession session, String prompt, String reply) throws Exception {
    session.send(prompt);
    clock.advance(Duration.ofSeconds(1));
    client
        .nextCall()
        .emit(
            new TextDelta(reply),
            new Completed(new Usage(10, 4), new StopReason(END_TURN, "end_turn")));
    clock.advance(Duration.ofSeconds(1));
  }

  /** A prompt of {@link #session}'s conversation as it loads back. */
  private static StoredMessage prompt(String text, Instant time) {
    return saved(Role.USER, text, time, Turn.Status.DONE, StopReason.NONE, Usage.UNKNOWN);
  }

  /** A reply of {@link #session}'s conversation that did not fail, as it loads back. */
  private static StoredMessage reply(
      String text, Instant time, Turn.Status status, StopReason stopReason, Usage usage) {
    return saved(Role.ASSISTANT, text, time, status, stopReason, usage);
  }

  private static StoredMessage saved(
      Role role,
      String text,
      Instant time,
      Turn.Status status,
      StopReason stopReason,
      Usage usage) {
    return new StoredMessage(
        role, text, "anthropic", "claude-test", time, status, "", null, stopReason, usage);
  }

  private static List<String> lines(Path file) throws IOException {
    return Files.readAllLines(file, UTF_8);
  }

  @Test
  void aConversationIsSavedTurnByTurnAndLoadsBackAsItWas() throws Exception {
    SessionStore store = store();
    SessionRecorder recorder = store.recorder(problems::add);
    ChatSession session = session(recorder);
    exchange(session, "What is 2+2?\nAnswer briefly.", "4.");
    String id = recorder.id().orElseThrow();
    session.send("Go on");
    client.nextCall().emit(new TextDelta("Part"));
    session.cancel();
    session.send("Again");
    client
        .nextCall()
        .emit(
            new TextDelta("Ha"),
            new Failed(new ChatException(ChatException.Kind.AUTH, "anthropic: key refused")));

    Conversation loaded = store.load(id);

    assertEquals(List.of(), problems);
    assertEquals(List.of(), loaded.problems());
    assertEquals(id, loaded.id());
    assertEquals("What is 2+2?", loaded.title());
    assertEquals(START, loaded.created());
    assertEquals(
        List.of(
            prompt("What is 2+2?\nAnswer briefly.", START),
            reply(
                "4.",
                START.plusSeconds(1),
                Turn.Status.DONE,
                new StopReason(END_TURN, "end_turn"),
                new Usage(10, 4)),
            prompt("Go on", START.plusSeconds(2)),
            reply(
                "Part",
                START.plusSeconds(2),
                Turn.Status.CANCELLED,
                StopReason.NONE,
                Usage.UNKNOWN),
            prompt("Again", START.plusSeconds(2)),
            new StoredMessage(
                Role.ASSISTANT,
                "Ha",
                "anthropic",
                "claude-test",
                START.plusSeconds(2),
                Turn.Status.FAILED,
                "anthropic: key refused",
                ChatException.Kind.AUTH,
                StopReason.NONE,
                Usage.UNKNOWN)),
        loaded.messages());
  }

  @Test
  void savedStopWordsLoadAsTheProvidersReadThemAndExportWithTheirNotes() throws Exception {
    SessionStore store = store();
    Files.createDirectories(store.folder());
    String id = "20260314-153012-k3f9";
    String header =
        "{\"format\":\"agent-session\",\"version\":1,\"id\":\""
            + id
            + "\",\"created\":\"2026-03-14T15:30:12Z\",\"title\":\"Words\"}";
    List<String> lines = new ArrayList<>(List.of(header));
    List<String> words =
        List.of("length", "max_tokens", "content_filter", "refusal", "tool_use", "stop", "");
    for (String word : words) {
      lines.add(
          "{\"role\":\"assistant\",\"provider\":\"openai\",\"model\":\"gpt-4o\","
              + "\"time\":\"2026-03-14T15:30:13Z\",\"status\":\"done\","
              + (word.isEmpty() ? "" : "\"stop_reason\":\"" + word + "\",")
              + "\"text\":\"Part\"}");
    }
    Files.write(store.folder().resolve(id + ".jsonl"), lines, UTF_8);

    Conversation loaded = store.load(id);

    List<StopReason> expected =
        List.of(
            new StopReason(StopReason.Kind.MAX_TOKENS, "length"),
            new StopReason(StopReason.Kind.MAX_TOKENS, "max_tokens"),
            new StopReason(StopReason.Kind.CONTENT_FILTER, "content_filter"),
            new StopReason(StopReason.Kind.REFUSAL, "refusal"),
            new StopReason(StopReason.Kind.TOOL_CALL, "tool_use"),
            new StopReason(END_TURN, "stop"),
            StopReason.NONE);
    assertEquals(expected, loaded.messages().stream().map(StoredMessage::stopReason).toList());
    assertEquals(expected, loaded.turns().stream().map(Turn::stopReason).toList());
    String reply = "\n## openai · gpt-4o\n\nPart\n";
    assertEquals(
        "# Words\n\nConversation `"
            + id
            + "`, begun 2026-03-14 15:30 UTC.\n"
            + reply
            + "\n*(cut off at the output limit)*\n"
            + reply
            + "\n*(cut off at the output limit)*\n"
            + reply
            + "\n*(stopped by the provider: content_filter)*\n"
            + reply
            + "\n*(the model refused)*\n"
            + reply
            + "\n*(the model asked to call a tool, which agent does not run)*\n"
            + reply
            + reply,
        ConversationExport.markdown(loaded));
  }

  @Test
  void aRepliesReasoningAndSignatureAreSavedApartFromItsAnswerAndLoadBack() throws Exception {
    SessionStore store = store();
    SessionRecorder recorder = store.recorder(problems::add);
    ChatSession session = session(recorder);
    session.send("Why?");
    clock.advance(Duration.ofSeconds(1));
    client
        .nextCall()
        .emit(
            new ReasoningDelta("Think \"hard\".\n"),
            new ReasoningDelta(ReasoningDelta.REDACTED),
            new ReasoningSignature("c2lnbmF0dXJl"),
            new TextDelta("Because."),
            new Completed(new Usage(10, 40), new StopReason(END_TURN, "end_turn")));
    String id = recorder.id().orElseThrow();

    assertEquals(
        "{\"role\":\"assistant\",\"provider\":\"anthropic\",\"model\":\"claude-test\","
            + "\"time\":\"2026-03-14T15:30:13Z\",\"status\":\"done\",\"stop_reason\":\"end_turn\","
            + "\"usage\":{\"input_tokens\":10,\"output_tokens\":40},"
            + "\"reasoning_signature\":\"c2lnbmF0dXJl\","
            + "\"reasoning\":\"Think \\\"hard\\\".\\n[redacted thinking]\",\"text\":\"Because.\"}",
        lines(store.folder().resolve(id + ".jsonl")).get(2));
    Conversation loaded = store.load(id);
    assertEquals(List.of(), loaded.problems());
    assertEquals(
        new StoredMessage(
            Role.ASSISTANT,
            "Because.",
            "anthropic",
            "claude-test",
            START.plusSeconds(1),
            Turn.Status.DONE,
            "",
            null,
            new StopReason(END_TURN, "end_turn"),
            new Usage(10, 40),
            "Think \"hard\".\n[redacted thinking]",
            "c2lnbmF0dXJl"),
        loaded.messages().get(1));
    Turn reply = loaded.turns().get(1);
    assertEquals("Because.", reply.text());
    assertEquals("Think \"hard\".\n[redacted thinking]", reply.reasoning());
    assertEquals("c2lnbmF0dXJl", reply.reasoningSignature());
    assertEquals("", loaded.turns().get(0).reasoning());

    // A long reasoning before the text does not keep a listing from the provider and model.
    session.send("Longer?");
    client
        .nextCall()
        .emit(
            new ReasoningDelta("x".repeat(200_000)),
            new TextDelta("Yes."),
            new Completed(Usage.UNKNOWN, StopReason.NONE));
    SessionInfo listed = store.list().sessions().get(0);
    assertEquals(
        List.of(id, "anthropic", "claude-test", "4"),
        List.of(listed.id(), listed.provider(), listed.model(), String.valueOf(listed.messages())));
  }

  @Test
  void filesWrittenBeforeReasoningWasKeptLoadWithoutIt() throws Exception {
    SessionStore store = store();
    Files.createDirectories(store.folder());
    String id = "20260314-153012-k3f9";
    Path file = store.folder().resolve(id + ".jsonl");
    Files.write(
        file,
        List.of(
            "{\"format\":\"agent-session\",\"version\":1,\"id\":\""
                + id
                + "\",\"created\":\"2026-03-14T15:30:12Z\",\"title\":\"Old\"}",
            "{\"role\":\"user\",\"provider\":\"openai\",\"model\":\"gpt-4o\","
                + "\"time\":\"2026-03-14T15:30:12Z\",\"status\":\"done\",\"text\":\"Hi\"}",
            "{\"role\":\"assistant\",\"provider\":\"openai\",\"model\":\"gpt-4o\","
                + "\"time\":\"2026-03-14T15:30:13Z\",\"status\":\"done\",\"text\":\"Hello\"}",
            "{\"role\":\"assistant\",\"provider\":\"openai\",\"model\":\"gpt-4o\","
                + "\"time\":\"2026-03-14T15:30:13Z\",\"status\":\"done\",\"reasoning\":null,"
                + "\"text\":\"Null\"}",
            "{\"role\":\"assistant\",\"provider\":\"openai\",\"model\":\"gpt-4o\","
                + "\"time\":\"2026-03-14T15:30:13Z\",\"status\":\"done\",\"reasoning\":[1],"
                + "\"text\":\"Odd\"}"),
        UTF_8);

    Conversation loaded = store.load(id);

    assertEquals(
        List.of("Hi", "Hello", "Null"),
        loaded.messages().stream().map(StoredMessage::text).toList());
    assertEquals(
        List.of("", "", ""), loaded.messages().stream().map(StoredMessage::reasoning).toList());
    assertEquals(
        List.of("", "", ""),
        loaded.messages().stream().map(StoredMessage::reasoningSignature).toList());
    assertEquals(List.of("", "", ""), loaded.turns().stream().map(Turn::reasoning).toList());
    assertEquals(List.of(file + ":5: \"reasoning\" is not a string; skipped"), loaded.problems());
  }

  /**
   * A conversation saved with reasoning, continued as {@code --continue} does, retried as Ctrl+R
   * does, and continued on another provider: each request carries the answers alone.
   */
  @Test
  void restoredReasoningIsNeverSentAgainOnContinueRetryOrAnotherProvider() throws Exception {
    SessionStore store = store();
    SessionRecorder recorder = store.recorder(problems::add);
    ChatSession first = session(recorder);
    first.send("One");
    client
        .nextCall()
        .emit(
            new ReasoningDelta("SECRET-1"),
            new ReasoningSignature("sig-1"),
            new TextDelta("Uno"),
            new Completed(new Usage(1, 2), new StopReason(END_TURN, "end_turn")));
    first.send("Two");
    client
        .nextCall()
        .emit(
            new ReasoningDelta("SECRET-2, still thinking when the limit came"),
            new Completed(new Usage(1, 2), new StopReason(StopReason.Kind.MAX_TOKENS, "length")));
    first.send("Three");
    client
        .nextCall()
        .emit(new TextDelta("SECRET-3</think>"), new TextWasReasoning(), new TextDelta("Tr"));
    first.cancel();
    Conversation saved = store.load(recorder.id().orElseThrow());
    assertEquals(
        List.of(
            "",
            "SECRET-1",
            "",
            "SECRET-2, still thinking when the limit came",
            "",
            "SECRET-3</think>"),
        saved.messages().stream().map(StoredMessage::reasoning).toList());
    List<Message> answersOnly =
        List.of(
            Message.user("One"),
            Message.assistant("Uno"),
            Message.user("Three"),
            Message.assistant("Tr"));

    ChatSession continued = session(TurnRecorder.NONE);
    continued.load(saved.turns());
    continued.send("Four");
    List<Message> expected = new ArrayList<>(answersOnly);
    expected.add(Message.user("Four"));
    assertEquals(expected, client.nextCall().request().messages());

    ChatSession retried = session(TurnRecorder.NONE);
    retried.load(saved.turns());
    assertTrue(retried.canRetry());
    retried.retry();
    assertEquals(
        List.of(Message.user("One"), Message.assistant("Uno"), Message.user("Three")),
        client.nextCall().request().messages());

    ChatSession switched = session(TurnRecorder.NONE);
    switched.load(saved.turns());
    switched.select(new Selection(TestProviders.openai(), "gpt-test"));
    switched.send("Four");
    FakeChatClient.FakeCall call = client.nextCall();
    assertEquals("gpt-test", call.request().model());
    assertEquals(expected, call.request().messages());
    assertEquals(List.of(), problems);
  }

  @Test
  void exportShowsReasoningFoldedAndEscapedInMarkdownAndAsAFieldInJson() throws Exception {
    String hostile =
        "Plan:\r\n\n  </details><script>alert(1)</script> & &amp; \u001b[31mred\u0007\u0000"
            + "\n# not a heading\n```\n<!-- x -->\n";
    Conversation conversation =
        new Conversation(
            "20260314-153012-k3f9",
            "Why",
            START,
            List.of(
                prompt("Why?", START),
                new StoredMessage(
                    Role.ASSISTANT,
                    "**Because.**",
                    "anthropic",
                    "claude-test",
                    START,
                    Turn.Status.DONE,
                    "",
                    null,
                    new StopReason(END_TURN, "end_turn"),
                    Usage.UNKNOWN,
                    hostile,
                    "sig"),
                prompt("More?", START),
                new StoredMessage(
                    Role.ASSISTANT,
                    "",
                    "anthropic",
                    "claude-test",
                    START,
                    Turn.Status.DONE,
                    "",
                    null,
                    new StopReason(StopReason.Kind.MAX_TOKENS, "max_tokens"),
                    Usage.UNKNOWN,
                    "Hmm",
                    "")),
            List.of());

    String markdown = ConversationExport.markdown(conversation);

    assertEquals(
        "# Why\n\nConversation `20260314-153012-k3f9`, begun 2026-03-14 15:30 UTC.\n"
            + "\n## You\n\nWhy?\n"
            + "\n## anthropic · claude-test\n\n"
            + "<details>\n<summary>Reasoning</summary>\n"
            + "<p>Plan:<br>\n<br>\n  &lt;/details&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
            + " &amp; &amp;amp; \uFFFD[31mred\uFFFD\uFFFD<br>\n"
            + "# not a heading<br>\n```<br>\n&lt;!-- x --&gt;</p>\n</details>\n"
            + "\n**Because.**\n"
            + "\n## You\n\nMore?\n"
            + "\n## anthropic · claude-test\n\n"
            + "<details>\n<summary>Reasoning</summary>\n<p>Hmm</p>\n</details>\n"
            + "\n*(cut off at the output limit while the model was still thinking)*\n",
        markdown);
    // As a Markdown renderer reads it: one block each, the reasoning as text, the answer as
    // Markdown.
    String html = HtmlRenderer.builder().build().render(Parser.builder().build().parse(markdown));
    assertEquals(2, html.split("<details>", -1).length - 1, html);
    assertEquals(2, html.split("</details>", -1).length - 1, html);
    assertFalse(html.contains("<script>"), html);
    assertFalse(html.contains("<h1>not a heading"), html);
    assertTrue(html.contains("</details>\n<p><strong>Because.</strong></p>"), html);

    String json = ConversationExport.json(conversation);
    assertTrue(
        json.contains(
            "\"reasoning_signature\" : \"sig\",\n"
                + "    \"reasoning\" : \"Plan:\\r\\n\\n  </details><script>alert(1)</script> &"
                + " &amp; \\u001B[31mred\\u0007\\u0000\\n# not a heading\\n```\\n<!-- x -->\\n\",\n"
                + "    \"text\" : \"**Because.**\"\n"),
        json);
    assertEquals(
        List.of(hostile, "Hmm"),
        List.of(
            SessionFormat.JSON.readTree(json).path("messages").get(1).path("reasoning").asText(),
            SessionFormat.JSON.readTree(json).path("messages").get(3).path("reasoning").asText()));
  }

  @Test
  void theFileIsOneHeaderThenOneJsonLinePerMessageTextLast() throws Exception {
    SessionStore store = store();
    SessionRecorder recorder = store.recorder(problems::add);
    exchange(session(recorder), "Hi \"you\"", "Hello\nthere ✓");
    String id = recorder.id().orElseThrow();

    assertTrue(id.matches("20260314-153012-[0-9a-z]{4}"), id);
    assertEquals(
        List.of(
            "{\"format\":\"agent-session\",\"version\":1,\"id\":\""
                + id
                + "\",\"created\":\"2026-03-14T15:30:12Z\",\"title\":\"Hi \\\"you\\\"\"}",
            "{\"role\":\"user\",\"provider\":\"anthropic\",\"model\":\"claude-test\","
                + "\"time\":\"2026-03-14T15:30:12Z\",\"status\":\"done\",\"text\":\"Hi \\\"you\\\"\"}",
            "{\"role\":\"assistant\",\"provider\":\"anthropic\",\"model\":\"claude-test\","
                + "\"time\":\"2026-03-14T15:30:13Z\",\"status\":\"done\",\"stop_reason\":\"end_turn\","
                + "\"usage\":{\"input_tokens\":10,\"output_tokens\":4},\"text\":\"Hello\\nthere ✓\"}"),
        lines(store.folder().resolve(id + ".jsonl")));
  }

  @Test
  void filesAreOwnerOnlyAndNothingIsWrittenBeforeTheFirstTurn() throws Exception {
    SessionStore store = store();
    SessionRecorder recorder = store.recorder(problems::add);
    session(recorder);
    assertFalse(Files.exists(store.folder()), "no folder before a turn");
    exchange(session(recorder), "Hi", "Hello");

    assumeTrue(
        store.folder().getFileSystem().supportedFileAttributeViews().contains("posix"),
        "no POSIX permissions here");
    assertEquals(
        "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.folder())));
    Path file = store.folder().resolve(recorder.id().orElseThrow() + ".jsonl");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }

  @Test
  void aLoadedConversationContinuesInTheSameFileAndCarriesItsHistory() throws Exception {
    SessionStore store = store();
    String id = savedExchange(store);

    SessionRecorder again = continueWith(store, id, store.load(id).turns(), "Two");

    assertEquals(
        List.of(Message.user("One"), Message.assistant("Uno"), Message.user("Two")),
        client.nextCall().request().messages());
    assertEquals(id, again.id().orElseThrow());
    assertEquals(
        List.of("One", "Uno", "Two"),
        store.load(id).messages().stream().map(StoredMessage::text).toList());
  }

  @Test
  void listingShowsTitleDatesCountAndTheLastMessagesProviderNewestFirst() throws Exception {
    SessionStore store = store();
    SessionRecorder older = store.recorder(problems::add);
    exchange(session(older), "Older one", "Reply");
    clock.advance(Duration.ofMinutes(5));
    SessionRecorder newer = store.recorder(problems::add);
    ChatSession session = session(newer);
    exchange(session, "   \n  Newer   one\twith tabs  \nsecond line", "Reply");
    session.select(new Selection(TestProviders.openai(), "gpt-4o"));
    session.send("To openai");
    Files.setLastModifiedTime(
        store.folder().resolve(older.id().orElseThrow() + ".jsonl"),
        FileTime.from(START.plusSeconds(60)));
    Files.setLastModifiedTime(
        store.folder().resolve(newer.id().orElseThrow() + ".jsonl"),
        FileTime.from(START.plusSeconds(600)));

    SessionStore.Listing listing = store.list();

    assertEquals(List.of(), listing.problems());
    assertEquals(2, listing.sessions().size());
    SessionInfo top = listing.sessions().get(0);
    assertEquals(newer.id().orElseThrow(), top.id());
    assertEquals("Newer one with tabs", top.title());
    assertEquals(START.plus(Duration.ofMinutes(5)).plusSeconds(2), top.created());
    assertEquals(START.plusSeconds(600), top.updated());
    assertEquals("openai", top.provider());
    assertEquals("gpt-4o", top.model());
    assertEquals(3, top.messages());
    SessionInfo bottom = listing.sessions().get(1);
    assertEquals("Older one", bottom.title());
    assertEquals("anthropic", bottom.provider());
    assertEquals("claude-test", bottom.model());
    assertEquals(2, bottom.messages());
  }

  @Test
  void listingManyConversationsReadsHeadersAndCountsLinesWithoutDecodingMessages()
      throws Exception {
    SessionStore store = store();
    Files.createDirectories(store.folder());
    String message =
        "{\"role\":\"user\",\"provider\":\"p\",\"model\":\"m\",\"time\":\"2026-03-14T15:30:12Z\","
            + "\"status\":\"done\",\"text\":\""
            + "x".repeat(2000)
            + "\"}\n";
    // A line no reader would accept: the listing must not have decoded it.
    String garbage = "this is not JSON at all\n";
    String last =
        "{\"role\":\"assistant\",\"provider\":\"ollama\",\"model\":\"llama3.2\","
            + "\"time\":\"2026-03-14T15:30:13Z\",\"status\":\"done\",\"text\":\""
            + "y".repeat(10_000)
            + "\"}\n";
    int count = 2000;
    for (int i = 0; i < count; i++) {
      String id = String.format("20260314-%06d-abcd", i);
      String header =
          "{\"format\":\"agent-session\",\"version\":1,\"id\":\""
              + id
              + "\",\"created\":\"2026-03-14T15:30:12Z\",\"title\":\"Conversation "
              + i
              + "\"}\n";
      Files.writeString(
          store.folder().resolve(id + ".jsonl"),
          header + message.repeat(5) + garbage + message.repeat(5) + last,
          UTF_8);
    }

    SessionStore.Listing listing = store.list();

    assertEquals(List.of(), listing.problems());
    assertEquals(count, listing.sessions().size());
    for (SessionInfo info : listing.sessions()) {
      assertEquals(12, info.messages(), info.id());
      assertEquals("ollama", info.provider());
      assertEquals("llama3.2", info.model());
    }
    // Generous for a loaded machine; warm, it takes about a tenth of a second.
    assertEquals(
        List.of(store.folder().resolve("20260314-000007-abcd.jsonl") + ":7: not JSON"),
        store.load("20260314-000007-abcd").problems().stream()
            .map(p -> p.substring(0, p.indexOf(" (")))
            .toList(),
        "loading does decode every line");
  }

  @Test
  void aCorruptFileIsReportedWithItsNameAndLineAndTheOthersStillList() throws Exception {
    SessionStore store = store();
    SessionRecorder good = store.recorder(problems::add);
    exchange(session(good), "Good", "Fine");
    Path folder = store.folder();
    Files.writeString(folder.resolve("20260101-000000-bad1.jsonl"), "garbage\n{}\n", UTF_8);
    Files.writeString(folder.resolve("20260101-000000-bad2.jsonl"), "", UTF_8);
    Files.writeString(
        folder.resolve("20260101-000000-bad3.jsonl"), "{\"format\":\"agent-sess", UTF_8);
    Files.writeString(
        folder.resolve("20260101-000000-bad4.jsonl"),
        "{\"format\":\"agent-session\",\"version\":9,\"id\":\"x\",\"created\":\"2026-01-01T00:00:00Z\"}\n",
        UTF_8);
    Files.writeString(folder.resolve("notes.txt"), "not a session", UTF_8);

    SessionStore.Listing listing = store.list();

    assertEquals(
        List.of(good.id().orElseThrow()),
        listing.sessions().stream().map(SessionInfo::id).toList());
    List<String> sorted = new ArrayList<>(listing.problems());
    sorted.sort(null);
    assertEquals(4, sorted.size(), sorted.toString());
    assertTrue(
        sorted.get(0).startsWith(folder.resolve("20260101-000000-bad1.jsonl") + ":1: not JSON ("),
        sorted.get(0));
    assertTrue(sorted.get(0).endsWith("); skipped"), sorted.get(0));
    assertEquals(
        folder.resolve("20260101-000000-bad2.jsonl") + ":1: an empty file; skipped", sorted.get(1));
    assertEquals(
        folder.resolve("20260101-000000-bad3.jsonl") + ":1: the header line is cut short; skipped",
        sorted.get(2));
    assertEquals(
        folder.resolve("20260101-000000-bad4.jsonl")
            + ":1: written by a newer agent (format version 9); update agent to read it; skipped",
        sorted.get(3));
    SessionException e =
        assertThrows(SessionException.class, () -> store.load("20260101-000000-bad1"));
    assertTrue(
        e.getMessage().startsWith(folder.resolve("20260101-000000-bad1.jsonl") + ":1: not JSON"),
        e.getMessage());
  }

  @Test
  void badLinesAreReportedAndSkippedAndTheRestLoads() throws Exception {
    SessionStore store = store();
    SessionRecorder recorder = store.recorder(problems::add);
    ChatSession session = session(recorder);
    exchange(session, "One", "Uno");
    String id = recorder.id().orElseThrow();
    Path file = store.folder().resolve(id + ".jsonl");
    List<String> lines = new ArrayList<>(lines(file));
    lines.add(2, "{\"role\":\"wizard\",\"text\":\"?\",\"time\":\"2026-03-14T15:30:12Z\"}");
    lines.add(3, "[1,2]");
    lines.add(4, "{\"role\":\"user\",\"time\":\"2026-03-14T15:30:12Z\"}");
    lines.add(5, "");
    Files.write(file, lines, UTF_8);

    Conversation loaded = store.load(id);

    assertEquals(
        List.of("One", "Uno"), loaded.messages().stream().map(StoredMessage::text).toList());
    assertEquals(
        List.of(
            file + ":3: unknown role 'wizard'; skipped",
            file + ":4: not a JSON object; skipped",
            file + ":5: a message without \"text\"; skipped"),
        loaded.problems());
  }

  @Test
  void aHalfWrittenLastLineIsReportedAndEveryCompleteLineKept() throws Exception {
    SessionStore store = store();
    SessionRecorder recorder = store.recorder(problems::add);
    ChatSession session = session(recorder);
    exchange(session, "One", "Uno");
    session.send("Two");
    String id = recorder.id().orElseThrow();
    recorder.close();
    Path file = store.folder().resolve(id + ".jsonl");
    Files.writeString(
        file,
        "{\"role\":\"assistant\",\"provider\":\"anthropic\",\"model\":\"claude-test\",\"te",
        UTF_8,
        java.nio.file.StandardOpenOption.APPEND);

    Conversation loaded = store.load(id);
    assertEquals(
        List.of("One", "Uno", "Two"), loaded.messages().stream().map(StoredMessage::text).toList());
    assertEquals(
        List.of(file + ":5: the last line is cut short (agent stopped while saving it); skipped"),
        loaded.problems());
    SessionInfo info = store.list().sessions().get(0);
    assertEquals(3, info.messages(), "a cut-short line is not counted");

    // Continuing cuts the broken tail off, so the next line does not run into it.
    continueWith(store, id, loaded.turns(), "Three");
    Conversation continued = store.load(id);
    assertEquals(List.of(), continued.problems());
    assertEquals(
        List.of("One", "Uno", "Two", "Three"),
        continued.messages().stream().map(StoredMessage::text).toList());
  }

  @Test
  void aLinkPlantedForASessionFileIsNeitherCutNorAppendedToWhenContinuing() throws Exception {
    SessionStore store = store();
    String id = savedExchange(store);
    // The conversation's file is swapped for a link to another file that ends in a cut-short line,
    // which continuing would cut off, and then append to.
    Path file = store.folder().resolve(id + ".jsonl");
    Path target = home.resolve("target.jsonl");
    Files.writeString(target, Files.readString(file, UTF_8) + "{\"role\":\"user\",\"te", UTF_8);
    byte[] before = Files.readAllBytes(target);
    Files.delete(file);
    Files.createSymbolicLink(file, target);

    continueWith(store, id, store.load(id).turns(), "Two");

    assertArrayEquals(before, Files.readAllBytes(target), "the link's target is untouched");
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("cannot save the conversation ("), problems.get(0));
  }

  @Test
  void aLastLineThatOnlyLacksItsLineFeedIsKeptWhenContinuing() throws Exception {
    SessionStore store = store();
    String id = savedExchange(store);
    Path file = store.folder().resolve(id + ".jsonl");
    String content = Files.readString(file, UTF_8);
    Files.writeString(file, content.substring(0, content.length() - 1), UTF_8);
    assertEquals(
        List.of("One", "Uno"),
        store.load(id).messages().stream().map(StoredMessage::text).toList());

    SessionRecorder again = store.recorder(problems::add);
    again.continueIn(id);
    session(again).send("Two");

    Conversation loaded = store.load(id);
    assertEquals(List.of(), loaded.problems());
    assertEquals(
        List.of("One", "Uno", "Two"), loaded.messages().stream().map(StoredMessage::text).toList());
  }

  @Test
  void renameRewritesTheHeaderKeepsTheMessagesAndTheModificationTime() throws Exception {
    SessionStore store = store();
    SessionRecorder recorder = store.recorder(problems::add);
    exchange(session(recorder), "One", "Uno");
    String id = recorder.id().orElseThrow();
    Path file = store.folder().resolve(id + ".jsonl");
    FileTime modified = FileTime.from(START.plusSeconds(42));
    Files.setLastModifiedTime(file, modified);
    List<String> before = lines(file);

    assertEquals("Counting in Spanish", store.rename(id, "  Counting  in\tSpanish \n"));

    List<String> after = lines(file);
    assertEquals(before.subList(1, before.size()), after.subList(1, after.size()));
    assertTrue(after.get(0).endsWith(",\"title\":\"Counting in Spanish\"}"), after.get(0));
    assertEquals("Counting in Spanish", store.load(id).title());
    assertEquals(modified, Files.getLastModifiedTime(file));
    try (var files = Files.list(store.folder())) {
      assertEquals(
          List.of(file.getFileName().toString()),
          files
              .map(each -> each.getFileName().toString())
              .filter(name -> !name.equals(ConversationLocks.FILE))
              .toList(),
          "no temporary file left behind");
    }
    SessionException blank = assertThrows(SessionException.class, () -> store.rename(id, " \t"));
    assertEquals("a title cannot be blank", blank.getMessage());
  }

  @Test
  void findTakesAWholeIdOrAUniquePrefixAndSaysWhatIsWrongOtherwise() throws Exception {
    SessionStore store = store();
    Files.createDirectories(store.folder());
    for (String id :
        List.of("20260314-153012-aaaa", "20260314-153012-bbbb", "20260315-090000-cccc")) {
      Files.writeString(store.folder().resolve(id + ".jsonl"), "", UTF_8);
    }

    assertEquals("20260314-153012-aaaa", store.find("20260314-153012-aaaa"));
    assertEquals("20260315-090000-cccc", store.find("20260315"));
    SessionException ambiguous = assertThrows(SessionException.class, () -> store.find("20260314"));
    assertEquals(
        "'20260314' is the start of 2 conversation IDs (20260314-153012-bbbb,"
            + " 20260314-153012-aaaa); give more of the ID",
        ambiguous.getMessage());
    SessionException missing = assertThrows(SessionException.class, () -> store.find("2027"));
    assertEquals(
        "no saved conversation '2027' in " + store.folder() + "; 'agent sessions' lists them",
        missing.getMessage());
    assertThrows(SessionException.class, () -> store.load("../config"));
    assertThrows(SessionException.class, () -> store.delete("../sessions/20260315-090000-cccc"));
  }

  @Test
  void deleteRemovesTheFileAndARecorderStillWritingToItSaysSoOnce() throws Exception {
    SessionStore store = store();
    SessionRecorder recorder = store.recorder(problems::add);
    ChatSession session = session(recorder);
    exchange(session, "One", "Uno");
    String id = recorder.id().orElseThrow();

    store.delete(id);
    exchange(session, "Two", "Dos");

    assertEquals(List.of(), store.list().sessions());
    assertFalse(Files.exists(store.folder().resolve(id + ".jsonl")), "not created again");
    assertEquals(
        List.of("the saved conversation " + id + " is gone (deleted?); this one goes on unsaved"),
        problems);
    assertThrows(SessionException.class, () -> store.delete(id));
  }

  @Test
  void aFolderThatCannotBeCreatedIsReportedOnceAndTheChatGoesOn() throws Exception {
    Files.writeString(home.resolve("sessions"), "a file where the folder should be", UTF_8);
    SessionStore store = store();
    SessionRecorder recorder = store.recorder(problems::add);
    ChatSession session = session(recorder);
    exchange(session, "One", "Uno");
    exchange(session, "Two", "Dos");

    assertEquals(1, problems.size(), problems.toString());
    assertTrue(
        problems.get(0).startsWith("cannot save the conversation (" + store.folder() + ": "),
        problems.get(0));
    assertTrue(problems.get(0).endsWith("); it goes on unsaved"), problems.get(0));
    assertEquals(4, session.turns().size());
  }

  @Test
  void aSessionsFolderAnyoneMayWriteToIsRefusedInOneLineNamingItOnce() throws Exception {
    Path folder = Files.createDirectory(home.resolve("sessions"));
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
    SessionRecorder recorder = store().recorder(problems::add);
    exchange(session(recorder), "One", "Uno");

    assertEquals(
        List.of(
            "cannot save the conversation: "
                + folder
                + ": anyone may write to it, so agent writes nothing in it (a link planted there"
                + " would redirect what agent writes); use a folder of your own that only you can"
                + " write to (chmod o-w, or set AGENT_HOME); it goes on unsaved"),
        problems);
    try (var files = Files.list(folder)) {
      assertEquals(List.of(), files.toList());
    }
  }

  @Test
  void startNewBeginsAnotherFile() throws Exception {
    SessionStore store = store();
    SessionRecorder recorder = store.recorder(problems::add);
    ChatSession session = session(recorder);
    exchange(session, "One", "Uno");
    String first = recorder.id().orElseThrow();
    recorder.startNew();
    session.load(List.of());
    assertTrue(recorder.id().isEmpty());
    clock.advance(Duration.ofSeconds(5));
    exchange(session, "Other", "Otro");

    String second = recorder.id().orElseThrow();
    assertFalse(first.equals(second));
    assertEquals("Other", store.load(second).title());
    assertEquals(2, store.load(first).messages().size());
  }

  @Test
  void titlesComeFromTheFirstNonBlankLineCutToASensibleLength() {
    assertEquals("Why is the sky blue?", SessionTitle.fromPrompt("\n\n  Why is the sky blue?\nx"));
    assertEquals("(untitled)", SessionTitle.fromPrompt(" \n\t\n"));
    String longPrompt = "word ".repeat(30);
    String title = SessionTitle.fromPrompt(longPrompt);
    assertEquals(SessionTitle.MAX_LENGTH, title.length());
    assertTrue(title.endsWith("word…"), title);
    String emoji = "a".repeat(58) + "😀😀";
    assertEquals("a".repeat(58) + "…", SessionTitle.clean(emoji), "never half a surrogate pair");
  }
}
