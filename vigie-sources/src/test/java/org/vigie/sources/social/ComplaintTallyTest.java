package org.vigie.sources.social;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.vigie.core.model.Evidence;
import org.vigie.core.tally.MinuteTally;

/** Distinct complaining authors per minute and their evidence, on a clock the test moves by hand. */
class ComplaintTallyTest {
  static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
  static final long M0 = T0.getEpochSecond() / 60;
  static final Instant OLD = T0.minus(Duration.ofDays(400));
  final AtomicLong now = new AtomicLong(T0.toEpochMilli());
  final InstantSource clock = () -> Instant.ofEpochMilli(now.get());
  final ComplaintTally tally = new ComplaintTally(clock, Duration.ofMinutes(15));

  void advance(Duration d) {
    now.addAndGet(d.toMillis());
  }

  /** Two quiet hours with a complaint every ten minutes, closed minute by minute. */
  void quietHistory(String service) {
    for (int m = 0; m < 120; m++) {
      if (m % 10 == 0) {
        tally.add(service, m, "mastodon.social", OLD, T0.plusSeconds(60L * m));
      }
      tally.close(M0 + m);
    }
  }

  @Test
  void anAuthorCountsOncePerMinute() {
    tally.add("instagram", 1, "mastodon.social", OLD, T0.plusSeconds(5));
    tally.add("instagram", 1, "mastodon.social", OLD, T0.plusSeconds(50));
    tally.add("instagram", 2, "mas.to", OLD, T0.plusSeconds(20));
    assertThat(tally.close(M0)).containsKey("instagram");
    assertThat(tally.recent("instagram", T0, T0.plusSeconds(60))).singleElement().satisfies(m -> {
      assertThat(m.authors()).isEqualTo(2);
      assertThat(m.weighted()).isEqualTo(2.0);
      assertThat(m.homes()).isEqualTo(2);
    });
  }

  @Test
  void aSwarmOfNewAccountsWeighsAQuarterEachAndCountsAsOneHome() {
    for (int i = 0; i < 40; i++) {
      tally.add("x", i, "instance" + i + ".example", T0.minus(Duration.ofHours(2)), T0.plusSeconds(1));
    }
    tally.close(M0);
    ComplaintTally.SocialMinute m = tally.recent("x", T0, T0.plusSeconds(60)).getFirst();
    assertThat(m.authors()).isEqualTo(40);
    assertThat(m.weighted()).isEqualTo(10.0);
    assertThat(m.homes()).isEqualTo(1);
  }

  @Test
  void establishedAuthorsFromManyHomesAreEvidenceASwarmOfNewAccountsIsWeak() {
    quietHistory("netflix");
    quietHistory("twitch");
    long storm = M0 + 120;
    for (int a = 0; a < 30; a++) {
      tally.add("netflix", 1000 + a, "home" + a + ".example", OLD, T0.plus(Duration.ofMinutes(120)));
      // The same number of authors, spread as widely, but every account a day old.
      tally.add("twitch", 1000 + a, "home" + a + ".example", T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofMinutes(120)));
    }
    Map<String, org.vigie.core.fusion.SocialSignal.Complaints> judged = tally.close(storm);
    assertThat(judged.get("netflix").assessment().evidence()).isEqualTo(Evidence.STRONG);
    assertThat(judged.get("netflix").authors()).isEqualTo(30);
    assertThat(judged.get("twitch").assessment().evidence()).isIn(Evidence.NONE, Evidence.WEAK);
  }

  @Test
  void aRestartRelearnsFromStoredMinutesInsteadOfStartingCold() {
    List<MinuteTally> stored = new ArrayList<>();
    for (int m = 0; m < 120; m += 10) {
      stored.add(new MinuteTally("netflix", "*", T0.plusSeconds(60L * m), 0, 0, 0, Map.of(), 1, 0, 0, 0, Evidence.NONE));
    }
    tally.relearn(stored, M0 + 119);
    ComplaintTally cold = new ComplaintTally(clock, Duration.ofMinutes(15));
    for (int a = 0; a < 30; a++) {
      tally.add("netflix", 1000 + a, "home" + a + ".example", OLD, T0.plus(Duration.ofMinutes(120)));
      cold.add("netflix", 1000 + a, "home" + a + ".example", OLD, T0.plus(Duration.ofMinutes(120)));
    }

    assertThat(tally.close(M0 + 120).get("netflix").assessment().evidence()).isEqualTo(Evidence.STRONG);
    assertThat(cold.close(M0 + 120).get("netflix").assessment().evidence()).as("a baseline without history").isIn(Evidence.NONE, Evidence.WEAK);
    // The page's last day survives too.
    assertThat(tally.recent("netflix", T0, T0.plus(Duration.ofMinutes(120)))).hasSize(120)
        .filteredOn(m -> m.authors() == 1).hasSize(12);
  }

  @Test
  void oneInstancesAuthorsAreWeakEvidence() {
    quietHistory("discord");
    for (int a = 0; a < 30; a++) {
      tally.add("discord", 1000 + a, "spam.example", OLD, T0.plus(Duration.ofMinutes(120)));
    }
    assertThat(tally.close(M0 + 120).get("discord").assessment().evidence()).isIn(Evidence.NONE, Evidence.WEAK);
  }

  @Test
  void lateComplaintsCountOnThePageWithinTheLatenessOnly() {
    tally.add("whatsapp", 1, null, null, T0.plusSeconds(1));
    advance(Duration.ofMinutes(2));
    tally.close(M0);
    tally.add("whatsapp", 2, null, null, T0.plusSeconds(30));
    assertThat(tally.recent("whatsapp", T0, T0.plusSeconds(60))).singleElement().satisfies(m -> {
      assertThat(m.authors()).isEqualTo(2);
      assertThat(m.weighted()).isEqualTo(1.0); // unknown account age: a half each
    });
    advance(Duration.ofMinutes(20));
    tally.add("whatsapp", 3, null, null, T0.plusSeconds(40));
    assertThat(tally.tooLate()).isEqualTo(1);
    assertThat(tally.recent("whatsapp", T0, T0.plusSeconds(60)).getFirst().authors()).isEqualTo(2);
  }

  @Test
  void theBaselineLearnsQuietMinutesAndIsNotRaisedByAnOutage() {
    quietHistory("netflix");
    double quiet = tally.recent("netflix", T0.plus(Duration.ofMinutes(119)), T0.plus(Duration.ofMinutes(120))).getFirst().expected();
    assertThat(quiet).isBetween(0.05, 0.2);
    for (int a = 0; a < 500; a++) {
      tally.add("netflix", 10_000 + a, "home" + a, OLD, T0.plus(Duration.ofMinutes(120)));
    }
    tally.close(M0 + 120);
    tally.close(M0 + 121);
    assertThat(tally.recent("netflix", T0.plus(Duration.ofMinutes(120)), T0.plus(Duration.ofMinutes(121))).getFirst().authors()).isEqualTo(500);
    double after = tally.recent("netflix", T0.plus(Duration.ofMinutes(121)), T0.plus(Duration.ofMinutes(122))).getFirst().expected();
    assertThat(after).isLessThan(quiet + 0.1);
  }

  @Test
  void thePageQuotesTheLatestComplaintsNewestFirst() {
    for (int i = 0; i < 7; i++) {
      tally.quote("instagram", new Post("p" + i, "insta en panne " + i, "fr", T0, "a" + i, "bluesky"), T0.plusSeconds(i));
    }
    List<ComplaintTally.Quote> q = tally.quotes("instagram");
    assertThat(q).hasSize(ComplaintTally.QUOTES);
    assertThat(q.getFirst().text()).isEqualTo("insta en panne 6");
    assertThat(q.getFirst().source()).isEqualTo("bluesky");
  }
}
