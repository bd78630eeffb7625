package org.vigie.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.server.TestServer;

/**
 * The read API after a small imported story: three quiet days of Instagram reports in France and
 * the US, then twenty minutes of trouble in France only, then quiet again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadApiTest {
  static final Instant START = Instant.parse("2026-11-20T00:00:00Z");
  static final Instant ONSET = Instant.parse("2026-11-23T18:00:00Z");
  static final Instant END = ONSET.plus(Duration.ofMinutes(20));
  static final Instant STOP = ONSET.plus(Duration.ofHours(2));

  @TempDir static Path dir;
  TestServer server;

  @BeforeAll
  void replay() {
    server = new TestServer(dir);
    SplittableRandom rnd = new SplittableRandom(7);
    List<String> lines = new ArrayList<>();
    long n = 0;
    for (Instant m = START; m.isBefore(STOP); m = m.plusSeconds(60)) {
      int normal = poisson(rnd, 1.5);
      int outage = !m.isBefore(ONSET) && m.isBefore(END) ? 150 + rnd.nextInt(50) : 0;
      for (int i = 0; i < normal + outage; i++) {
        String country = i < outage ? "FR" : (rnd.nextDouble() < 0.6 ? "FR" : "US");
        String indicator = i < outage ? (rnd.nextBoolean() ? "login" : "feed") : "app";
        Instant at = m.plusMillis(rnd.nextInt(60_000));
        n++;
        lines.add("{\"service\":\"instagram\",\"indicator\":\"" + indicator + "\",\"country\":\"" + country
            + "\",\"reporter\":\"r" + n + "\",\"network\":\"n" + (n % 5000) + "\",\"at\":\"" + at + "\"}");
        if (lines.size() == 2000) {
          flush(lines);
        }
      }
    }
    flush(lines);
    server.vigie.flush();
  }

  private void flush(List<String> lines) {
    if (lines.isEmpty()) {
      return;
    }
    var r = server.post("/api/v1/reports", "application/x-ndjson", String.join("\n", lines), TestServer.ADMIN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    lines.clear();
  }

  static int poisson(SplittableRandom rnd, double lambda) {
    double l = Math.exp(-lambda);
    int k = 0;
    double p = 1;
    do {
      k++;
      p *= rnd.nextDouble();
    } while (p > l);
    return k - 1;
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void theOutageBecameOneResolvedIncidentInFrance() {
    JsonNode list = server.getJson("/api/v1/incidents?service=instagram").path("incidents");
    assertThat(list).hasSize(1);
    JsonNode i = server.getJson("/api/v1/incidents/" + list.get(0).path("id").asLong());
    assertThat(i.path("state").asText()).isEqualTo("resolved");
    Instant started = Instant.parse(i.path("startedAt").asText());
    Instant detected = Instant.parse(i.path("detectedAt").asText());
    Instant resolved = Instant.parse(i.path("resolvedAt").asText());
    assertThat(started).isBetween(ONSET.minusSeconds(60), ONSET.plusSeconds(60));
    assertThat(Duration.between(ONSET, detected)).isLessThanOrEqualTo(Duration.ofMinutes(2));
    assertThat(resolved).isBetween(END.minusSeconds(120), END.plus(Duration.ofMinutes(6)));
    assertThat(i.path("countries").get(0).path("country").asText()).isEqualTo("FR");
    assertThat(i.path("countries").findValuesAsText("country")).doesNotContain("US");
    assertThat(i.path("peakPerMinute").asInt()).isBetween(150, 210);
    assertThat(i.path("indicators").get(0).path("indicator").asText()).isIn("login", "feed");
    assertThat(i.path("timeline").findValuesAsText("kind")).contains("opened", "resolved");
  }

  @Test
  void otherServicesHadNoIncident() {
    assertThat(server.getJson("/api/v1/incidents?service=facebook").path("incidents")).isEmpty();
  }

  @Test
  void theSeriesShowsTheSpikeAgainstTheBaseline() {
    JsonNode s = server.getJson("/api/v1/services/instagram/series?from=" + ONSET.minusSeconds(3600) + "&to=" + ONSET.plusSeconds(3600) + "&step=15m");
    JsonNode points = s.path("points");
    assertThat(points).hasSize(8);
    JsonNode before = points.get(3);
    JsonNode during = points.get(4);
    assertThat(during.path("reports").asLong()).isGreaterThan(10 * Math.max(1, before.path("reports").asLong()));
    assertThat(during.path("baseline").asDouble()).isBetween(10.0, 60.0);
    JsonNode fr = server.getJson("/api/v1/services/instagram/series?from=" + ONSET + "&to=" + ONSET.plusSeconds(60) + "&country=FR");
    assertThat(fr.path("points").get(0).path("reports").asLong()).isGreaterThanOrEqualTo(150);
  }

  @Test
  void servicesAreListedWithStatus() {
    JsonNode services = server.getJson("/api/v1/services").path("services");
    assertThat(services.size()).isGreaterThanOrEqualTo(40);
    assertThat(services.findValuesAsText("status")).allMatch(s -> List.of("OPERATIONAL", "POSSIBLE_PROBLEMS", "OUTAGE").contains(s));
    JsonNode ig = server.getJson("/api/v1/services/instagram");
    assertThat(ig.path("name").asText()).isEqualTo("Instagram");
    assertThat(ig.path("indicators").findValuesAsText("fr")).isNotEmpty();
  }

  @Test
  void badQueryParametersAreProblems() {
    assertThat(server.get("/api/v1/services/instagram/series?from=yesterday").statusCode()).isEqualTo(400);
    assertThat(server.get("/api/v1/services/instagram/series?step=7s").statusCode()).isEqualTo(400);
    assertThat(server.get("/api/v1/services/instagram/series?country=XX1").statusCode()).isEqualTo(400);
    assertThat(server.get("/api/v1/incidents?service=myspace").statusCode()).isEqualTo(400);
  }

  @Test
  void healthEndpointsAnswer() {
    assertThat(server.getJson("/health/live").path("status").asText()).isEqualTo("UP");
    assertThat(server.getJson("/health/ready").path("status").asText()).isEqualTo("UP");
  }
}
