package dev.agent.config;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Creates every file and folder agent writes so that only their owner can read them (folders {@code
 * 0700}, files {@code 0600}: transcripts, logs, copies and drafts say what the user asked), and
 * replaces a file so that it is never seen half written (a temporary file beside it, then one
 * rename). The one place that knows these permissions: the log, the session store, the clipboard's
 * copies and the editor's temporary file all create theirs here. On a file system without POSIX
 * permissions (Windows), the folder's own access rules apply.
 */
public final class AgentFiles {
  private static final Set<PosixFilePermission> OWNER_FOLDER =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_FILE =
      PosixFilePermissions.fromString("rw-------");

  private AgentFiles() {}

  /**
   * Creates {@code folder} and any missing parents, each one created here owner-only. Folders that
   * already exist keep their permissions: the user may have chosen them. But agent writes in no
   * folder that another user owns or that anyone may write to: whoever can write there could plant
   * a link where agent writes next, and have agent overwrite or append to the link's target.
   *
   * @throws UnsafeFolderException when {@code folder} is such a folder
   */
  public static void createFolders(Path folder) throws IOException {
    Path absolute = folder.toAbsolutePath();
    // Whoever may rename a folder above it may swap this one for theirs: each must be the user's
    // own or root's, or sticky (as /tmp is), as OpenSSH's StrictModes asks of the path to a key.
    // Checked before anything is created in them.
    for (Path above = absolute.getParent(); above != null; above = above.getParent()) {
      if (Files.isDirectory(above)) {
        checkFolder(above, true);
      }
    }
    createMissing(absolute);
    checkFolder(absolute, false);
  }

  /** A folder agent will not write in; its message says which and what to do. */
  public static final class UnsafeFolderException extends IOException {
    private static final long serialVersionUID = 1L;

    UnsafeFolderException(Path folder, String why) {
      super(
          folder
              + ": "
              + why
              + ", so agent writes nothing in it (a link planted there would redirect what agent"
              + " writes); use a folder of your own that only you can write to (chmod o-w, or set"
              + " AGENT_HOME)");
    }
  }

  /**
   * Throws when {@code folder} is not safe to write under: another user owns it, or anyone may
   * write to it without the sticky bit. A folder {@code above} the one written in may also be
   * root's, and may be another user's when sticky (as /tmp is).
   */
  private static void checkFolder(Path folder, boolean above) throws IOException {
    if (!folder.getFileSystem().supportedFileAttributeViews().contains("unix")) {
      return;
    }
    int owner = (Integer) Files.getAttribute(folder, "unix:uid");
    int mode = (Integer) Files.getAttribute(folder, "unix:mode");
    boolean sticky = (mode & 01000) != 0;
    boolean othersOwn = owner != new UnixSystem().getUid() && !(above && (owner == 0 || sticky));
    if (othersOwn) {
      throw new UnsafeFolderException(folder, "it belongs to another user");
    }
    if ((mode & 0002) != 0 && !sticky) {
      throw new UnsafeFolderException(folder, "anyone may write to it");
    }
  }

  private static void createMissing(Path absolute) throws IOException {
    if (Files.isDirectory(absolute)) {
      return;
    }
    Path parent = absolute.getParent();
    if (parent != null) {
      createMissing(parent);
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
        Files.createTempFile(
            folder, "." + absolute.getFileName(), ".tmp", ownerOnlyFile(folder.getFileSystem()));
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        writeAll(channel, content);
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
   * Appends {@code text} (UTF-8) to {@code file}, creating it and its folders owner-only when they
   * are missing; an existing file that others could read is made owner-only. For logs: appends are
   * not atomic, but a line is written in one call.
   */
  public static void append(Path file, String text) throws IOException {
    Path absolute = file.toAbsolutePath();
    Path folder = absolute.getParent();
    createFolders(folder);
    try (FileChannel channel =
        FileChannel.open(
            absolute,
            Set.of(
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND,
                StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS),
            ownerOnlyFile(folder.getFileSystem()))) {
      // Opened without following links, so the path names this very file, not a link's target.
      if (posix(folder)
          && !Files.getPosixFilePermissions(absolute, LinkOption.NOFOLLOW_LINKS)
              .equals(OWNER_FILE)) {
        Files.setPosixFilePermissions(absolute, OWNER_FILE);
      }
      writeAll(channel, text.getBytes(UTF_8));
    }
  }

  /**
   * Creates {@code file}, owner-only, holding {@code content} written in one call; its folder must
   * exist. For a file two writers must never share.
   *
   * @throws FileAlreadyExistsException when it exists
   */
  public static void createNew(Path file, byte[] content) throws IOException {
    try (FileChannel channel =
        FileChannel.open(
            file,
            Set.of(
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
            ownerOnlyFile(file.getFileSystem()))) {
      try {
        writeAll(channel, content);
      } catch (IOException e) {
        // A full disk, say: leave no empty or half-written file for every later listing to trip on.
        Files.deleteIfExists(file);
        throw e;
      }
    }
  }

  /**
   * Adds {@code content} at the end of {@code file}, which must exist (it was created here), in one
   * write: a process killed meanwhile leaves at worst a line without its end, and a file deleted
   * meanwhile is not brought back.
   *
   * @throws java.nio.file.NoSuchFileException when it does not exist
   */
  public static void appendToExisting(Path file, byte[] content) throws IOException {
    try (FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.WRITE, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS)) {
      writeAll(channel, content);
    }
  }

  /**
   * Opens {@code file} for writing without following a link, creating it owner-only when it is
   * missing; its folder must exist. For a lock file, which holds no content: the caller locks
   * ranges of it and closes it.
   */
  public static FileChannel openForLocking(Path file) throws IOException {
    return FileChannel.open(
        file,
        Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
        ownerOnlyFile(file.getFileSystem()));
  }

  /**
   * Creates a new empty owner-only file in the system's temporary folder, named {@code prefix},
   * something random, then {@code suffix}; the caller deletes it.
   */
  public static Path createTempFile(String prefix, String suffix) throws IOException {
    return Files.createTempFile(prefix, suffix, ownerOnlyFile(FileSystems.getDefault()));
  }

  /** The attribute that creates a file owner-only, where the file system has POSIX permissions. */
  private static FileAttribute<?>[] ownerOnlyFile(FileSystem fileSystem) {
    return fileSystem.supportedFileAttributeViews().contains("posix")
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)}
        : new FileAttribute<?>[0];
  }

  private static void writeAll(FileChannel channel, byte[] content) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(content);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  private static boolean posix(Path path) {
    return path != null && path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
