package org.vigie.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NoveltyTest {
  /** The definition, written the slow way: the largest of the previous {@code memory} surprises. */
  private static final class Reference {
    private final double[] window;
    private final double half;
    private long steps;
    private long lastAlarm;

    Reference(int memory, double half) {
      this.window = new double[memory];
      this.half = half;
      this.lastAlarm = -memory - 1L;
    }

    double score(double surprise) {
      double remembered = 0;
      for (double v : window) {
        remembered = Math.max(remembered, v);
      }
      window[(int) (steps % window.length)] = surprise;
      double excess = surprise - remembered;
      if (steps - lastAlarm <= window.length) {
        excess = 0;
      } else if (excess > half) {
        lastAlarm = steps;
      }
      steps++;
      return excess <= 0 ? 0 : excess / (excess + half);
    }
  }

  @Test
  void scoresExactlyAsTheDefinitionOnLongRandomStreams() {
    Random random = new Random(42);
    for (int memory : new int[] {1, 7, 288}) {
      Novelty fast = new Novelty(memory, 2.0);
      Reference slow = new Reference(memory, 2.0);
      int alarms = 0;
      for (int i = 0; i < 50_000; i++) {
        // Mostly quiet (0), some noise, rare large spikes, and negative values the floor must absorb.
        double u = random.nextDouble();
        double surprise = u < 0.5 ? 0 : u < 0.98 ? random.nextGaussian() : 5 + 10 * random.nextDouble();
        double expected = slow.score(surprise);
        assertThat(fast.score(surprise)).as("memory %d, step %d", memory, i).isEqualTo(expected);
        alarms += expected > 0.5 ? 1 : 0;
      }
      assertThat(alarms).as("the stream must exercise alarms and holds").isGreaterThan(3);
    }
  }

  @Test
  void anOnsetScoresHighAndItsContinuationIsHeldBack() {
    Novelty n = new Novelty(10, 1.0);
    n.score(0.5);
    for (int i = 0; i < 20; i++) {
      assertThat(n.score(0.5)).as("no more surprising than what it remembers").isZero();
    }
    assertThat(n.score(6.0)).isGreaterThan(0.8);
    for (int i = 0; i < 10; i++) {
      assertThat(n.score(20.0)).as("held for the memory after an alarm").isZero();
    }
  }
}
