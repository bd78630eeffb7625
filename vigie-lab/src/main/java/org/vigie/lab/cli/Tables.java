package org.vigie.lab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.vigie.lab.nab.NabScorer;

/** Plain-text tables the lab commands print. */
final class Tables {
  private Tables() {}

  static List<String> categories(Path nabRoot) {
    try (Stream<Path> s = Files.list(nabRoot.resolve("data"))) {
      return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** NAB scores of one detector: a row per category, a column per profile. */
  static void printNab(PrintStream out, String detector, List<NabScorer.CategoryScore> best, List<NabScorer.CategoryScore> fixed) {
    Map<String, Map<String, NabScorer.CategoryScore>> b = NabScorer.byCategory(best);
    Map<String, Map<String, NabScorer.CategoryScore>> f = fixed == null ? null : NabScorer.byCategory(fixed);
    for (Map.Entry<String, Map<String, NabScorer.CategoryScore>> e : b.entrySet()) {
      StringBuilder line = new StringBuilder(String.format("  %-14s %-22s", detector, e.getKey()));
      for (String profile : NabScorer.PROFILES) {
        NabScorer.CategoryScore s = e.getValue().get(profile);
        line.append(String.format(" %8.1f", s.score()));
        if (f != null) {
          line.append(String.format(" (%6.1f)", f.get(e.getKey()).get(profile).score()));
        }
      }
      NabScorer.CategoryScore std = e.getValue().get("standard");
      line.append(String.format("   std: %d/%d windows, %d FP rows", std.detected(), std.windows(), std.fpRows()));
      out.println(line);
    }
  }
}
