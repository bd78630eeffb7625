package org.vigie.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.vigie.core.MutableClock;

/** Per-address token buckets on the injected clock. */
class RateLimiterTest {
  private static final long ALICE = 1;
  private static final long BOB = 2;

  private final MutableClock clock = MutableClock.at("2021-10-04T15:40:00Z");
  // 10 reports at once, refilled over a minute: one token every 6 seconds.
  private final RateLimiter limiter = new RateLimiter(10, Duration.ofMinutes(1), clock);

  /** Retry-After is rounded up to the millisecond: never shorter than needed, never much longer. */
  private static void assertWait(Duration actual, Duration needed) {
    assertThat(actual).isBetween(needed, needed.plusMillis(1));
  }

  @Test
  void allowsABurstThenRefusesWithTheTimeUntilATokenIsBack() {
    for (int i = 0; i < 10; i++) {
      assertThat(limiter.tryAcquire(ALICE, 1)).as("report %d of the burst", i + 1).isZero();
    }
    assertWait(limiter.tryAcquire(ALICE, 1), Duration.ofSeconds(6));
  }

  @Test
  void batchTakesAsManyTokensAsReportsAndARefusalTakesNothing() {
    assertThat(limiter.tryAcquire(ALICE, 7)).isZero();
    assertWait(limiter.tryAcquire(ALICE, 4), Duration.ofSeconds(6));
    assertThat(limiter.tryAcquire(ALICE, 3)).as("the refusal took nothing").isZero();
    assertThat(limiter.tryAcquire(ALICE, 1)).isPositive();
  }

  @Test
  void refillsAsTheClockAdvances() {
    assertThat(limiter.tryAcquire(ALICE, 10)).isZero();
    assertThat(limiter.tryAcquire(ALICE, 1)).isPositive();

    clock.advance(Duration.ofSeconds(5));
    assertWait(limiter.tryAcquire(ALICE, 1), Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));
    assertThat(limiter.tryAcquire(ALICE, 1)).as("6 s after the burst one token is back").isZero();

    clock.advance(Duration.ofHours(1));
    for (int i = 0; i < 10; i++) {
      assertThat(limiter.tryAcquire(ALICE, 1)).isZero();
    }
    assertThat(limiter.tryAcquire(ALICE, 1)).as("refill stops at the burst size").isPositive();
  }

  @Test
  void retryAfterIsHonest() {
    assertThat(limiter.tryAcquire(ALICE, 10)).isZero();
    Duration wait = limiter.tryAcquire(ALICE, 5);
    assertWait(wait, Duration.ofSeconds(30));
    clock.advance(wait);
    assertThat(limiter.tryAcquire(ALICE, 5)).as("retrying after the advertised delay succeeds").isZero();
  }

  @Test
  void refillSplitIntoManySmallStepsIsNotLostToRounding() {
    assertThat(limiter.tryAcquire(ALICE, 10)).isZero();
    for (int i = 0; i < 60; i++) {
      clock.advance(Duration.ofMillis(100));
      limiter.tryAcquire(BOB, 1); // unrelated traffic; Alice's bucket is only refilled when she asks
      if (i % 7 == 0) {
        assertThat(limiter.tryAcquire(ALICE, 1)).isPositive();
      }
    }
    assertThat(limiter.tryAcquire(ALICE, 1)).as("exactly 6 s later, in 100 ms steps").isZero();
  }

  @Test
  void batchLargerThanTheBurstIsRefusedWithAFullRefillDelay() {
    assertWait(limiter.tryAcquire(ALICE, 11), Duration.ofMinutes(1));
    assertThat(limiter.tryAcquire(ALICE, 10)).as("nothing was taken").isZero();
  }

  @Test
  void keysAreIndependent() {
    assertThat(limiter.tryAcquire(ALICE, 10)).isZero();
    assertThat(limiter.tryAcquire(ALICE, 1)).isPositive();
    assertThat(limiter.tryAcquire(BOB, 10)).as("Bob is not limited by Alice's reports").isZero();
  }
}
