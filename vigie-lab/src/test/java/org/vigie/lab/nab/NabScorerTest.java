package org.vigie.lab.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab's NAB scores on hand-made results whose NAB score is known: one file of 1,000 rows (150
 * probationary), one anomaly window over rows 500–519, standard profile (A_TP = 1, A_FP = 0.11,
 * A_FN = 1; normalised 100 · (raw + 1) / 2 for one window, the window's first row earning 1).
 */
class NabScorerTest {
  /** The shared scorer, beside the repository as the CLI's default expects it. */
  private static final Path SCORER = Path.of("../../shared/tools/nab_score.py");

  private static final LocalDateTime START = LocalDateTime.parse("2015-03-01T00:00:00");

  @TempDir Path dir;

  private static String time(int row) {
    return START.plusMinutes(5L * row).toString().replace('T', ' ') + ":00";
  }

  private NabScorer.CategoryScore standard(IntToDoubleFunction score, Double threshold) throws Exception {
    Files.createDirectories(dir.resolve("labels"));
    Path windows = dir.resolve("labels").resolve("combined_windows.json");
    Files.writeString(windows, "{\"cat/file.csv\": [[\"" + time(500) + ".000000\", \"" + time(519) + ".000000\"]]}");
    StringBuilder csv = new StringBuilder("timestamp,value,anomaly_score,label\n");
    for (int i = 0; i < 1000; i++) {
      csv.append(time(i)).append(",1,").append(String.format(Locale.ROOT, "%.3f", score.applyAsDouble(i)))
          .append(',').append(i >= 500 && i <= 519 ? 1 : 0).append('\n');
    }
    Path results = dir.resolve("results");
    Files.createDirectories(results.resolve("hand").resolve("cat"));
    Files.writeString(results.resolve("hand").resolve("cat").resolve("hand_file.csv"), csv);
    List<NabScorer.CategoryScore> scores = new NabScorer(SCORER, windows).score(results, "hand", List.of("cat"), threshold);
    return scores.stream().filter(s -> s.profile().equals("standard")).findFirst().orElseThrow();
  }

  @Test
  void aDetectionOnTheFirstRowOfTheWindowScoresPerfect() throws Exception {
    NabScorer.CategoryScore s = standard(i -> i == 500 ? 0.9 : 0.1, 0.5);
    assertThat(s.score()).isCloseTo(100, within(1e-9));
    assertThat(s.detected()).isEqualTo(1);
    assertThat(s.fpRows()).isZero();
  }

  private static double sigmoid(double x) {
    return 2 / (1 + Math.exp(5 * x)) - 1;
  }

  @Test
  void aDetectorThatNeverFiresScoresZero() throws Exception {
    NabScorer.CategoryScore s = standard(i -> 0.1, 0.5);
    assertThat(s.score()).isCloseTo(0, within(1e-9));
    assertThat(s.detected()).isZero();
  }

  @Test
  void aFalseAlarmBeforeAnyWindowCostsAFullFalsePositiveWeight() throws Exception {
    NabScorer.CategoryScore s = standard(i -> i == 300 || i == 500 ? 0.9 : 0.1, 0.5);
    assertThat(s.score()).isCloseTo(100 * (1 - 0.11 + 1) / 2, within(1e-9));
    assertThat(s.fpRows()).isEqualTo(1);
  }

  @Test
  void onlyTheFirstDetectionInAWindowCountsAndRowsInProbationAreIgnored() throws Exception {
    // Detections in probation (row 100) and late in the window (rows 510–519) change nothing:
    // the earliest one in the window, row 505, decides.
    NabScorer.CategoryScore s = standard(i -> i == 100 || i >= 505 && i <= 519 ? 0.9 : 0.1, 0.5);
    // NAB's reward for a row of a window: σ(−(end − row + 1) / width) relative to the first row's,
    // with σ(x) = 2 / (1 + e^(5x)) − 1.
    double reward = sigmoid(-(519 - 505 + 1) / 20.0) / sigmoid(-1);
    assertThat(reward).isBetween(0.9, 0.99);
    assertThat(s.score()).isCloseTo(100 * (reward + 1) / 2, within(1e-6));
    assertThat(s.fpRows()).isZero();
  }

  @Test
  void theSweepFindsTheThresholdThatLeavesTheFalseAlarmOut() throws Exception {
    // The false alarm scores 0.6, the window's first row 0.8: the best threshold lies between.
    NabScorer.CategoryScore s = standard(i -> i == 300 ? 0.6 : i == 500 ? 0.8 : 0.1, null);
    assertThat(s.score()).isCloseTo(100, within(1e-9));
    assertThat(s.threshold()).isGreaterThan(0.6).isLessThanOrEqualTo(0.8);
  }
}
