package org.vigie.probe;

import java.time.Duration;

/**
 * A quorum rule: a target is down when at least {@code k} vantage points (of those that reported
 * lately) each failed {@code rounds} times in a row.
 *
 * @param k failing vantage points needed; with fewer vantage points than k, all must fail
 * @param rounds consecutive failed runs a vantage point needs before it counts as failing
 * @param fresh how long a vantage point's latest result stays current; older ones drop out of n
 */
public record Quorum(int k, int rounds, Duration fresh) {
  /** Two vantage points failing twice in a row, results current for three 30-second rounds. */
  public static final Quorum DEFAULT = new Quorum(2, 2, Duration.ofSeconds(90));

  public Quorum {
    if (k < 1 || rounds < 1) {
      throw new IllegalArgumentException("a quorum needs k ≥ 1 and rounds ≥ 1");
    }
    if (fresh == null || fresh.isNegative() || fresh.isZero()) {
      throw new IllegalArgumentException("fresh must be positive");
    }
  }
}
