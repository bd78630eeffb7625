package org.vigie.lab.detect;

import java.util.HashMap;
import java.util.Map;
import org.vigie.core.detect.Assessment;
import org.vigie.core.detect.Detector;
import org.vigie.core.detect.Observation;
import org.vigie.core.model.Evidence;

/**
 * Baseline: Downdetector's published rule — an outage is reported "when the number of reports is
 * significantly higher than the typical volume for that time of day", the typical volume being
 * the average for that time of day over the last months. Here: the plain mean per 15-minute slot
 * of the day of everything ever seen (outages included: the rule does not exclude them), times a
 * factor, with a small floor on the expectation and a minimum count so a silent series does not
 * alarm on its first report.
 *
 * <p>Source: Downdetector, "About us / methodology" (Ookla, 2021–2024).
 */
public final class DowndetectorDetector implements Detector {
  public static final String NAME = "downdetector";

  /** Slots per day (15 minutes each). */
  static final int SLOTS = 96;

  /** Ratio to the time-of-day average for weak, moderate and strong evidence. */
  static final double WEAK = 2;

  static final double MODERATE = 3;
  static final double STRONG = 6;

  /** Minimum count in the minute before any evidence: one or two reports are never an outage. */
  static final double MIN_COUNT = 5;

  /** Floor on the expectation (reports per minute). */
  static final double FLOOR = 0.5;

  private final Map<Integer, double[]> sums = new HashMap<>();

  @Override
  public String name() {
    return NAME;
  }

  /** Per series: SLOTS sums, SLOTS counts, then the overall sum and count. */
  private double[] state(int series) {
    return sums.computeIfAbsent(series, k -> new double[2 * SLOTS + 2]);
  }

  private static int slot(long epochMinute) {
    return (int) (Math.floorMod(epochMinute, 1440L) / 15);
  }

  private static double expected(double[] s, long epochMinute) {
    int k = slot(epochMinute);
    if (s[SLOTS + k] > 0) {
      return s[k] / s[SLOTS + k];
    }
    return s[2 * SLOTS + 1] > 0 ? s[2 * SLOTS] / s[2 * SLOTS + 1] : 0;
  }

  @Override
  public Assessment observe(int series, long epochMinute, Observation observation) {
    double[] s = state(series);
    double expected = expected(s, epochMinute);
    Assessment a = judge(observation.count(), expected);
    int k = slot(epochMinute);
    s[k] += observation.count();
    s[SLOTS + k]++;
    s[2 * SLOTS] += observation.count();
    s[2 * SLOTS + 1]++;
    return a;
  }

  @Override
  public Assessment reassess(int series, long epochMinute, Observation observation, Assessment previous) {
    return judge(observation.count(), previous.expected());
  }

  private static Assessment judge(double count, double expected) {
    double e = Math.max(FLOOR, expected);
    double ratio = count / e;
    Evidence ev = Evidence.NONE;
    if (count >= MIN_COUNT) {
      ev = ratio >= STRONG ? Evidence.STRONG
          : ratio >= MODERATE ? Evidence.MODERATE
          : ratio >= WEAK ? Evidence.WEAK
          : Evidence.NONE;
    }
    return new Assessment(ev, expected, Scores.squash(ratio - 1, MODERATE));
  }
}
