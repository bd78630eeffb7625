package org.vigie.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigie.core.incident.Incident;
import org.vigie.core.model.PublicStatus;

/** The lab's own scoring, on hand-made incidents whose right answer is known. */
class ScenarioScoreTest {
  private static final Instant T0 = Instant.parse("2021-03-01T00:00:00Z");
  private static final Instant T1 = Instant.parse("2021-03-31T00:00:00Z"); // 30 days

  private static Instant at(String hhmm) {
    return Instant.parse("2021-03-12T" + hhmm + ":00Z");
  }

  private static Incident incident(long id, String service, String start, String detected, String resolved, String group,
      List<Incident.TimelineEvent> timeline) {
    return new Incident(id, service, at(start), at(detected), resolved == null ? null : at(resolved), PublicStatus.OUTAGE,
        PublicStatus.OPERATIONAL, 10, at(start), 100, List.of(), List.of(), timeline, group);
  }

  @Test
  void anOutageFoundTwoMinutesAfterOnsetHasThatDelayAndItsDurationError() {
    Truth t = new Truth("netflix", at("18:00"), at("19:00"), Truth.Kind.OUTAGE);
    Incident i = incident(1, "netflix", "18:01", "18:02", "19:10", null, List.of());
    ScenarioScore s = ScenarioScore.of("x", "d", List.of(t), List.of("netflix"), T0, T1, List.of(i));
    assertThat(s.detected()).isEqualTo(1);
    assertThat(s.outcomes().getFirst().delay()).isEqualTo(Duration.ofMinutes(2));
    assertThat(s.outcomes().getFirst().durationError()).isEqualTo(Duration.ofMinutes(9)); // 69 min against 60
    assertThat(s.falseIncidents()).isZero();
  }

  @Test
  void anIncidentOnAnotherServiceOrLongAfterIsFalseAndTheOutageMissed() {
    Truth t = new Truth("netflix", at("18:00"), at("19:00"), Truth.Kind.OUTAGE);
    Incident other = incident(1, "steam", "18:01", "18:02", "19:00", null, List.of());
    Incident late = incident(2, "netflix", "20:00", "20:01", "20:30", null, List.of());
    ScenarioScore s = ScenarioScore.of("x", "d", List.of(t), List.of("netflix", "steam"), T0, T1, List.of(other, late));
    assertThat(s.detected()).isZero();
    assertThat(s.outcomes().getFirst().delay()).isNull();
    assertThat(s.falseIncidents()).isEqualTo(2);
    // Two services over 30 days are two service-months.
    assertThat(s.falsePerServiceMonth()).isEqualTo(1.0);
  }

  @Test
  void collateralCountsAsFalseUnlessAttributed() {
    Truth t = new Truth("orange", at("18:00"), at("19:00"), Truth.Kind.COLLATERAL);
    Incident own = incident(1, "orange", "18:05", "18:07", "19:00", null, List.of());
    Incident attributed = incident(2, "orange", "18:05", "18:07", "19:00", "meta-2021-03-12T18:00Z",
        List.of(new Incident.TimelineEvent(at("18:08"), "collateral", "Likely caused by the Meta outage")));
    ScenarioScore bad = ScenarioScore.of("x", "d", List.of(t), List.of("orange"), T0, T1, List.of(own));
    ScenarioScore good = ScenarioScore.of("x", "d", List.of(t), List.of("orange"), T0, T1, List.of(attributed));
    ScenarioScore silent = ScenarioScore.of("x", "d", List.of(t), List.of("orange"), T0, T1, List.of());
    assertThat(bad.falseIncidents()).isEqualTo(1);
    assertThat(bad.outcomes().getFirst().detected()).isFalse();
    assertThat(good.falseIncidents()).isZero();
    assertThat(good.outcomes().getFirst().detected()).isTrue();
    assertThat(silent.falseIncidents()).isZero();
  }

  @Test
  void medianDelayOfEvenCountIsTheMeanOfTheMiddleTwo() {
    Truth a = new Truth("a", at("18:00"), at("19:00"), Truth.Kind.OUTAGE);
    List<ScenarioScore.Outcome> o = List.of(
        new ScenarioScore.Outcome(a, true, Duration.ofMinutes(1), null),
        new ScenarioScore.Outcome(a, true, Duration.ofMinutes(5), null),
        new ScenarioScore.Outcome(a, true, Duration.ofMinutes(2), null),
        new ScenarioScore.Outcome(a, false, null, null),
        new ScenarioScore.Outcome(a, true, Duration.ofMinutes(3), null));
    assertThat(ScenarioScore.medianDelay(o)).isEqualTo(Duration.ofSeconds(150));
  }
}
