package dev.agent.config;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files under the agent's home are owner-only and replaced atomically. */
class AgentFilesTest {
  @TempDir Path dir;

  private static String permissions(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  private List<String> names(Path folder) throws Exception {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void foldersItCreatesAreOwnerOnlyAndExistingOnesAreLeftAlone() throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path home = dir.resolve("home/.agent/sessions");

    AgentFiles.createFolders(home);
    AgentFiles.createFolders(home);

    assertEquals("rwx------", permissions(dir.resolve("home")));
    assertEquals("rwx------", permissions(dir.resolve("home/.agent")));
    assertEquals("rwx------", permissions(home));
    assertEquals("rwxr-xr-x", permissions(dir));
  }

  @Test
  void writeAtomicallyReplacesTheWholeFileOwnerOnlyAndLeavesNoTemporaryFile() throws Exception {
    Path file = dir.resolve(".agent/sessions/one.json");

    AgentFiles.writeAtomically(file, "{\"v\":1}");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    AgentFiles.writeAtomically(file, "{\"v\":2}");

    assertEquals("{\"v\":2}", Files.readString(file, UTF_8));
    assertEquals("rw-------", permissions(file));
    assertEquals("rwx------", permissions(file.getParent()));
    assertEquals(List.of("one.json"), names(file.getParent()));
  }

  @Test
  void appendCreatesAnOwnerOnlyFileAndTightensAnExistingOne() throws Exception {
    Path log = dir.resolve("agent/agent.log");

    AgentFiles.append(log, "one\n");
    AgentFiles.append(log, "two\n");

    assertEquals("one\ntwo\n", Files.readString(log, UTF_8));
    assertEquals("rw-------", permissions(log));
    assertEquals("rwx------", permissions(log.getParent()));

    Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-rw-rw-"));
    AgentFiles.append(log, "three\n");
    assertEquals("rw-------", permissions(log));
    assertEquals("one\ntwo\nthree\n", Files.readString(log, UTF_8));
  }

  @Test
  void createNewMakesAnOwnerOnlyFileAndNeverOneThatExists() throws Exception {
    Path file = dir.resolve("one.jsonl");

    AgentFiles.createNew(file, "first\n".getBytes(UTF_8));
    AgentFiles.appendToExisting(file, "second\n".getBytes(UTF_8));

    assertEquals("first\nsecond\n", Files.readString(file, UTF_8));
    assertEquals("rw-------", permissions(file));
    assertThrows(
        FileAlreadyExistsException.class,
        () -> AgentFiles.createNew(file, "again\n".getBytes(UTF_8)));
    assertThrows(
        NoSuchFileException.class,
        () -> AgentFiles.appendToExisting(dir.resolve("gone.jsonl"), "x\n".getBytes(UTF_8)));
    assertEquals(List.of("one.jsonl"), names(dir));
  }

  @Test
  void aTemporaryFileIsOwnerOnly() throws Exception {
    Path file = AgentFiles.createTempFile("agent-test-", ".md");
    try {
      assertEquals("rw-------", permissions(file));
      assertEquals(0, Files.size(file));
    } finally {
      Files.delete(file);
    }
  }

  @Test
  void aLinkPlantedWhereTheLogGoesIsNotFollowed() throws Exception {
    Path victim = Files.writeString(dir.resolve("victim.txt"), "precious\n");
    Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-r--r--"));
    Path home = Files.createDirectory(dir.resolve("home"));
    Path log = Files.createSymbolicLink(home.resolve("agent.log"), victim);

    assertThrows(IOException.class, () -> AgentFiles.append(log, "appended\n"));
    assertThrows(
        IOException.class, () -> AgentFiles.appendToExisting(log, "appended\n".getBytes(UTF_8)));

    assertEquals("precious\n", Files.readString(victim));
    assertEquals("rw-r--r--", permissions(victim));
  }

  @Test
  void aFolderAnyoneMayWriteToIsRefusedWithOneLine() throws Exception {
    Path shared = Files.createDirectory(dir.resolve("shared"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));

    IOException refused =
        assertThrows(IOException.class, () -> AgentFiles.append(shared.resolve("agent.log"), "x"));

    assertEquals(
        shared
            + ": anyone may write to it, so agent writes nothing in it (a link planted there would"
            + " redirect what agent writes); use a folder of your own that only you can write to"
            + " (chmod o-w, or set AGENT_HOME)",
        refused.getMessage());
    assertEquals(List.of(), names(shared));
  }

  /**
   * A sessions folder another user owns (one they made for agent to write in, a link planted beside
   * it waiting) is refused. Only root can give a folder away, so the test runs as root, as CI does.
   */
  @Test
  void aFolderAnotherUserOwnsIsRefusedWithOneLine() throws Exception {
    assumeTrue(
        (Integer) Files.getAttribute(dir, "unix:uid") == 0, "only root can give a folder away");
    Path theirs = Files.createDirectory(dir.resolve("theirs"));
    Files.setPosixFilePermissions(theirs, PosixFilePermissions.fromString("rwx------"));
    Files.setAttribute(theirs, "unix:uid", 65534); // nobody

    IOException refused =
        assertThrows(IOException.class, () -> AgentFiles.createFolders(theirs.resolve("sessions")));

    assertEquals(
        theirs
            + ": it belongs to another user, so agent writes nothing in it (a link planted there"
            + " would redirect what agent writes); use a folder of your own that only you can write"
            + " to (chmod o-w, or set AGENT_HOME)",
        refused.getMessage());
    assertEquals(List.of(), names(theirs));
  }
}
