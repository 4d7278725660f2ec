package dev.agent.tui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one frame of a streaming reply at 200x60, following the bottom, with a conversation
 * of {@code messages} messages on the screen's transcript: a token arrives, the UI draws the frame
 * and writes it as ANSI bytes to a terminal that counts and drops them ({@link StreamingFrames}, whose
 * set-up every build compiles and tests). The flat-cost goal: the 10,000-message frame within 1.5
 * times the 1-message one. "1 message" is the smallest conversation there is, the prompt and the
 * reply being streamed.
 *
 * <p>Run with {@code bench/frame.py}, or {@code mvn -Pjmh test-compile} and JMH's main.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameBenchmark {
  @Param({"1", "100", "10000"})
  public int messages;

  private Path home;
  private StreamingFrames frames;

  @Setup(Level.Trial)
  public void start() throws Exception {
    home = Files.createTempDirectory("agent-frame");
    frames = new StreamingFrames(200, 60, messages, home);
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException {
    frames.close();
    Files.deleteIfExists(home.resolve("agent.log"));
    Files.deleteIfExists(home);
  }

  /** One token arrives and its frame is drawn (see {@link StreamingFrames#frame()}). */
  @Benchmark
  public boolean frame() throws IOException {
    return frames.frame();
  }
}
