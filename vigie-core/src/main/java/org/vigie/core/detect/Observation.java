package org.vigie.core.detect;

/**
 * What one series received in one minute.
 *
 * @param count counted reports (or, for a generic series, its value)
 * @param reporters distinct reporters behind them
 * @param networks distinct networks behind them
 */
public record Observation(double count, int reporters, int networks) {
  /** A value with no diversity information, for generic series such as NAB's. */
  public static Observation of(double value) {
    return new Observation(value, Integer.MAX_VALUE, Integer.MAX_VALUE);
  }

  public static final Observation ZERO = new Observation(0, 0, 0);
}
