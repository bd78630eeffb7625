package org.vigie.core.detect;

/**
 * Turns a stream of surprises (how anomalous each step is, ≥ 0, in any unit) into scores of
 * onsets, from 0 to 1: a step scores by how far its surprise exceeds the largest of the previous
 * {@code memory} steps, and after an alarm (a score above 0.5) every score stays 0 for the next
 * {@code memory} steps.
 *
 * <p>Why: NAB rewards the first detection in an anomaly window and charges every later one outside
 * it, and an incident needs one alarm, not one a minute. The episode's onset scores high, its
 * continuation low, and the alarm hold is the one NAB's detectors apply after firing (Lavin and
 * Ahmad, "Evaluating Real-time Anomaly Detection Algorithms — the Numenta Anomaly Benchmark",
 * 2015; the HTM and ARTime detectors).
 */
public final class Novelty {
  private final double[] surprises;
  private final double half;
  /** The largest remembered surprise (at least 0), kept as steps go so a step costs O(1) mostly. */
  private double remembered;
  private long steps;
  private long lastAlarm;

  /**
   * @param memory steps an episode's surprise is remembered, and alarms held back after one
   * @param half excess surprise that scores 0.5 (and is an alarm)
   */
  public Novelty(int memory, double half) {
    this.surprises = new double[memory];
    this.half = half;
    this.lastAlarm = -memory - 1L;
  }

  /** Scores the next step's surprise and remembers it. */
  public double score(double surprise) {
    double excess = surprise - remembered;
    int slot = (int) (steps % surprises.length);
    double forgotten = surprises[slot];
    surprises[slot] = surprise;
    // Every series scores every minute: scan the window again only when its largest value leaves.
    if (surprise >= remembered) {
      remembered = surprise;
    } else if (forgotten >= remembered && remembered > 0) {
      remembered = largest();
    }
    if (steps - lastAlarm <= surprises.length) {
      excess = 0;
    } else if (excess > half) {
      lastAlarm = steps;
    }
    steps++;
    return excess <= 0 ? 0 : excess / (excess + half);
  }

  private double largest() {
    double max = 0;
    for (double v : surprises) {
      max = Math.max(max, v);
    }
    return max;
  }
}
