package org.vigie.lab.detect;

import java.util.HashMap;
import java.util.Map;
import org.vigie.core.detect.Assessment;
import org.vigie.core.detect.Detector;
import org.vigie.core.detect.Observation;
import org.vigie.core.model.Evidence;

/**
 * Baseline: an exponentially weighted moving mean and variance, and the z-score of each new value
 * against them (the control chart of Roberts, "Control chart tests based on geometric moving
 * averages", Technometrics 1959; the "windowed Gaussian" of NAB is its sliding-window cousin). No
 * seasonality, learns from everything, outages included.
 */
public final class EwmaDetector implements Detector {
  public static final String NAME = "ewma";

  /** Weight of a new value: about an hour of memory at one value a minute. */
  static final double ALPHA = 1.0 / 60;

  /** z-scores for weak, moderate and strong evidence. */
  static final double WEAK = 3;

  static final double MODERATE = 5;
  static final double STRONG = 8;

  /** Values before the variance is trusted at all. */
  static final int WARM_UP = 30;

  private final Map<Integer, double[]> state = new HashMap<>();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Assessment observe(int series, long epochMinute, Observation observation) {
    double[] s = state.computeIfAbsent(series, k -> new double[3]); // mean, variance, seen
    double x = observation.count();
    Assessment a = s[2] < WARM_UP ? new Assessment(Evidence.NONE, s[0], 0) : judge(x, s[0], s[1]);
    if (s[2] == 0) {
      s[0] = x;
    } else {
      double alpha = Math.max(ALPHA, 1.0 / (s[2] + 1));
      double d = x - s[0];
      s[0] += alpha * d;
      s[1] = (1 - alpha) * (s[1] + alpha * d * d);
    }
    s[2]++;
    return a;
  }

  @Override
  public Assessment reassess(int series, long epochMinute, Observation observation, Assessment previous) {
    double[] s = state.get(series);
    return s == null ? previous : judge(observation.count(), previous.expected(), s[1]);
  }

  private static Assessment judge(double x, double mean, double variance) {
    // A tiny floor keeps a flat series from dividing by zero; nothing more (an honest z-score).
    double z = (x - mean) / Math.sqrt(Math.max(variance, 1e-6));
    Evidence e = z >= STRONG ? Evidence.STRONG
        : z >= MODERATE ? Evidence.MODERATE
        : z >= WEAK ? Evidence.WEAK
        : Evidence.NONE;
    return new Assessment(e, mean, Scores.squash(z, MODERATE));
  }
}
