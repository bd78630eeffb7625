package org.vigie.core.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vigie.core.incident.Minute.SERVICE;
import static org.vigie.core.incident.Minute.T0;
import static org.vigie.core.incident.Minute.at;
import static org.vigie.core.incident.Minute.start;
import static org.vigie.core.model.Evidence.MODERATE;
import static org.vigie.core.model.Evidence.NONE;
import static org.vigie.core.model.Evidence.STRONG;
import static org.vigie.core.model.Evidence.WEAK;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.vigie.core.model.PublicStatus;

/** The incident state machine, fed closed minutes built by hand. */
class IncidentEngineTest {
  private final AtomicLong ids = new AtomicLong();
  private final IncidentEngine engine = new IncidentEngine(IncidentPolicy.DEFAULT, ids::incrementAndGet);

  private Optional<Incident> feed(Minute m) {
    return engine.onMinute(m.build());
  }

  private void quiet(IncidentEngine e, long from, long toInclusive) {
    for (long i = from; i <= toInclusive; i++) {
      e.onMinute(at(i).world(10, NONE).build());
    }
  }

  private Incident current() {
    return engine.current(SERVICE).orElseThrow(() -> new AssertionError("no open incident"));
  }

  @Test
  void opensOnModerateEvidence() {
    for (int i = 0; i < 10; i++) {
      assertThat(feed(at(i).world(10, NONE).country("US", 6, NONE))).isEmpty();
    }
    Optional<Incident> opened =
        feed(at(10).world(80, MODERATE).country("US", 50, MODERATE).country("DE", 30, WEAK));

    assertThat(opened).isPresent();
    Incident i = opened.get();
    assertThat(i.id()).isEqualTo(1);
    assertThat(i.service()).isEqualTo(SERVICE);
    assertThat(i.isOpen()).isTrue();
    assertThat(i.startedAt()).isEqualTo(start(10));
    assertThat(i.detectedAt()).as("end of the minute that opened it").isEqualTo(start(11));
    assertThat(i.severity()).isEqualTo(PublicStatus.POSSIBLE_PROBLEMS);
    assertThat(i.current()).isEqualTo(PublicStatus.POSSIBLE_PROBLEMS);
    assertThat(i.totalReports()).isEqualTo(80);
    assertThat(i.countries()).as("only countries with moderate evidence join")
        .extracting(Incident.CountryShare::country).containsExactly("US");
    assertThat(i.countries().getFirst().active()).isTrue();
    assertThat(i.countries().getFirst().since()).isEqualTo(start(10));
    assertThat(i.timeline().getFirst().kind()).isEqualTo("opened");
    assertThat(i.timeline().getFirst().at()).isEqualTo(start(11));
    assertThat(i.timeline().getFirst().text()).contains("in US");
    assertThat(engine.current(SERVICE)).contains(i);
  }

  @Test
  void onsetIsBackdatedToTheFirstElevatedMinuteOfTheRun() {
    for (int i = 0; i < 5; i++) {
      feed(at(i).world(10, NONE));
    }
    assertThat(feed(at(5).world(20, WEAK))).isEmpty();
    assertThat(feed(at(6).world(25, WEAK))).isEmpty();
    Incident i = feed(at(7).world(60, MODERATE)).orElseThrow();

    assertThat(i.startedAt()).isEqualTo(start(5));
    assertThat(i.detectedAt()).isEqualTo(start(8));
    assertThat(i.totalReports()).as("the backdated minutes count").isEqualTo(20 + 25 + 60);
  }

  @Test
  void onsetIsBackdatedNoFurtherThanMaxBackdate() {
    for (int i = 0; i < 60; i++) {
      assertThat(feed(at(i).world(20, WEAK))).isEmpty();
    }
    Incident i = feed(at(60).world(70, MODERATE)).orElseThrow();
    assertThat(i.startedAt()).isEqualTo(start(60 - 30));
    assertThat(i.totalReports()).isEqualTo(30 * 20 + 70);
  }

  @Test
  void aQuietMinuteEndsTheRunThatIsBackdated() {
    feed(at(0).world(20, WEAK));
    feed(at(1).world(10, NONE));
    feed(at(2).world(20, WEAK));
    Incident i = feed(at(3).world(70, MODERATE)).orElseThrow();
    assertThat(i.startedAt()).isEqualTo(start(2));
  }

  @Test
  void weakMinutesOpenNothing() {
    for (int i = 0; i < 10; i++) {
      feed(at(i).world(10, NONE));
    }
    assertThat(feed(at(10).world(30, WEAK))).isEmpty();
    assertThat(feed(at(11).world(10, NONE))).isEmpty();
    for (int i = 12; i < 20; i++) {
      assertThat(feed(at(i).world(30, WEAK).country("FR", 20, WEAK))).isEmpty();
    }
    assertThat(engine.current(SERVICE)).isEmpty();
    assertThat(ids.get()).as("no incident id was even taken").isZero();
  }

  @Test
  void nationalOnlySpikeOpens() {
    feed(at(0).world(15, NONE).country("FR", 2, NONE));
    Incident i = feed(at(1).world(15, NONE).country("FR", 12, MODERATE)).orElseThrow();
    assertThat(i.countries()).extracting(Incident.CountryShare::country).containsExactly("FR");
    assertThat(i.timeline().getFirst().text()).contains("in FR");
    assertThat(i.current()).isEqualTo(PublicStatus.POSSIBLE_PROBLEMS);
  }

  @Test
  void countriesJoinOnModerateEvidenceAndLeaveAfterTheirQuietPeriod() {
    feed(at(0).world(100, MODERATE).country("US", 80, MODERATE));
    Incident joined = feed(at(1).world(150, MODERATE).country("US", 100, MODERATE).country("DE", 40, MODERATE)).orElseThrow();
    assertThat(joined.countries()).extracting(Incident.CountryShare::country).containsExactly("US", "DE");
    Incident.CountryShare de = joined.countries().get(1);
    assertThat(de.active()).isTrue();
    assertThat(de.since()).isEqualTo(start(1));
    assertThat(joined.timeline()).anySatisfy(e -> {
      assertThat(e.kind()).isEqualTo("countries-joined");
      assertThat(e.text()).contains("DE");
      assertThat(e.at()).isEqualTo(start(2));
    });

    // FR joins at minute 2 and keeps weak evidence; DE goes quiet after minute 1.
    feed(at(2).world(150, MODERATE).country("US", 100, MODERATE).country("FR", 30, MODERATE));
    Incident i = null;
    for (int m = 3; m <= 30; m++) {
      i = feed(at(m).world(150, MODERATE).country("US", 100, MODERATE).country("FR", 10, WEAK)).orElseThrow();
    }
    assertThat(share(i, "DE").active()).as("30 minutes after its last elevated minute ... not yet").isTrue();

    i = feed(at(31).world(150, MODERATE).country("US", 100, MODERATE).country("FR", 10, WEAK)).orElseThrow();
    assertThat(share(i, "DE").active()).isFalse();
    assertThat(share(i, "DE").until()).as("end of its last elevated minute").isEqualTo(start(2));
    assertThat(share(i, "DE").since()).isEqualTo(start(1));
    assertThat(share(i, "DE").reports()).isEqualTo(40);
    assertThat(share(i, "FR").active()).as("weak evidence keeps a country in").isTrue();
    assertThat(share(i, "US").active()).isTrue();
    assertThat(i.countries()).extracting(Incident.CountryShare::country).as("most reports first").containsExactly("US", "FR", "DE");
    assertThat(i.timeline()).anySatisfy(e -> {
      assertThat(e.kind()).isEqualTo("countries-left");
      assertThat(e.text()).contains("DE");
    });
  }

  private static Incident.CountryShare share(Incident i, String country) {
    return i.countries().stream().filter(c -> c.country().equals(country)).findFirst().orElseThrow();
  }

  @Test
  void peakAndTopIndicators() {
    feed(at(0).world(50, MODERATE).indicator("login", 30).indicator("app", 20));
    feed(at(1).world(200, STRONG).indicator("login", 150).indicator("app", 30).indicator("feed", 20));
    Incident i = feed(at(2).world(120, MODERATE).indicator("login", 60).indicator("app", 40).indicator("feed", 20)).orElseThrow();

    assertThat(i.peakPerMinute()).isEqualTo(200);
    assertThat(i.peakAt()).isEqualTo(start(1));
    assertThat(i.totalReports()).isEqualTo(370);
    assertThat(i.indicators())
        .containsExactly(
            new Incident.IndicatorShare("login", 240),
            new Incident.IndicatorShare("app", 90),
            new Incident.IndicatorShare("feed", 40));
  }

  @Test
  void escalatesToOutageAndShowsRecoveryWhileStillOpen() {
    feed(at(0).world(50, MODERATE));
    Incident strong = feed(at(1).world(400, STRONG)).orElseThrow();
    assertThat(strong.severity()).isEqualTo(PublicStatus.OUTAGE);
    assertThat(strong.current()).isEqualTo(PublicStatus.OUTAGE);
    assertThat(strong.timeline()).anySatisfy(e -> {
      assertThat(e.kind()).isEqualTo("escalated");
      assertThat(e.at()).isEqualTo(start(2));
    });

    Incident i = null;
    for (int m = 2; m <= 6; m++) {
      i = feed(at(m).world(60, MODERATE)).orElseThrow();
    }
    assertThat(i.current()).as("five minutes without strong evidence").isEqualTo(PublicStatus.POSSIBLE_PROBLEMS);
    assertThat(i.severity()).as("the worst status reached stays").isEqualTo(PublicStatus.OUTAGE);
    i = feed(at(7).world(10, NONE)).orElseThrow();
    assertThat(i.current()).as("open, so never shown as operational").isEqualTo(PublicStatus.POSSIBLE_PROBLEMS);
  }

  @Test
  void resolvesAfterTheQuietPeriodAtTheEndOfTheLastElevatedMinute() {
    feed(at(0).world(100, MODERATE).country("US", 100, MODERATE));
    feed(at(1).world(300, STRONG).country("US", 300, STRONG));
    feed(at(2).world(40, WEAK).country("US", 40, WEAK));
    for (int m = 3; m <= 31; m++) {
      Incident i = feed(at(m).world(12, NONE).country("US", 12, NONE)).orElseThrow();
      assertThat(i.isOpen()).as("minute %d", m).isTrue();
    }
    Incident resolved = feed(at(32).world(12, NONE).country("US", 12, NONE)).orElseThrow();

    assertThat(resolved.isOpen()).isFalse();
    assertThat(resolved.resolvedAt()).isEqualTo(start(3));
    assertThat(resolved.current()).isEqualTo(PublicStatus.OPERATIONAL);
    assertThat(resolved.severity()).isEqualTo(PublicStatus.OUTAGE);
    assertThat(resolved.totalReports()).as("the quiet tail is not part of the incident").isEqualTo(440);
    assertThat(share(resolved, "US").reports()).isEqualTo(440);
    assertThat(share(resolved, "US").active()).isFalse();
    assertThat(share(resolved, "US").until()).isEqualTo(start(3));
    assertThat(resolved.peakPerMinute()).isEqualTo(300);
    assertThat(resolved.peakAt()).isEqualTo(start(1));
    assertThat(resolved.timeline().getLast().kind()).isEqualTo("resolved");
    assertThat(resolved.timeline().getLast().at()).isEqualTo(start(3));
    assertThat(resolved.timeline().getLast().text()).contains("3 minutes");

    assertThat(engine.current(SERVICE)).isEmpty();
    assertThat(feed(at(33).world(12, NONE))).isEmpty();
    Incident next = feed(at(40).world(90, MODERATE)).orElseThrow();
    assertThat(next.id()).as("a new incident").isNotEqualTo(resolved.id());
    assertThat(next.startedAt()).isEqualTo(start(40));
  }

  @Test
  void lateMinuteOpensAnIncidentDetectedNow() {
    quiet(engine, 0, 10);
    Optional<Incident> opened = engine.onLateMinute(at(8).world(90, MODERATE).build(), T0 + 10);
    Incident i = opened.orElseThrow();
    assertThat(i.startedAt()).isEqualTo(start(8));
    assertThat(i.detectedAt()).as("detected when the late reports came, not back then").isEqualTo(start(11));
    assertThat(i.timeline().getFirst().kind()).isEqualTo("opened");
    assertThat(i.timeline().getFirst().at()).isEqualTo(start(11));
    assertThat(engine.current(SERVICE)).isPresent();
  }

  @Test
  void lateMinuteThatStillDoesNotWarrantAnIncidentOpensNothing() {
    quiet(engine, 0, 10);
    assertThat(engine.onLateMinute(at(8).world(25, WEAK).build(), T0 + 10)).isEmpty();
    assertThat(engine.current(SERVICE)).isEmpty();
  }

  @Test
  void incidentOpenedByLateDataLooksLikeTheOneOpenedOnTime() {
    // Regression: an incident opened by a late minute was neither backdated over the elevated
    // minutes before it nor aware of the elevated minutes after it, so it started late and
    // resolved early.
    IncidentEngine onTime = new IncidentEngine(IncidentPolicy.DEFAULT, ids::incrementAndGet);
    int[] reports = {10, 10, 10, 10, 10, 20, 25, 30, 90, 35, 30, 10, 10};
    for (int m = 0; m < reports.length; m++) {
      boolean spike = m == 8;
      boolean weak = m >= 5 && m <= 10;
      onTime.onMinute(at(m).world(reports[m], spike ? MODERATE : weak ? WEAK : NONE).build());
      // The late engine first saw minute 8 with only part of its reports.
      engine.onMinute(at(m).world(spike ? 30 : reports[m], weak ? WEAK : NONE).build());
    }
    Incident late = engine.onLateMinute(at(8).world(90, MODERATE).build(), T0 + 12).orElseThrow();
    Incident expected = onTime.current(SERVICE).orElseThrow();
    assertThat(late.startedAt()).isEqualTo(expected.startedAt()).isEqualTo(start(5));
    assertThat(late.totalReports()).isEqualTo(expected.totalReports());

    quiet(onTime, 13, 39);
    quiet(engine, 13, 39);
    assertThat(engine.current(SERVICE)).as("minute 10 was elevated: still within the quiet period").isPresent();
    Incident resolvedOnTime = onTime.onMinute(at(40).world(10, NONE).build()).orElseThrow();
    Incident resolvedLate = engine.onMinute(at(40).world(10, NONE).build()).orElseThrow();
    assertThat(resolvedLate.resolvedAt()).isEqualTo(resolvedOnTime.resolvedAt()).isEqualTo(start(11));
    assertThat(resolvedLate.totalReports()).isEqualTo(resolvedOnTime.totalReports()).isEqualTo(20 + 25 + 30 + 90 + 35 + 30);
  }

  @Test
  void lateMinuteReplacesItsEarlierContribution() {
    feed(at(0).world(100, MODERATE).country("US", 100, MODERATE));
    feed(at(1).world(100, MODERATE).country("US", 100, MODERATE));
    feed(at(2).world(100, MODERATE).country("US", 100, MODERATE));
    Incident i =
        engine.onLateMinute(at(1).world(150, MODERATE).country("US", 150, MODERATE).build(), T0 + 2).orElseThrow();
    assertThat(i.totalReports()).isEqualTo(350);
    assertThat(share(i, "US").reports()).isEqualTo(350);
    assertThat(i.peakPerMinute()).isEqualTo(150);
    assertThat(i.peakAt()).isEqualTo(start(1));
  }

  @Test
  void restoreResumesAnOpenIncident() {
    feed(at(0).world(100, MODERATE).country("US", 100, MODERATE).indicator("login", 100));
    feed(at(1).world(400, STRONG).country("US", 400, STRONG).indicator("login", 400));
    Incident before = feed(at(2).world(200, MODERATE).country("US", 200, MODERATE).indicator("login", 200)).orElseThrow();

    IncidentEngine restarted = new IncidentEngine(IncidentPolicy.DEFAULT, () -> 99);
    restarted.restore(before);
    assertThat(restarted.current(SERVICE)).contains(before);

    Incident after =
        restarted.onMinute(at(3).world(250, MODERATE).country("US", 250, MODERATE).indicator("app", 250).build()).orElseThrow();
    assertThat(after.id()).isEqualTo(before.id());
    assertThat(after.startedAt()).isEqualTo(start(0));
    assertThat(after.detectedAt()).isEqualTo(before.detectedAt());
    assertThat(after.totalReports()).isEqualTo(950);
    assertThat(after.peakPerMinute()).isEqualTo(400);
    assertThat(after.peakAt()).isEqualTo(start(1));
    assertThat(after.severity()).isEqualTo(PublicStatus.OUTAGE);
    assertThat(share(after, "US").reports()).isEqualTo(950);
    assertThat(after.indicators()).containsExactly(new Incident.IndicatorShare("login", 700), new Incident.IndicatorShare("app", 250));
    assertThat(after.timeline()).startsWith(before.timeline().toArray(Incident.TimelineEvent[]::new));

    quiet(restarted, 4, 32);
    Incident resolved = restarted.onMinute(at(33).world(10, NONE).build()).orElseThrow();
    assertThat(resolved.isOpen()).isFalse();
    assertThat(resolved.resolvedAt()).isEqualTo(start(4));
    assertThat(resolved.totalReports()).isEqualTo(950);
  }

  @Test
  void restoredIncidentIsNotResolvedByTheFirstQuietMinuteAfterARestart() {
    // Regression: without per-minute history, a restored incident took its detection time as its
    // last elevated minute, so an hour-long incident resolved on the first quiet minute after a
    // restart, with an end before its own peak.
    feed(at(0).world(100, MODERATE).country("US", 100, MODERATE));
    for (int m = 1; m <= 60; m++) {
      feed(at(m).world(m == 40 ? 900 : 300, STRONG).country("US", 300, STRONG));
    }
    Incident before = current();

    IncidentEngine restarted = new IncidentEngine(IncidentPolicy.DEFAULT, ids::incrementAndGet);
    restarted.restore(before);
    Incident dip = restarted.onMinute(at(61).world(20, NONE).build()).orElseThrow();
    assertThat(dip.isOpen()).isTrue();
    assertThat(share(dip, "US").active()).as("the country is not dropped either").isTrue();
    Incident again = restarted.onMinute(at(62).world(300, STRONG).country("US", 300, STRONG).build()).orElseThrow();
    assertThat(again.id()).isEqualTo(before.id());
    assertThat(again.isOpen()).isTrue();

    quiet(restarted, 63, 91);
    Incident resolved = restarted.onMinute(at(92).world(10, NONE).build()).orElseThrow();
    assertThat(resolved.isOpen()).isFalse();
    assertThat(resolved.resolvedAt()).isEqualTo(start(63)).isAfter(resolved.peakAt());
  }

  @Test
  void restoreIgnoresAResolvedIncident() {
    IncidentEngine restarted = new IncidentEngine(IncidentPolicy.DEFAULT, ids::incrementAndGet);
    Incident closed =
        new Incident(5, SERVICE, start(0), start(1), start(1), PublicStatus.POSSIBLE_PROBLEMS, PublicStatus.OPERATIONAL,
            100, start(0), 100, List.of(), List.of(), List.of(), null);
    restarted.restore(closed);
    assertThat(restarted.current(SERVICE)).isEmpty();
  }

  @Test
  void servicesAreIndependent() {
    feed(at(0).world(100, MODERATE));
    assertThat(engine.current("whatsapp")).isEmpty();
    assertThat(engine.current(SERVICE)).isPresent();
  }

  @Test
  void policyRefusesNonsense() {
    assertThatThrownBy(() -> new IncidentPolicy(Duration.ZERO, Duration.ofMinutes(30), Duration.ofMinutes(30)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new IncidentPolicy(Duration.ofMinutes(30), Duration.ofMinutes(30), Duration.ofMinutes(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
