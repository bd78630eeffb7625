package org.vigie.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.server.TestServer;
import org.vigie.server.replay.ReplayClient;
import org.vigie.server.replay.ReplaySummary;
import org.vigie.server.replay.Scenario;
import org.vigie.server.replay.Scenarios;
import org.vigie.server.replay.Speed;

/**
 * The shipped scenarios replayed end to end — import API, SQLite store, pipeline, detector,
 * incident engine, read API — as {@code ./vigie demo} does, and judged by what the API shows.
 */
class ScenarioDetectionTest {
  @TempDir Path dir;

  private static ReplaySummary replay(TestServer server, Scenario scenario) {
    try (ReplayClient client = ReplayClient.builder(URI.create("http://127.0.0.1:" + server.vigie.port()))
        .token(TestServer.ADMIN).speed(Speed.MAX).build()) {
      ReplaySummary s = client.replay(scenario);
      server.vigie.flush();
      return s;
    }
  }

  private static List<JsonNode> incidents(TestServer server, String service) {
    List<JsonNode> out = new ArrayList<>();
    server.getJson("/api/v1/incidents?service=" + service).path("incidents").forEach(out::add);
    return out;
  }

  @Test
  void theMetaStormOfOctober2021IsDetectedWithinMinutesAndResolvesAfterRecovery() {
    Instant onset = Instant.parse("2021-10-04T15:39:00Z");
    try (TestServer server = new TestServer(dir)) {
      ReplaySummary s = replay(server, Scenarios.byName(Scenarios.META_2021));
      assertThat(s.accepted()).isEqualTo(s.reports());
      assertThat(server.vigie.storage().signals().countReports()).isEqualTo(s.accepted());
      for (String service : List.of("facebook", "instagram", "whatsapp", "messenger")) {
        List<JsonNode> list = incidents(server, service);
        assertThat(list).as("incidents of %s", service).hasSize(1);
        JsonNode i = list.getFirst();
        Instant detected = Instant.parse(i.path("detectedAt").asText());
        Instant started = Instant.parse(i.path("startedAt").asText());
        assertThat(Duration.between(onset, detected)).as("%s detection delay", service)
            .isBetween(Duration.ZERO, Duration.ofMinutes(5));
        assertThat(started).as("%s backdated onset", service).isBetween(onset.minusSeconds(60), onset.plusSeconds(180));
        assertThat(i.path("state").asText()).isEqualTo("resolved");
        Instant resolved = Instant.parse(i.path("resolvedAt").asText());
        assertThat(resolved).as("%s resolution", service)
            .isBetween(Instant.parse("2021-10-04T21:20:00Z"), Instant.parse("2021-10-04T23:30:00Z"));
        assertThat(i.path("severity").asText()).isEqualTo("OUTAGE");
        List<String> top = i.path("countries").findValuesAsText("country").subList(0, 3);
        assertThat(top).as("%s top countries", service).containsAnyOf("US", "DE", "NL");
        assertThat(i.path("countries").size()).as("%s countries", service).isGreaterThan(50);
      }
      // The storm as a whole: the three largest countries of Downdetector's account, in its order.
      JsonNode fb = incidents(server, "facebook").getFirst();
      assertThat(fb.path("countries").findValuesAsText("country").subList(0, 3)).containsExactly("US", "DE", "NL");
      assertThat(fb.path("peakPerMinute").asInt()).isGreaterThan(10_000);
    }
  }

  @Test
  void twoQuietWeeksOpenNoIncident() {
    try (TestServer server = new TestServer(dir)) {
      ReplaySummary s = replay(server, Scenarios.byName(Scenarios.QUIET));
      assertThat(s.reports()).isGreaterThan(100_000);
      assertThat(server.getJson("/api/v1/incidents").path("incidents")).isEmpty();
    }
  }

  @Test
  void theSporadicInstagramOutageOf2019AndTheSameDayPsnOutageAreBothDetected() {
    Scenario sc = Scenarios.byName(Scenarios.INSTAGRAM_2019);
    try (TestServer server = new TestServer(dir)) {
      replay(server, sc);
      for (String service : List.of("instagram", "playstation-network")) {
        Instant onset = sc.outages().stream().filter(o -> o.service().equals(service)).findFirst().orElseThrow().onset();
        List<JsonNode> list = incidents(server, service);
        assertThat(list).as("incidents of %s", service).hasSize(1);
        Instant detected = Instant.parse(list.getFirst().path("detectedAt").asText());
        assertThat(Duration.between(onset, detected)).as("%s detection delay", service).isBetween(Duration.ZERO, Duration.ofMinutes(5));
      }
    }
  }
}
