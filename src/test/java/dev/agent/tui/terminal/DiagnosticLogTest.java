package dev.agent.tui.terminal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The UI's writer of {@code agent.log} keeps it owner-only, as the command line's writer does. */
class DiagnosticLogTest {
  @TempDir Path dir;

  private static String permissions(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  @Test
  void theLogAndItsFolderAreCreatedOwnerOnly() throws Exception {
    Path log = dir.resolve(".agent/agent.log");

    new DiagnosticLog(log).write("listing the models failed");

    assertTrue(Files.readString(log, UTF_8).endsWith(" listing the models failed\n"));
    assertEquals("rw-------", permissions(log));
    assertEquals("rwx------", permissions(log.getParent()));
  }

  @Test
  void aLogOthersCouldReadIsMadeOwnerOnly() throws Exception {
    Path log = dir.resolve("agent.log");
    Files.writeString(log, "earlier\n", UTF_8);
    Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-r--r--"));

    new DiagnosticLog(log).write("a stack trace", new IllegalStateException("broken"));

    String text = Files.readString(log, UTF_8);
    assertTrue(text.startsWith("earlier\n"), text);
    assertTrue(text.contains("java.lang.IllegalStateException: broken"), text);
    assertEquals("rw-------", permissions(log));
  }
}
