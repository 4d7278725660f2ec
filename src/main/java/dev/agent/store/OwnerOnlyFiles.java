package dev.agent.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The two writes of a session file that {@link dev.agent.config.AgentFiles} does not offer, with
 * the same rule (owner-only, {@code 0600}): creating a file that must not exist yet, so two
 * conversations never share one, and appending to one that must exist, so a conversation deleted
 * meanwhile is not brought back without its header.
 */
final class OwnerOnlyFiles {
  private OwnerOnlyFiles() {}

  /**
   * Creates {@code file}, owner-only, holding {@code content} written in one call; its folder must
   * exist.
   *
   * @throws FileAlreadyExistsException when it exists
   */
  static void createNew(Path file, byte[] content) throws IOException {
    FileAttribute<?>[] ownerOnly =
        file.getFileSystem().supportedFileAttributeViews().contains("posix")
            ? new FileAttribute<?>[] {
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
            }
            : new FileAttribute<?>[0];
    try (FileChannel channel =
        FileChannel.open(
            file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly)) {
      writeAll(channel, content);
    }
  }

  /**
   * Adds {@code content} at the end of {@code file}, which must exist, in one write: a process
   * killed meanwhile leaves at worst a line without its end.
   *
   * @throws java.nio.file.NoSuchFileException when it does not exist
   */
  static void append(Path file, byte[] content) throws IOException {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      writeAll(channel, content);
    }
  }

  private static void writeAll(FileChannel channel, byte[] content) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(content);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }
}
