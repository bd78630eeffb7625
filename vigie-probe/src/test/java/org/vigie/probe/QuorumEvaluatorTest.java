package org.vigie.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.vigie.core.fusion.ProbeEvidence;
import org.vigie.core.fusion.ProbeSignal;
import org.vigie.core.model.Evidence;
import org.vigie.core.signal.ProbeResult;

class QuorumEvaluatorTest {
  final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2021-10-04T15:40:00Z"));
  final InstantSource clock = () -> now.get();
  final QuorumEvaluator q = new QuorumEvaluator(new Quorum(3, 2, Duration.ofSeconds(90)), clock);

  void round(String... outcomes) {
    String[] vantages = {"FR-IDF", "US-CA", "DE-BE", "SG-01"};
    for (int i = 0; i < outcomes.length; i++) {
      q.record(new ProbeResult("facebook", "facebook.com/A", vantages[i], "dns", outcomes[i].equals("ok"), outcomes[i],
          Duration.ofMillis(20), now.get()));
    }
    now.set(now.get().plusSeconds(30));
  }

  @Test
  void meta4Oct2021_dnsServfailFrom3Of4VantagePointsSince1550() {
    for (int i = 0; i < 20; i++) {
      round("ok", "ok", "ok", "ok"); // 15:40 .. 15:49:30
    }
    assertThat(q.strongest("facebook")).isEqualTo(Evidence.NONE);
    round("servfail", "servfail", "servfail", "ok"); // 15:50, first round: not yet m=2
    List<ProbeEvidence> first = q.evaluate("facebook");
    assertThat(first.getFirst().evidence()).isEqualTo(Evidence.NONE);
    round("servfail", "servfail", "servfail", "ok"); // 15:50:30
    ProbeEvidence e = q.evaluate("facebook").getFirst();
    assertThat(e.evidence()).isEqualTo(Evidence.STRONG);
    assertThat(e.describe()).isEqualTo("DNS SERVFAIL from 3 of 4 vantage points since 15:50");
    assertThat(e.byVantage()).containsEntry("SG-01", "ok").containsEntry("FR-IDF", "servfail");
  }

  @Test
  void belowQuorumIsWeakAndRecoveryClearsIt() {
    round("timeout", "ok", "ok", "ok");
    round("timeout", "ok", "ok", "ok");
    assertThat(q.strongest("facebook")).isEqualTo(Evidence.WEAK);
    round("ok", "ok", "ok", "ok");
    assertThat(q.strongest("facebook")).isEqualTo(Evidence.NONE);
  }

  @Test
  void silentVantagePointsDropOutOfN() {
    round("servfail", "servfail", "ok", "ok");
    // DE-BE and SG-01 stop reporting; FR-IDF and US-CA go on failing
    for (int i = 0; i < 4; i++) {
      round("servfail", "servfail");
    }
    ProbeEvidence e = q.evaluate("facebook").getFirst();
    assertThat(e.vantages()).isEqualTo(2);
    assertThat(e.evidence()).isEqualTo(Evidence.STRONG);
  }

  @Test
  void aSingleVantagePointIsAtMostModerate() {
    round("refused");
    round("refused");
    assertThat(q.strongest("facebook")).isEqualTo(Evidence.MODERATE);
  }

  @Test
  void lateResultsOfOlderRoundsDoNotRewriteTheStreak() {
    round("ok", "ok", "ok", "ok");
    round("servfail", "servfail", "servfail", "servfail");
    round("servfail", "servfail", "servfail", "servfail");
    q.record(new ProbeResult("facebook", "facebook.com/A", "FR-IDF", "dns", true, "ok", Duration.ZERO, now.get().minusSeconds(300)));
    assertThat(q.evaluate("facebook").getFirst().failing()).isEqualTo(4);
  }

  @Test
  void atAMinutesCloseEachServiceGivesItsWorstTargetsVantagePointsAndFailingOnes() {
    // 15:40:00 and 15:40:30: FR-IDF and US-CA fail DNS twice in a row, DE-BE and SG-01 resolve.
    round("servfail", "servfail", "ok", "ok");
    round("servfail", "servfail", "ok", "ok");
    // HTTP fails from one vantage point only: DNS is the worst target.
    q.record(new ProbeResult("facebook", "https://www.facebook.com/", "FR-IDF", "http", false, "timeout", Duration.ZERO, now.get().minusSeconds(40)));
    q.record(new ProbeResult("facebook", "https://www.facebook.com/", "FR-IDF", "http", false, "timeout", Duration.ZERO, now.get().minusSeconds(30)));
    long minute1540 = Instant.parse("2021-10-04T15:40:00Z").getEpochSecond() / 60;

    assertThat(q.atClose(minute1540)).containsExactly(Map.entry("facebook", new ProbeSignal.Probes(4, 2)));
    // Results are current within the quorum's 90 s of the minute's end, on either side of it.
    assertThat(q.atClose(minute1540 + 2)).as("15:43, 2.5 min after the last round").isEmpty();
    assertThat(q.atClose(minute1540 - 3)).as("15:37 ends 2.5 min before the latest round").isEmpty();
    assertThat(q.atClose(minute1540 - 1)).as("15:39 ends 30 s before it").containsKey("facebook");
  }

  @Test
  void aReplayOfAnotherYearIsNotJudgedByTodaysProbes() {
    round("servfail", "servfail", "servfail", "servfail");
    round("servfail", "servfail", "servfail", "servfail");
    assertThat(q.atClose(Instant.parse("2019-06-13T16:00:00Z").getEpochSecond() / 60)).isEmpty();
    assertThat(new QuorumEvaluator(Quorum.DEFAULT, clock).atClose(0)).as("nothing probed").isEmpty();
  }
}
