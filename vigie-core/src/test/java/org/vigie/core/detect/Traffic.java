package org.vigie.core.detect;

import java.time.Instant;
import java.util.SplittableRandom;

/** Seeded synthetic report traffic for detector tests. */
final class Traffic {
  private Traffic() {}

  /** Monday 13 September 2021, 00:00 UTC: three weeks before the 4 October 2021 outage. */
  static final long MONDAY = Instant.parse("2021-09-13T00:00:00Z").getEpochSecond() / 60;

  static final int DAY = 1440;
  static final int WEEK = 7 * DAY;

  /** A Poisson variate (Knuth's product method; fine for means up to several hundred). */
  static int poisson(SplittableRandom random, double mean) {
    if (mean > 500) {
      return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(random)));
    }
    double limit = Math.exp(-mean);
    double product = random.nextDouble();
    int n = 0;
    while (product > limit) {
      product *= random.nextDouble();
      n++;
    }
    return n;
  }

  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /**
   * A daily cycle: {@code base} reports a minute on average, {@code amplitude} (0..1) of it up at
   * 12:00 UTC and down at 00:00 UTC.
   */
  static double daily(long epochMinute, double base, double amplitude) {
    long minuteOfDay = Math.floorMod(epochMinute, (long) DAY);
    return base * (1 + amplitude * Math.sin(2 * Math.PI * (minuteOfDay - DAY / 4.0) / DAY));
  }

  /** Counts from distinct people on distinct networks, as normal traffic is. */
  static Observation people(int count) {
    return new Observation(count, count, count);
  }
}
