package org.vigie.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigie.core.detect.Traffic.DAY;
import static org.vigie.core.detect.Traffic.MONDAY;
import static org.vigie.core.detect.Traffic.WEEK;
import static org.vigie.core.detect.Traffic.poisson;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vigie.core.model.Evidence;

/**
 * A series with a few reports a day (a regional bank): its outage, one person a minute from
 * networks of their own, is found within five minutes, while a few networks repeating themselves
 * and a series too young to know its own silence stay below moderate evidence.
 */
class SmallSeriesTest {
  private static final int SERIES = 3;

  /** Thursday of the fourth week, 09:12 UTC: a bank's working morning. */
  private static final long ONSET = MONDAY + 3 * WEEK + 3 * DAY + 9 * 60 + 12;

  private final SeasonalPoissonDetector detector = new SeasonalPoissonDetector();

  /** Three weeks of three reports a day, each from a person on a network of their own. */
  private void threeReportsADay() {
    SplittableRandom random = new SplittableRandom(26);
    for (long m = MONDAY; m < ONSET; m++) {
      int n = poisson(random, 3.0 / DAY);
      detector.observe(SERIES, m, new Observation(n, n, n, n, n));
    }
  }

  /** Minutes after onset until the first moderate evidence, or -1 within {@code counts}. */
  private int firstModerate(int[] counts, int[] newNetworks) {
    for (int i = 0; i < counts.length; i++) {
      int n = counts[i];
      Observation o = new Observation(n, n, n, Math.min(n, newNetworks[i] * Observation.PER_NETWORK), newNetworks[i]);
      if (detector.observe(SERIES, ONSET + i, o).evidence().atLeast(Evidence.MODERATE)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The lab's small-service draw: 1, 2, 0, 0, 1 reports in the outage's first five minutes, each from
   * a network not seen before. Against the bank's own history (three a day, not the new-series floor
   * of fourteen a day) four of them are p ≈ 2e-9: moderate at the fifth minute. It used to take
   * eleven more minutes, until six reports from six network-minutes were in the window.
   */
  @Test
  void fourReportsFromFourNewNetworksInFiveMinutesAreModerate() {
    threeReportsADay();
    int[] trickle = {1, 2, 0, 0, 1, 0, 1, 2, 0, 1, 1, 2};
    assertThat(firstModerate(trickle, trickle)).as("minute of the first moderate evidence").isEqualTo(4);
  }

  /**
   * Three networks, one report each every minute for half an hour: twelve reports in every five
   * minutes, fifteen network-minutes, but three networks. Network-minutes called it moderate.
   */
  @Test
  void threeNetworksReportingEveryMinuteStayBelowModerate() {
    threeReportsADay();
    Evidence worst = Evidence.NONE;
    for (int i = 0; i < 30; i++) {
      // Each network may count four reports in five minutes: fresh in the first four minutes only.
      double fresh = i < 4 ? 3 : 0;
      Observation o = new Observation(3, 3, 3, fresh, i == 0 ? 3 : 0);
      worst = Evidence.max(worst, detector.observe(SERIES, ONSET + i, o).evidence());
    }
    assertThat(worst).isLessThan(Evidence.MODERATE);
  }

  /** The same brigade, a hundred reports a minute from the same three networks. */
  @Test
  void threeNetworksSendingHundredsStayBelowModerate() {
    threeReportsADay();
    Evidence worst = Evidence.NONE;
    for (int i = 0; i < 30; i++) {
      Observation o = new Observation(100, 100, 3, i == 0 ? 12 : 0, i == 0 ? 3 : 0);
      worst = Evidence.max(worst, detector.observe(SERIES, ONSET + i, o).evidence());
    }
    assertThat(worst).isLessThan(Evidence.MODERATE);
  }

  /**
   * A series an hour old has not shown that its silence means three reports a day: it is judged
   * against the new-series floor, where four reports in five minutes (p ≈ 3e-7) are not enough.
   */
  @Test
  void aYoungSeriesIsJudgedAgainstTheNewSeriesFloor() {
    for (long m = ONSET - 60; m < ONSET; m++) {
      detector.observe(SERIES, m, Observation.ZERO);
    }
    int[] trickle = {1, 2, 0, 0, 1, 0};
    assertThat(firstModerate(trickle, trickle)).isEqualTo(-1);
  }
}
