package org.vigie.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.core.incident.Incident;
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
    return ClusterModeTest.options(broker.bootstrap(), node, dir.resolve(node), MetaScenario.RELATIONS);
  }


  @Test
  void theMetaStoryThroughTwoInstancesGivesTheEmbeddedGroupsAndCollateral() throws Exception {
    Set<Integer> metaPartitions = List.of("facebook", "instagram", "whatsapp", "messenger").stream()
        .map(s -> Utils.toPositive(Utils.murmur2(s.getBytes(StandardCharsets.UTF_8))) % 4).collect(Collectors.toSet());
    assertThat(metaPartitions).as("the family is spread over partitions, or this proves nothing").hasSizeGreaterThan(1);

    List<List<ProblemReport>> batches = MetaScenario.batches(2021);
    List<String> expected = outcomes(ClusterModeTest.embedded(batches, MetaScenario.RELATIONS, MetaScenario.START));
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
      ClusterModeTest.await("every incident resolved in the store", () -> ClusterModeTest.resolved(store, MetaScenario.START).size() == expected.size());
      assertThat(outcomes(ClusterModeTest.resolved(store, MetaScenario.START))).isEqualTo(expected);
    }
  }

  /** Service, group, and for a collateral incident its attribution and the severity it shows. */
  static List<String> outcomes(List<Incident> incidents) {
    return incidents.stream()
        .map(i -> i.service() + " " + i.group()
            + (i.timeline().stream().anyMatch(e -> e.kind().equals("collateral")) ? " collateral " + i.severity() : ""))
        .sorted()
        .toList();
  }

}
