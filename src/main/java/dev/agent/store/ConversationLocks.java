package dev.agent.store;

import dev.agent.config.AgentFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Which conversations are being saved into right now, by any agent process: a conversation one
 * process goes on with is not continued by a second at the same time, whose lines would interleave
 * with the first's and cost one of them its exchange.
 *
 * <p>One lock file per sessions folder ({@code .locks}, never listed) with one byte-range lock per
 * conversation, at an offset drawn from its ID. Not a lock on the session file itself: a POSIX lock
 * goes when the process closes any descriptor of its file, and listings and appends open and close
 * the session files all the time. This class is the only one that opens the lock file, and closes
 * it only when this process holds no lock in it. The kernel drops a dead process's locks, so a
 * crash leaves nothing to clean up.
 */
final class ConversationLocks {
  static final String FILE = ".locks";

  /** A conversation held by this process until {@link #close}. */
  interface Held extends AutoCloseable {
    @Override
    void close();
  }

  private static final class Shared {
    final FileChannel channel;
    int holders;

    Shared(FileChannel channel) {
      this.channel = channel;
    }
  }

  private static final Map<Path, Shared> OPEN = new HashMap<>();

  private ConversationLocks() {}

  /**
   * Holds conversation {@code id} of the sessions {@code folder}, which must exist; empty when
   * another process, or another session of this one, holds it.
   */
  static synchronized Optional<Held> tryHold(Path folder, String id) throws IOException {
    Path file = folder.toAbsolutePath().resolve(FILE);
    Shared shared = OPEN.get(file);
    if (shared == null) {
      shared = new Shared(AgentFiles.openForLocking(file));
      OPEN.put(file, shared);
    }
    FileLock lock;
    try {
      lock = shared.channel.tryLock(offset(id), 1, false);
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException | RuntimeException e) {
      closeIfUnused(file, shared);
      throw e;
    }
    if (lock == null) {
      closeIfUnused(file, shared);
      return Optional.empty();
    }
    shared.holders++;
    FileLock held = lock;
    Shared owner = shared;
    return Optional.of(() -> release(file, owner, held));
  }

  private static synchronized void release(Path file, Shared shared, FileLock lock) {
    if (!lock.isValid()) {
      return;
    }
    try {
      lock.release();
    } catch (IOException e) {
      // The lock goes with the channel below, or with the process.
    }
    shared.holders--;
    closeIfUnused(file, shared);
  }

  private static void closeIfUnused(Path file, Shared shared) {
    if (shared.holders > 0) {
      return;
    }
    OPEN.remove(file);
    try {
      shared.channel.close();
    } catch (IOException e) {
      // Nothing is locked through it any more.
    }
  }

  /** Where in the lock file conversation {@code id} is locked: a 62-bit hash of the ID. */
  static long offset(String id) {
    return UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8)).getMostSignificantBits()
        >>> 2;
  }
}
