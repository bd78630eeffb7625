package org.vigie.probe;

import java.time.Duration;

/**
 * When and how patiently a check runs.
 *
 * @param interval time between two runs of the check
 * @param timeout the most one attempt may take, connection and answer included
 * @param retries further attempts after a failed one, within the same run (0 = one attempt)
 */
public record Schedule(Duration interval, Duration timeout, int retries) {
  /** A check every 30 s, 5 s per attempt, one retry. */
  public static final Schedule DEFAULT = new Schedule(Duration.ofSeconds(30), Duration.ofSeconds(5), 1);

  public Schedule {
    if (interval == null || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("a check interval must be positive");
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("a check timeout must be positive");
    }
    if (retries < 0 || retries > 5) {
      throw new IllegalArgumentException("retries must be between 0 and 5, got " + retries);
    }
    if (timeout.multipliedBy(retries + 1L).compareTo(interval) > 0) {
      throw new IllegalArgumentException(
          "timeout × attempts (" + timeout.multipliedBy(retries + 1L) + ") exceeds the interval " + interval + "; a run would overlap the next");
    }
  }
}
