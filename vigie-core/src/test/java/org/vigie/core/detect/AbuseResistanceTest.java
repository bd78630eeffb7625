package org.vigie.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vigie.core.model.Evidence;

/** One address must not be able to raise an alarm, however it spreads its reports over time. */
class AbuseResistanceTest {
  private static final long NOON = 29_000_000L - Math.floorMod(29_000_000L, 1440L) + 720;

  @Test
  void oneNetworkRotatingClientIdsOnASmallServiceStaysWeak() {
    SeasonalPoissonDetector d = new SeasonalPoissonDetector();
    long m = NOON - 7 * 1440;
    // A week of a small service: about one report every 50 minutes.
    for (; m < NOON; m++) {
      d.observe(1, m, m % 50 == 0 ? new Observation(1, 1, 1) : Observation.ZERO);
    }
    Evidence worst = Evidence.NONE;
    // Then one address sends four fresh "reporters" a minute for half an hour.
    for (int i = 0; i < 30; i++, m++) {
      worst = Evidence.max(worst, d.observe(1, m, new Observation(4, 4, 1)).evidence());
    }
    assertThat(worst).isIn(Evidence.NONE, Evidence.WEAK);
  }

  @Test
  void theSameTrickleFromManyNetworksIsAnAlarm() {
    SeasonalPoissonDetector d = new SeasonalPoissonDetector();
    long m = NOON - 7 * 1440;
    for (; m < NOON; m++) {
      d.observe(1, m, m % 50 == 0 ? new Observation(1, 1, 1) : Observation.ZERO);
    }
    Evidence worst = Evidence.NONE;
    for (int i = 0; i < 5; i++, m++) {
      worst = Evidence.max(worst, d.observe(1, m, new Observation(4, 4, 4)).evidence());
    }
    assertThat(worst).isGreaterThanOrEqualTo(Evidence.MODERATE);
  }

  /**
   * The lab's brigading scenario: 100 reports a minute from the same 5 networks on a service with
   * about 2 a minute. A minute where normal traffic brings 6 more networks escapes the concentration
   * rule (107 reports, 11 networks); without per-network history it looks like 44 people.
   */
  @Test
  void theSameFiveNetworksEveryMinuteDoNotOpenAnIncident() {
    Evidence withoutHistory = brigade(false);
    Evidence withHistory = brigade(true);
    assertThat(withoutHistory).isGreaterThanOrEqualTo(Evidence.MODERATE);
    assertThat(withHistory).isIn(Evidence.NONE, Evidence.WEAK);
  }

  private static Evidence brigade(boolean fresh) {
    SeasonalPoissonDetector d = new SeasonalPoissonDetector();
    long m = NOON - 7 * 1440;
    for (; m < NOON; m++) {
      int n = (int) (m % 2);
      d.observe(1, m, fresh ? new Observation(2 + n, 2 + n, 2 + n, 2 + n) : new Observation(2 + n, 2 + n, 2 + n));
    }
    Evidence worst = Evidence.NONE;
    for (int i = 0; i < 30; i++, m++) {
      // The first minute the 5 networks are new (4 each, plus 2 normal reports); afterwards only
      // the normal networks add anything.
      int normal = i % 10 == 9 ? 6 : 2;
      double newReports = (i == 0 ? 20 : 0) + normal;
      Observation o = fresh
          ? new Observation(100 + normal, 100 + normal, 5 + normal, newReports)
          : new Observation(100 + normal, 100 + normal, 5 + normal);
      worst = Evidence.max(worst, d.observe(1, m, o).evidence());
    }
    return worst;
  }
}
