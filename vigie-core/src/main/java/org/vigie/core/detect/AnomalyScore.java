package org.vigie.core.detect;

/**
 * The graded anomaly score of one series ({@link Assessment#score()}): how surprising the onset of
 * a surge is, from 0 to 1, for ranking and for NAB. Evidence levels do not use it.
 *
 * <p>Why not the Poisson tail probability: real streams are over-dispersed, so on busy series
 * (tweet volumes, a large service's reports) nearly every minute has a tail probability below
 * 1e-20 and a score derived from it sits at 1 everywhere — NAB could then not tell an outage from
 * a Tuesday. Instead:
 *
 * <ul>
 *   <li><b>Dispersion.</b> The series' own over-dispersion φ is a running mean of squared Pearson
 *       residuals {@code (x − e)² / e} (McCullagh and Nelder, <i>Generalized Linear Models</i>,
 *       §4.5: the quasi-Poisson scale), each winsorised at {@value #WINSOR}·φ so an outage does
 *       not teach the score that outages are normal. Surprise is the residual in units of √(φe):
 *       about a z-score whatever the volume.
 *   <li><b>Two scales.</b> The last minute, and the detector's five-minute window scaled to the same
 *       units (divided by √5), so a burst and a sustained shift both count. Only surges count: a
 *       drop in reports is not an outage.
 *   <li><b>Novelty.</b> {@link Novelty}: the excess over the largest surprise of the previous
 *       {@value #MEMORY} observations, and no further alarm for as long after one. On NAB's tweet
 *       volumes the alarm hold took the false-positive rows at the best threshold from 124 to 96
 *       (standard score 60.1 to 64.8).
 * </ul>
 */
final class AnomalyScore {
  /** Observations over which the dispersion is averaged once warm (a day of minutes). */
  static final int DISPERSION_MEMORY = 1440;

  /** Squared residuals are capped at this many times the current dispersion before they are learned. */
  static final double WINSOR = 9;

  /** Observations an episode's surprise is remembered, and alarms held back after one. */
  static final int MEMORY = 288;

  /** Surprise (in √(φe) units) above the remembered one that scores 0.5. */
  static final double HALF = 5;

  private final Novelty novelty = new Novelty(MEMORY, HALF);
  private double dispersion = 1;
  private long seen;

  /** Scores this observation, then learns its dispersion. */
  double score(double count, double expected, double windowCount, double windowExpected) {
    double spread = Math.sqrt(dispersion);
    double minute = (count - expected) / (spread * Math.sqrt(expected));
    double window = (windowCount - windowExpected) / (spread * Math.sqrt(windowExpected * SeasonalPoissonDetector.WINDOW));
    double surprise = Math.max(0, Math.max(minute, window));
    double residual = (count - expected) * (count - expected) / expected;
    double alpha = Math.max(1.0 / DISPERSION_MEMORY, 1.0 / (seen + 1));
    dispersion += alpha * (Math.min(residual, WINSOR * dispersion) - dispersion);
    // Never below Poisson: a series calmer than Poisson would turn every wiggle into a surprise.
    dispersion = Math.max(1, dispersion);
    seen++;
    return novelty.score(surprise);
  }
}
