package dev.agent.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The example file of docs/sessions.md is what agent writes: each of its lines reads, and each
 * message line is written back byte for byte, fields in the order the page gives.
 */
class SessionsDocTest {

  @Test
  void theExampleFileReadsAndEachMessageWritesBackAsTheLineItIs() throws Exception {
    List<String> example = exampleFile();
    assertTrue(example.size() > 5, "the example has a header and several messages");

    SessionFormat.Header header = SessionFormat.readHeader(example.get(0).getBytes(UTF_8));
    assertEquals(
        example.get(0) + "\n", new String(SessionFormat.header(header), UTF_8), "the header");
    List<String> written = new ArrayList<>();
    for (String line : example.subList(1, example.size())) {
      written.add(
          new String(SessionFormat.message(SessionFormat.readMessage(line.getBytes(UTF_8))), UTF_8)
              .stripTrailing());
    }
    assertEquals(example.subList(1, example.size()), written);
  }

  @Test
  void theMessageTableHasARowForEachFieldOfTheExample() throws Exception {
    String doc = Files.readString(Path.of("docs", "sessions.md"), UTF_8);
    List<String> example = exampleFile();
    for (String line : example.subList(1, example.size())) {
      SessionFormat.JSON
          .readTree(line)
          .fieldNames()
          .forEachRemaining(
              field -> assertTrue(doc.contains("\n| `" + field + "` |"), "no row for " + field));
    }
  }

  /** The lines of the page's {@code json} block under "The file format". */
  private static List<String> exampleFile() throws Exception {
    List<String> lines = Files.readAllLines(Path.of("docs", "sessions.md"), UTF_8);
    int section = lines.indexOf("## The file format");
    int start = section + lines.subList(section, lines.size()).indexOf("```json") + 1;
    int end = start + lines.subList(start, lines.size()).indexOf("```");
    return lines.subList(start, end);
  }
}
