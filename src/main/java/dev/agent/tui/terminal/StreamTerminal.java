package dev.agent.tui.terminal;

import static java.util.Objects.requireNonNull;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.terminal.ansi.ANSITerminal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;

/**
 * Lanterna's ANSI terminal over byte streams, of a size set by the caller rather than asked of the
 * terminal: keys arrive as the bytes a terminal sends and are decoded as {@link ChatTerminal}'s are
 * (Lanterna's decoder and {@link ChatKeys}), and cells are written as it writes them. The start-up
 * training's chat runs on it, so that a real start finds the classes that decode keys and write
 * escape sequences in the class-data archive; tests run on it for the same reason.
 */
public class StreamTerminal extends ANSITerminal {
  private TerminalSize size;

  public StreamTerminal(InputStream in, OutputStream out, Charset charset, TerminalSize size) {
    super(in, out, charset);
    this.size = requireNonNull(size, "size");
    getInputDecoder().addProfile(new ChatKeys());
  }

  @Override
  protected TerminalSize findTerminalSize() {
    return size;
  }

  /** The terminal is made {@code size}, as a window resized by the user. */
  public void resize(TerminalSize size) {
    this.size = requireNonNull(size, "size");
    onResized(size);
  }

  /** As the real terminal writes a cell: {@link ChatTerminal#putString}. */
  @Override
  public void putString(String string) throws IOException {
    byte[] bytes = ChatTerminal.cellBytes(string, getCharset());
    if (bytes != null) {
      writeToTerminal(bytes);
    } else {
      super.putString(string);
    }
  }
}
