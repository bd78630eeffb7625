package org.vigie.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.core.detect.SeasonalPoissonDetector;
import org.vigie.core.incident.Incident;
import org.vigie.core.incident.IncidentEngine;
import org.vigie.core.incident.IncidentPolicy;
import org.vigie.core.incident.Relations;
import org.vigie.core.pipeline.PipelineConfig;
import org.vigie.core.pipeline.PipelineListener;
import org.vigie.core.pipeline.SignalPipeline;
import org.vigie.core.signal.ProblemReport;
import org.vigie.core.storage.Storage;
import org.vigie.store.sqlite.SqliteStorage;

/**
 * Cluster mode end to end on a real KRaft broker in this JVM: ingest through {@link
 * KafkaSignalLog} on two nodes, the topology on two stream instances, the sink into a store. The
 * sink only speaks the storage SPI, so SQLite serves here; vigie-server's ClusterModeServerTest
 * runs whole Vigie instances on PostgreSQL.
 */
class ClusterModeTest {
  static KafkaBroker broker;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = new KafkaBroker();
  }

  @AfterAll
  static void stopBroker() throws Exception {
    broker.close();
  }

  @TempDir Path dir;

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    // Waits on the condition; the bound only ends a broken build, passing never depends on it.
    org.awaitility.Awaitility.await(what).atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50))
        .until(condition::getAsBoolean);
  }

  ClusterNode.Options options(String node, Path state) {
    return options(broker.bootstrap(), node, state);
  }

  static ClusterNode.Options options(String bootstrap, String node, Path state) {
    return options(bootstrap, node, state, Relations.NONE);
  }

  static ClusterNode.Options options(String bootstrap, String node, Path state, Relations relations) {
    return new ClusterNode.Options(bootstrap, node, 4, (short) 1, state, PipelineConfig.DEFAULT,
        IncidentPolicy.DEFAULT, 2, Map.of(StreamsConfig.consumerPrefix("session.timeout.ms"), 6_000), relations);
  }


  @Test
  void anAppendReturnsOnceEveryReportIsCommittedAndReadable() throws Exception {
    String topic = "signals-append-test";
    try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", broker.bootstrap()))) {
      admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 3, (short) 1))).all().get();
    }
    Reports r = new Reports(3);
    try (KafkaSignalLog log = new KafkaSignalLog(broker.bootstrap(), topic, "append-test", 2, Map.of())) {
      List<ProblemReport> batch = r.minute("instagram", "FR", Scenario.START, 1_000);
      boolean[] counted = new boolean[batch.size()];
      for (int i = 0; i < counted.length; i += 2) {
        counted[i] = true;
      }
      log.append(batch, counted);
      log.append(r.minute("facebook", "US", Scenario.START, 10), new boolean[10]);
      assertThat(log.countReports()).isEqualTo(1_010);
      assertThat(log.countReports("instagram", Scenario.START, Scenario.START.plusSeconds(60))).isEqualTo(500);
      List<ProblemReport> scanned = new ArrayList<>();
      log.scanReports(Instant.EPOCH, Instant.MAX, (rep, c) -> scanned.add(rep));
      assertThat(scanned).hasSize(1_010).isSortedAccordingTo(Comparator.comparing(ProblemReport::at));
    }
  }

  @Test
  void theInstagramScenarioThroughTwoInstancesGivesTheEmbeddedIncidents() throws Exception {
    List<List<ProblemReport>> batches = Scenario.batches(2019);
    List<Incident> expected = embedded(batches);
    assertThat(expected).extracting(Incident::service).containsExactlyInAnyOrder("instagram", "playstation-network");

    try (Storage store = SqliteStorage.open(dir.resolve("store"));
        ClusterNode a = ClusterNode.start(options("a", dir.resolve("a")), store);
        ClusterNode b = ClusterNode.start(options("b", dir.resolve("b")), store)) {
      long t0 = System.nanoTime();
      long sent = 0;
      for (int i = 0; i < batches.size(); i++) {
        List<ProblemReport> batch = batches.get(i);
        (i % 2 == 0 ? a : b).signals().append(batch, all(batch.size()));
        sent += batch.size();
      }
      System.out.printf("cluster ingest: %,d reports in %.2f s through two nodes%n", sent, (System.nanoTime() - t0) / 1e9);
      await("both incidents resolved in the store", () -> resolved(store).size() == expected.size());
      assertThat(comparable(resolved(store))).isEqualTo(comparable(expected));
      long counted = batches.stream().mapToLong(List::size).sum();
      assertThat(a.signals().countReports()).isEqualTo(counted);
    }
  }

  static boolean[] all(int n) {
    boolean[] b = new boolean[n];
    java.util.Arrays.fill(b, true);
    return b;
  }

  static List<Incident> resolved(Storage store) {
    return resolved(store, Scenario.START);
  }

  static List<Incident> resolved(Storage store, Instant from) {
    return store.incidents().list(null, from, from.plus(Duration.ofDays(1)), 100).stream()
        .filter(i -> !i.isOpen()).toList();
  }

  /** What must agree between modes: everything but the id, which each mode numbers its own way. */
  static List<String> comparable(List<Incident> incidents) {
    return incidents.stream()
        .map(i -> String.join(" ", i.service(), "start " + i.startedAt(), "detected " + i.detectedAt(), "resolved " + i.resolvedAt(),
            "severity " + i.severity(), "peak " + i.peakPerMinute() + "@" + i.peakAt(), "total " + i.totalReports(),
            "countries " + i.countries().stream().map(c -> c.country() + ":" + c.reports()).toList()))
        .sorted()
        .toList();
  }

  /** The same reports through the embedded pipeline, as {@code vigie serve} without Kafka runs it. */
  static List<Incident> embedded(List<List<ProblemReport>> batches) {
    return embedded(batches, Relations.NONE, Scenario.START);
  }

  /** The same, with the engine knowing the catalogue's relations (groups, collateral). */
  static List<Incident> embedded(List<List<ProblemReport>> batches, Relations relations, Instant clock) {
    long[] ids = {0};
    SignalPipeline p = new SignalPipeline(PipelineConfig.DEFAULT, new SeasonalPoissonDetector(),
        new IncidentEngine(IncidentPolicy.DEFAULT, () -> ++ids[0], relations), java.time.InstantSource.fixed(clock));
    Map<Long, Incident> latest = new LinkedHashMap<>();
    p.addListener(new PipelineListener() {
      @Override
      public void incidentChanged(Incident i) {
        latest.put(i.id(), i);
      }
    });
    for (List<ProblemReport> b : batches) {
      p.accept(b, all(b.size()));
    }
    return latest.values().stream().filter(i -> !i.isOpen()).toList();
  }
}
