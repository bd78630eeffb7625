package org.vigie.lab.detect;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.vigie.core.detect.Assessment;
import org.vigie.core.detect.Detector;
import org.vigie.core.detect.Observation;
import org.vigie.core.model.Evidence;

/**
 * Vigie's detector for generic real-valued streams such as NAB's (not report counts): how far the
 * last hour stands above the last week, in units of how far the series usually gets in a day.
 *
 * <h2>Implementation notes</h2>
 *
 * <ol>
 *   <li><b>Time, not steps.</b> Every length below is a duration; the series' sampling interval is
 *       the median of its first {@value #CALIBRATION_GAPS} gaps, and each duration becomes a
 *       number of steps (NAB's 5-minute rows: an hour is 12 steps, a day 288, a week 2016).
 *   <li><b>One-hour level.</b> The mean of the last hour's values. A news event, an outage or a
 *       campaign lasts hours; a single 5-minute burst is usually noise (a bot, a retweet storm)
 *       and is what most false alarms on NAB's tweet volumes were. Waiting for the hour costs
 *       little: NAB's reward for a detection falls slowly over an anomaly window (about 0.02 of
 *       a detection's worth for each hour late on the tweet files, whose windows last 33 hours
 *       or more).
 *   <li><b>Robust z-score.</b> Against the median and the median absolute deviation (MAD) of that
 *       hourly mean over the last week, recomputed every hour from past values only: a spike
 *       does not move a median, and the MAD is not inflated by past anomalies the way a standard
 *       deviation is (Rousseeuw and Croux, JASA 1993). Drops count at weight {@value
 *       #DOWN_WEIGHT}: for volumes the surge matters, a fall to a flat line still deserves
 *       attention.
 *   <li><b>Relative to the typical daily peak.</b> The z-score divided by the median of its
 *       maxima over each of the last {@value #PEAK_DAYS} days ({@link TypicalPeak}), floored at
 *       {@value #PEAK_FLOOR} (what noise alone reaches in a day: a series that never moves does
 *       not alarm on a 4 σ hour).
 *       Tweet volumes differ wildly in burstiness: a robust z of 50 happens every day on a sparse
 *       series (CVS, PFE: mostly zeros) and never on a busy one (AMZN). A fixed z threshold
 *       therefore raised 10–20 false alarms on bursty files and missed anomalies on calm ones;
 *       the ratio gives every series one scale, so one threshold serves them all. An alarm is an
 *       hour {@value #ALARM} times higher above the week's median than the series' usual daily
 *       maximum.
 *   <li><b>One alarm per episode.</b> {@link AlarmHold}: the score is {@code r / (r + }{@value
 *       #ALARM}{@code )} of that ratio r, so 0.5 is the alarm level, and nothing is scored for a
 *       day after an alarm. NAB charges every detection outside a window and only counts the
 *       first inside one; an operator wants one page per incident.
 *   <li><b>Streaming only.</b> Each value is seen once, in order; nothing is tuned per file or per
 *       category; labels are never read. The first {@value #WARM_UP_MINUTES} minutes score 0, and
 *       the typical peak needs one full day before anything can alarm.
 * </ol>
 *
 * <p>Where the constants come from: one hour, one day and one week are the natural scales of
 * human activity streams (and the week covers the weekday/weekend cycle); 1.5 typical peaks and
 * the hold of one day were compared with nearby values on NAB's tweet volumes, see {@code
 * vigie-lab/RATIONALE.md} for every variant tried and its score (so those two are fitted to the
 * benchmark, not derived). What the tweets reward and what was tried is in that file too.
 *
 * <p>Evidence levels (for use on report counts) follow the hourly z-score: weak ≥ 4, moderate ≥ 7,
 * strong ≥ 12.
 */
public final class NabDetector implements Detector {
  public static final String NAME = "vigie-nab";

  /** Gaps between the first observations from which the sampling interval is measured. */
  static final int CALIBRATION_GAPS = 8;

  /** Length of the level that is scored (minutes). */
  static final int LEVEL_MINUTES = 60;

  /** Reference history of the hourly level: its median and MAD (minutes: a week). */
  static final int HISTORY_MINUTES = 7 * 1440;

  /** Minutes between recomputations of the median and MAD (they move slowly). */
  static final int REFRESH_MINUTES = 60;

  /** Minutes before anything is scored. */
  static final int WARM_UP_MINUTES = 720;

  /** Period whose maximum is a series' peak (minutes: a day). */
  static final int PEAK_MINUTES = 1440;

  /** Daily peaks whose median is the typical peak. */
  static final int PEAK_DAYS = 7;

  /**
   * The typical peak is at least this many robust standard deviations: what Gaussian noise reaches
   * in a day (the three-sigma rule), so an alarm needs at least 4.5 σ even on a series that never
   * moves.
   */
  static final double PEAK_FLOOR = 3;

  /** Alarm level, in typical daily peaks. */
  static final double ALARM = 1.5;

  /** Minutes without alarm after one. */
  static final int HOLD_MINUTES = 1440;

  /** Weight of downward deviations. */
  static final double DOWN_WEIGHT = 0.5;

  private final Map<Integer, Series> series = new HashMap<>();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Assessment observe(int seriesId, long epochMinute, Observation observation) {
    return series.computeIfAbsent(seriesId, k -> new Series()).observe(epochMinute, observation.count());
  }

  @Override
  public Assessment reassess(int seriesId, long epochMinute, Observation observation, Assessment previous) {
    return previous;
  }

  /** One series: measures its sampling interval, then runs a {@link Scorer} sized for it. */
  private static final class Series {
    private final long[] minutes = new long[CALIBRATION_GAPS + 1];
    private final double[] values = new double[CALIBRATION_GAPS + 1];
    private int buffered;
    private Scorer scorer;

    Assessment observe(long epochMinute, double value) {
      if (scorer != null) {
        return scorer.observe(value);
      }
      minutes[buffered] = epochMinute;
      values[buffered++] = value;
      if (buffered < minutes.length) {
        return Assessment.NORMAL;
      }
      long[] gaps = new long[CALIBRATION_GAPS];
      for (int i = 0; i < gaps.length; i++) {
        gaps[i] = minutes[i + 1] - minutes[i];
      }
      Arrays.sort(gaps);
      scorer = new Scorer(Math.max(1, gaps[gaps.length / 2]));
      Assessment last = Assessment.NORMAL;
      for (double v : values) {
        last = scorer.observe(v);
      }
      return last;
    }
  }

  /** The detector proper, for a series sampled every {@code interval} minutes. */
  static final class Scorer {
    private final double[] level;
    private final double[] history;
    private final double[] sorted;
    private final int refresh;
    private final int warmUp;
    private final TypicalPeak peak;
    private final AlarmHold alarms;
    private long seen;
    private double median;
    private double scale;

    Scorer(long interval) {
      level = new double[steps(LEVEL_MINUTES, interval)];
      history = new double[steps(HISTORY_MINUTES, interval)];
      sorted = new double[history.length];
      refresh = steps(REFRESH_MINUTES, interval);
      warmUp = steps(WARM_UP_MINUTES, interval);
      peak = new TypicalPeak(steps(PEAK_MINUTES, interval), PEAK_DAYS);
      alarms = new AlarmHold(ALARM, steps(HOLD_MINUTES, interval));
    }

    static int steps(int minutes, long interval) {
      return (int) Math.max(1, Math.round((double) minutes / interval));
    }

    Assessment observe(double x) {
      level[(int) (seen % level.length)] = x;
      int n = (int) Math.min(seen + 1, level.length);
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += level[i];
      }
      double hour = sum / n;
      double strength = 0;
      if (seen >= warmUp) {
        if ((seen - warmUp) % refresh == 0) {
          refresh();
        }
        double z = (hour - median) / scale;
        strength = z >= 0 ? z : -z * DOWN_WEIGHT;
      }
      history[(int) (seen % history.length)] = hour;
      seen++;
      double typical = peak.next(strength);
      double ratio = Double.isNaN(typical) ? 0 : strength / Math.max(typical, PEAK_FLOOR);
      Evidence e = strength >= 12 ? Evidence.STRONG
          : strength >= 7 ? Evidence.MODERATE
          : strength >= 4 ? Evidence.WEAK
          : Evidence.NONE;
      return new Assessment(e, median, alarms.score(ratio));
    }

    /** Median and MAD of the past hourly levels (the current one excluded). */
    private void refresh() {
      int n = (int) Math.min(seen, history.length);
      System.arraycopy(history, 0, sorted, 0, n);
      Arrays.sort(sorted, 0, n);
      median = median(sorted, n);
      for (int i = 0; i < n; i++) {
        sorted[i] = Math.abs(history[i] - median);
      }
      Arrays.sort(sorted, 0, n);
      // 1.4826 makes the MAD a consistent estimator of σ for normal data; the floor keeps a flat
      // series (constant values) from turning every wiggle into infinity.
      scale = Math.max(1.4826 * median(sorted, n), 1e-3 * Math.max(1.0, Math.abs(median)));
    }

    private static double median(double[] a, int n) {
      return n % 2 == 1 ? a[n / 2] : 0.5 * (a[n / 2 - 1] + a[n / 2]);
    }
  }
}
