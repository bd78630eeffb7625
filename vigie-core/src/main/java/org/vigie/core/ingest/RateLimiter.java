package org.vigie.core.ingest;

import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets per key (an address hash), on the injected clock. The table keeps the most
 * recently used keys only, so an attacker rotating addresses cannot grow it without bound.
 */
public final class RateLimiter {
  private static final int MAX_KEYS = 100_000;
  private final double capacity;
  private final double perMilli;
  private final InstantSource clock;
  private final Map<Long, double[]> buckets =
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, double[]> eldest) {
          return size() > MAX_KEYS;
        }
      };

  /**
   * @param burst how many reports one key may send at once
   * @param per the time it takes for a full burst to refill
   */
  public RateLimiter(int burst, Duration per, InstantSource clock) {
    this.capacity = burst;
    this.perMilli = burst / (double) per.toMillis();
    this.clock = clock;
  }

  /** The most tokens one key can take at once. */
  public int burst() {
    return (int) capacity;
  }

  /** Takes n tokens, or returns how long to wait before n are available (nothing taken). */
  public synchronized Duration tryAcquire(long key, int n) {
    long now = clock.millis();
    double[] b = buckets.computeIfAbsent(key, k -> new double[] {capacity, now});
    b[0] = Math.min(capacity, b[0] + (now - b[1]) * perMilli);
    b[1] = now;
    // Refills add up in floating point (5 s + 1 s of refill can fall a hair short of 6 s worth);
    // a client that waited as long as it was told must not be refused over a rounding error.
    if (b[0] >= n - 1e-9) {
      b[0] = Math.max(0, b[0] - n);
      return Duration.ZERO;
    }
    if (n > capacity) {
      return Duration.ofMillis((long) Math.ceil(capacity / perMilli));
    }
    return Duration.ofMillis((long) Math.ceil((n - b[0]) / perMilli));
  }
}
