package org.vigie.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.probe.Check;
import org.vigie.probe.HttpAgentClient;
import org.vigie.probe.Prober;
import org.vigie.probe.Schedule;
import org.vigie.server.TestServer;

/**
 * Issue 3 in the running server: during a large Facebook outage, Orange (a French ISP) lights up
 * because people blame their connection — collateral. Four vantage points probe Orange's own web
 * front (a loopback HTTP server) and push their results through {@code POST /api/v1/probe-results}
 * as remote agents do. While at most one of four fails, the incident stays collateral; once two
 * fail (half of them), it is Orange's own outage. Event time comes from the imported reports and
 * the probes' injected clock; nothing waits for wall time.
 */
class CollateralProbesTest {
  static final Instant ONSET = CollateralStory.ONSET;
  static final Instant START = CollateralStory.START;
  static final Schedule ROUND = new Schedule(Duration.ofSeconds(30), Duration.ofSeconds(2), 0);

  @TempDir Path dir;
  TestServer vigie;
  HttpServer orange;
  final Map<String, Prober> probers = new LinkedHashMap<>();
  /** The vantage points' clock: the time of the round being run. */
  final AtomicReference<Instant> probeTime = new AtomicReference<>(START);
  /** The status Orange's front answers the next request with. */
  final AtomicInteger answer = new AtomicInteger(200);
  final CollateralStory story = new CollateralStory();

  @AfterEach
  void stop() {
    probers.values().forEach(Prober::close);
    if (orange != null) {
      orange.stop(0);
    }
    if (vigie != null) {
      vigie.close();
    }
  }

  @Test
  void anIspSpikeDuringTheMetaOutageIsCollateralUntilHalfItsOwnProbesFail() throws IOException {
    orange = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    orange.createContext("/", ex -> {
      byte[] body = "<title>Orange</title>".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(answer.get(), body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    });
    orange.start();
    Check.Http front = new Check.Http("orange", URI.create("http://127.0.0.1:" + orange.getAddress().getPort() + "/"), 200, 399, null, ROUND);
    vigie = new TestServer(dir, ONSET.plus(Duration.ofHours(1)));
    for (String v : CollateralStory.VANTAGES) {
      probers.put(v, new Prober(v, probeTime::get, null));
    }

    story.tell(new CollateralStory.Delivery() {
      @Override
      public void post(List<String> lines) {
        CollateralProbesTest.this.post(new ArrayList<>(lines));
      }

      @Override
      public void round(Instant at, Set<String> failing) {
        try {
          CollateralProbesTest.this.round(front, at, failing);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }

      @Override
      public void told(int minute) {
        if (minute == 14) {
          // One of four failing is not Orange's own outage: its spike is still the Meta outage's.
          List<String> kinds = CollateralStory.timelineKinds(openIncident("orange"));
          assertThat(kinds).contains("collateral").doesNotContain("own-outage");
          assertThat(openIncident("orange").path("group").asText()).startsWith("meta-");
        }
      }
    });
    vigie.vigie.flush();

    JsonNode incident = openIncident("orange");
    List<String> kinds = CollateralStory.timelineKinds(incident);
    assertThat(kinds).contains("collateral", "own-outage");
    JsonNode own = CollateralStory.eventOf(incident, "own-outage");
    assertThat(own.path("text").asText()).isEqualTo("Own probes fail too: an outage of orange itself");
    // Lyon's second failed round (15:55:50) makes two of four: the minute 15:55 closes on it.
    assertThat(Instant.parse(own.path("at").asText())).isEqualTo(ONSET.plus(Duration.ofMinutes(16)));
    assertThat(CollateralStory.timelineKinds(openIncident("facebook"))).as("the cause still names its collateral").contains("collateral-attributed");

    // The probes are stored with Orange's world minutes and served with its series.
    JsonNode points = vigie.getJson("/api/v1/services/orange/series?from=" + ONSET + "&to=" + ONSET.plus(Duration.ofMinutes(20))
        + "&step=1m").path("points");
    assertThat(points.get(5).path("probes").asInt()).isEqualTo(4);
    assertThat(points.get(5).path("probeFailures").asInt()).isZero();
    assertThat(points.get(12).path("probeFailures").asInt()).as("Paris failing since its second round").isEqualTo(1);
    assertThat(points.get(17).path("probeFailures").asInt()).isEqualTo(2);
    assertThat(points.get(17).path("probes").asInt()).isEqualTo(4);
    JsonNode facebook = vigie.getJson("/api/v1/services/facebook/series?from=" + ONSET + "&to=" + ONSET.plus(Duration.ofMinutes(20))
        + "&step=1m").path("points");
    assertThat(facebook.get(5).has("probes")).as("Facebook was not probed").isFalse();
  }

  /** One probe round at {@code at}: each vantage point checks Orange's front and pushes its result. */
  private void round(Check.Http front, Instant at, Set<String> failing) throws IOException {
    probeTime.set(at);
    for (Map.Entry<String, Prober> v : probers.entrySet()) {
      // What this vantage point's path to Orange gets: a 503 where the ISP's network is broken.
      answer.set(failing.contains(v.getKey()) ? 503 : 200);
      new HttpAgentClient(vigie.uri("/"), TestServer.ADMIN, v.getKey()).push(List.of(v.getValue().run(front)));
    }
  }

  private void post(List<String> lines) {
    if (lines.isEmpty()) {
      return;
    }
    var r = vigie.post("/api/v1/reports", "application/x-ndjson", String.join("\n", lines), TestServer.ADMIN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    lines.clear();
  }

  private JsonNode openIncident(String service) {
    vigie.vigie.flush();
    JsonNode list = vigie.getJson("/api/v1/incidents?service=" + service).path("incidents");
    assertThat(list).as("incidents of %s", service).hasSize(1);
    return vigie.getJson("/api/v1/incidents/" + list.get(0).path("id").asLong());
  }
}
