package org.vigie.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vigie.core.model.Evidence;

/** Regression: the quiet scenario opened an incident in its very first minute. */
class ColdStartTest {
  @Test
  void aBusyNewSeriesRaisesNothingInItsFirstMinutesNorRightAfter() {
    SeasonalPoissonDetector d = new SeasonalPoissonDetector();
    Evidence worst = Evidence.NONE;
    for (long m = 0; m < 180; m++) {
      worst = Evidence.max(worst, d.observe(7, 29_000_000L + m, new Observation(9, 9, 9)).evidence());
    }
    assertThat(worst).isIn(Evidence.NONE, Evidence.WEAK);
  }

  @Test
  void onceWarmAStormIsStillAStorm() {
    SeasonalPoissonDetector d = new SeasonalPoissonDetector();
    long m = 29_000_000L;
    for (; m < 29_000_000L + 120; m++) {
      d.observe(7, m, new Observation(9, 9, 9));
    }
    assertThat(d.observe(7, m, new Observation(200, 200, 150)).evidence()).isEqualTo(Evidence.STRONG);
  }
}
