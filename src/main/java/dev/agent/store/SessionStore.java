package dev.agent.store;

import static java.util.Objects.requireNonNull;

import dev.agent.chat.Role;
import dev.agent.config.AgentFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The saved conversations under one folder ({@code $AGENT_HOME/sessions}): one JSON Lines file per
 * conversation, {@code ID.jsonl}, where the ID sorts by the time the conversation began ({@code
 * 20260314-153012-k3f9}: UTC, then a random suffix).
 *
 * <p>Listing reads each file's header line and the start of its last line and counts the lines in
 * between without decoding them, so thousands of conversations list quickly. A file or line that
 * cannot be read is reported (file and line) and skipped; the rest still list and load.
 *
 * <p>Keeps nothing in memory but the folder, so any thread may use it; the files are the state. A
 * conversation is saved into by one process at a time: a {@link SessionRecorder} holds the one it
 * saves into ({@link ConversationLocks}), and a second is refused.
 */
public final class SessionStore {
  private static final String SUFFIX = ".jsonl";
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");
  private static final String ID_CHARS = "0123456789abcdefghijklmnopqrstuvwxyz";
  private static final int BUFFER = 1 << 16;

  /**
   * The time at the start of an ID. In a class of its own: java.time's formatters take several
   * milliseconds to set up, which a chat's start need not wait for (its first save comes later).
   */
  private static final class IdTime {
    static final DateTimeFormatter FORMAT =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);
  }

  /** The most of a header line read; a title is far shorter. */
  private static final int MAX_HEADER = 1 << 16;

  /** How much of the last line a listing reads for its provider and model. */
  private static final int LAST_LINE_PREFIX = 4096;

  /**
   * Every conversation that could be read, most recently active first, and one line per file that
   * could not ({@code …/sessions/ID.jsonl:1: not an agent session (…); skipped}).
   */
  public record Listing(List<SessionInfo> sessions, List<String> problems) {
    public Listing {
      sessions = List.copyOf(sessions);
      problems = List.copyOf(problems);
    }
  }

  private final Path folder;
  private final Clock clock;

  /** The store in {@code folder}, which is created (owner-only) when the first conversation is. */
  public SessionStore(Path folder, Clock clock) {
    this.folder = requireNonNull(folder, "folder");
    this.clock = requireNonNull(clock, "clock");
  }

  /** The store under the agent's home folder: {@code agentHome/sessions}. */
  public static SessionStore in(Path agentHome) {
    return new SessionStore(agentHome.resolve("sessions"), Clock.systemUTC());
  }

  public Path folder() {
    return folder;
  }

  /** A recorder that saves a session's turns here; {@code onProblem} hears why saving stopped. */
  public SessionRecorder recorder(Consumer<String> onProblem) {
    return new SessionRecorder(this, onProblem);
  }

  /** Every conversation here, most recently active first; an empty listing when there is none. */
  public Listing list() throws IOException {
    List<SessionInfo> sessions = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Path file : files()) {
      try {
        sessions.add(summarize(file));
      } catch (SessionFormat.BadLine e) {
        problems.add(file + ":1: " + e.getMessage() + "; skipped");
      } catch (NoSuchFileException e) {
        // Deleted since the folder was read.
      } catch (IOException e) {
        problems.add(file + ": cannot read it (" + describe(e) + "); skipped");
      }
    }
    sessions.sort(
        Comparator.comparing(SessionInfo::updated).thenComparing(SessionInfo::id).reversed());
    return new Listing(sessions, problems);
  }

  /**
   * The ID of the conversation that {@code idOrPrefix} names: its whole ID, or the start of exactly
   * one.
   *
   * @throws SessionException when none matches, or several do
   */
  public String find(String idOrPrefix) throws SessionException, IOException {
    String wanted = idOrPrefix.strip();
    if (wanted.isEmpty()) {
      throw new SessionException("no conversation ID given; 'agent sessions' lists them");
    }
    List<String> matches = new ArrayList<>();
    for (Path file : files()) {
      String id = idOf(file);
      if (id.equals(wanted)) {
        return id;
      }
      if (id.startsWith(wanted)) {
        matches.add(id);
      }
    }
    if (matches.size() == 1) {
      return matches.get(0);
    }
    if (matches.isEmpty()) {
      throw new SessionException(
          "no saved conversation '" + wanted + "' in " + folder + "; 'agent sessions' lists them");
    }
    matches.sort(Comparator.reverseOrder());
    throw new SessionException(
        "'"
            + wanted
            + "' is the start of "
            + matches.size()
            + " conversation IDs ("
            + String.join(", ", matches.subList(0, Math.min(3, matches.size())))
            + (matches.size() > 3 ? ", …" : "")
            + "); give more of the ID");
  }

  /**
   * The whole conversation {@code id}. Lines that cannot be read are skipped and named in {@link
   * Conversation#problems()}; so is a last line cut short by a crash.
   *
   * @throws SessionException when there is no such conversation or its header cannot be read
   */
  public Conversation load(String id) throws SessionException, IOException {
    Path file = existing(id);
    byte[] bytes = Files.readAllBytes(file);
    int end = indexOf(bytes, (byte) '\n', 0);
    SessionFormat.Header header;
    try {
      if (end < 0) {
        throw new SessionFormat.BadLine("the header line is cut short");
      }
      header = SessionFormat.readHeader(Arrays.copyOfRange(bytes, 0, end));
    } catch (SessionFormat.BadLine e) {
      throw new SessionException(file + ":1: " + e.getMessage());
    }
    List<StoredMessage> messages = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    int lineNumber = 1;
    for (int start = end + 1; start < bytes.length; start = end + 1) {
      lineNumber++;
      end = indexOf(bytes, (byte) '\n', start);
      boolean cut = end < 0;
      if (cut) {
        end = bytes.length;
      }
      if (isBlank(bytes, start, end)) {
        continue;
      }
      try {
        messages.add(SessionFormat.readMessage(Arrays.copyOfRange(bytes, start, end)));
      } catch (SessionFormat.BadLine e) {
        String what =
            cut ? "the last line is cut short (agent stopped while saving it)" : e.getMessage();
        problems.add(file + ":" + lineNumber + ": " + what + "; skipped");
      }
    }
    return new Conversation(idOf(file), header.title(), header.created(), messages, problems);
  }

  /**
   * Gives conversation {@code id} a new title, rewriting its file atomically (the old one stays
   * whole if this fails).
   *
   * @return the title as saved: on one line, cut to a sensible length
   * @throws SessionException when there is no such conversation, its header cannot be read, or the
   *     title is blank
   */
  public String rename(String id, String title) throws SessionException, IOException {
    String cleaned = SessionTitle.clean(title);
    if (cleaned.isEmpty()) {
      throw new SessionException("a title cannot be blank");
    }
    Path file = existing(id);
    byte[] bytes = Files.readAllBytes(file);
    int end = indexOf(bytes, (byte) '\n', 0);
    SessionFormat.Header header;
    try {
      if (end < 0) {
        throw new SessionFormat.BadLine("the header line is cut short");
      }
      header = SessionFormat.readHeader(Arrays.copyOfRange(bytes, 0, end));
    } catch (SessionFormat.BadLine e) {
      throw new SessionException(file + ":1: " + e.getMessage() + "; cannot rename it");
    }
    byte[] newHeader =
        SessionFormat.header(new SessionFormat.Header(idOf(file), header.created(), cleaned));
    ByteArrayOutputStream content = new ByteArrayOutputStream(bytes.length + cleaned.length());
    content.write(newHeader);
    content.write(bytes, end + 1, bytes.length - end - 1);
    FileTime modified = Files.getLastModifiedTime(file);
    AgentFiles.writeAtomically(file, content.toByteArray());
    // A rename does not make a conversation the most recently active.
    Files.setLastModifiedTime(file, modified);
    return cleaned;
  }

  /**
   * Deletes conversation {@code id} for good.
   *
   * @throws SessionException when there is no such conversation
   */
  public void delete(String id) throws SessionException, IOException {
    try {
      Files.delete(existing(id));
    } catch (NoSuchFileException e) {
      throw noSuch(id);
    }
  }

  /**
   * Holds conversation {@code id} for this process, so that no other agent process goes on with it
   * meanwhile; null when it cannot be held for another reason than that (a folder that cannot be
   * written, say: saving then reports it).
   *
   * @throws SessionException when another agent process holds it
   */
  ConversationLocks.Held hold(String id) throws SessionException {
    try {
      if (!Files.isDirectory(folder)) {
        return null;
      }
      return ConversationLocks.tryHold(folder, id).orElseThrow(() -> inUse(id));
    } catch (IOException e) {
      return null;
    }
  }

  /** {@link #hold} for a conversation just created here: null when it cannot be held. */
  ConversationLocks.Held tryHold(String id) {
    try {
      return hold(id);
    } catch (SessionException e) {
      return null; // another agent took it the moment it was created: saving goes on unheld
    }
  }

  /**
   * Checks that no other agent process is going on with conversation {@code id} right now.
   *
   * @throws SessionException when one is
   */
  public void requireNotInUse(String id) throws SessionException {
    ConversationLocks.Held held = hold(id);
    if (held != null) {
      held.close();
    }
  }

  private static SessionException inUse(String id) {
    return new SessionException(
        "conversation "
            + id
            + " is open in another agent right now (a chat, or a reply still streaming); two at"
            + " once would interleave their messages, so finish or quit that one first, or start a"
            + " new conversation");
  }

  /**
   * Starts a conversation whose first messages are {@code first} (a system prompt, then a prompt),
   * written with the header in one file creation; returns its new ID.
   */
  String create(List<StoredMessage> first) throws IOException {
    AgentFiles.createFolders(folder);
    // Titled by its first prompt: a system prompt may come before it.
    String title =
        first.stream()
            .filter(message -> message.role() == Role.USER)
            .findFirst()
            .map(message -> SessionTitle.fromPrompt(message.text()))
            .orElse(SessionTitle.UNTITLED);
    ByteArrayOutputStream messages = new ByteArrayOutputStream();
    for (StoredMessage message : first) {
      messages.writeBytes(SessionFormat.message(message));
    }
    Instant created = first.get(0).time();
    while (true) {
      String id = newId(created);
      ByteArrayOutputStream content = new ByteArrayOutputStream();
      content.writeBytes(SessionFormat.header(new SessionFormat.Header(id, created, title)));
      messages.writeTo(content);
      try {
        AgentFiles.createNew(file(id), content.toByteArray());
        return id;
      } catch (FileAlreadyExistsException e) {
        // Another conversation began in the same second with the same suffix: draw again.
      }
    }
  }

  /**
   * Adds {@code message} to conversation {@code id}. With {@code repairTail}, first ends a last
   * line that a crash cut short: one that is a whole message only lacks its line feed and gets it;
   * a broken one is cut off, so the new line does not run into it.
   */
  void append(String id, StoredMessage message, boolean repairTail) throws IOException {
    Path file = file(id);
    if (repairTail) {
      repairTail(file);
    }
    AgentFiles.appendToExisting(file, SessionFormat.message(message));
  }

  Instant now() {
    return clock.instant();
  }

  /** Says what went wrong with a file, in a few words, for a message. */
  static String describe(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "it does not exist";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private Path file(String id) {
    return folder.resolve(id + SUFFIX);
  }

  private Path existing(String id) throws SessionException {
    if (!ID.matcher(id).matches()) {
      throw noSuch(id);
    }
    Path file = file(id);
    if (!Files.isRegularFile(file)) {
      throw noSuch(id);
    }
    return file;
  }

  private SessionException noSuch(String id) {
    return new SessionException(
        "no saved conversation '" + id + "' in " + folder + "; 'agent sessions' lists them");
  }

  /** The session files here, in no particular order; none when the folder does not exist. */
  private List<Path> files() throws IOException {
    List<Path> files = new ArrayList<>();
    if (!Files.isDirectory(folder)) {
      return files;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
      for (Path file : stream) {
        String name = file.getFileName().toString();
        // Temporary files of a rename start with a dot.
        if (!name.startsWith(".") && ID.matcher(idOf(file)).matches()) {
          files.add(file);
        }
      }
    }
    return files;
  }

  private static String idOf(Path file) {
    String name = file.getFileName().toString();
    return name.substring(0, name.length() - SUFFIX.length());
  }

  private static String newId(Instant time) {
    StringBuilder id = new StringBuilder(IdTime.FORMAT.format(time)).append('-');
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < 4; i++) {
      id.append(ID_CHARS.charAt(random.nextInt(ID_CHARS.length())));
    }
    return id.toString();
  }

  /**
   * One pass over the file's bytes: the header line is decoded, the lines after it are only
   * counted, and of the last complete line only the start is decoded for its provider and model.
   */
  private SessionInfo summarize(Path file) throws IOException, SessionFormat.BadLine {
    Instant updated = Files.getLastModifiedTime(file).toInstant();
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    boolean inHeader = true;
    int lines = 0;
    long position = 0;
    long lineStart = 0;
    long lastStart = -1;
    long lastEnd = -1;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
      byte[] bytes = buffer.array();
      int read;
      while ((read = channel.read(buffer.clear())) > 0) {
        int from = 0;
        if (inHeader) {
          int newline = indexOf(bytes, (byte) '\n', 0, read);
          int headerBytes = newline < 0 ? read : newline;
          if (header.size() + headerBytes > MAX_HEADER) {
            throw new SessionFormat.BadLine("not an agent session (its first line is too long)");
          }
          header.write(bytes, 0, headerBytes);
          if (newline < 0) {
            position += read;
            continue;
          }
          inHeader = false;
          lineStart = position + newline + 1;
          from = newline + 1;
        }
        // As Latin-1 each byte is one char, and String.indexOf is a vectorised intrinsic: several
        // times faster than a loop over the bytes, and counting lines is most of a listing's work.
        String chunk = new String(bytes, 0, read, StandardCharsets.ISO_8859_1);
        for (int i = chunk.indexOf('\n', from); i >= 0; i = chunk.indexOf('\n', i + 1)) {
          lastStart = lineStart;
          lastEnd = position + i;
          lineStart = lastEnd + 1;
          lines++;
        }
        position += read;
      }
      if (inHeader) {
        throw new SessionFormat.BadLine(
            header.size() == 0 ? "an empty file" : "the header line is cut short");
      }
      SessionFormat.Header parsed = SessionFormat.readHeader(header.toByteArray());
      String[] providerAndModel = {"", ""};
      if (lastStart >= 0) {
        int length = (int) Math.min(LAST_LINE_PREFIX, lastEnd - lastStart);
        ByteBuffer prefix = ByteBuffer.allocate(length);
        readFully(channel, prefix, lastStart);
        providerAndModel =
            SessionFormat.providerAndModel(Arrays.copyOf(prefix.array(), prefix.position()));
      }
      return new SessionInfo(
          idOf(file),
          parsed.title(),
          parsed.created(),
          updated,
          providerAndModel[0],
          providerAndModel[1],
          lines,
          file);
    }
  }

  /**
   * Makes the file end with a line feed: a cut-short last line that holds a whole message gets its
   * line feed; anything else after the last line feed is cut off. A file without any line feed (a
   * header cut short) is left alone: it cannot be loaded anyway.
   */
  private static void repairTail(Path file) throws IOException {
    // Not through a link: one planted in place of the file would have its target cut.
    try (FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
      long size = channel.size();
      long tailStart = size;
      ByteBuffer chunk = ByteBuffer.allocate(BUFFER);
      while (tailStart > 0) {
        int length = (int) Math.min(BUFFER, tailStart);
        chunk.clear().limit(length);
        readFully(channel, chunk, tailStart - length);
        int newline = lastIndexOf(chunk.array(), (byte) '\n', length);
        if (newline >= 0) {
          tailStart = tailStart - length + newline + 1;
          break;
        }
        tailStart -= length;
      }
      if (tailStart == size || tailStart == 0) {
        return;
      }
      ByteBuffer tail = ByteBuffer.allocate(Math.toIntExact(size - tailStart));
      readFully(channel, tail, tailStart);
      if (SessionFormat.isWholeObject(tail.array())) {
        channel.write(ByteBuffer.wrap(new byte[] {'\n'}), size);
      } else {
        channel.truncate(tailStart);
      }
    }
  }

  /** Fills {@code buffer} from {@code position} on, or up to the end of the file. */
  private static void readFully(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, at);
      if (read <= 0) {
        return;
      }
      at += read;
    }
  }

  private static int lastIndexOf(byte[] bytes, byte b, int length) {
    for (int i = length - 1; i >= 0; i--) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOf(byte[] bytes, byte b, int from) {
    return indexOf(bytes, b, from, bytes.length);
  }

  private static int indexOf(byte[] bytes, byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isBlank(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] != ' ' && bytes[i] != '\t' && bytes[i] != '\r') {
        return false;
      }
    }
    return true;
  }
}
