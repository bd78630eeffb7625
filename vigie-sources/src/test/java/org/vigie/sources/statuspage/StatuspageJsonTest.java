package org.vigie.sources.statuspage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatuspageJsonTest {
  @Test
  void githubSummaryIsCalmAndWithoutItsSentinelComponent() {
    StatusPage.Summary s = StatuspageJson.summary(Fixtures.bytes("github-summary.json"));
    assertThat(s.page().name()).isEqualTo("GitHub");
    assertThat(s.page().updatedAt()).isEqualTo(Instant.parse("2026-07-31T03:29:01.470Z"));
    assertThat(s.indicator()).isEqualTo("none");
    assertThat(s.components()).extracting(StatusPage.Component::name).contains("Git Operations", "Actions")
        .noneMatch(n -> n.startsWith("Visit"));
    assertThat(s.components()).extracting(StatusPage.Component::id).doesNotContain("0l2p9nhqnxpd");
    assertThat(s.components()).allMatch(c -> c.status() == ComponentStatus.OPERATIONAL);
    assertThat(s.incidents()).isEmpty();
  }

  @Test
  void githubIncidentsAreFiftyAndMarkedCapped() {
    StatusPage.Incidents list = StatuspageJson.incidents(Fixtures.bytes("github-incidents.json"));
    assertThat(list.incidents()).hasSize(50);
    assertThat(list.capped()).isTrue();
    assertThat(list.incidents()).extracting(StatusPage.Incident::impact).containsOnly(Impact.MINOR, Impact.MAJOR, Impact.CRITICAL, Impact.NONE);
    assertThat(list.incidents().stream().filter(i -> i.impact() == Impact.CRITICAL)).hasSize(11);
    long affected = list.incidents().stream().flatMap(i -> i.updates().stream()).mapToLong(u -> u.affected().size()).sum();
    assertThat(affected).isEqualTo(359);
    StatusPage.Incident first = list.incidents().getFirst();
    assertThat(first.id()).isEqualTo("9tpgqq1h4bs7");
    assertThat(first.isOpen()).isFalse();
    // updates come oldest first, whatever order the page used
    List<Instant> times = first.updates().stream().map(StatusPage.Update::at).toList();
    assertThat(times).isSorted();
    assertThat(first.updates().getLast().status()).isEqualTo(UpdateStatus.RESOLVED);
    assertThat(first.updates().getLast().affected().getFirst().oldStatus()).isEqualTo(ComponentStatus.DEGRADED_PERFORMANCE);
  }

  @Test
  void discordOffsetTimestampsBecomeInstants() {
    StatusPage.Incidents list = StatuspageJson.incidents(Fixtures.bytes("discord-incidents.json"));
    assertThat(list.capped()).isFalse();
    StatusPage.Incident i = list.incidents().getFirst();
    assertThat(i.createdAt()).isEqualTo(Instant.parse("2022-02-15T21:14:17.744Z"));
    assertThat(i.resolvedAt()).isEqualTo(Instant.parse("2022-02-15T21:37:37.388Z"));
    assertThat(i.updates()).extracting(StatusPage.Update::status)
        .containsExactly(UpdateStatus.INVESTIGATING, UpdateStatus.INVESTIGATING, UpdateStatus.MONITORING, UpdateStatus.RESOLVED);
    assertThat(list.page().timeZone()).isEqualTo("America/Tijuana");
  }

  @Test
  void discordMaintenanceGoesThroughEveryStatusWithItsWindow() {
    StatusPage.Incident m = StatuspageJson.maintenances(Fixtures.bytes("discord-scheduled-maintenances.json")).incidents().getFirst();
    assertThat(m.isMaintenance()).isTrue();
    assertThat(m.scheduledFor()).isEqualTo(Instant.parse("2015-09-22T08:00:00Z"));
    assertThat(m.scheduledUntil()).isEqualTo(Instant.parse("2015-09-22T08:30:00Z"));
    assertThat(m.impact()).isEqualTo(Impact.MAJOR);
    assertThat(m.updates()).extracting(StatusPage.Update::status)
        .containsExactly(UpdateStatus.SCHEDULED, UpdateStatus.IN_PROGRESS, UpdateStatus.VERIFYING, UpdateStatus.COMPLETED);
    assertThat(m.updates()).anyMatch(u -> u.body().contains("\r\n"));
    assertThat(m.status()).isEqualTo(UpdateStatus.COMPLETED);
  }

  @Test
  void unknownEnumValuesAndBadTimestampsAreToleratedNotFatal() {
    String json = """
        {"page":{"id":"p","name":"X","updated_at":"yesterday"},
         "components":[{"id":"c1","name":"API","status":"partially_melted"},
                       {"id":"c2","name":"See status.example.com for more information","status":"operational"}],
         "incidents":[{"id":"i1","name":"Boom","status":"smouldering","impact":"apocalyptic","created_at":"2021-10-04T15:51:00+00:00",
           "incident_updates":[{"id":"u1","status":"investigating","body":"We are looking","created_at":"not a time"},
                               {"id":"u2","status":"investigating","body":"Still","display_at":"2021-10-04T08:52:00-07:00"}]}],
         "status":{"indicator":"catastrophic","description":"?"}}
        """;
    StatusPage.Summary s = StatuspageJson.summary(json.getBytes(StandardCharsets.UTF_8));
    assertThat(s.page().updatedAt()).isNull();
    assertThat(s.components()).singleElement().satisfies(c -> {
      assertThat(c.status()).isEqualTo(ComponentStatus.UNKNOWN);
      assertThat(c.rawStatus()).isEqualTo("partially_melted");
    });
    StatusPage.Incident i = s.incidents().getFirst();
    assertThat(i.status()).isEqualTo(UpdateStatus.UNKNOWN);
    assertThat(i.impact()).isEqualTo(Impact.UNKNOWN);
    assertThat(i.updates()).singleElement().extracting(StatusPage.Update::at).isEqualTo(Instant.parse("2021-10-04T15:52:00Z"));
  }

  @Test
  void notAStatusPageIsRefusedWithAReason() {
    assertThatThrownBy(() -> StatuspageJson.summary("<html>".getBytes())).isInstanceOf(StatusPageFormatException.class).hasMessageContaining("not JSON");
    assertThatThrownBy(() -> StatuspageJson.summary("[]".getBytes())).isInstanceOf(StatusPageFormatException.class);
    assertThatThrownBy(() -> StatuspageJson.incidents("{\"page\":{}}".getBytes())).hasMessageContaining("'incidents'");
  }
}
