package org.vigie.core.detect;

/**
 * What is normal for one series at each time of week: a robust running mean per 15-minute slot of
 * the week (672 slots), blended with the series' recent overall level while a slot has seen
 * little history (cold start).
 *
 * <p>Why 15-minute slots: per-minute slots of the week would each learn from one value a week and
 * stay noisy for months; an hour is too coarse for evening peaks. Neighbouring slots are mixed
 * (¼, ½, ¼) when read, which smooths slot edges. Why robust: observations are clipped to a few
 * standard deviations above expectation before they are learned, and the caller skips learning
 * during an outage, so past outages do not raise the baseline (Downdetector's plain six-month
 * average is pulled up by every past outage in the same hour).
 */
final class SeasonalBaseline {
  static final int SLOTS = 7 * 24 * 4;

  /** Weight of a new observation in its slot once the slot is warm: about four weeks of memory. */
  static final float SLOT_ALPHA = 1f / 60f;

  /** Weight of a new minute in the overall level: about a day of memory. */
  static final double LEVEL_ALPHA = 1.0 / 1440.0;

  /** Observations a slot needs (15 a week) before its own mean is fully trusted. */
  static final int WARM = 15;

  private final float[] mean = new float[SLOTS];
  private final short[] seen = new short[SLOTS];
  private double level;
  private long levelSeen;
  /** Sum of every value learned, for the series' long-run rate ({@link #learnedTotal}). */
  private double total;

  /** Slot of an epoch minute: weeks start on Monday 00:00 UTC (epoch day 0 was a Thursday). */
  static int slot(long epochMinute) {
    long minuteOfWeek = Math.floorMod(epochMinute + 3L * 1440, 7L * 1440);
    return (int) (minuteOfWeek / 15);
  }

  /** Expected per-minute value at this minute. */
  double expected(long epochMinute) {
    int s = slot(epochMinute);
    int prev = (s + SLOTS - 1) % SLOTS;
    int next = (s + 1) % SLOTS;
    double slotMean = 0.25 * slotValue(prev) + 0.5 * slotValue(s) + 0.25 * slotValue(next);
    double w = Math.min(1.0, (double) seen[s] / WARM);
    return w * slotMean + (1 - w) * level;
  }

  private double slotValue(int s) {
    // A cold neighbour contributes the level rather than a half-learned zero.
    return seen[s] == 0 ? level : (seen[s] >= WARM ? mean[s] : (seen[s] * mean[s] + (WARM - seen[s]) * level) / WARM);
  }

  /** Learns one minute's value (already clipped by the caller). */
  void learn(long epochMinute, double value) {
    int s = slot(epochMinute);
    int n = seen[s];
    float alpha = n < 60 ? 1f / (n + 1) : SLOT_ALPHA;
    mean[s] += (float) ((value - mean[s]) * alpha);
    if (n < Short.MAX_VALUE) {
      seen[s] = (short) (n + 1);
    }
    double la = levelSeen < 1440 ? 1.0 / (levelSeen + 1) : LEVEL_ALPHA;
    level += (value - level) * la;
    levelSeen++;
    total += value;
  }

  /** Sum of the values learned so far, over {@link #minutesSeen} minutes. */
  double learnedTotal() {
    return total;
  }

  long minutesSeen() {
    return levelSeen;
  }
}
