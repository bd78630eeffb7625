package org.vigie.core.detect;

/**
 * What one series received in one minute.
 *
 * @param count counted reports (or, for a generic series, its value)
 * @param reporters distinct reporters behind them
 * @param networks distinct networks behind them
 * @param fresh this minute's counted reports once each network is limited to {@link #PER_NETWORK}
 *     reports over the last {@link #WINDOW} minutes (this one included): a network that already
 *     sent its share in the previous minutes adds nothing. {@code NaN} when unknown (replays of
 *     stored tallies, generic series), in which case only the per-minute limits apply.
 * @param newNetworks networks of this minute with a counted report and none in the last {@link
 *     #WINDOW} − 1 minutes: summed over the window, a lower bound on the distinct networks behind
 *     it (five networks seen every minute add up to five, not twenty-five). Negative when unknown.
 */
public record Observation(double count, int reporters, int networks, double fresh, int newNetworks) {
  /** Reports one network may contribute over {@link #WINDOW} minutes. */
  public static final int PER_NETWORK = 4;

  /** Minutes of the detector's longer window, over which {@link #PER_NETWORK} applies. */
  public static final int WINDOW = 5;

  /** An observation without per-network history ({@link #fresh} and {@link #newNetworks} unknown). */
  public Observation(double count, int reporters, int networks) {
    this(count, reporters, networks, Double.NaN, -1);
  }

  /** An observation whose new networks are unknown. */
  public Observation(double count, int reporters, int networks, double fresh) {
    this(count, reporters, networks, fresh, -1);
  }

  /** A value with no diversity information, for generic series such as NAB's. */
  public static Observation of(double value) {
    return new Observation(value, Integer.MAX_VALUE, Integer.MAX_VALUE);
  }

  public static final Observation ZERO = new Observation(0, 0, 0, 0, 0);

  /** Whether {@link #fresh} is known. */
  public boolean hasFresh() {
    return !Double.isNaN(fresh);
  }

  /** Whether {@link #newNetworks} is known. */
  public boolean hasNewNetworks() {
    return newNetworks >= 0;
  }
}
