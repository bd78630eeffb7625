package org.vigie.lab.detect;

/** Shared helpers for the baselines' anomaly scores. */
final class Scores {
  private Scores() {}

  /**
   * Maps a non-negative strength (a ratio excess, a z-score) onto [0, 1) monotonically, so NAB's
   * threshold sweep over the score is a sweep over the strength itself.
   */
  static double squash(double strength, double half) {
    if (!(strength > 0)) {
      return 0;
    }
    return strength / (strength + half);
  }
}
