package org.vigie.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.core.incident.Incident;
import org.vigie.core.model.Service;
import org.vigie.core.storage.Storage;
import org.vigie.server.TestServer;
import org.vigie.server.Vigie;
import org.vigie.server.VigieConfig;
import org.vigie.server.cluster.ClusterSettings;
import org.vigie.server.replay.Batch;
import org.vigie.server.replay.NdjsonWriter;
import org.vigie.server.replay.ReplayClient;
import org.vigie.server.replay.ReplaySummary;
import org.vigie.server.replay.Scenario;
import org.vigie.server.replay.Scenarios;
import org.vigie.server.replay.Speed;
import org.vigie.stream.KafkaBroker;

/**
 * Cluster mode end to end (issue 7): Vigie instances started with {@code --kafka} and
 * {@code --postgres} on a real KRaft broker in this JVM and a real PostgreSQL 18. The
 * instagram-2019-06-13 scenario goes in through the HTTP import of two instances, a batch to each
 * in turn; the stream detects, the sink writes PostgreSQL, and what is stored is judged against
 * the same scenario through the embedded mode.
 */
class ClusterModeServerTest {
  private static final Pattern UP = Pattern.compile("Vigie is up: http://localhost:(\\d+)/");
  private static final Scenario SCENARIO = Scenarios.instagram20190613();

  private static EmbeddedPostgres postgres;
  private static List<String> embeddedIncidents;
  /** Reports the embedded mode counted: the cluster's reporter rule must count exactly as many. */
  private static long embeddedCounted;
  private static int schemas;

  @TempDir Path dir;

  private KafkaBroker broker;
  private String url;

  @BeforeAll
  static void startPostgresAndReplayEmbedded(@TempDir Path embeddedDir) throws SQLException {
    try {
      postgres = EmbeddedPostgres.builder().start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL server", e);
    }
    try (TestServer embedded = new TestServer(embeddedDir);
        ReplayClient client = ReplayClient.builder(URI.create("http://127.0.0.1:" + embedded.vigie.port()))
            .token(TestServer.ADMIN).speed(Speed.MAX).build()) {
      embeddedCounted = client.replay(SCENARIO).counted();
      embedded.vigie.flush();
      embeddedIncidents = comparable(incidents(embedded.vigie.storage()));
    }
    assertThat(embeddedIncidents).as("the embedded mode's incidents").hasSize(2)
        .anySatisfy(i -> assertThat(i).startsWith("instagram "))
        .anySatisfy(i -> assertThat(i).startsWith("playstation-network "));
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    if (postgres != null) {
      postgres.close();
    }
  }

  @BeforeEach
  void freshBrokerAndSchema() throws Exception {
    broker = new KafkaBroker();
    String schema = "vigie_cluster_" + (++schemas);
    String base = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
    try (Connection c = DriverManager.getConnection(base, "postgres", null); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    url = base + "?currentSchema=" + schema;
  }

  @AfterEach
  void stopBroker() throws Exception {
    broker.close();
  }

  private Vigie instance(String node) {
    return Vigie.start(VigieConfig.defaults(dir.resolve(node)).withHost("127.0.0.1").withPort(0).withAdminToken(TestServer.ADMIN)
        .withPostgres(url, "postgres")
        .withCluster(new ClusterSettings(broker.bootstrap(), node, 4, (short) 1, Map.of())));
  }

  @Test
  void theInstagramScenarioThroughTwoInstancesGivesTheEmbeddedIncidentsAndCountsEveryReportOnce() {
    try (Vigie a = instance("a"); Vigie b = instance("b");
        ReplayClient toA = client(a.port()); ReplayClient toB = client(b.port())) {
      List<Batch> batches = batches();
      long counted = 0;
      for (int i = 0; i < batches.size(); i++) {
        counted += send(i % 2 == 0 ? toA : toB, batches.get(i));
      }
      // The ingest nodes' own dedupe sees half of each reporter's reports each: more "counted"
      // answers than embedded. The stream's rule (ReporterDedupe) sees them all.
      System.out.printf("cluster: %,d counted by the ingest nodes' answers, %,d by the embedded mode%n", counted, embeddedCounted);
      long expected = embeddedCounted;
      // The live edge: each instance shows what the stream counted in minutes not closed yet (the
      // scenario's last minute stays open about a minute of wall-clock time after the replay).
      for (Vigie v : List.of(a, b)) {
        Awaitility.await("open-minute progress adopted").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
            .until(() -> v.catalogue().services().stream().mapToInt(s -> v.pipeline().openMinuteReports(s.slug(), null)).sum() > 0);
      }
      awaitStored(a.storage(), a, expected);
      assertThat(storedReports(a.storage(), a)).as("reports counted in the tallies in PostgreSQL").isEqualTo(expected);
      assertThat(comparable(incidents(a.storage()))).isEqualTo(embeddedIncidents);
      // Both instances' live views follow the whole cluster, not only what they ingested.
      for (Vigie v : List.of(a, b)) {
        assertThat(v.recent().reports("instagram", 24 * 60)).as("instagram's last day on an instance's pages").isPositive();
      }
    }
  }

  @Test
  void killingOneInstanceMidReplayLosesNoCountAndOpensNoDuplicateIncident() throws Exception {
    try (Vigie a = instance("a"); ReplayClient toA = client(a.port())) {
      Process b = startChild("b");
      try (ReplayClient toB = client(port(b))) {
        List<Batch> batches = batches();
        long counted = 0;
        int half = batches.size() / 2;
        for (int i = 0; i < half; i++) {
          counted += send(i % 2 == 0 ? toA : toB, batches.get(i));
        }
        // kill -9: B's stream tasks die mid-transaction, with their stores and offsets uncommitted.
        b.destroyForcibly();
        assertThat(b.waitFor(30, TimeUnit.SECONDS)).isTrue();
        for (int i = half; i < batches.size(); i++) {
          counted += send(toA, batches.get(i));
        }
        long expected = embeddedCounted;
        awaitStored(a.storage(), a, expected);
        assertThat(storedReports(a.storage(), a)).as("reports counted in the tallies in PostgreSQL").isEqualTo(expected);
        List<Incident> stored = incidents(a.storage());
        assertThat(stored).extracting(Incident::service).as("one incident per outage, none opened twice")
            .containsExactlyInAnyOrder("instagram", "playstation-network");
        assertThat(comparable(stored)).isEqualTo(embeddedIncidents);
      } finally {
        b.destroyForcibly();
      }
    }
  }

  /** The scenario as the replay client cuts it, in smaller batches so the instances alternate often. */
  static List<Batch> batches() {
    List<Batch> out = new ArrayList<>();
    NdjsonWriter writer = new NdjsonWriter(2_000, Long.MAX_VALUE, out::add);
    SCENARIO.generate(writer);
    writer.flush();
    return out;
  }

  static ReplayClient client(int port) {
    return ReplayClient.builder(URI.create("http://127.0.0.1:" + port)).token(TestServer.ADMIN).speed(Speed.MAX).concurrency(1).build();
  }

  /** Sends one batch; returns how many of its reports the instance counted (202 = in Kafka). */
  private static long send(ReplayClient client, Batch batch) {
    ReplaySummary s = client.send("batch " + batch.sequence(), List.of(batch));
    assertThat(s.accepted()).isEqualTo(batch.lines());
    return s.counted();
  }

  private static void awaitStored(Storage store, Vigie v, long expected) {
    // The bound only ends a broken build; passing never depends on it.
    Awaitility.await("every counted report (" + expected + ") in PostgreSQL").atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> storedReports(store, v), n -> n >= expected);
    Awaitility.await("both incidents resolved").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
        .until(() -> comparable(incidents(store).stream().filter(i -> !i.isOpen()).toList()), l -> l.size() >= 2);
  }

  private static long storedReports(Storage store, Vigie v) {
    long n = 0;
    for (Service s : v.catalogue().services()) {
      n += store.tallies().series(s.slug(), "*", SCENARIO.start(), SCENARIO.end()).stream().mapToLong(t -> t.reports()).sum();
    }
    return n;
  }

  private static List<Incident> incidents(Storage store) {
    return store.incidents().list(null, SCENARIO.start(), SCENARIO.end().plus(Duration.ofDays(1)), 100);
  }

  /** What must agree between the modes: service, onset minute and the countries affected. */
  private static List<String> comparable(List<Incident> incidents) {
    return incidents.stream()
        .map(i -> i.service() + " from " + i.startedAt().truncatedTo(ChronoUnit.MINUTES) + " in "
            + i.countries().stream().map(Incident.CountryShare::country).sorted().toList())
        .sorted()
        .toList();
  }

  /** Another Vigie in its own JVM, so that it can be killed for real. */
  private Process startChild(String node) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        "org.vigie.server.cli.VigieCommand", "serve", "--offline", "--host", "127.0.0.1", "--port", "0",
        "--data", dir.resolve(node).toString(), "--kafka", broker.bootstrap(), "--node-id", node,
        "--postgres", url, "--postgres-user", "postgres")
        .redirectErrorStream(true);
    pb.environment().put("VIGIE_ADMIN_TOKEN", TestServer.ADMIN);
    return pb.start();
  }

  /** Waits for the child to announce its port, then keeps draining its output. */
  private static int port(Process p) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = out.readLine()) != null; ) {
      Matcher m = UP.matcher(line);
      if (m.find()) {
        Thread.ofPlatform().daemon().start(() -> out.lines().forEach(l -> { }));
        return Integer.parseInt(m.group(1));
      }
    }
    throw new IllegalStateException("the child Vigie stopped before it was up (exit " + p.exitValue() + ")");
  }
}
