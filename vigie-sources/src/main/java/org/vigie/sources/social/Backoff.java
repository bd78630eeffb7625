package org.vigie.sources.social;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Reconnection delays: exponential from {@code initial}, capped at {@code max}, with "equal
 * jitter" (half fixed, half random) so a thousand Vigies cut off by the same network event do not
 * reconnect in lockstep, yet none retries sooner than half its step. Reset after a connection
 * that delivered something.
 */
public final class Backoff {
  private final Duration initial;
  private final Duration max;
  private final RandomGenerator random;
  private int attempt;

  public Backoff(Duration initial, Duration max, RandomGenerator random) {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("back-off needs 0 < initial <= max");
    }
    this.initial = initial;
    this.max = max;
    this.random = random;
  }

  /** The default for public streams: 1 s doubling to 5 minutes. */
  public static Backoff standard() {
    return new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), RandomGenerator.getDefault());
  }

  public synchronized Duration next() {
    long step = initial.toMillis() << Math.min(attempt, 30);
    step = Math.min(step, max.toMillis());
    attempt++;
    return Duration.ofMillis(step / 2 + (long) (random.nextDouble() * (step / 2.0)));
  }

  public synchronized void reset() {
    attempt = 0;
  }
}
