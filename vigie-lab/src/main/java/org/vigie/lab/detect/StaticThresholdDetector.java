package org.vigie.lab.detect;

import org.vigie.core.detect.Assessment;
import org.vigie.core.detect.Detector;
import org.vigie.core.detect.Observation;
import org.vigie.core.model.Evidence;

/**
 * Baseline: a fixed number of reports per minute, the same for every series. It learns nothing;
 * it is what a first alerting rule looks like ("page me above 50 reports a minute").
 *
 * <p>On NAB the score is a monotone function of the raw value, so NAB's threshold sweep amounts to
 * choosing the best single static threshold for the whole corpus — the most generous reading of
 * this baseline.
 */
public final class StaticThresholdDetector implements Detector {
  public static final String NAME = "static";

  /** Counted reports in a minute for weak evidence. */
  static final double WEAK = 10;

  /** Counted reports in a minute for moderate evidence (an incident opens). */
  static final double MODERATE = 30;

  /** Counted reports in a minute for strong evidence. */
  static final double STRONG = 100;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Assessment observe(int series, long epochMinute, Observation observation) {
    return judge(observation.count());
  }

  @Override
  public Assessment reassess(int series, long epochMinute, Observation observation, Assessment previous) {
    return judge(observation.count());
  }

  private static Assessment judge(double count) {
    Evidence e = count >= STRONG ? Evidence.STRONG
        : count >= MODERATE ? Evidence.MODERATE
        : count >= WEAK ? Evidence.WEAK
        : Evidence.NONE;
    return new Assessment(e, WEAK, Scores.squash(count, MODERATE * 10));
  }
}
