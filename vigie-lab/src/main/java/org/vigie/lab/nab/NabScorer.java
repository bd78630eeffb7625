package org.vigie.lab.nab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores NAB results with the shared scorer ({@code nab_score.py}, Python standard library only)
 * rather than a Java copy of the rules: one implementation of NAB's scoring, the one published
 * numbers are checked against.
 */
public final class NabScorer {
  public static final List<String> PROFILES = List.of("standard", "reward_low_FP_rate", "reward_low_FN_rate");

  private final Path tool;
  private final Path windows;

  public NabScorer(Path tool, Path windows) {
    if (!Files.isRegularFile(tool)) {
      throw new IllegalArgumentException("NAB scorer not found at " + tool + " (give --scorer PATH)");
    }
    if (!Files.isRegularFile(windows)) {
      throw new IllegalArgumentException("NAB labels not found at " + windows);
    }
    this.tool = tool;
    this.windows = windows;
  }

  /**
   * One category under one profile.
   *
   * @param score normalised NAB score (100 perfect, 0 the null detector)
   * @param threshold the threshold it was computed at
   */
  public record CategoryScore(String category, String profile, double score, double threshold, int windows, int detected, int fpRows) {}

  /**
   * Scores one detector's results, per category and profile: with the threshold NAB's sweep finds
   * best for each category on its own when {@code fixedThreshold} is null, otherwise at that
   * threshold.
   */
  public List<CategoryScore> score(Path resultsRoot, String detector, List<String> categories, Double fixedThreshold) {
    List<CategoryScore> out = new ArrayList<>();
    for (String category : categories) {
      JsonNode res = invoke(resultsRoot, detector, category, fixedThreshold).path("results").path(detector);
      if (res.isMissingNode()) {
        throw new IllegalStateException("the NAB scorer returned nothing for " + detector + "/" + category);
      }
      for (String profile : PROFILES) {
        JsonNode p = res.path(profile);
        out.add(new CategoryScore(category, profile, p.path("normalized").asDouble(), p.path("threshold").asDouble(),
            p.path("windows").asInt(), p.path("detected").asInt(), p.path("fp_rows").asInt()));
      }
    }
    return out;
  }

  private JsonNode invoke(Path resultsRoot, String detector, String category, Double threshold) {
    try {
      Path json = Files.createTempFile("vigie-nab-", ".json");
      try {
        List<String> cmd = new ArrayList<>(List.of(
            python(), tool.toString(), "--results", resultsRoot.toString(), "--windows", windows.toString(),
            "--detector", detector, "--categories", category, "--json", json.toString(), "--quiet"));
        if (threshold != null) {
          cmd.add("--threshold");
          cmd.add(Double.toString(threshold));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        if (code != 0) {
          throw new IllegalStateException("nab_score.py failed (exit " + code + "):\n" + output);
        }
        return new ObjectMapper().readTree(json.toFile());
      } finally {
        Files.deleteIfExists(json);
      }
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().contains("python3")) {
        throw new IllegalStateException("python3 is needed to score NAB (nab_score.py uses the standard library only); install Python 3 and retry", e);
      }
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while scoring", e);
    }
  }

  private static String python() {
    return System.getenv().getOrDefault("VIGIE_PYTHON", "python3");
  }

  /** True when python3 can be started. */
  public static boolean pythonAvailable() {
    try {
      Process p = new ProcessBuilder(python(), "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Scores by category then profile, for tables. */
  public static Map<String, Map<String, CategoryScore>> byCategory(List<CategoryScore> scores) {
    Map<String, Map<String, CategoryScore>> m = new LinkedHashMap<>();
    for (CategoryScore s : scores) {
      m.computeIfAbsent(s.category(), k -> new LinkedHashMap<>()).put(s.profile(), s);
    }
    return m;
  }
}
