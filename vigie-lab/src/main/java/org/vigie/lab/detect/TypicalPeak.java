package org.vigie.lab.detect;

import java.util.Arrays;

/**
 * The typical peak of a stream: the median of the maxima of its last {@code periods} windows of
 * {@code period} steps, each window ending one period before the next, the most recent one
 * ending at the step before the current one. With a period of one day and seven periods: "how
 * high does this series usually go in a day, judging by the last week".
 *
 * <p>Why: a series' own daily peak is the yardstick its anomalies are judged by. A bursty series
 * (tweets about a stock on an earnings day, a service whose users all wake at 8) reaches a large
 * surprise every day, a calm one never; dividing the surprise by its typical daily peak gives one
 * scale for both, so one threshold serves every series. The median of the daily maxima is the
 * block-maxima view of extreme-value statistics (the location of the maxima's distribution;
 * Coles, <i>An Introduction to Statistical Modeling of Extreme Values</i>, 2001, ch. 3) and is
 * not moved by one extraordinary day, so an anomaly does not raise the yardstick it is measured
 * against for the following days (a mean or the maximum would).
 *
 * <p>Values are floored at 0 (a window of only negative values has maximum 0). Amortised O(1)
 * per step for the sliding maximum, O(periods log periods) for the median.
 */
final class TypicalPeak {
  private final int period;
  private final int periods;
  /** The sliding maximum over the previous {@code period} steps, as a monotone deque of steps. */
  private final long[] dequeSteps;
  private final double[] dequeValues;
  private int head;
  private int size;
  /** The maximum of the window ending at each of the last {@code period × periods} steps. */
  private final double[] maxima;
  private final double[] scratch;
  private long steps;

  TypicalPeak(int period, int periods) {
    if (period < 1 || periods < 1) {
      throw new IllegalArgumentException("period and periods must be positive");
    }
    this.period = period;
    this.periods = periods;
    this.dequeSteps = new long[period + 1];
    this.dequeValues = new double[period + 1];
    this.maxima = new double[period * periods];
    this.scratch = new double[periods];
  }

  /**
   * The typical peak before this step, then remembers {@code value} as this step's.
   *
   * @return the median of the maxima of the last {@code periods} complete windows, or {@code NaN}
   *     while fewer than {@code period} steps were seen
   */
  double next(double value) {
    // Drop what left the window [steps - period, steps - 1].
    while (size > 0 && dequeSteps[head] < steps - period) {
      head = (head + 1) % dequeSteps.length;
      size--;
    }
    double windowMax = size > 0 ? Math.max(0, dequeValues[head]) : 0;
    maxima[(int) (steps % maxima.length)] = windowMax;
    int n = 0;
    for (int j = 0; j < periods; j++) {
      long at = steps - (long) j * period;
      if (at < period) {
        break;
      }
      scratch[n++] = maxima[(int) (at % maxima.length)];
    }
    double typical = Double.NaN;
    if (n > 0) {
      Arrays.sort(scratch, 0, n);
      typical = n % 2 == 1 ? scratch[n / 2] : 0.5 * (scratch[n / 2 - 1] + scratch[n / 2]);
    }
    // Remember this step: smaller values behind it can never be a window's maximum again.
    while (size > 0 && dequeValues[(head + size - 1) % dequeValues.length] <= value) {
      size--;
    }
    int tail = (head + size) % dequeSteps.length;
    dequeSteps[tail] = steps;
    dequeValues[tail] = value;
    size++;
    steps++;
    return typical;
  }
}
