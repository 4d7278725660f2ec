package dev.agent.config;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files under the agent's home folder so that only their owner can read them (folders {@code
 * 0700}, files {@code 0600}: transcripts and logs say what the user asked), and so that a file
 * being replaced is never seen half written (a temporary file beside it, then one rename). On a
 * file system without POSIX permissions (Windows), the folder's own access rules apply.
 */
public final class AgentFiles {
  private static final Set<PosixFilePermission> OWNER_FOLDER =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_FILE =
      PosixFilePermissions.fromString("rw-------");

  private AgentFiles() {}

  /**
   * Creates {@code folder} and any missing parents, each one created here owner-only. Folders that
   * already exist keep their permissions: the user may have chosen them.
   */
  public static void createFolders(Path folder) throws IOException {
    Path absolute = folder.toAbsolutePath();
    if (Files.isDirectory(absolute)) {
      return;
    }
    Path parent = absolute.getParent();
    if (parent != null) {
      createFolders(parent);
    }
    try {
      if (posix(parent)) {
        Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(OWNER_FOLDER));
        // The umask may have taken bits away but never adds any; set exactly what is meant.
        Files.setPosixFilePermissions(absolute, OWNER_FOLDER);
      } else {
        Files.createDirectory(absolute);
      }
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(absolute)) {
        throw e;
      }
    }
  }

  /**
   * Replaces {@code file} with {@code content} atomically: a reader sees the old content or the
   * new, never a mix, and a crash leaves the old one. The file ends up owner-only.
   */
  public static void writeAtomically(Path file, byte[] content) throws IOException {
    Path absolute = file.toAbsolutePath();
    Path folder = absolute.getParent();
    createFolders(folder);
    Path temp =
        posix(folder)
            ? Files.createTempFile(
                folder,
                "." + absolute.getFileName(),
                ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_FILE))
            : Files.createTempFile(folder, "." + absolute.getFileName(), ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.move(
            temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** {@link #writeAtomically(Path, byte[])} of {@code text} as UTF-8. */
  public static void writeAtomically(Path file, String text) throws IOException {
    writeAtomically(file, text.getBytes(UTF_8));
  }

  /**
   * Appends {@code text} (UTF-8) to {@code file}, creating it owner-only when it is missing; an
   * existing file that others could read is made owner-only. For logs: appends are not atomic, but
   * a line is written in one call.
   */
  public static void append(Path file, String text) throws IOException {
    Path absolute = file.toAbsolutePath();
    Path folder = absolute.getParent();
    createFolders(folder);
    boolean posix = posix(folder);
    FileAttribute<?>[] attributes =
        posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)}
            : new FileAttribute<?>[0];
    try (FileChannel channel =
        FileChannel.open(
            absolute,
            Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE),
            attributes)) {
      if (posix && !Files.getPosixFilePermissions(absolute).equals(OWNER_FILE)) {
        Files.setPosixFilePermissions(absolute, OWNER_FILE);
      }
      ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(UTF_8));
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    }
  }

  private static boolean posix(Path path) {
    return path != null && path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
