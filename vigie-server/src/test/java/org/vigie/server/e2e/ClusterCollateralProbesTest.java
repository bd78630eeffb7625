package org.vigie.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.server.TestServer;
import org.vigie.server.Vigie;
import org.vigie.server.VigieConfig;
import org.vigie.server.cluster.ClusterSettings;
import org.vigie.stream.KafkaBroker;

/**
 * {@link CollateralProbesTest}'s story in cluster mode: two Vigie instances on a real KRaft broker
 * in this JVM and a real PostgreSQL 18. Reports go to node a, the four vantage points' results to
 * node b (through {@code vigie.evidence} to the task owning Orange); the correlation stage
 * attributes Orange's spike to the Meta outage, and lifts it with an "own-outage" line once half
 * of Orange's own probes fail — at the minute embedded mode does. Event time comes from the
 * imported reports and the results' times; nothing waits for time to pass, only for Kafka.
 */
class ClusterCollateralProbesTest {
  static final Instant ONSET = CollateralStory.ONSET;

  @TempDir Path dir;
  EmbeddedPostgres postgres;
  KafkaBroker broker;
  Vigie a;
  Vigie b;
  final CollateralStory story = new CollateralStory();

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {a, b, broker, postgres}) {
      if (c != null) {
        c.close();
      }
    }
  }

  /** The bound only ends a broken build; passing never depends on it. */
  private static ConditionFactory kafka(String what) {
    return Awaitility.await(what).atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250));
  }

  @Test
  void anIspSpikeDuringTheMetaOutageIsCollateralUntilHalfItsOwnProbesFail() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    String base = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
    try (Connection c = DriverManager.getConnection(base, "postgres", null); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA vigie_collateral");
    }
    broker = new KafkaBroker();
    a = instance("a", base + "?currentSchema=vigie_collateral");
    b = instance("b", base + "?currentSchema=vigie_collateral");

    story.tell(new CollateralStory.Delivery() {
      @Override
      public void post(List<String> lines) {
        ClusterCollateralProbesTest.this.post(new ArrayList<>(lines));
      }

      @Override
      public void round(Instant at, Set<String> failing) {
        ClusterCollateralProbesTest.this.round(at, failing);
      }

      @Override
      public void told(int minute) {
        if (minute == 14) {
          // One of four failing is not Orange's own outage: its spike is still the Meta outage's.
          JsonNode orange = kafka("Orange's incident attributed on node b").until(() -> openIncident("orange"),
              o -> o != null && CollateralStory.timelineKinds(o).contains("collateral"));
          assertThat(CollateralStory.timelineKinds(orange)).doesNotContain("own-outage");
          assertThat(orange.path("group").asText()).startsWith("meta-");
        }
      }
    });

    JsonNode incident = kafka("Orange's own probes lift the attribution").until(() -> openIncident("orange"),
        o -> o != null && CollateralStory.timelineKinds(o).contains("own-outage"));
    assertThat(CollateralStory.timelineKinds(incident)).contains("collateral", "own-outage");
    JsonNode own = CollateralStory.eventOf(incident, "own-outage");
    assertThat(own.path("text").asText()).isEqualTo("Own probes fail too: an outage of orange itself");
    // Lyon's second failed round (15:55:50) makes two of four: the minute 15:55 closes on it.
    assertThat(Instant.parse(own.path("at").asText())).isEqualTo(ONSET.plus(Duration.ofMinutes(16)));
    assertThat(CollateralStory.timelineKinds(openIncident("facebook"))).as("the cause still names its collateral").contains("collateral-attributed");
  }

  private Vigie instance(String node, String url) {
    return Vigie.start(VigieConfig.defaults(dir.resolve(node)).withHost("127.0.0.1").withPort(0).withAdminToken(TestServer.ADMIN)
        .withPostgres(url, "postgres")
        .withCluster(new ClusterSettings(broker.bootstrap(), node, 4, (short) 1, Map.of())));
  }

  /** One probe round at {@code at}: each vantage point pushes its result for Orange's front to node b. */
  private void round(Instant at, Set<String> failing) {
    for (String v : CollateralStory.VANTAGES) {
      boolean ok = !failing.contains(v);
      String body = "{\"vantage\":\"" + v + "\",\"results\":[{\"service\":\"orange\",\"target\":\"https://www.orange.fr/\","
          + "\"kind\":\"http\",\"ok\":" + ok + ",\"outcome\":\"" + (ok ? "ok" : "http_5xx") + "\",\"latencyMs\":40,\"at\":\"" + at
          + "\"}]}";
      HttpResponse<String> r = post(b, "/api/v1/probe-results", "application/json", body);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }
  }

  private void post(List<String> lines) {
    if (lines.isEmpty()) {
      return;
    }
    HttpResponse<String> r = post(a, "/api/v1/reports", "application/x-ndjson", String.join("\n", lines));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    lines.clear();
  }

  /** The service's one incident as node b serves it, or null while there is none. */
  private JsonNode openIncident(String service) {
    JsonNode list = json(b, "/api/v1/incidents?service=" + service).path("incidents");
    if (list.isEmpty()) {
      return null;
    }
    assertThat(list).as("incidents of %s", service).hasSize(1);
    return json(b, "/api/v1/incidents/" + list.get(0).path("id").asLong());
  }

  private static HttpResponse<String> post(Vigie v, String path, String type, String body) {
    return NodeHttp.post(v, path, type, body);
  }

  private static JsonNode json(Vigie v, String path) {
    return NodeHttp.json(v, path);
  }
}
