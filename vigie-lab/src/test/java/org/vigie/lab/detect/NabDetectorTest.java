package org.vigie.lab.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.vigie.core.detect.Detector;
import org.vigie.core.detect.Observation;

/** Hand-made streams where the right answer is known, one per mechanism of {@link NabDetector}. */
class NabDetectorTest {
  private static final long DAY = 1440;
  /** 1 March 2015, 00:00 UTC, in minutes. */
  private static final long START = 23_813_280;

  /**
   * Runs one series of {@code days} days sampled every {@code step} minutes: noise around 100
   * (σ = 5) plus {@code extra} at each minute since the start; returns every score.
   */
  private static double[] scores(int days, int step, long seed, LongToDoubleFunction extra) {
    Detector d = new NabDetector();
    Random random = new Random(seed);
    int n = (int) (days * DAY / step);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      long minute = (long) i * step;
      double v = 100 + 5 * random.nextGaussian() + extra.applyAsDouble(minute);
      out[i] = d.observe(1, START + minute, Observation.of(v)).score();
    }
    return out;
  }

  private static double max(double[] a, long fromMinute, long toMinute, int step) {
    double m = 0;
    for (int i = (int) (fromMinute / step); i < (int) (toMinute / step) && i < a.length; i++) {
      m = Math.max(m, a[i]);
    }
    return m;
  }

  private static int alarms(double[] a) {
    int n = 0;
    for (double v : a) {
      n += v >= 0.5 ? 1 : 0;
    }
    return n;
  }

  /** Minutes from 14:00 to 16:00 of every day, or of day {@code only} if ≥ 0. */
  private static boolean afternoon(long minute, int only) {
    long inDay = minute % DAY;
    return inDay >= 14 * 60 && inDay < 16 * 60 && (only < 0 || minute / DAY == only);
  }

  /**
   * The same two-hour surge (+12 σ of a single value, about 40 robust σ of the hourly level) alarms
   * on a calm series and not on one that surges like that every afternoon: the yardstick is the
   * series' typical daily peak. Without it both would alarm.
   */
  @Test
  void aRoutineSurgeDoesNotAlarmWhereTheSameSurgeOnACalmSeriesDoes() {
    double[] bursty = scores(11, 5, 1, m -> afternoon(m, -1) ? 60 : 0);
    double[] calm = scores(11, 5, 1, m -> afternoon(m, 10) ? 60 : 0);
    long day10 = 10 * DAY;
    assertThat(max(calm, day10, day10 + DAY, 5)).isGreaterThanOrEqualTo(0.5);
    assertThat(max(bursty, day10, day10 + DAY, 5)).isLessThan(0.5);
    // On the calm series nothing else alarms.
    assertThat(alarms(calm)).isEqualTo(1);
  }

  /**
   * A single 5-minute value 8 σ high is noise; the same height held for an hour is an event. The
   * level scored is the hour's mean: without it the single value would alarm too.
   */
  @Test
  void aSingleHighValueDoesNotAlarmButAnHourAtTheSameHeightDoes() {
    long at = 9 * DAY + 14 * 60;
    double[] blip = scores(10, 5, 2, m -> m == at ? 40 : 0);
    double[] hour = scores(10, 5, 2, m -> m >= at && m < at + 60 ? 40 : 0);
    assertThat(max(blip, at, at + 120, 5)).isLessThan(0.5);
    assertThat(max(hour, at, at + 120, 5)).isGreaterThanOrEqualTo(0.5);
  }

  /** A surge lasting six hours is one alarm, at its start, not one per row. */
  @Test
  void oneEpisodeIsOneAlarm() {
    long at = 9 * DAY + 8 * 60;
    double[] s = scores(10, 5, 3, m -> m >= at && m < at + 360 ? 80 : 0);
    assertThat(alarms(s)).isEqualTo(1);
    int first = 0;
    while (s[first] < 0.5) {
      first++;
    }
    assertThat((long) first * 5).isBetween(at, at + 60);
  }

  /** Durations are minutes, whatever the sampling: a series sampled every minute behaves alike. */
  @Test
  void theSamplingIntervalIsMeasuredSoDurationsStayDurations() {
    assertThat(NabDetector.Scorer.steps(60, 5)).isEqualTo(12);
    assertThat(NabDetector.Scorer.steps(60, 1)).isEqualTo(60);
    assertThat(NabDetector.Scorer.steps(1440, 90)).isEqualTo(16);
    long at = 9 * DAY + 14 * 60;
    double[] blip = scores(10, 1, 4, m -> m == at ? 40 : 0);
    double[] hour = scores(10, 1, 4, m -> m >= at && m < at + 60 ? 40 : 0);
    assertThat(max(blip, at, at + 120, 1)).isLessThan(0.5);
    assertThat(max(hour, at, at + 120, 1)).isGreaterThanOrEqualTo(0.5);
    assertThat(alarms(hour)).isEqualTo(1);
  }

  /** Series are independent: another series' surge changes nothing. */
  @Test
  void seriesAreIndependent() {
    Detector d = new NabDetector();
    Random random = new Random(5);
    int n = (int) (10 * DAY / 5);
    double alarmsOn2 = 0;
    for (int i = 0; i < n; i++) {
      long minute = START + i * 5L;
      double spike = i >= n - 100 ? 500 : 0;
      d.observe(1, minute, Observation.of(100 + 5 * random.nextGaussian() + spike));
      alarmsOn2 = Math.max(alarmsOn2, i >= n - 100 ? d.observe(2, minute, Observation.of(100 + 5 * random.nextGaussian())).score() : 0);
      if (i < n - 100) {
        d.observe(2, minute, Observation.of(100 + 5 * random.nextGaussian()));
      }
    }
    assertThat(alarmsOn2).isLessThan(0.5);
  }
}
