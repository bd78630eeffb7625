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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.core.incident.Incident;
import org.vigie.core.signal.OfficialStatus;
import org.vigie.core.tally.MinuteTally;
import org.vigie.server.TestServer;
import org.vigie.server.Vigie;
import org.vigie.server.VigieConfig;
import org.vigie.server.cluster.ClusterSettings;
import org.vigie.stream.KafkaBroker;

/**
 * Cluster mode (issue 7) with evidence other than reports: two Vigie instances on a real KRaft
 * broker in this JVM and a real PostgreSQL 18. Probe results posted to one node change the status
 * on the other and reach the stream's closed minutes; an official major outage told to one node
 * opens the cluster's incident, seen on the other, and the same statement from the other node's
 * poll is told once; complaints posted to one node are counted in the stream's minutes. The stream's event time is the wall clock's (its punctuation), so the results
 * and statements carry the current time; nothing waits for time to pass, only for Kafka.
 */
class ClusterEvidenceTest {
  @TempDir static Path dir;
  static EmbeddedPostgres postgres;
  static KafkaBroker broker;
  static Vigie a;
  static Vigie b;

  @BeforeAll
  static void startCluster() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    String base = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
    try (Connection c = DriverManager.getConnection(base, "postgres", null); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA vigie_evidence");
    }
    broker = new KafkaBroker();
    a = instance("a", base + "?currentSchema=vigie_evidence");
    b = instance("b", base + "?currentSchema=vigie_evidence");
  }

  @AfterAll
  static void stopCluster() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {a, b, broker, postgres}) {
      if (c != null) {
        c.close();
      }
    }
  }

  private static Vigie instance(String node, String url) {
    return Vigie.start(VigieConfig.defaults(dir.resolve(node)).withHost("127.0.0.1").withPort(0).withAdminToken(TestServer.ADMIN)
        .withPostgres(url, "postgres")
        .withCluster(new ClusterSettings(broker.bootstrap(), node, 4, (short) 1, Map.of())));
  }

  /** The bound only ends a broken build; passing never depends on it. */
  private static ConditionFactory kafka(String what) {
    return Awaitility.await(what).atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200));
  }

  @Test
  void probeResultsPostedToOneNodeChangeTheOthersVerdictAndTheStreamsMinutes() {
    assertThat(json(b, "/api/v1/services/facebook").path("status").asText()).isEqualTo("OPERATIONAL");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    // 4 October 2021 again: DNS SERVFAIL from three of four vantage points, two rounds in a row.
    round(now.minusSeconds(30));
    round(now);

    kafka("node b hears node a's probe results").until(() -> json(b, "/api/v1/services/facebook").path("status").asText(),
        "OUTAGE"::equals);
    List<String> why = new ArrayList<>();
    json(b, "/api/v1/services/facebook").path("why").forEach(w -> why.add(w.asText()));
    assertThat(why).anyMatch(w -> w.startsWith("DNS SERVFAIL from 3 of 4 vantage points"));
    // Node a counts its own posts from Kafka too, as every node does.
    kafka("and so does the node they were posted to").until(() -> json(a, "/api/v1/services/facebook").path("status").asText(),
        "OUTAGE"::equals);

    // The minute 90 s ago is judged with the probes of its end.
    MinuteTally world = closedMinute("facebook", now.minusSeconds(90), now);
    assertThat(world.probes()).isEqualTo(4);
    assertThat(world.probeFailures()).isEqualTo(3);
  }

  @Test
  void anOfficialMajorOutageToldToOneNodeOpensTheClusterIncidentSeenOnTheOtherOnce() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    OfficialStatus major = new OfficialStatus("github", "Actions", "major_outage", "Actions run failures and delays",
        "https://www.githubstatus.com/incidents/x", now.minusSeconds(60));
    a.officialStatements().accept(List.of(major));

    JsonNode list = kafka("node b sees the incident the stream opened").until(
        () -> json(b, "/api/v1/incidents?service=github").path("incidents"), l -> l.size() == 1);
    long id = list.get(0).path("id").asLong();
    assertThat(json(b, "/api/v1/services/github").path("status").asText()).isEqualTo("OUTAGE");
    assertThat(b.pipeline().openIncident("github")).map(Incident::id).contains(id);

    // Node b polls the same page and says it again, then the page posts an update.
    b.officialStatements().accept(List.of(major));
    OfficialStatus update = new OfficialStatus("github", "Actions", "major_outage", "We are deploying a fix", null, now);
    b.officialStatements().accept(List.of(update));
    JsonNode incident = kafka("the update on the incident's timeline").until(() -> json(a, "/api/v1/incidents/" + id),
        i -> texts(i).stream().anyMatch(t -> t.contains("We are deploying a fix")));
    assertThat(texts(incident)).as("the line both nodes polled is told once")
        .filteredOn(t -> t.contains("Actions run failures and delays")).hasSize(2); // "opened on…" and the official line
    assertThat(json(a, "/api/v1/incidents?service=github").path("incidents")).hasSize(1);
    assertThat(a.officialStatements().recent("github")).as("stored once").hasSize(2);
  }

  @Test
  void complaintsPostedToOneNodeAreCountedInTheStreamsMinutes() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Instant earlier = now.minusSeconds(90);
    String posts = String.join("\n",
        post("1", "did:plc:a", "instagram est en panne, impossible de charger le fil", earlier),
        post("2", "did:plc:a", "toujours en panne instagram", earlier.plusSeconds(1)),
        post("3", "did:plc:b", "Instagram ne marche plus chez moi", earlier.plusSeconds(2)));
    HttpResponse<String> r = post(b, "/api/v1/mentions", "application/x-ndjson", posts);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    assertThat(TestServer.parse(r.body()).path("complaints").asInt()).isEqualTo(3);

    MinuteTally world = closedMinute("instagram", earlier, now);
    assertThat(world.mentions()).as("distinct complaining authors, as embedded mode counts them").isEqualTo(2);
  }

  /**
   * Reports at {@code earlier} and {@code now} through node a move the service's task's event time
   * on, closing the earlier minute; returns its world tally once the sink stored it.
   */
  private MinuteTally closedMinute(String service, Instant earlier, Instant now) {
    String lines = report(service, "r1", earlier) + "\n" + report(service, "r2", now);
    assertThat(post(a, "/api/v1/reports", "application/x-ndjson", lines).statusCode()).isEqualTo(202);
    Instant minute = earlier.truncatedTo(ChronoUnit.MINUTES);
    return kafka("the stream's minute in PostgreSQL").until(
        () -> b.storage().tallies().series(service, "*", minute, minute.plusSeconds(60)), l -> !l.isEmpty()).getFirst();
  }

  private static String report(String service, String reporter, Instant at) {
    return "{\"service\":\"" + service + "\",\"indicator\":\"app\",\"country\":\"FR\",\"reporter\":\"" + reporter
        + "\",\"network\":\"n-" + reporter + "\",\"at\":\"" + at + "\"}";
  }

  private static String post(String id, String author, String text, Instant at) {
    return "{\"id\":\"" + id + "\",\"text\":\"" + text + "\",\"lang\":\"fr\",\"created_at\":\"" + at + "\",\"author\":\""
        + author + "\",\"source\":\"bluesky\"}";
  }

  private static List<String> texts(JsonNode incident) {
    List<String> out = new ArrayList<>();
    incident.path("timeline").forEach(e -> out.add(e.path("text").asText()));
    return out;
  }

  /** Four vantage points push a round through node a, as remote agents do. */
  private void round(Instant at) {
    for (String v : List.of("FR-IDF", "US-CA", "DE-BE", "SG-01")) {
      boolean ok = v.equals("SG-01");
      String body = "{\"vantage\":\"" + v + "\",\"results\":[{\"service\":\"facebook\",\"target\":\"facebook.com/A\",\"kind\":\"dns\",\"ok\":" + ok
          + ",\"outcome\":\"" + (ok ? "ok" : "servfail") + "\",\"latencyMs\":4,\"at\":\"" + at + "\"}]}";
      HttpResponse<String> r = post(a, "/api/v1/probe-results", "application/json", body);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }
  }

  private static HttpResponse<String> post(Vigie v, String path, String type, String body) {
    return NodeHttp.post(v, path, type, body);
  }

  private static JsonNode json(Vigie v, String path) {
    return NodeHttp.json(v, path);
  }
}
