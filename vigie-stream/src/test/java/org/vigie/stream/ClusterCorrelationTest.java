package org.vigie.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.core.detect.SeasonalPoissonDetector;
import org.vigie.core.incident.Incident;
import org.vigie.core.incident.IncidentEngine;
import org.vigie.core.incident.IncidentPolicy;
import org.vigie.core.pipeline.PipelineConfig;
import org.vigie.core.pipeline.PipelineListener;
import org.vigie.core.pipeline.SignalPipeline;
import org.vigie.core.signal.ProblemReport;
import org.vigie.core.storage.Storage;
import org.vigie.store.sqlite.SqliteStorage;

/**
 * Correlation across partitions on a real KRaft broker: Meta's apps and two ISPs on different
 * partitions of {@code vigie.signals}, two instances, and the same groups and collateral
 * attributions as the embedded engine that sees every service. Own broker: its event time must
 * not meet another test's scenario.
 */
class ClusterCorrelationTest {
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

  ClusterNode.Options options(String node) {
    return new ClusterNode.Options(broker.bootstrap(), node, 4, (short) 1, dir.resolve(node), PipelineConfig.DEFAULT,
        IncidentPolicy.DEFAULT, 2, Map.of(StreamsConfig.consumerPrefix("session.timeout.ms"), 6_000), MetaScenario.RELATIONS);
  }

  @Test
  void theMetaStoryThroughTwoInstancesGivesTheEmbeddedGroupsAndCollateral() throws Exception {
    Set<Integer> metaPartitions = List.of("facebook", "instagram", "whatsapp", "messenger").stream()
        .map(s -> Utils.toPositive(Utils.murmur2(s.getBytes(StandardCharsets.UTF_8))) % 4).collect(Collectors.toSet());
    assertThat(metaPartitions).as("the family is spread over partitions, or this proves nothing").hasSizeGreaterThan(1);

    List<List<ProblemReport>> batches = MetaScenario.batches(2021);
    List<String> expected = outcomes(embedded(batches));
    assertThat(expected).as("the embedded engine's conclusions").containsExactlyInAnyOrder(
        "facebook meta-2021-10-04T15:39Z",
        "instagram meta-2021-10-04T15:39Z",
        "messenger meta-2021-10-04T15:39Z",
        "whatsapp meta-2021-10-04T15:39Z",
        "orange meta-2021-10-04T15:39Z collateral POSSIBLE_PROBLEMS",
        "verizon meta-2021-10-04T15:39Z collateral POSSIBLE_PROBLEMS");

    try (Storage store = SqliteStorage.open(dir.resolve("store"));
        ClusterNode a = ClusterNode.start(options("a"), store);
        ClusterNode b = ClusterNode.start(options("b"), store)) {
      for (int i = 0; i < batches.size(); i++) {
        List<ProblemReport> batch = batches.get(i);
        (i % 2 == 0 ? a : b).signals().append(batch, ClusterModeTest.all(batch.size()));
      }
      ClusterModeTest.await("every incident resolved in the store", () -> resolved(store).size() == expected.size());
      assertThat(outcomes(resolved(store))).isEqualTo(expected);
    }
  }

  static List<Incident> resolved(Storage store) {
    return store.incidents().list(null, MetaScenario.START, MetaScenario.START.plus(Duration.ofDays(1)), 100).stream()
        .filter(i -> !i.isOpen()).toList();
  }

  /** Service, group, and for a collateral incident its attribution and the severity it shows. */
  static List<String> outcomes(List<Incident> incidents) {
    return incidents.stream()
        .map(i -> i.service() + " " + i.group()
            + (i.timeline().stream().anyMatch(e -> e.kind().equals("collateral")) ? " collateral " + i.severity() : ""))
        .sorted()
        .toList();
  }

  /** The same reports through one embedded pipeline whose engine knows the relations. */
  static List<Incident> embedded(List<List<ProblemReport>> batches) {
    long[] ids = {0};
    SignalPipeline p = new SignalPipeline(PipelineConfig.DEFAULT, new SeasonalPoissonDetector(),
        new IncidentEngine(IncidentPolicy.DEFAULT, () -> ++ids[0], MetaScenario.RELATIONS), java.time.InstantSource.fixed(MetaScenario.START));
    Map<Long, Incident> latest = new LinkedHashMap<>();
    p.addListener(new PipelineListener() {
      @Override
      public void incidentChanged(Incident i) {
        latest.put(i.id(), i);
      }
    });
    for (List<ProblemReport> b : batches) {
      p.accept(b, ClusterModeTest.all(b.size()));
    }
    return latest.values().stream().filter(i -> !i.isOpen()).toList();
  }
}
