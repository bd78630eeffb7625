package org.vigie.lab.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TypicalPeakTest {
  /** The definition, the slow way: the median of the maxima of windows ending 1, 1 + p, 1 + 2p… steps back. */
  private static double reference(List<Double> past, int period, int periods) {
    int now = past.size();
    List<Double> maxima = new ArrayList<>();
    for (int j = 0; j < periods; j++) {
      int end = now - j * period; // the window is [end - period, end - 1]
      if (end < period) {
        break;
      }
      double max = 0;
      for (int i = end - period; i < end; i++) {
        max = Math.max(max, past.get(i));
      }
      maxima.add(max);
    }
    if (maxima.isEmpty()) {
      return Double.NaN;
    }
    double[] m = maxima.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return m.length % 2 == 1 ? m[m.length / 2] : 0.5 * (m[m.length / 2 - 1] + m[m.length / 2]);
  }

  @Test
  void handMadeDays() {
    // Period 3 ("a day" of 3 steps), typical of the last 3 days.
    TypicalPeak p = new TypicalPeak(3, 3);
    double[] in = {1, 5, 2, /* day 2 */ 0, 0, 4, /* day 3 */ 9, 1, 1, /* day 4 */ 2};
    double[] out = new double[in.length];
    for (int i = 0; i < in.length; i++) {
      out[i] = p.next(in[i]);
    }
    assertThat(Arrays.copyOf(out, 3)).containsOnly(Double.NaN); // no full day yet
    assertThat(out[3]).isEqualTo(5); // max(1, 5, 2)
    assertThat(out[6]).isEqualTo(4.5); // median of max(0, 0, 4) and max(1, 5, 2)
    assertThat(out[9]).isEqualTo(5); // median of 9, 4, 5
    assertThat(out[4]).isEqualTo(5); // window [1..3] = 5, 2, 0
  }

  @Test
  void oneExtraordinaryDayDoesNotMoveTheTypicalPeak() {
    TypicalPeak p = new TypicalPeak(10, 7);
    double typical = Double.NaN;
    for (int day = 0; day < 8; day++) {
      for (int i = 0; i < 10; i++) {
        double v = i == 5 ? (day == 4 ? 1000 : 3) : 1;
        typical = p.next(v);
      }
    }
    assertThat(typical).isEqualTo(3);
  }

  @Test
  void matchesTheDefinitionOnLongRandomStreams() {
    Random random = new Random(7);
    for (int period : new int[] {1, 5, 24}) {
      for (int periods : new int[] {1, 4, 7}) {
        TypicalPeak fast = new TypicalPeak(period, periods);
        List<Double> past = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
          double u = random.nextDouble();
          double v = u < 0.3 ? -random.nextDouble() : u < 0.97 ? random.nextGaussian() : 10 * random.nextDouble();
          double expected = reference(past, period, periods);
          double got = fast.next(v);
          if (Double.isNaN(expected)) {
            assertThat(got).isNaN();
          } else {
            assertThat(got).as("period %d, periods %d, step %d", period, periods, i).isCloseTo(expected, within(1e-12));
          }
          past.add(v);
        }
      }
    }
  }
}
