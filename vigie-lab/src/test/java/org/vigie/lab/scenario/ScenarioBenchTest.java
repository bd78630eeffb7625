package org.vigie.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.vigie.core.incident.Incident;
import org.vigie.core.model.PublicStatus;
import org.junit.jupiter.api.Test;

/** Which runs of {@code bench detect} see a scaled-down Meta storm, and how the table says so. */
class ScenarioBenchTest {
  @Test
  void onlyBaselinesOnMetaScenariosRunScaled() {
    for (String baseline : List.of("static", "downdetector", "ewma")) {
      assertThat(ScenarioBench.metaScale("meta-2021-10-04", baseline, 0.05)).isEqualTo(0.05);
      assertThat(ScenarioBench.metaScale("meta-collateral", baseline, 0.05)).isEqualTo(0.05);
      assertThat(ScenarioBench.metaScale("isp-national", baseline, 0.05)).isEqualTo(1.0);
    }
    assertThat(ScenarioBench.metaScale("meta-2021-10-04", "vigie", 0.05)).isEqualTo(1.0);
    assertThat(ScenarioBench.metaScale("meta-collateral", "vigie", 0.05)).isEqualTo(1.0);
  }

  @Test
  void theFootnoteAppearsOnlyWhenARunWasScaled() {
    assertThat(ScenarioBench.footnote(List.of("meta-2021-10-04", "quiet"), List.of("vigie", "ewma"), 0.05))
        .contains("baselines on meta at scale 0.05").contains("Vigie at full scale");
    assertThat(ScenarioBench.footnote(List.of("meta-2021-10-04"), List.of("vigie"), 0.05)).isEmpty();
    assertThat(ScenarioBench.footnote(List.of("quiet"), List.of("ewma"), 0.05)).isEmpty();
    assertThat(ScenarioBench.footnote(List.of("meta-2021-10-04"), List.of("ewma"), 1.0)).isEmpty();
  }

  @Test
  void aScaledMetaCollateralKeepsItsTruthAndOtherScenariosIgnoreTheScale() {
    LabScenario full = LabScenarios.byName("meta-collateral");
    LabScenario small = LabScenarios.byName("meta-collateral", 0.05);
    assertThat(small.truths()).isEqualTo(full.truths());
    assertThat(small.services()).isEqualTo(full.services());
    assertThat(LabScenarios.byName("quiet", 0.05).name()).isEqualTo("quiet");
    assertThatThrownBy(() -> LabScenarios.byName("meta-collateral", 0)).isInstanceOf(IllegalArgumentException.class);
  }

  private static Instant at(String hhmm) {
    return Instant.parse("2021-03-12T" + hhmm + ":00Z");
  }

  private static Incident incident(long id, String service, String start, String resolved) {
    return new Incident(id, service, at(start), at(start), at(resolved), PublicStatus.OUTAGE, PublicStatus.OPERATIONAL, 10,
        at(start), 100, List.of(), List.of(), List.of(), null);
  }

  private static ScenarioScore score(List<Incident> incidents) {
    Truth t = new Truth("netflix", at("18:00"), at("19:00"), Truth.Kind.OUTAGE);
    return ScenarioScore.of("x", "ewma", List.of(t), List.of("netflix"), Instant.parse("2021-03-01T00:00:00Z"),
        Instant.parse("2021-03-31T00:00:00Z"), incidents);
  }

  @Test
  void aFullRunPrintsItsCounts() {
    ScenarioScore s = score(List.of(incident(1, "netflix", "18:01", "19:00"), incident(2, "netflix", "03:00", "03:30")));
    assertThat(ScenarioBench.row("x", "ewma", s, null, 100).split("\\s+"))
        .containsSequence("1/1", "1.0", "min", "1.00", "1");
  }

  @Test
  void aRunStoppedBeforeTheOutageEndedShowsQuestionMarksAndTheCap() {
    // Three false incidents in the morning, a cap of 2: stopped at 04:00, before the 18:00 outage.
    ScenarioScore s = score(List.of(incident(1, "netflix", "01:00", "01:30"), incident(2, "netflix", "02:00", "02:30"),
        incident(3, "netflix", "03:00", "03:30")));
    String row = ScenarioBench.row("x", "ewma", s, at("04:00"), 2);
    assertThat(row).contains("?/1").contains("> 2").doesNotContain("0/1");
  }

  @Test
  void aRunStoppedAfterEveryOutageKeepsItsDetection() {
    ScenarioScore s = score(List.of(incident(1, "netflix", "18:01", "19:00"), incident(2, "netflix", "20:00", "20:30"),
        incident(3, "netflix", "21:00", "21:30"), incident(4, "netflix", "22:00", "22:30")));
    String row = ScenarioBench.row("x", "ewma", s, at("22:40"), 2);
    assertThat(row).contains("1/1").contains("1.0 min").contains("> 2").doesNotContain("?/");
  }

  @Test
  void aRunStoppedForAnIncidentOpenTooLongShowsTheFalseSoFar() {
    ScenarioScore s = score(List.of(incident(1, "netflix", "01:00", "01:30"), incident(2, "netflix", "02:00", "02:30")));
    assertThat(ScenarioBench.row("x", "ewma", s, at("04:00"), -1)).contains("≥ 2").contains("?/1");
  }
}
