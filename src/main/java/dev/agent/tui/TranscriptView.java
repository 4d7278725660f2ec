package dev.agent.tui;

import static java.util.Objects.requireNonNull;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.graphics.ThemeDefinition;
import com.googlecode.lanterna.gui2.AbstractInteractableComponent;
import com.googlecode.lanterna.gui2.InteractableRenderer;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.screen.Screen;
import dev.agent.chat.Role;
import dev.agent.chat.StopReason;
import dev.agent.session.Turn;
import dev.agent.tui.markdown.MarkdownRenderer;
import dev.agent.tui.markdown.ReplyRenderer;
import dev.agent.tui.terminal.ChatScreen;
import dev.agent.tui.text.Decimals;
import dev.agent.tui.text.Row;
import dev.agent.tui.text.Rows;
import dev.agent.tui.text.Span;
import dev.agent.tui.text.StreamingText;
import dev.agent.tui.text.TextLayout;
import dev.agent.tui.text.TextStyle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The conversation: the session's turns and the UI's own notices, word-wrapped to the width;
 * replies are rendered as Markdown ({@link MarkdownRenderer}), each under the reasoning that came
 * before it, if any: shown as plain text while the model thinks, then folded to one line that
 * {@link #toggleReasoning} unfolds ({@link StreamingText}).
 *
 * <p>Each entry caches its rows per width (a streaming reply renders again only its last block, see
 * {@link ReplyRenderer}), and a frame walks only the entries it shows, so drawing costs what is
 * visible, not the length of the conversation; of those, it draws only the rows that differ from
 * its last frame, and tells the screen when its rows moved (see {@link Renderer#drawComponent}). It
 * follows the bottom until the user scrolls up; then it stays put and its last row says that there
 * is more below. Reads its turns on the UI thread only.
 *
 * <p>One class of about 800 lines: the scroll position is a place in the blocks' cached rows (a
 * block and a row of it, at the width drawn), so scrolling, following and drawing all walk the same
 * blocks; the block and the renderer are inner classes for that reason.
 */
final class TranscriptView extends AbstractInteractableComponent<TranscriptView> {
  /** Columns left free on each side of the text. */
  static final int MARGIN = 1;

  private final TextLayout layout;
  private final LongSupplier nanoClock;
  private final MarkdownRenderer markdown;
  private final List<Block> blocks = new ArrayList<>();
  private boolean following = true;
  private int anchorBlock;
  private int anchorRow;
  private boolean unseenOutput;

  /** The key that goes back to following the bottom now: End, or Ctrl+End while End edits. */
  private String followKey = "End";

  private boolean showReasoning;
  private String emptyHint = "";
  private long rowsDrawn;

  /**
   * @param nanoClock the session's clock, for the countdown of a reply waiting for a retry
   */
  TranscriptView(TextLayout layout, LongSupplier nanoClock) {
    this.layout = requireNonNull(layout, "layout");
    this.nanoClock = requireNonNull(nanoClock, "nanoClock");
    this.markdown = new MarkdownRenderer(layout);
  }

  /**
   * Adds a turn of the session; its text is read again on every frame. A reply that directly
   * follows another reply is a retry ({@link dev.agent.session.ChatSession#retry}): the one before
   * is marked as replaced.
   */
  void addTurn(Turn turn) {
    if (turn.role() == Role.ASSISTANT) {
      for (int b = blocks.size() - 1; b >= 0; b--) {
        Block before = blocks.get(b);
        if (before.turn != null) {
          before.replaced = before.turn.role() == Role.ASSISTANT;
          break;
        }
      }
    }
    blocks.add(new Block(turn, null, false));
    contentChanged();
  }

  /** Adds a line of the UI's own: a switch of provider, a missing key, a warning. */
  void addNotice(String text, boolean error) {
    blocks.add(new Block(null, text, error));
    contentChanged();
  }

  /** Whether the last entry is the notice {@code text}, so that saying it again adds nothing. */
  boolean endsWithNotice(String text) {
    return !blocks.isEmpty() && text.equals(blocks.get(blocks.size() - 1).notice);
  }

  /** Removes every entry, for another conversation; the view follows the bottom again. */
  void clear() {
    blocks.clear();
    following = true;
    unseenOutput = false;
    anchorBlock = 0;
    anchorRow = 0;
    invalidate();
  }

  /**
   * Unfolds the reasoning of every reply, or folds it again; a reply still thinking shows its
   * reasoning either way. Returns false, changing nothing, when no reply has reasoning.
   */
  boolean toggleReasoning() {
    boolean any = false;
    for (Block block : blocks) {
      any |= block.turn != null && block.turn.reasoningLength() > 0;
    }
    if (!any) {
      return false;
    }
    showReasoning = !showReasoning;
    if (!following
        && anchorBlock < blocks.size()
        && anchorRow >= blocks.get(anchorBlock).rows(textWidth()).size()) {
      // Folding took away the row at the top: the reply's own first row takes its place.
      anchorRow = 0;
    }
    invalidate();
    return true;
  }

  /**
   * The text {@code turn} had so far was reasoning ({@link
   * dev.agent.chat.StreamEvent.TextWasReasoning}): its answer starts again from nothing, however
   * much arrives before the next frame.
   */
  void answerRestarted(Turn turn) {
    for (int b = blocks.size() - 1; b >= 0; b--) {
      Block block = blocks.get(b);
      if (block.turn == turn && block.reply != null) {
        block.restartAnswer();
        contentChanged();
        return;
      }
    }
  }

  /** What to show while the conversation is empty. */
  void setEmptyHint(String hint) {
    this.emptyHint = requireNonNull(hint, "hint");
    invalidate();
  }

  /** Tells the view that some entry grew or changed; while scrolled up, it notes unseen output. */
  void contentChanged() {
    if (!following) {
      unseenOutput = true;
    }
    invalidate();
  }

  /**
   * Like {@link #contentChanged()} but without asking for a redraw: for stream deltas, which the
   * chat draws at a bounded frame rate.
   */
  /**
   * Names the key that goes back to following the bottom: {@code Ctrl+End} while the prompt holds
   * text (End moves in it), {@code End} otherwise.
   */
  void setFollowKey(String key) {
    if (!key.equals(followKey)) {
      followKey = key;
      invalidate();
    }
  }

  void noteGrowth() {
    if (!following) {
      unseenOutput = true;
    }
  }

  void scrollUp(int rows) {
    int height = getSize().getRows();
    int width = textWidth();
    if (following) {
      if (!hasMoreThan(0, 0, height, width)) {
        return;
      }
      int[] top = topWhenFollowing(height, width);
      anchorBlock = top[0];
      anchorRow = top[1];
      following = false;
      unseenOutput = false;
    }
    int[] moved = move(anchorBlock, anchorRow, -rows, width);
    anchorBlock = moved[0];
    anchorRow = moved[1];
    invalidate();
  }

  void scrollDown(int rows) {
    if (following) {
      return;
    }
    int width = textWidth();
    int[] moved = move(anchorBlock, anchorRow, rows, width);
    anchorBlock = moved[0];
    anchorRow = moved[1];
    if (!hasMoreThan(anchorBlock, anchorRow, getSize().getRows(), width)) {
      following = true;
    }
    invalidate();
  }

  void scrollToTop() {
    int height = getSize().getRows();
    if (hasMoreThan(0, 0, height, textWidth())) {
      following = false;
      unseenOutput = false;
      anchorBlock = 0;
      anchorRow = 0;
      invalidate();
    }
  }

  void scrollToBottom() {
    following = true;
    unseenOutput = false;
    invalidate();
  }

  /**
   * How many rows the view has drawn onto the screen since it was made: a frame draws only the rows
   * that differ from what the screen holds of its last frame, which the tests keep to what changed.
   */
  long rowsDrawn() {
    return rowsDrawn;
  }

  /** Rows a page scroll moves: the height less one row kept for context. */
  int pageRows() {
    return Math.max(1, getSize().getRows() - 1);
  }

  @Override
  protected Result handleKeyStroke(KeyStroke key) {
    switch (key.getKeyType()) {
      case ArrowUp -> {
        scrollUp(1);
        return Result.HANDLED;
      }
      case ArrowDown -> {
        scrollDown(1);
        return Result.HANDLED;
      }
      case PageUp -> {
        scrollUp(pageRows());
        return Result.HANDLED;
      }
      case PageDown -> {
        scrollDown(pageRows());
        return Result.HANDLED;
      }
      case Home -> {
        scrollToTop();
        return Result.HANDLED;
      }
      case End -> {
        scrollToBottom();
        return Result.HANDLED;
      }
      default -> {
        return Result.UNHANDLED;
      }
    }
  }

  private int textWidth() {
    return Math.max(1, getSize().getColumns() - 2 * MARGIN);
  }

  /** The rows to show, top to bottom, at most {@code height}; the last may be the "below" line. */
  private List<Row> visibleRows(int height, int width) {
    List<Row> rows = new ArrayList<>();
    if (height <= 0) {
      return rows;
    }
    if (!following && !hasMoreThan(anchorBlock, anchorRow, height, width)) {
      following = true;
      unseenOutput = false;
    }
    if (following) {
      for (int b = blocks.size() - 1; b >= 0 && rows.size() < height; b--) {
        List<Row> blockRows = blocks.get(b).rows(width);
        for (int r = blockRows.size() - 1; r >= 0 && rows.size() < height; r--) {
          rows.add(blockRows.get(r));
        }
      }
      return reversed(rows);
    }
    int b = anchorBlock;
    int r = anchorRow;
    while (b < blocks.size() && rows.size() < height) {
      List<Row> blockRows = blocks.get(b).rows(width);
      for (; r < blockRows.size() && rows.size() < height; r++) {
        rows.add(blockRows.get(r));
      }
      b++;
      r = 0;
    }
    rows.set(
        rows.size() - 1,
        new Row(
            List.of(
                new Span(
                    unseenOutput
                        ? "new output below: " + followKey + " to follow"
                        : "more below: PgDn to scroll, " + followKey + " to follow",
                    TextStyle.MARKER)),
            TextStyle.MARKER,
            Row.WHOLE_ROW));
    return rows;
  }

  private static List<Row> reversed(List<Row> rows) {
    List<Row> result = new ArrayList<>(rows.size());
    for (int i = rows.size() - 1; i >= 0; i--) {
      result.add(rows.get(i));
    }
    return result;
  }

  /** Whether more than {@code count} rows follow position ({@code block}, {@code row}). */
  private boolean hasMoreThan(int block, int row, int count, int width) {
    int seen = -row;
    for (int b = block; b < blocks.size(); b++) {
      seen += blocks.get(b).rows(width).size();
      if (seen > count) {
        return true;
      }
    }
    return false;
  }

  /** The top row's position when the last {@code height} rows are shown. */
  private int[] topWhenFollowing(int height, int width) {
    int remaining = height;
    for (int b = blocks.size() - 1; b >= 0; b--) {
      int size = blocks.get(b).rows(width).size();
      if (size >= remaining) {
        return new int[] {b, size - remaining};
      }
      remaining -= size;
    }
    return new int[] {0, 0};
  }

  /** The position {@code delta} rows away, clamped to the first row and to the last. */
  private int[] move(int block, int row, int delta, int width) {
    int b = block;
    int r = row + delta;
    while (r < 0 && b > 0) {
      b--;
      r += blocks.get(b).rows(width).size();
    }
    if (r < 0) {
      return new int[] {0, 0};
    }
    while (b < blocks.size() && r >= blocks.get(b).rows(width).size()) {
      if (b == blocks.size() - 1) {
        return new int[] {b, blocks.get(b).rows(width).size() - 1};
      }
      r -= blocks.get(b).rows(width).size();
      b++;
    }
    return new int[] {b, r};
  }

  @Override
  protected InteractableRenderer<TranscriptView> createDefaultRenderer() {
    return new Renderer();
  }

  /** One entry and its rows, cached for one width and one state of the entry. */
  private final class Block {
    private final Turn turn;
    private final String notice;
    private final boolean error;
    private ReplyRenderer reply;
    private final StreamingText reasoning;
    private boolean replaced;
    private int cachedWidth = -1;
    private int cachedLength = -1;
    private int cachedReasoningLength = -1;
    private Turn.Status cachedStatus;
    private boolean cachedReplaced;
    private String cachedWait = "";
    private String cachedThought = "";
    private List<Row> cachedRows = List.of();

    Block(Turn turn, String notice, boolean error) {
      this.turn = turn;
      this.notice = notice;
      this.error = error;
      boolean isReply = turn != null && turn.role() == Role.ASSISTANT;
      this.reply = isReply ? new ReplyRenderer(markdown) : null;
      this.reasoning = isReply ? new StreamingText(layout, TextStyle.REASONING) : null;
    }

    List<Row> rows(int width) {
      int length = turn == null ? 0 : turn.length();
      int reasoningLength = reasoning == null ? 0 : turn.reasoningLength();
      Turn.Status status = turn == null ? null : turn.status();
      long now = nanoClock.getAsLong();
      String wait = turn == null ? "" : waitNote(turn, now);
      String thought = reasoningLength == 0 ? "" : thoughtLine(turn, now, showReasoning);
      if (width == cachedWidth
          && length == cachedLength
          && reasoningLength == cachedReasoningLength
          && status == cachedStatus
          && replaced == cachedReplaced
          && wait.equals(cachedWait)
          && thought.equals(cachedThought)) {
        return cachedRows;
      }
      if (length < cachedLength) {
        restartAnswer(); // the text went back: it can only have been reasoning
      }
      cachedWidth = width;
      cachedLength = length;
      cachedReasoningLength = reasoningLength;
      cachedStatus = status;
      cachedReplaced = replaced;
      cachedWait = wait;
      cachedThought = thought;
      cachedRows = build(width, wait, thought);
      return cachedRows;
    }

    /** Forgets the rows of the answer, whose text went back to nothing. */
    void restartAnswer() {
      reply = new ReplyRenderer(markdown);
      cachedLength = -1;
    }

    private List<Row> build(int width, String wait, String thought) {
      if (turn == null) {
        List<Row> rows = new ArrayList<>();
        wrapInto(rows, notice, width, error ? TextStyle.ERROR : TextStyle.NOTICE);
        rows.add(Row.BLANK);
        return rows;
      }
      if (turn.role() == Role.SYSTEM) {
        // The system prompt, set apart in muted text: it is the conversation's, not a turn said.
        List<Row> rows = new ArrayList<>();
        rows.add(Row.of("System prompt", TextStyle.MUTED));
        wrapInto(rows, turn.text().isEmpty() ? "(none)" : turn.text(), width, TextStyle.MUTED);
        rows.add(Row.BLANK);
        return rows;
      }
      if (reply == null) {
        List<Row> rows = new ArrayList<>();
        rows.add(Row.of("You", TextStyle.USER_HEADER));
        wrapInto(rows, turn.text(), width, TextStyle.USER);
        rows.add(Row.BLANK);
        return rows;
      }
      List<Row> header =
          List.of(
              Row.of(
                  turn.providerId() + layout.pick(" · ", " - ") + turn.model(),
                  TextStyle.ASSISTANT_HEADER));
      List<Row> body = reply.rows(source, width);
      List<Row> after = new ArrayList<>();
      boolean empty = turn.length() == 0;
      switch (turn.status()) {
        case STREAMING -> {
          if (!wait.isEmpty()) {
            wrapInto(after, wait, width, TextStyle.MUTED);
          } else if (empty && thought.isEmpty()) {
            after.add(Row.of("...", TextStyle.MUTED));
          }
        }
        case CANCELLED -> after.add(Row.of("[cancelled]", TextStyle.MUTED));
        case FAILED ->
            // Text that arrived before the failure is only part of the reply; say so.
            wrapInto(
                after,
                (empty ? "error: " : "incomplete: ") + turn.error().getMessage(),
                width,
                TextStyle.ERROR);
        case DONE -> {
          String note = stopNote(turn.stopReason(), empty && turn.reasoningLength() > 0);
          if (!note.isEmpty()) {
            wrapInto(after, note, width, TextStyle.MUTED);
          } else if (empty) {
            after.add(Row.of("[empty reply]", TextStyle.MUTED));
          }
        }
      }
      if (replaced) {
        after.add(Row.of("[retried below; this reply is not sent again]", TextStyle.MUTED));
      }
      List<Row> thinking = List.of();
      if (!thought.isEmpty()) {
        List<Row> line = new ArrayList<>();
        wrapInto(line, thought, width, TextStyle.REASONING_HEADER);
        if (turn.isThinking() || showReasoning) {
          List<Row> text = reasoning.rows(reasoningSource, width);
          // A blank row between the reasoning and what follows it, if anything does yet.
          boolean more = !body.isEmpty() || !after.isEmpty();
          thinking = Rows.concat(List.of(line, text, more ? List.of(Row.BLANK) : List.of()));
        } else {
          thinking = line;
        }
      }
      after.add(Row.BLANK);
      return Rows.concat(List.of(header, thinking, body, after));
    }

    /** The turn's text as the reply renderer reads it. */
    private final ReplyRenderer.Source source =
        new ReplyRenderer.Source() {
          @Override
          public String textFrom(int start) {
            return turn.textFrom(start);
          }

          @Override
          public boolean finished() {
            return turn.status() != Turn.Status.STREAMING;
          }
        };

    /** The turn's reasoning as the reasoning's rows read it. */
    private final StreamingText.Source reasoningSource =
        new StreamingText.Source() {
          @Override
          public String textFrom(int start) {
            return turn.reasoningFrom(start);
          }

          @Override
          public boolean finished() {
            // Not when the answer starts: some models think again between parts of an answer.
            return turn.status() != Turn.Status.STREAMING;
          }
        };
  }

  /**
   * The line over a reply's reasoning at time {@code now}: {@code Thinking… 12 s} while the model
   * thinks, counting whole seconds; then {@code Thought for 12 s — Ctrl+T shows it} ({@code hides
   * it} when {@code shown}), or {@code Thought — …} for a reply loaded from a saved conversation,
   * whose timings were not kept.
   */
  private String thoughtLine(Turn turn, long now, boolean shown) {
    if (turn.isThinking()) {
      return layout.pick("Thinking…", "Thinking...") + " " + thinkingSeconds(turn, now) + " s";
    }
    String thought =
        turn.thinkingTime().map(time -> "Thought for " + seconds(time)).orElse("Thought");
    return thought + layout.pick(" — ", " - ") + ChatKeymap.reasoningToggle(shown);
  }

  /** Whole seconds the reply has been thinking at time {@code now}; 0 when it is not thinking. */
  static long thinkingSeconds(Turn turn, long now) {
    if (!turn.isThinking()) {
      return 0;
    }
    return Math.max(0, now - turn.reasoningStartedAt()) / 1_000_000_000L;
  }

  /** A time thought: {@code 4.2 s} under ten seconds, then whole seconds ({@code 12 s}). */
  private static String seconds(Duration time) {
    long millis = time.toMillis();
    return millis < 10_000 ? Decimals.fixed(millis, 3, 1) + " s" : (millis / 1000) + " s";
  }

  /**
   * What to say under a reply that waits for a retry, at time {@code now}: {@code HTTP 529:
   * Overloaded — retrying in 2 s (attempt 2 of 3)}; empty when it does not wait.
   */
  private String waitNote(Turn turn, long now) {
    String countdown = StatusLine.retryCountdown(turn, now);
    if (countdown.isEmpty()) {
      return "";
    }
    return turn.retrying().orElseThrow().reason() + layout.pick(" — ", " - ") + countdown;
  }

  /**
   * What to say under a reply that stopped for a reason other than having said all; {@code
   * onlyThought} when it sent reasoning and no answer, which a cut-off reply spent its output limit
   * on.
   */
  static String stopNote(StopReason stopReason, boolean onlyThought) {
    return switch (stopReason.kind()) {
      case MAX_TOKENS ->
          onlyThought
              ? "[cut off at the output limit ("
                  + stopReason.word()
                  + ") while still thinking: raise max_tokens or lower reasoning_effort for the"
                  + " provider in config.toml]"
              : "[cut off at the output limit ("
                  + stopReason.word()
                  + "); raise max_tokens for the provider in config.toml]";
      case CONTENT_FILTER -> "[stopped by the provider (" + stopReason.word() + ")]";
      case REFUSAL -> "[the model refused]";
      case TOOL_CALL ->
          "[the model asked to call " + stopReason.toolsAskedFor() + ", which agent does not run]";
      case END_TURN, OTHER -> "";
    };
  }

  private void wrapInto(List<Row> rows, String text, int width, TextStyle style) {
    for (String paragraph : text.split("\n", -1)) {
      String normal = TextLayout.normalize(paragraph);
      List<Integer> starts = layout.wrap(normal, width);
      for (int i = 0; i < starts.size(); i++) {
        int end = i + 1 < starts.size() ? starts.get(i + 1) : normal.length();
        rows.add(Row.of(normal.substring(starts.get(i), end), style));
      }
    }
  }

  /**
   * The block of rows that moved from {@code drawn} to {@code rows} (both a frame of the same
   * height), chosen as the screen chooses the block to scroll ({@link ChatScreen.Scroll#find}),
   * rows compared by their hashes; null when none moved or too few to be worth it.
   */
  static ChatScreen.Scroll shift(Row[] drawn, Row[] rows) {
    int changed = 0;
    for (int y = 0; y < rows.length && changed < 2; y++) {
      if (!rows[y].equals(drawn[y])) {
        changed++;
      }
    }
    if (changed < 2) {
      return null; // a scroll spares only rows that changed, and at least two to be worth it
    }
    long[] before = new long[drawn.length];
    long[] after = new long[rows.length];
    for (int y = 0; y < rows.length; y++) {
      // An unknown row matches no row: 0 is no row's hash here, each being odd.
      before[y] = drawn[y] == null ? 0 : 2L * drawn[y].hashCode() + 1;
      after[y] = 2L * rows[y].hashCode() + 1;
    }
    return ChatScreen.Scroll.find(before, after, 0);
  }

  private final class Renderer implements InteractableRenderer<TranscriptView> {
    /** The rows the view drew last, top to bottom, padded with blank rows; null where unknown. */
    private Row[] drawn = new Row[0];

    private Drawing drawnAs;

    @Override
    public TerminalPosition getCursorLocation(TranscriptView view) {
      return null;
    }

    @Override
    public TerminalSize getPreferredSize(TranscriptView view) {
      return new TerminalSize(1, 1);
    }

    /**
     * Draws the rows that differ from what the view drew the frame before, on the screen's record
     * of it (its back buffer): each row's text, then what the text leaves of the row (its band or
     * the blank page); blank rows below. When the rows moved up or down (following a stream,
     * scrolled by a key), the view first tells the screen to move them (
     * com.googlecode.lanterna.screen.Screen#scrollLines}), which the terminal then does in a few
     * bytes, and draws only the rows that came in. After a frame drawn otherwise (the first of a
     * size, one with a picker open, see {@link ChatTextGUI#clearings}), every row is drawn, each
     * cell once, and to what it held the frame before wherever nothing changed, which the screen
     * then skips (see {@link ChatScreen#setCharacter}).
     */
    @Override
    public void drawComponent(TextGUIGraphics graphics, TranscriptView view) {
      ThemeDefinition theme = view.getThemeDefinition();
      TerminalSize size = graphics.getSize();
      int height = size.getRows();
      int width = Math.max(1, size.getColumns() - 2 * MARGIN);
      List<Row> visible;
      if (blocks.isEmpty()) {
        visible = new ArrayList<>();
        wrapInto(visible, emptyHint, width, TextStyle.MUTED);
      } else {
        visible = visibleRows(height, width);
      }
      Row[] rows = new Row[height];
      for (int y = 0; y < height; y++) {
        rows[y] = y < visible.size() ? visible.get(y) : Row.BLANK;
      }
      Screen screen = view.getTextGUI() == null ? null : view.getTextGUI().getScreen();
      Drawing drawing = Drawing.of(view, size, List.of());
      if (Drawing.changed(drawnAs, drawing) || drawn.length != height) {
        drawn = new Row[height];
      } else if (drawing.at().getColumn() == 0
          && size.getColumns() == screen.getTerminalSize().getColumns()) {
        ChatScreen.Scroll scroll = shift(drawn, rows);
        if (scroll != null) {
          int top = drawing.at().getRow();
          screen.scrollLines(top + scroll.first(), top + scroll.last(), scroll.distance());
          Row[] moved = drawn.clone();
          for (int y = scroll.first(); y <= scroll.last(); y++) {
            int from = y + scroll.distance();
            moved[y] = from >= scroll.first() && from <= scroll.last() ? drawn[from] : null;
          }
          drawn = moved;
        }
      }
      for (int y = 0; y < height; y++) {
        if (!rows[y].equals(drawn[y])) {
          drawRow(graphics, theme, y, rows[y], width);
          rowsDrawn++;
        }
      }
      drawn = rows;
      drawnAs = drawing;
    }

    private void drawRow(
        TextGUIGraphics graphics, ThemeDefinition theme, int y, Row row, int width) {
      int columns = graphics.getSize().getColumns();
      int used = 0;
      for (Span span : row.spans()) {
        if (used >= width) {
          break;
        }
        span.style().apply(graphics, theme);
        used += layout.draw(graphics, MARGIN + used, y, span.text(), width - used);
      }
      // The cells the text left: the row's band where it has one, the page elsewhere.
      int bandFrom = columns;
      int bandTo = columns;
      if (row.fill() != null) {
        bandFrom = row.fillFrom() == Row.WHOLE_ROW ? 0 : MARGIN + row.fillFrom();
        bandTo = row.fillFrom() == Row.WHOLE_ROW ? columns : MARGIN + width;
      }
      blank(graphics, theme, row, y, 0, Math.min(MARGIN, columns), bandFrom, bandTo);
      int end = MARGIN + used;
      TextCharacter last = used > 0 ? graphics.getCharacter(end - 1, y) : null;
      if (last != null && last.isDoubleWidth()) {
        // Lanterna keeps a cluster it takes to be wide (a Thai one, say) as two cells: a blank on
        // the second would erase it.
        end++;
      }
      blank(graphics, theme, row, y, end, columns, bandFrom, bandTo);
    }

    /** Blanks cells {@code from} to {@code to} of row {@code y}: the band's between its ends. */
    private void blank(
        TextGUIGraphics graphics,
        ThemeDefinition theme,
        Row row,
        int y,
        int from,
        int to,
        int bandFrom,
        int bandTo) {
      int[] edges = {
        from, Math.max(from, Math.min(to, bandFrom)), Math.max(from, Math.min(to, bandTo)), to
      };
      for (int part = 0; part < 3; part++) {
        if (edges[part] < edges[part + 1]) {
          if (part == 1) {
            row.fill().apply(graphics, theme);
          } else {
            graphics.applyThemeStyle(theme.getNormal());
          }
          graphics.drawLine(edges[part], y, edges[part + 1] - 1, y, ' ');
        }
      }
    }
  }
}
