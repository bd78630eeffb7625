package org.vigie.core.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigie.core.incident.Minute.SERVICE;
import static org.vigie.core.incident.Minute.T0;
import static org.vigie.core.incident.Minute.at;
import static org.vigie.core.incident.Minute.start;
import static org.vigie.core.model.Evidence.MODERATE;
import static org.vigie.core.model.Evidence.NONE;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.vigie.core.model.PublicStatus;
import org.vigie.core.signal.OfficialStatus;

/** Official status page statements on the incident timeline (issue 5, item 4). */
class OfficialStatementsTest {
  private static final String LINK = "https://status.example/incidents/abc";

  private final AtomicLong ids = new AtomicLong();
  private final IncidentEngine engine = new IncidentEngine(IncidentPolicy.DEFAULT, ids::incrementAndGet);

  private static OfficialStatus said(String level, String text, Instant at) {
    return new OfficialStatus(SERVICE, "Feed", level, text, LINK, at);
  }

  /** Quiet minutes 0..9, then a crowd incident detected at the end of minute 10. */
  private Incident crowdIncident() {
    for (int i = 0; i < 10; i++) {
      engine.onMinute(at(i).world(10, NONE).build());
    }
    return engine.onMinute(at(10).world(80, MODERATE).build()).orElseThrow();
  }

  private static List<String> kinds(Incident i) {
    return i.timeline().stream().map(Incident.TimelineEvent::kind).toList();
  }

  private static Incident.TimelineEvent event(Incident i, String kind) {
    return i.timeline().stream().filter(e -> e.kind().equals(kind)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " event in " + i.timeline()));
  }

  @Test
  void aStatementOnAnOpenIncidentJoinsItsTimelineAndIsReturnedAsAChange() {
    crowdIncident();
    Optional<Incident> changed = engine.onOfficial(said("partial_outage", "We are investigating feed errors", start(20)), T0 + 20);

    assertThat(changed).isPresent();
    Incident.TimelineEvent e = event(changed.get(), "official");
    assertThat(e.at()).isEqualTo(start(20));
    assertThat(e.text()).contains("partial outage", "We are investigating feed errors", LINK);
    assertThat(engine.current(SERVICE)).contains(changed.get());
  }

  @Test
  void theAdmissionLagIsToldOnceWhenThePageAdmitsLater() {
    Incident i = crowdIncident();
    assertThat(i.detectedAt()).isEqualTo(start(11));
    Incident after = engine.onOfficial(said("major_outage", "Investigating", start(11).plusSeconds(47 * 60)), T0 + 60).orElseThrow();

    assertThat(event(after, "official-admitted").text())
        .isEqualTo("The official status page admitted the problem 47 minutes after Vigie detected it");
    Incident later = engine.onOfficial(said("major_outage", "Still investigating", start(70)), T0 + 70).orElseThrow();
    assertThat(kinds(later).stream().filter("official-admitted"::equals)).hasSize(1);
    assertThat(kinds(later).stream().filter("official"::equals)).hasSize(2);
  }

  @Test
  void theAdmissionLagSaysBeforeWhenThePageSpokeFirst() {
    for (int i = 0; i < 10; i++) {
      engine.onMinute(at(i).world(10, NONE).build());
    }
    engine.onMinute(at(10).world(80, MODERATE).build());
    Incident after = engine.onOfficial(said("degraded_performance", "Elevated errors", start(6)), T0 + 11).orElseThrow();

    assertThat(event(after, "official-admitted").text())
        .isEqualTo("The official status page admitted the problem 5 minutes before Vigie detected it");
    assertThat(kinds(after)).as("in time order: the statement came before the detection")
        .containsSubsequence("official", "official-admitted", "opened");
  }

  @Test
  void anOperationalStatementIsNoAdmission() {
    crowdIncident();
    Incident after = engine.onOfficial(said("operational", "All systems operational", start(15)), T0 + 15).orElseThrow();

    assertThat(kinds(after)).contains("official").doesNotContain("official-admitted");
  }

  @Test
  void identicalStatementsAreToldOnce() {
    crowdIncident();
    OfficialStatus s = said("partial_outage", "Investigating", start(20));
    assertThat(engine.onOfficial(s, T0 + 20)).isPresent();
    assertThat(engine.onOfficial(s, T0 + 21)).as("the same statement again changes nothing").isEmpty();
    assertThat(engine.onOfficial(said("partial_outage", "Investigating", start(20)), T0 + 22)).isEmpty();
    assertThat(kinds(engine.current(SERVICE).orElseThrow()).stream().filter("official"::equals)).hasSize(1);
  }

  @Test
  void statementsFromLongBeforeTheIncidentAreHistory() {
    crowdIncident();
    assertThat(engine.onOfficial(said("major_outage", "Yesterday's outage", start(10 - 24 * 60)), T0 + 12)).isEmpty();
    assertThat(kinds(engine.current(SERVICE).orElseThrow())).doesNotContain("official");
  }

  @Test
  void anOfficialMajorOutageOpensAnIncidentWhenNoneIsOpen() {
    for (int i = 0; i < 10; i++) {
      engine.onMinute(at(i).world(10, NONE).build());
    }
    Incident opened = engine.onOfficial(said("major_outage", "Feed is down", start(10).plusSeconds(20)), T0 + 10).orElseThrow();

    assertThat(opened.isOpen()).isTrue();
    assertThat(opened.service()).isEqualTo(SERVICE);
    assertThat(opened.startedAt()).isEqualTo(start(10));
    assertThat(opened.severity()).isEqualTo(PublicStatus.OUTAGE);
    assertThat(opened.current()).isEqualTo(PublicStatus.OUTAGE);
    assertThat(opened.timeline().getFirst().kind()).isEqualTo("opened");
    assertThat(opened.timeline().getFirst().text()).contains("official status page", "Feed is down");
    assertThat(kinds(opened)).contains("official").doesNotContain("official-admitted");

    // Authoritative: quiet crowd minutes do not resolve it while the page says major outage.
    for (int i = 11; i < 60; i++) {
      assertThat(engine.onMinute(at(i).world(10, NONE).build()).orElseThrow().isOpen()).isTrue();
    }
    assertThat(engine.current(SERVICE).orElseThrow().current()).isEqualTo(PublicStatus.OUTAGE);
    // Once the page says it is over, the quiet period runs out and the incident resolves.
    engine.onOfficial(said("operational", "Resolved", start(60)), T0 + 60);
    Incident last = null;
    for (int i = 60; i < 120 && engine.current(SERVICE).isPresent(); i++) {
      last = engine.onMinute(at(i).world(10, NONE).build()).orElseThrow();
    }
    assertThat(last).isNotNull();
    assertThat(last.isOpen()).isFalse();
  }

  @Test
  void lesserOrStaleOfficialStatementsOpenNothing() {
    assertThat(engine.onOfficial(said("partial_outage", "Some errors", start(10)), T0 + 10)).isEmpty();
    assertThat(engine.onOfficial(said("major_outage", "Last month", start(-30 * 24 * 60)), T0 + 10)).isEmpty();
    assertThat(engine.onOfficial(said("major_outage", "Next hour", start(100)), T0 + 10)).as("stamped in the future").isEmpty();
    assertThat(engine.current(SERVICE)).isEmpty();
  }

  @Test
  void anOfficialMajorOutageMakesACrowdIncidentAnOutage() {
    Incident i = crowdIncident();
    assertThat(i.severity()).isEqualTo(PublicStatus.POSSIBLE_PROBLEMS);
    Incident after = engine.onOfficial(said("major_outage", "Down", start(12)), T0 + 12).orElseThrow();

    assertThat(after.severity()).isEqualTo(PublicStatus.OUTAGE);
    assertThat(after.current()).isEqualTo(PublicStatus.OUTAGE);
    assertThat(kinds(after)).contains("escalated");
    assertThat(engine.onMinute(at(11).world(80, MODERATE).build()).orElseThrow().current()).isEqualTo(PublicStatus.OUTAGE);
  }

  @Test
  void anOfficialAllOperationalNeitherResolvesNorHidesACrowdIncident() {
    crowdIncident();
    Incident after = engine.onOfficial(said("operational", "All Systems Operational", start(12)), T0 + 12).orElseThrow();

    assertThat(after.isOpen()).isTrue();
    assertThat(after.current()).isEqualTo(PublicStatus.POSSIBLE_PROBLEMS);
    Incident next = engine.onMinute(at(11).world(90, MODERATE).build()).orElseThrow();
    assertThat(next.isOpen()).isTrue();
    assertThat(next.current()).isEqualTo(PublicStatus.POSSIBLE_PROBLEMS);
  }

  @Test
  void aRestoredIncidentKeepsItsToldStatements() {
    crowdIncident();
    OfficialStatus s = said("partial_outage", "Investigating", start(20));
    Incident told = engine.onOfficial(s, T0 + 20).orElseThrow();
    IncidentEngine restarted = new IncidentEngine(IncidentPolicy.DEFAULT, ids::incrementAndGet);
    restarted.restore(told);

    assertThat(restarted.onOfficial(s, T0 + 21)).isEmpty();
    Incident more = restarted.onOfficial(said("partial_outage", "Fix deployed", start(25)), T0 + 25).orElseThrow();
    assertThat(kinds(more).stream().filter("official-admitted"::equals)).hasSize(1);
  }

  @Test
  void anOfficialMajorOutageStillKeepsTheIncidentOpenAfterARestart() {
    for (int i = 0; i < 10; i++) {
      engine.onMinute(at(i).world(10, NONE).build());
    }
    OfficialStatus down = said("major_outage", "Feed is down", start(10).plusSeconds(20));
    Incident opened = engine.onOfficial(down, T0 + 10).orElseThrow();
    IncidentEngine restarted = new IncidentEngine(IncidentPolicy.DEFAULT, ids::incrementAndGet);
    restarted.restore(opened);

    // The poller starts again and says what the page still shows: a line already on the timeline.
    assertThat(restarted.onOfficial(down, T0 + 11)).isEmpty();
    for (int i = 11; i < 60; i++) {
      assertThat(restarted.onMinute(at(i).world(10, NONE).build()).orElseThrow().isOpen()).as("minute %d", i).isTrue();
    }
  }
}
