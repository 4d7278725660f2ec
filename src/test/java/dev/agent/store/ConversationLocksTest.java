package dev.agent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent.chat.Role;
import dev.agent.chat.StopReason;
import dev.agent.chat.Usage;
import dev.agent.session.Turn;
import dev.agent.testing.TestClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConversationLocksTest {
  @TempDir Path home;
  private final List<String> problems = new ArrayList<>();

  private static Turn prompt(String text) {
    return Turn.restored(
        Role.USER,
        "anthropic",
        "claude-test",
        text,
        Turn.Status.DONE,
        null,
        Usage.UNKNOWN,
        StopReason.NONE);
  }

  private SessionStore store() {
    return new SessionStore(
        home.resolve("sessions"), new TestClock(Instant.parse("2026-03-14T15:30:12Z")));
  }

  @Test
  void aConversationBeingSavedIsNotContinuedByASecondRecorderUntilTheFirstLetsGo()
      throws Exception {
    SessionStore store = store();
    SessionRecorder first = store.recorder(problems::add);
    first.record(prompt("One"));
    String id = first.id().orElseThrow();

    SessionRecorder second = store.recorder(problems::add);
    SessionException refused = assertThrows(SessionException.class, () -> second.continueIn(id));
    assertEquals(
        "conversation "
            + id
            + " is open in another agent right now (a chat, or a reply still streaming); two at"
            + " once would interleave their messages, so finish or quit that one first, or start a"
            + " new conversation",
        refused.getMessage());
    assertThrows(SessionException.class, () -> store.requireNotInUse(id));

    first.close();
    store.requireNotInUse(id);
    second.continueIn(id);
    second.record(prompt("Two"));
    assertEquals(
        List.of("One", "Two"),
        store.load(id).messages().stream().map(StoredMessage::text).toList());
    assertEquals(List.of(), problems);
    second.close();
  }

  @Test
  void startingANewConversationLetsGoOfTheOldOne() throws Exception {
    SessionStore store = store();
    SessionRecorder first = store.recorder(problems::add);
    first.record(prompt("One"));
    String id = first.id().orElseThrow();

    first.startNew();

    store.requireNotInUse(id);
    first.close();
  }

  @Test
  void anotherProcessFindsTheConversationHeldEvenAfterThisOneListsAndReadsItsFile()
      throws Exception {
    SessionStore store = store();
    SessionRecorder recorder = store.recorder(problems::add);
    recorder.record(prompt("One"));
    String id = recorder.id().orElseThrow();
    // Both open and close the session file: a lock on that file itself would be gone now.
    store.list();
    store.load(id);
    recorder.record(prompt("Two"));

    assertEquals("held", probe(store.folder(), id));
    recorder.close();
    assertEquals("free", probe(store.folder(), id));
  }

  /** What another JVM finds when it tries to hold conversation {@code id}. */
  private static String probe(Path folder, String id) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LockProbe.class.getName(),
                folder.toString(),
                id)
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor() == 0, output);
    return output.strip();
  }

  /**
   * Run in another JVM by {@link #probe}: prints whether conversation ARG1 of folder ARG0 is free.
   */
  static final class LockProbe {
    private LockProbe() {}

    public static void main(String[] args) throws IOException {
      Optional<ConversationLocks.Held> held = ConversationLocks.tryHold(Path.of(args[0]), args[1]);
      System.out.println(held.isPresent() ? "free" : "held");
      held.ifPresent(ConversationLocks.Held::close);
    }
  }
}
