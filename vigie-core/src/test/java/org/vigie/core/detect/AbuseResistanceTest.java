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
}
