package org.vigie.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigie.core.detect.Traffic.MONDAY;
import static org.vigie.core.detect.Traffic.WEEK;
import static org.vigie.core.detect.Traffic.daily;
import static org.vigie.core.detect.Traffic.poisson;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The detector's graded score on a busy, over-dispersed series such as a tweet volume: normal
 * minutes stay well below the shipped threshold (0.5), a surge's onset goes above it, and its
 * continuation does not fire again.
 */
class AnomalyScoreTest {
  private static final int SERIES = 3;

  private final SeasonalPoissonDetector detector = new SeasonalPoissonDetector();

  /** A busy generic series: 400 a minute with a daily cycle, 25 % log-normal noise on top of Poisson. */
  private static double busy(SplittableRandom random, long m) {
    double noise = Math.exp(0.25 * Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble()));
    return poisson(random, daily(m, 400, 0.5) * noise);
  }

  /** Normal busy traffic for [from, to). */
  private void feed(SplittableRandom random, long from, long to) {
    for (long m = from; m < to; m++) {
      detector.observe(SERIES, m, Observation.of(busy(random, m)));
    }
  }

  /** The score of one minute at {@code factor} times normal traffic. */
  private double surge(SplittableRandom random, long m, int factor) {
    return detector.observe(SERIES, m, Observation.of(factor * busy(random, m))).score();
  }

  @Test
  void normalMinutesOfAnOverDispersedSeriesAreNotSaturated() {
    // Regression: the score was the Poisson tail probability, which on such a series is below
    // 1e-20 most minutes: every score was 1 and NAB's threshold sweep found nothing to rank.
    SplittableRandom random = new SplittableRandom(31);
    long start = MONDAY + 2 * WEEK;
    feed(random, MONDAY, start);
    double[] scores = new double[7 * 1440];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = detector.observe(SERIES, start + i, Observation.of(busy(random, start + i))).score();
    }
    Arrays.sort(scores);
    assertThat(scores[scores.length / 2]).as("median score of a normal week").isLessThan(0.05);
    assertThat(scores[scores.length - 1]).as("highest score of a normal week").isLessThan(0.5);
  }

  @Test
  void aFourfoldSurgeScoresHighAtItsOnsetAndLowWhileItLasts() {
    SplittableRandom random = new SplittableRandom(32);
    long onset = MONDAY + 2 * WEEK + 720;
    feed(random, MONDAY, onset);
    double first = surge(random, onset, 4);
    double later = 0;
    for (long m = onset + 1; m < onset + 60; m++) {
      later = Math.max(later, surge(random, m, 4));
    }
    assertThat(first).as("onset of a fourfold surge").isGreaterThan(0.5);
    assertThat(later).as("its next 59 minutes").isLessThan(0.5);
  }

  @Test
  void afterAnAlarmTheScoreStaysSilentForItsMemoryThenAlarmsAgain() {
    SplittableRandom random = new SplittableRandom(33);
    long first = MONDAY + 2 * WEEK + 720;
    feed(random, MONDAY, first);
    assertThat(surge(random, first, 6)).isGreaterThan(0.5);
    // A bigger one-minute spike an hour later: within the memory, silent.
    long second = first + 60;
    feed(random, first + 1, second);
    assertThat(surge(random, second, 10)).isZero();
    // Once the memory has passed (that spike's included), the same spike alarms again.
    long third = first + 2 * AnomalyScore.MEMORY;
    feed(random, second + 1, third);
    assertThat(surge(random, third, 10)).isGreaterThan(0.5);
  }
}
