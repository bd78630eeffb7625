package org.vigie.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigie.core.detect.Traffic.DAY;
import static org.vigie.core.detect.Traffic.MONDAY;
import static org.vigie.core.detect.Traffic.WEEK;
import static org.vigie.core.detect.Traffic.daily;
import static org.vigie.core.detect.Traffic.people;
import static org.vigie.core.detect.Traffic.poisson;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigie.core.model.Evidence;

/**
 * The detector on seeded synthetic traffic: quiet on normal days, fast on storms and trickles,
 * deaf to bursts from a few networks, and not taught by outages that outages are normal.
 */
class SeasonalPoissonDetectorTest {
  private static final int SERIES = 7;
  private static final double AMPLITUDE = 0.5;

  /** Monday 4 October 2021 (day 21), 12:00 UTC: the busiest minute of the daily cycle. */
  private static final long NOON_AFTER_THREE_WEEKS = MONDAY + 3 * WEEK + DAY / 2;

  private final SeasonalPoissonDetector detector = new SeasonalPoissonDetector();

  /** Feeds normal traffic for [from, to) and returns the minutes that had MODERATE or more. */
  private static List<Long> feedNormal(
      SeasonalPoissonDetector d, SplittableRandom random, double base, long from, long to) {
    List<Long> alarms = new ArrayList<>();
    for (long m = from; m < to; m++) {
      Assessment a = d.observe(SERIES, m, people(poisson(random, daily(m, base, AMPLITUDE))));
      if (a.evidence().atLeast(Evidence.MODERATE)) {
        alarms.add(m - from);
      }
    }
    return alarms;
  }

  /**
   * Under a Poisson null, MODERATE needs a tail probability ≤ 1e-8 (and 2.5× the baseline and 8
   * reports over it): over 3 weeks (30,240 minutes, two windows each) that is about 6e-4 false
   * minutes expected, so any false alarm after the cold start means the baseline is wrong. The
   * only tolerated one is a busy series' very first minute, judged against the empty-history
   * floor.
   */
  @ParameterizedTest(name = "{0} reports a minute, seed {1}")
  @CsvSource({"0.05, 1", "0.5, 2", "6, 3", "6, 4", "50, 5"})
  void normalTrafficForThreeWeeksRaisesNoModerateEvidence(double base, long seed) {
    List<Long> alarms = feedNormal(detector, new SplittableRandom(seed), base, MONDAY, MONDAY + 3 * WEEK);
    assertThat(alarms).as("minutes (from the start) with MODERATE or STRONG evidence").isSubsetOf(0L);
  }

  @Test
  void tenfoldSpikeIsStrongInItsFirstMinute() {
    SplittableRandom random = new SplittableRandom(11);
    feedNormal(detector, random, 6, MONDAY, NOON_AFTER_THREE_WEEKS);
    double normal = daily(NOON_AFTER_THREE_WEEKS, 6, AMPLITUDE);
    Assessment a = detector.observe(SERIES, NOON_AFTER_THREE_WEEKS, people(poisson(random, 10 * normal)));
    assertThat(a.evidence()).isEqualTo(Evidence.STRONG);
    assertThat(a.expected()).as("the baseline knows noon is busy").isBetween(0.8 * normal, 1.2 * normal);
    assertThat(a.score()).as("above the 0.5 the lab ships as a fixed threshold").isGreaterThan(0.5);
  }

  @Test
  void spikeAtNightIsJudgedAgainstTheNightBaseline() {
    SplittableRandom random = new SplittableRandom(12);
    long midnight = MONDAY + 3 * WEEK;
    feedNormal(detector, random, 6, MONDAY, midnight);
    // Three times the midnight rate is still below the noon rate, yet it is an anomaly at midnight.
    double night = daily(midnight, 6, AMPLITUDE);
    Assessment a = detector.observe(SERIES, midnight, people((int) Math.round(4 * night) + 10));
    assertThat(a.expected()).isBetween(0.8 * night, 1.2 * night);
    assertThat(a.evidence()).isGreaterThanOrEqualTo(Evidence.MODERATE);
  }

  @Test
  void trickleOnASmallServiceReachesModerateWithinFiveMinutes() {
    SplittableRandom random = new SplittableRandom(13);
    long start = MONDAY + 3 * WEEK;
    for (long m = MONDAY; m < start; m++) {
      detector.observe(SERIES, m, people(poisson(random, 0.01)));
    }
    List<Evidence> seen = new ArrayList<>();
    for (long m = start; m < start + 5; m++) {
      seen.add(detector.observe(SERIES, m, new Observation(3, 3, 3)).evidence());
    }
    assertThat(seen).as("3 reports a minute where 0.01 are normal").anyMatch(e -> e.atLeast(Evidence.MODERATE));
  }

  /**
   * The lab's small-service scenario: a regional bank with three reports a day gets about one
   * report a minute, each from another network (the scenario's first minutes, from 09:12). Learned
   * at once, the trickle multiplied the bank's expectation before the five-minute window held
   * enough reports from enough networks: the outage was never detected.
   */
  @Test
  void aTrickleOfAboutOneReportAMinuteOnAServiceWithThreeADayIsDetected() {
    SplittableRandom random = new SplittableRandom(26);
    long start = MONDAY + 3 * WEEK + DAY / 2;
    for (long m = MONDAY; m < start; m++) {
      int n = poisson(random, 3.0 / DAY);
      detector.observe(SERIES, m, new Observation(n, n, n, n));
    }
    int[] trickle = {1, 2, 0, 0, 1, 0, 1, 2, 0, 1, 1, 2, 1, 0, 1};
    int firstModerate = -1;
    for (int i = 0; i < trickle.length && firstModerate < 0; i++) {
      int n = trickle[i];
      if (detector.observe(SERIES, start + i, new Observation(n, n, n, n)).evidence().atLeast(Evidence.MODERATE)) {
        firstModerate = i;
      }
    }
    // Minute 11 is the first whose window holds six reports from six network-minutes: without the
    // networks new to each minute (replayed tallies), network-minutes stand in for distinct
    // networks. With them the same trickle is moderate at minute 4 (SmallSeriesTest).
    assertThat(firstModerate).as("first minute with moderate evidence").isEqualTo(11);
  }

  @Test
  void burstFromTwoNetworksIsAtMostWeakWhateverItsSize() {
    SplittableRandom random = new SplittableRandom(14);
    long at = MONDAY + 3 * WEEK;
    for (long m = MONDAY; m < at; m++) {
      detector.observe(SERIES, m, people(poisson(random, 0.01)));
    }
    Assessment burst = detector.observe(SERIES, at, new Observation(500, 500, 2));
    assertThat(burst.evidence()).isLessThanOrEqualTo(Evidence.WEAK);

    // The same 500 reports from 500 networks are a storm: the burst was refused for its diversity.
    SeasonalPoissonDetector twin = new SeasonalPoissonDetector();
    SplittableRandom same = new SplittableRandom(14);
    for (long m = MONDAY; m < at; m++) {
      twin.observe(SERIES, m, people(poisson(same, 0.01)));
    }
    assertThat(twin.observe(SERIES, at, new Observation(500, 500, 500)).evidence()).isEqualTo(Evidence.STRONG);
  }

  @Test
  void burstFromFewReportersIsAtMostWeak() {
    SplittableRandom random = new SplittableRandom(15);
    long at = MONDAY + 3 * WEEK;
    for (long m = MONDAY; m < at; m++) {
      detector.observe(SERIES, m, people(poisson(random, 0.5)));
    }
    assertThat(detector.observe(SERIES, at, new Observation(1_000, 3, 1_000)).evidence())
        .isLessThanOrEqualTo(Evidence.WEAK);
  }

  @Test
  void twoHourOutageDoesNotInflateTheBaseline() {
    // Two identical series, one of which has a 10× outage at noon on 4 October for two hours.
    SeasonalPoissonDetector normal = new SeasonalPoissonDetector();
    SeasonalPoissonDetector outage = new SeasonalPoissonDetector();
    SplittableRandom r1 = new SplittableRandom(16);
    SplittableRandom r2 = new SplittableRandom(16);
    long onset = NOON_AFTER_THREE_WEEKS;
    long end = onset + 120;
    feedNormal(normal, r1, 6, MONDAY, onset);
    feedNormal(outage, r2, 6, MONDAY, onset);
    for (long m = onset; m < end; m++) {
      int usual = poisson(r1, daily(m, 6, AMPLITUDE));
      normal.observe(SERIES, m, people(usual));
      poisson(r2, 0); // keep both generators in step
      Assessment a = outage.observe(SERIES, m, people(usual * 10 + 20));
      assertThat(a.evidence()).as("minute %d of the outage", m - onset).isGreaterThanOrEqualTo(Evidence.MODERATE);
    }
    double before = outage.observe(SERIES, end, people(0)).expected();
    double reference = normal.observe(SERIES, end, people(0)).expected();
    assertThat(before).as("expected right after the outage").isBetween(0.9 * reference, 1.1 * reference);

    // A week later, the slots of the outage expect what they did without it.
    feedNormal(normal, new SplittableRandom(17), 6, end + 1, onset + WEEK);
    feedNormal(outage, new SplittableRandom(17), 6, end + 1, onset + WEEK);
    for (long m = onset + WEEK; m < end + WEEK; m += 15) {
      double withOutage = outage.observe(SERIES, m, people(6)).expected();
      double without = normal.observe(SERIES, m, people(6)).expected();
      assertThat(withOutage).as("a week later, %d minutes after the outage began", m - onset - WEEK).isBetween(0.9 * without, 1.1 * without);
    }
  }

  @Test
  void newSeriesDoesNotFireOnItsFirstFewReports() {
    int[] first = {1, 0, 2, 3, 1, 0, 0, 4, 2, 1, 3, 0, 1};
    for (int i = 0; i < first.length; i++) {
      Assessment a = detector.observe(SERIES, MONDAY + i, people(first[i]));
      assertThat(a.evidence()).as("minute %d with %d reports", i, first[i]).isLessThan(Evidence.MODERATE);
    }
  }

  @Test
  void busyNewSeriesIsNotJudgedAnOutageForever() {
    // Regression: a new series with 30 reports a minute used to stay STRONG forever, because
    // minutes with moderate evidence were never learned and the baseline stayed at its floor.
    SplittableRandom random = new SplittableRandom(18);
    List<Long> alarms = new ArrayList<>();
    for (long m = MONDAY; m < MONDAY + DAY; m++) {
      Assessment a = detector.observe(SERIES, m, people(poisson(random, 30)));
      if (a.evidence().atLeast(Evidence.MODERATE)) {
        alarms.add(m - MONDAY);
      }
    }
    assertThat(alarms).as("minutes with MODERATE or more").isSubsetOf(0L);
    Assessment later = detector.observe(SERIES, MONDAY + DAY, people(30));
    assertThat(later.expected()).isBetween(25.0, 35.0);
  }

  @Test
  void lateReportsRaiseAPastMinuteAgainstItsOwnExpectationWithoutLearning() {
    SeasonalPoissonDetector twin = new SeasonalPoissonDetector();
    feedNormal(detector, new SplittableRandom(19), 6, MONDAY, NOON_AFTER_THREE_WEEKS);
    feedNormal(twin, new SplittableRandom(19), 6, MONDAY, NOON_AFTER_THREE_WEEKS);
    long m = NOON_AFTER_THREE_WEEKS;
    Assessment onTime = detector.observe(SERIES, m, people(9));
    twin.observe(SERIES, m, people(9));
    assertThat(onTime.evidence()).isEqualTo(Evidence.NONE);

    Assessment late = detector.reassess(SERIES, m, people(90), onTime);
    assertThat(late.evidence()).isEqualTo(Evidence.STRONG);
    assertThat(late.expected()).isEqualTo(onTime.expected());

    Assessment fewer = detector.reassess(SERIES, m, people(10), late);
    assertThat(fewer.evidence()).as("re-assessment never lowers a verdict").isEqualTo(Evidence.STRONG);

    // Reassessing learned nothing: the next minute expects exactly what the twin expects.
    assertThat(detector.observe(SERIES, m + 1, people(9)).expected()).isEqualTo(twin.observe(SERIES, m + 1, people(9)).expected());
  }

  @Test
  void lateReportsForAMinuteWithoutAVerdictAreJudgedAgainstTheBaseline() {
    feedNormal(detector, new SplittableRandom(25), 6, MONDAY, NOON_AFTER_THREE_WEEKS);
    // The caller kept no verdict for this minute (it had no reports when it closed).
    Assessment late = detector.reassess(SERIES, NOON_AFTER_THREE_WEEKS, people(20), Assessment.NORMAL);
    assertThat(late.expected()).isBetween(7.0, 11.0);
    assertThat(late.evidence()).as("20 where 9 are normal at noon").isLessThan(Evidence.MODERATE);
    assertThat(detector.reassess(99, NOON_AFTER_THREE_WEEKS, people(20), Assessment.NORMAL).evidence())
        .as("an unknown series still has the floor").isGreaterThanOrEqualTo(Evidence.MODERATE);
  }

  @Test
  void sameInputsGiveTheSameVerdicts() {
    SeasonalPoissonDetector other = new SeasonalPoissonDetector();
    SplittableRandom r1 = new SplittableRandom(20);
    SplittableRandom r2 = new SplittableRandom(20);
    for (long m = MONDAY; m < MONDAY + 2 * DAY; m++) {
      int n = poisson(r1, daily(m, 3, AMPLITUDE)) + (m % 500 == 0 ? 40 : 0);
      poisson(r2, daily(m, 3, AMPLITUDE));
      assertThat(detector.observe(SERIES, m, people(n))).isEqualTo(other.observe(SERIES, m, people(n)));
    }
  }

  @Test
  void seriesAreIndependent() {
    SplittableRandom random = new SplittableRandom(21);
    for (long m = MONDAY; m < MONDAY + DAY; m++) {
      int n = poisson(random, 2);
      detector.observe(1, m, people(n));
      detector.observe(2, m, people(n));
    }
    long m = MONDAY + DAY;
    assertThat(detector.observe(1, m, people(200)).evidence()).isEqualTo(Evidence.STRONG);
    assertThat(detector.observe(2, m, people(2)).evidence()).isEqualTo(Evidence.NONE);
    assertThat(detector.observe(2, m + 1, people(2)).evidence()).as("series 1's storm is not series 2's").isEqualTo(Evidence.NONE);
  }

  @Test
  void minutesNotObservedCountAsEmptyInTheFiveMinuteWindow() {
    SplittableRandom random = new SplittableRandom(22);
    long start = MONDAY + 3 * WEEK;
    for (long m = MONDAY; m < start; m++) {
      detector.observe(SERIES, m, people(poisson(random, 0.01)));
    }
    // 3 reports, then 3, then the series goes unobserved for a while, then 3 more: the earlier
    // ones are out of the five-minute window and must not add up with the new ones (3 alone is
    // not moderate; 9 in the window would be).
    detector.observe(SERIES, start, people(3));
    detector.observe(SERIES, start + 1, people(3));
    Assessment after = detector.observe(SERIES, start + 9, people(3));
    assertThat(after.evidence()).isLessThan(Evidence.MODERATE);
  }

  @Test
  void stormBeforeALongGapDoesNotLingerInTheWindow() {
    // Regression: after a gap longer than the window, the slot of the last observed minute was
    // not cleared, so a storm observed days earlier still counted in the five-minute sum.
    SplittableRandom random = new SplittableRandom(24);
    long start = MONDAY + 3 * WEEK;
    for (long m = MONDAY; m < start; m++) {
      detector.observe(SERIES, m, people(poisson(random, 2)));
    }
    assertThat(detector.observe(SERIES, start, people(500)).evidence()).isEqualTo(Evidence.STRONG);
    assertThat(detector.observe(SERIES, start + 6, people(0)).evidence()).as("6 minutes later").isEqualTo(Evidence.NONE);

    long again = start + 7;
    assertThat(detector.observe(SERIES, again, people(500)).evidence()).isEqualTo(Evidence.STRONG);
    long daysLater = again + 3 * DAY + 2;
    assertThat(detector.observe(SERIES, daysLater, people(0)).evidence()).as("3 days later").isEqualTo(Evidence.NONE);
  }

  @Test
  void scoreRanksAnomalies() {
    feedNormal(detector, new SplittableRandom(23), 6, MONDAY, NOON_AFTER_THREE_WEEKS);
    SeasonalPoissonDetector twin = new SeasonalPoissonDetector();
    feedNormal(twin, new SplittableRandom(23), 6, MONDAY, NOON_AFTER_THREE_WEEKS);
    double mild = detector.observe(SERIES, NOON_AFTER_THREE_WEEKS, people(18)).score();
    double wild = twin.observe(SERIES, NOON_AFTER_THREE_WEEKS, people(40)).score();
    assertThat(mild).isBetween(0.0, 1.0);
    assertThat(wild).isBetween(0.0, 1.0).isGreaterThan(mild);
  }
}
