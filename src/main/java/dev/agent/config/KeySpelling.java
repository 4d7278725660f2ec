package dev.agent.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Finds the known key a misspelt one was probably meant to be. */
final class KeySpelling {
  private KeySpelling() {}

  /**
   * The one known key closest to {@code unknown}, ignoring case, when it is close enough to be a
   * typo: one edit for keys of up to four letters, two for longer ones. Empty when none is, or when
   * two are equally close.
   */
  static Optional<String> closest(String unknown, Collection<String> known) {
    String typed = unknown.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    boolean tie = false;
    for (String candidate : known) {
      int distance = distance(typed, candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
        tie = false;
      } else if (distance == bestDistance) {
        tie = true;
      }
    }
    if (best == null || tie || bestDistance > (best.length() <= 4 ? 1 : 2)) {
      return Optional.empty();
    }
    return Optional.of(best);
  }

  /**
   * Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
   * neighbours ({@code modle} is one edit from {@code model}) each count one.
   */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
