package dev.agent.tui.terminal;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.terminal.ansi.UnixTerminal;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;

/**
 * The real terminal, set up for a chat.
 *
 * <ul>
 *   <li>Output goes through a buffer that Lanterna flushes once per frame, so a frame is one write
 *       instead of dozens (the JDK's {@code System.out} flushes on every write).
 *   <li>The size comes from {@code stty size} (the kernel's own record), never from Lanterna's
 *       cursor-report probe, which can stall start-up for five seconds over SSH; it is asked again
 *       only after the terminal says it was resized (SIGWINCH), which the chat listens for from
 *       after its first frame ({@link #listenForResizes}).
 *   <li>The line discipline is set so every key reaches the chat: {@code -icrnl} keeps Enter and
 *       Ctrl+J apart, {@code -ixon} frees Ctrl+Q and Ctrl+S, {@code -iexten} frees Ctrl+V and
 *       Ctrl+O, and with {@code intr}, {@code quit}, {@code susp} and (on BSD and macOS) {@code
 *       dsusp} unset Ctrl+C, Ctrl+\, Ctrl+Z and Ctrl+Y are keys rather than signals that would
 *       leave the terminal raw. The settings are saved first and restored on close and in
 *       Lanterna's shutdown hook.
 *   <li>Saving the settings, setting them and reading the size take one process, where Lanterna
 *       would start {@code stty} seven times before the first frame (each start costs several
 *       milliseconds), and restoring them one more.
 *   <li>Bracketed paste, and the mouse wheel when it is wanted, are switched on and off with the
 *       screen.
 *   <li>Colours are sent as the terminal can show them ({@link TerminalCapabilities#fit}), and a
 *       terminal known to support it is told where each frame starts and ends (synchronized output,
 *       DEC private mode 2026), so it never shows one half drawn.
 *   <li>Keys are read ahead by {@link TerminalInput}, which wakes the chat's loop as they arrive
 *       (see {@link #wakeOn}), so an idle chat sleeps instead of looking for keys.
 *   <li>Rows that moved are scrolled by the terminal (see {@link ChatScreen}).
 * </ul>
 */
public final class ChatTerminal extends UnixTerminal {
  private static final int FRAME_BUFFER = 1 << 16;

  /** Each printable ASCII character's one byte, ready to write. */
  private static final byte[][] ASCII = new byte[0x7f][];

  static {
    for (int c = 0x20; c < 0x7f; c++) {
      ASCII[c] = new byte[] {(byte) c};
    }
  }

  /** What the chat sets, on top of Lanterna's raw mode ({@code -icanon min 1 -echo}). */
  private static final String SETTINGS =
      "-icanon min 1 -echo intr undef -icrnl -ixon -iexten quit undef susp undef";

  /**
   * BSD and macOS read Ctrl+Y as a delayed suspend; Linux has no such setting (stty would say so),
   * so it is left out there, which spares a process.
   */
  private static final String DSUSP =
      System.getProperty("os.name", "").startsWith("Linux")
          ? ":"
          : "{ stty dsusp undef 2>/dev/null || true; }";

  // No initialisers below: Lanterna's constructor calls the overrides before they would run.

  /**
   * False while Lanterna's constructor runs: its calls to change the settings are left to the one
   * {@code stty} run of ours that follows.
   */
  private boolean ready;

  /** The settings to restore ({@code stty -g}); null when they could not be read. */
  private String saved;

  private TerminalSize size;

  /** Set by SIGWINCH: the size must be asked again. */
  private volatile boolean resized;

  /** How colours are sent; null while Lanterna's constructor runs. */
  private TerminalCapabilities capabilities;

  private TerminalInput keys;

  /** Run when a key arrives or the terminal is resized; null until {@link #wakeOn}. */
  private volatile Runnable wake;

  /** Lanterna's listener for resizes, until {@link #listenForResizes} registers it. */
  private Runnable resizeListener;

  private ChatTerminal(
      TerminalInput in,
      OutputStream out,
      Charset charset,
      TerminalCapabilities capabilities,
      Process setUp)
      throws IOException {
    super(in, out, charset, CtrlCBehaviour.TRAP);
    this.capabilities = capabilities;
    keys = in;
    String[] answer = answerOf(setUp).split("\\|", -1);
    saved = answer[0].isBlank() ? null : answer[0].strip();
    size = answer.length == 2 ? parseSize(answer[1]) : null;
    ready = true;
    getInputDecoder().addProfile(new ChatKeys());
    keys.resume();
  }

  /**
   * Runs {@code wake}, on another thread, whenever a key arrives, the terminal ends or is resized:
   * what a loop that sleeps until something happens needs to know.
   */
  public void wakeOn(Runnable wake) {
    this.wake = wake;
    keys.onInput(wake);
  }

  /** Sets {@link #SETTINGS} again, as after the editor had the terminal. */
  private void takeKeys() throws IOException {
    exec("/bin/sh", "-c", "stty " + SETTINGS + " && " + DSUSP);
  }

  /**
   * Gives the terminal its own settings back (cooked mode, echo, signals) while another program,
   * the user's editor, runs on it. The screen must be stopped first.
   */
  public void giveBack() throws IOException {
    flush();
    keys.pause();
    restoreTerminalSettings();
  }

  /** Takes the terminal over again after {@link #giveBack()}, as when the chat started. */
  public void takeOver() throws IOException {
    takeKeys();
    keys.resume();
  }

  /** Stops reading keys (before the settings are restored), then closes as Lanterna does. */
  @Override
  public void close() throws IOException {
    keys.close();
    super.close();
  }

  /** Writes {@code sequence} (an OSC 52 clipboard sequence) to the terminal now. */
  public void sendControl(String sequence) throws IOException {
    writeToTerminal(sequence.getBytes(US_ASCII));
    flush();
  }

  /**
   * The terminal on the process's standard input and output, which has {@code capabilities},
   * showing text in {@code charset} and reading keys as {@link TerminalCharset#forKeys} says.
   */
  public static ChatTerminal open(Charset charset, TerminalCapabilities capabilities)
      throws IOException {
    // Started first, so that it runs while Lanterna's classes load and its terminal is made.
    Process setUp = startSetUp();
    return new ChatTerminal(
        TerminalInput.ofStandardInput(),
        frameBuffered(new FileOutputStream(FileDescriptor.out), capabilities.synchronizedOutput()),
        TerminalCharset.forKeys(charset),
        capabilities,
        setUp);
  }

  /**
   * Starts the one process that saves the settings ({@code stty -g}), sets the chat's and prints
   * the size (stty prints it as it meets "size" among the settings), on {@code /dev/tty} as
   * Lanterna runs {@code stty}.
   */
  private static Process startSetUp() throws IOException {
    return new ProcessBuilder(
            "/bin/sh",
            "-c",
            "printf '%s|' \"$(stty -g)\" && stty " + SETTINGS + " size && " + DSUSP)
        .redirectInput(new File("/dev/tty"))
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  /** What {@code setUp} printed, its lines joined (hence the '|' after the saved settings). */
  private static String answerOf(Process setUp) throws IOException {
    String printed;
    try (InputStream out = setUp.getInputStream()) {
      printed = new String(out.readAllBytes(), Charset.defaultCharset());
    }
    return printed.replace("\n", "");
  }

  /** {@code out} behind a buffer that holds a whole frame and writes it when Lanterna flushes. */
  public static OutputStream frameBuffered(OutputStream out) {
    return new BufferedOutputStream(out, FRAME_BUFFER);
  }

  /**
   * {@code out} behind a buffer that holds a whole frame; with {@code synchronizedFrames}, each
   * frame (what is written between two flushes) is framed by {@code ESC [?2026h} and {@code ESC
   * [?2026l}, in the same write.
   */
  public static OutputStream frameBuffered(OutputStream out, boolean synchronizedFrames) {
    OutputStream buffered = frameBuffered(out);
    return synchronizedFrames ? new SynchronizedFrames(buffered) : buffered;
  }

  /**
   * Frames each batch of bytes between two flushes in synchronized output: the terminal shows
   * nothing of it until the end, then all of it at once. A terminal that does not know the mode
   * ignores it, and one that does gives up waiting after a fraction of a second should the end
   * never come.
   */
  private static final class SynchronizedFrames extends FilterOutputStream {
    private static final byte[] BEGIN = "\u001b[?2026h".getBytes(US_ASCII);
    private static final byte[] END = "\u001b[?2026l".getBytes(US_ASCII);

    private boolean inFrame;

    SynchronizedFrames(OutputStream out) {
      super(out);
    }

    private void begin() throws IOException {
      if (!inFrame) {
        inFrame = true;
        out.write(BEGIN);
      }
    }

    @Override
    public void write(int b) throws IOException {
      begin();
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len > 0) {
        begin();
        out.write(b, off, len);
      }
    }

    @Override
    public void flush() throws IOException {
      if (inFrame) {
        inFrame = false;
        out.write(END);
      }
      out.flush();
    }
  }

  /** Sends {@code colour} as the terminal can show it. */
  @Override
  public void setForegroundColor(TextColor colour) throws IOException {
    super.setForegroundColor(capabilities == null ? colour : capabilities.fit(colour));
  }

  /** Sends {@code colour} as the terminal can show it. */
  @Override
  public void setBackgroundColor(TextColor colour) throws IOException {
    super.setBackgroundColor(capabilities == null ? colour : capabilities.fit(colour));
  }

  @Override
  protected void saveTerminalSettings() {
    // Done with the settings, in the constructor.
  }

  @Override
  protected void restoreTerminalSettings() throws IOException {
    if (saved != null) {
      runSTTYCommand(saved);
    }
  }

  @Override
  protected void canonicalMode(boolean enabled) throws IOException {
    if (ready) {
      super.canonicalMode(enabled);
    }
  }

  @Override
  protected void keyEchoEnabled(boolean enabled) throws IOException {
    if (ready) {
      super.keyEchoEnabled(enabled);
    }
  }

  /** Lanterna sets intr back after restoring the settings, which already did. */
  @Override
  protected void keyStrokeSignalsEnabled(boolean enabled) {
    // Set in the constructor, restored with the rest.
  }

  /**
   * Left to {@link #listenForResizes}: Lanterna catches SIGWINCH through a proxy class it makes at
   * run time, milliseconds that a start would wait for.
   */
  @Override
  protected void registerTerminalResizeListener(Runnable onResize) {
    resizeListener = onResize;
  }

  /**
   * Starts listening for resizes (SIGWINCH), then asks the size once, as a resize would, in case
   * the terminal was resized since it was set up. Once, from any thread; the chat calls it after
   * its first frame.
   */
  public void listenForResizes() throws IOException {
    Runnable onResize = resizeListener;
    if (onResize == null) {
      return;
    }
    resizeListener = null;
    Runnable listener =
        () -> {
          resized = true;
          onResize.run();
          Runnable wakeUp = wake;
          if (wakeUp != null) {
            wakeUp.run();
          }
        };
    super.registerTerminalResizeListener(listener);
    listener.run();
  }

  @Override
  protected TerminalSize findTerminalSize() {
    if (size == null || resized) {
      resized = false;
      try {
        size = parseSize(runSTTYCommand("size"));
      } catch (IOException e) {
        size = null;
      }
    }
    // A terminal that cannot say gets the classic size.
    return size == null ? new TerminalSize(80, 24) : size;
  }

  /** {@code stty size}'s answer, rows then columns; null when it is not one. */
  public static TerminalSize parseSize(String answer) {
    String[] rowsAndColumns = answer.strip().split("\\s+", -1);
    if (rowsAndColumns.length == 2) {
      try {
        int rows = Integer.parseInt(rowsAndColumns[0]);
        int columns = Integer.parseInt(rowsAndColumns[1]);
        if (rows > 0 && columns > 0) {
          return new TerminalSize(columns, rows);
        }
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  /** Writes one screen cell's text, as {@link #cellBytes} encodes it. */
  @Override
  public void putString(String string) throws IOException {
    byte[] bytes = cellBytes(string, getCharset());
    if (bytes != null) {
      writeToTerminal(bytes);
    } else {
      super.putString(string);
    }
  }

  /**
   * The bytes that show one screen cell's text, or null where Lanterna's own encoding is right: a
   * single char on a terminal that is not UTF-8, which Lanterna maps to line-drawing codes.
   * Lanterna 3.1.5 encodes a string char by char, which turns an emoji (a surrogate pair) into two
   * question marks, and writes the whole buffer of its encoder, so a two-byte UTF-8 char ({@code
   * ·}, {@code é}) goes out followed by a NUL byte. In UTF-8, printable ASCII, most cells, is its
   * one byte, without an encoder (a shared array: not to be changed).
   */
  public static byte[] cellBytes(String string, Charset charset) {
    if (string.length() == 1
        && string.charAt(0) >= 0x20
        && string.charAt(0) < 0x7f
        && charset.equals(UTF_8)) {
      return ASCII[string.charAt(0)];
    }
    return string.length() > 1 || charset.equals(UTF_8) ? encodeGrapheme(string, charset) : null;
  }

  /** The bytes of {@code grapheme} in {@code charset}, control characters left out. */
  static byte[] encodeGrapheme(String grapheme, Charset charset) {
    StringBuilder printable = new StringBuilder(grapheme.length());
    for (int i = 0; i < grapheme.length(); i++) {
      char c = grapheme.charAt(i);
      if (!Character.isISOControl(c)) {
        printable.append(c);
      }
    }
    return printable.toString().getBytes(charset);
  }

  /**
   * Asks the terminal to report mouse buttons and the wheel (DEC private mode 1000) in SGR's form
   * (mode 1006: {@code ESC [<64;X;YM}, which {@link ChatKeys} reads), or to stop. While it reports
   * them, selecting text takes Shift in most terminals (xterm, GNOME Terminal, Konsole, kitty,
   * Alacritty, WezTerm, Windows Terminal; Option in iTerm2 and Terminal.app).
   */
  public void setMouseWheel(boolean enabled) throws IOException {
    String mode = enabled ? "h" : "l";
    writeToTerminal(("\u001b[?1000" + mode + "\u001b[?1006" + mode).getBytes(US_ASCII));
    flush();
  }

  /** Asks the terminal to frame pasted text with {@code ESC [200~} and {@code ESC [201~}. */
  public void setBracketedPaste(boolean enabled) throws IOException {
    writeToTerminal(("\u001b[?2004" + (enabled ? "h" : "l")).getBytes(US_ASCII));
    flush();
  }
}
