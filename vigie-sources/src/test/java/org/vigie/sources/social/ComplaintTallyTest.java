package org.vigie.sources.social;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Distinct complaining authors per minute, on a clock the test moves by hand. */
class ComplaintTallyTest {
  static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
  final AtomicLong now = new AtomicLong(T0.toEpochMilli());
  final InstantSource clock = () -> Instant.ofEpochMilli(now.get());
  final ComplaintTally tally = new ComplaintTally(clock, Duration.ofSeconds(10), Duration.ofMinutes(15));

  void advance(Duration d) {
    now.addAndGet(d.toMillis());
  }

  @Test
  void anAuthorCountsOncePerMinuteAndAMinuteClosesAfterItsGrace() {
    Instant old = T0.minus(Duration.ofDays(400));
    tally.add("instagram", 1, "mastodon.social", old, T0.plusSeconds(5));
    tally.add("instagram", 1, "mastodon.social", old, T0.plusSeconds(50));
    tally.add("instagram", 2, "mas.to", old, T0.plusSeconds(20));
    advance(Duration.ofSeconds(65));
    assertThat(tally.close()).isEmpty(); // 12:00 ends at 12:01, grace until 12:01:10
    advance(Duration.ofSeconds(10));
    List<ComplaintTally.SocialMinute> closed = tally.close();
    assertThat(closed).singleElement().satisfies(m -> {
      assertThat(m.minute()).isEqualTo(T0);
      assertThat(m.authors()).isEqualTo(2);
      assertThat(m.weighted()).isEqualTo(2.0);
      assertThat(m.homes()).isEqualTo(2);
    });
  }

  @Test
  void aSwarmOfNewAccountsWeighsAQuarter() {
    for (int i = 0; i < 40; i++) {
      tally.add("x", i, "spam.example", T0.minus(Duration.ofHours(2)), T0.plusSeconds(1));
    }
    advance(Duration.ofMinutes(2));
    ComplaintTally.SocialMinute m = tally.close().getFirst();
    assertThat(m.authors()).isEqualTo(40);
    assertThat(m.weighted()).isEqualTo(10.0);
    assertThat(m.homes()).isEqualTo(1);
  }

  @Test
  void lateComplaintsReviseTheirMinuteWithinTheLatenessOnly() {
    tally.add("whatsapp", 1, null, null, T0.plusSeconds(1));
    advance(Duration.ofMinutes(2));
    tally.close();
    tally.add("whatsapp", 2, null, null, T0.plusSeconds(30));
    List<ComplaintTally.SocialMinute> revised = tally.close();
    assertThat(revised).singleElement().satisfies(m -> {
      assertThat(m.revised()).isTrue();
      assertThat(m.authors()).isEqualTo(2);
      assertThat(m.weighted()).isEqualTo(1.0); // unknown account age: a half each
    });
    advance(Duration.ofMinutes(20));
    tally.close();
    tally.add("whatsapp", 3, null, null, T0.plusSeconds(40));
    assertThat(tally.tooLate()).isEqualTo(1);
  }

  @Test
  void theBaselineLearnsQuietMinutesAndIsNotRaisedByAnOutage() {
    for (int m = 0; m < 120; m++) {
      if (m % 10 == 0) {
        tally.add("netflix", m, null, T0.minus(Duration.ofDays(100)), T0.plusSeconds(60L * m));
      }
    }
    advance(Duration.ofMinutes(121));
    tally.close();
    double quiet = tally.recent("netflix", T0.plus(Duration.ofMinutes(119)), T0.plus(Duration.ofMinutes(120))).getFirst().expected();
    assertThat(quiet).isBetween(0.05, 0.2);
    for (int a = 0; a < 500; a++) {
      tally.add("netflix", 10_000 + a, null, T0.minus(Duration.ofDays(100)), T0.plus(Duration.ofMinutes(121)));
    }
    advance(Duration.ofMinutes(2));
    ComplaintTally.SocialMinute storm = tally.close().getFirst();
    assertThat(storm.authors()).isEqualTo(500);
    advance(Duration.ofMinutes(1));
    tally.close();
    double after = tally.recent("netflix", T0.plus(Duration.ofMinutes(122)), T0.plus(Duration.ofMinutes(123))).getFirst().expected();
    assertThat(after).isLessThan(quiet + 0.1);
  }
}
