package dev.agent.store;

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
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Session files are what the user said: folders are created {@code 0700} and files {@code 0600} (on
 * a file system without POSIX permissions, the folder's own rules apply). A whole file is replaced
 * through a temporary file and one rename, so a reader sees the old or the new, never a mix.
 */
final class OwnerOnlyFiles {
  private static final Set<PosixFilePermission> FOLDER =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private OwnerOnlyFiles() {}

  /**
   * Creates {@code folder} and its missing parents owner-only; existing ones are left as they are.
   */
  static void createFolders(Path folder) throws IOException {
    Path absolute = folder.toAbsolutePath();
    if (Files.isDirectory(absolute)) {
      return;
    }
    Path parent = absolute.getParent();
    if (parent != null) {
      createFolders(parent);
    }
    try {
      if (posix(absolute)) {
        Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(FOLDER));
        // The umask may have taken bits away but never adds any; set exactly what is meant.
        Files.setPosixFilePermissions(absolute, FOLDER);
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
   * Creates {@code file}, which must not exist, owner-only, holding {@code content} written in one
   * call.
   *
   * @throws FileAlreadyExistsException when it exists
   */
  static void createNew(Path file, byte[] content) throws IOException {
    try (FileChannel channel =
        FileChannel.open(
            file,
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            fileAttributes(file))) {
      writeAll(channel, content);
    }
  }

  /**
   * Adds {@code content} at the end of {@code file}, which must exist, in one write: a process
   * killed meanwhile leaves at worst a line without its end.
   */
  static void append(Path file, byte[] content) throws IOException {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      writeAll(channel, content);
    }
  }

  /**
   * Replaces {@code file} with {@code content} atomically, owner-only, keeping its modification
   * time: a rename does not make a conversation the latest.
   */
  static void replace(Path file, byte[] content) throws IOException {
    FileTime modified = Files.getLastModifiedTime(file);
    Path folder = file.toAbsolutePath().getParent();
    Path temp =
        posix(folder)
            ? Files.createTempFile(
                folder,
                "." + file.getFileName(),
                ".tmp",
                PosixFilePermissions.asFileAttribute(FILE))
            : Files.createTempFile(folder, "." + file.getFileName(), ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        writeAll(channel, content);
        channel.force(true);
      }
      Files.setLastModifiedTime(temp, modified);
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void writeAll(FileChannel channel, byte[] content) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(content);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  private static FileAttribute<?>[] fileAttributes(Path file) {
    return posix(file.toAbsolutePath().getParent())
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
        : new FileAttribute<?>[0];
  }

  private static boolean posix(Path path) {
    return path != null && path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
