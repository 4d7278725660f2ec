package dev.agent.tui.markdown;

/** A reply whose text a test grows, as a stream would. */
public final class GrowingReply implements ReplyRenderer.Source {
  public final StringBuilder text = new StringBuilder();
  public boolean finished;

  @Override
  public String textFrom(int start) {
    return text.substring(start);
  }

  @Override
  public boolean finished() {
    return finished;
  }
}
