package org.vigie.server.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.server.TestServer;

/**
 * Four vantage points push DNS results for Facebook through {@code POST /api/v1/probe-results} of
 * a running Vigie, as on 4 October 2021 (SERVFAIL from ~15:50): the service page and the API say
 * who sees what, in English and French, and still do after the instance restarts on the same data.
 */
class ProbePageTest {
  static final Instant ROUND_1 = Instant.parse("2021-10-04T15:50:00Z");
  static final String[] VANTAGES = {"FR-IDF", "US-CA", "DE-BE", "SG-01"};
  static final String EN = "DNS SERVFAIL from 3 of 4 vantage points since 15:50 UTC";
  static final String FR = "DNS SERVFAIL pour 3 des 4 points de mesure depuis 15:50 UTC";

  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  @TempDir Path dir;
  TestServer vigie;

  @AfterEach
  void stop() {
    if (vigie != null) {
      vigie.close();
    }
  }

  /** One push per vantage point: three see SERVFAIL, Singapore still resolves. */
  private void round(Instant at) {
    for (String v : VANTAGES) {
      boolean ok = v.equals("SG-01");
      String body = "{\"vantage\":\"" + v + "\",\"results\":[{\"service\":\"facebook\",\"target\":\"facebook.com/A\",\"kind\":\"dns\",\"ok\":" + ok
          + ",\"outcome\":\"" + (ok ? "ok" : "servfail") + "\",\"latencyMs\":" + (ok ? 21 : 4) + ",\"at\":\"" + at + "\"}]}";
      HttpResponse<String> r = vigie.post("/api/v1/probe-results", "application/json", body, TestServer.ADMIN);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }
  }

  private String french(String path) {
    try {
      return http.send(HttpRequest.newBuilder(vigie.uri(path)).header("Accept-Language", "fr").build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (java.io.IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private void saysWhoSeesWhat() {
    String en = vigie.get("/status/facebook").body();
    assertThat(en).contains(EN).contains("<li>SG-01: OK</li>").contains("<li>FR-IDF: SERVFAIL</li>").contains(">Failing</span>");
    // The banner agrees with the API: people report nothing, the probes raise it, and it says so.
    assertThat(en).contains("data-status=\"OUTAGE\"").contains("Our probes or the official status page show problems with Facebook.");
    String fr = french("/status/facebook");
    assertThat(fr).contains(FR).contains(">En échec</span>").contains("Ce que voient nos sondes")
        .contains("Nos sondes ou la page d&#39;état officielle montrent des problèmes avec Facebook.");

    JsonNode probe = vigie.getJson("/api/v1/services/facebook/probes").path("probes").get(0);
    assertThat(probe.path("summary").asText()).isEqualTo("DNS SERVFAIL from 3 of 4 vantage points since 15:50");
    assertThat(probe.path("byVantage").path("DE-BE").asText()).isEqualTo("servfail");
    JsonNode service = vigie.getJson("/api/v1/services/facebook");
    assertThat(service.path("status").asText()).as("probes alone raise the status").isEqualTo("OUTAGE");
    List<String> why = new ArrayList<>();
    service.path("why").forEach(w -> why.add(w.asText()));
    assertThat(why).contains("DNS SERVFAIL from 3 of 4 vantage points since 15:50");
  }

  @Test
  void thePageAndTheApiSayWhichVantagePointsSeeWhatAndStillDoAfterARestart() {
    vigie = new TestServer(dir, ROUND_1.plusSeconds(5));
    // Another page than the one checked below: rendered pages are cached for a second (PageCache).
    assertThat(vigie.get("/status/facebook?country=FR").body()).contains("No probe results from any vantage point yet.");
    round(ROUND_1);
    vigie.clock.advanceSeconds(30);
    round(ROUND_1.plusSeconds(30));

    saysWhoSeesWhat();

    vigie.close();
    vigie = new TestServer(dir, ROUND_1.plusSeconds(40));

    saysWhoSeesWhat();
    // The streaks go on from where they were: one more round still counts the failures since 15:50
    // (a quorum started afresh would need two rounds before anyone counts as failing).
    round(ROUND_1.plusSeconds(60));
    assertThat(vigie.getJson("/api/v1/services/facebook/probes").path("probes").get(0).path("summary").asText())
        .isEqualTo("DNS SERVFAIL from 3 of 4 vantage points since 15:50");
  }

  @Test
  void resultsOlderThanTheRetentionArePurged() {
    vigie = new TestServer(dir, ROUND_1.plusSeconds(5));
    round(ROUND_1);
    vigie.clock.advanceSeconds(ProbeHistory.RETENTION.toSeconds() + 60);
    round(ROUND_1.plusSeconds(ProbeHistory.RETENTION.toSeconds()));

    assertThat(vigie.vigie.probeHistory().prune()).isEqualTo(4);

    List<Instant> left = new ArrayList<>();
    vigie.vigie.storage().probes().scan(Instant.MIN, Instant.MAX, r -> left.add(r.at()));
    assertThat(left).hasSize(4).allMatch(at -> at.equals(ROUND_1.plusSeconds(ProbeHistory.RETENTION.toSeconds())));
  }

  @Test
  void theApiDescriptionListsTheProbeRoutes() {
    vigie = new TestServer(dir, ROUND_1);
    JsonNode paths = vigie.getJson("/openapi.json").path("paths");

    assertThat(paths.path("/api/v1/services/{slug}/probes").has("get")).isTrue();
    assertThat(paths.path("/api/v1/agent/checks").has("get")).isTrue();
    assertThat(paths.path("/api/v1/probe-results").path("post").path("responses").has("503")).isTrue();
  }
}
