package org.vigie.lab.detect;

/**
 * Turns a stream of strengths (≥ 0, in units where {@code level} is an alarm) into scores from 0
 * to 1: {@code s / (s + level)}, so a strength at the alarm level scores exactly 0.5, and after an
 * alarm (a strength ≥ {@code level}) every score is 0 for the next {@code hold} steps.
 *
 * <p>Why: one episode deserves one alarm. NAB rewards the first detection in an anomaly window
 * and charges every detection outside one; an operator wants one page per incident, not one a
 * minute. Unlike {@link org.vigie.core.detect.Novelty} the strength is not compared with the
 * recent past: the strengths this is fed are already relative to the series' own typical peak
 * ({@link TypicalPeak}).
 */
final class AlarmHold {
  private final double level;
  private final int hold;
  private long steps;
  private long lastAlarm;

  /**
   * @param level strength that is an alarm (and scores 0.5)
   * @param hold steps after an alarm during which every score is 0
   */
  AlarmHold(double level, int hold) {
    if (!(level > 0) || hold < 0) {
      throw new IllegalArgumentException("level must be positive and hold non-negative");
    }
    this.level = level;
    this.hold = hold;
    this.lastAlarm = -hold - 1L;
  }

  /** Scores the next step's strength. */
  double score(double strength) {
    long now = steps++;
    if (now - lastAlarm <= hold || !(strength > 0)) {
      return 0;
    }
    if (strength >= level) {
      lastAlarm = now;
    }
    return strength / (strength + level);
  }
}
