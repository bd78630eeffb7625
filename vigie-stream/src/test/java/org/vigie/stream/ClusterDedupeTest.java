package org.vigie.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.core.model.Region;
import org.vigie.core.signal.ProblemReport;
import org.vigie.core.storage.Storage;
import org.vigie.core.tally.MinuteTally;
import org.vigie.store.sqlite.SqliteStorage;

/**
 * The reporter rule in cluster mode on a real KRaft broker: reports of one reporter that reach
 * two ingest nodes count once, and the rule holds after the stream's tasks are restored from
 * their changelogs on an instance that never saw them. Own broker: the topics and the stream's
 * event time must not be shared with another test's scenario.
 */
class ClusterDedupeTest {
  static KafkaBroker broker;
  static final Instant T = Instant.parse("2020-03-02T10:00:00Z");

  @BeforeAll
  static void startBroker() throws Exception {
    broker = new KafkaBroker();
  }

  @AfterAll
  static void stopBroker() throws Exception {
    broker.close();
  }

  @TempDir Path dir;

  @Test
  void aReporterThroughTwoNodesCountsOnceAndTheRuleSurvivesARestore() throws Exception {
    try (Storage store = SqliteStorage.open(dir.resolve("store"))) {
      try (ClusterNode a = ClusterNode.start(ClusterModeTest.options(broker.bootstrap(), "a", dir.resolve("a")), store);
          ClusterNode b = ClusterNode.start(ClusterModeTest.options(broker.bootstrap(), "b", dir.resolve("b")), store)) {
        append(a, report(T.plusSeconds(10))); // counts: node a has not seen this reporter
        append(b, report(T.plus(Duration.ofMinutes(5)))); // node b has not either: the stream has
      }
      // A third instance with empty state takes every task: the marks come back from the changelog.
      try (ClusterNode c = ClusterNode.start(ClusterModeTest.options(broker.bootstrap(), "c", dir.resolve("c")), store)) {
        append(c, report(T.plus(Duration.ofMinutes(30)))); // repeat
        append(c, report(T.plus(Duration.ofMinutes(61)))); // 3,650 s after the first: counts
        append(c, new ProblemReport("dedupe-test", "login", Region.country("FR"), 99, 99, "import", T.plus(Duration.ofMinutes(63))));
        ClusterModeTest.await("minute 61 closed and stored", () -> !world(store, T.plus(Duration.ofMinutes(61))).isEmpty());
      }
      assertThat(reports(store, T)).isEqualTo(1);
      assertThat(reports(store, T.plus(Duration.ofMinutes(5)))).isZero();
      assertThat(reports(store, T.plus(Duration.ofMinutes(30)))).isZero();
      assertThat(reports(store, T.plus(Duration.ofMinutes(61)))).isEqualTo(1);
      assertThat(store.tallies().series("dedupe-test", "*", T, T.plus(Duration.ofMinutes(62))).stream().mapToLong(MinuteTally::reports).sum())
          .isEqualTo(2);
    }
  }

  static ProblemReport report(Instant at) {
    return new ProblemReport("dedupe-test", "login", Region.country("FR"), 42, 4242, "import", at);
  }

  /** Appends through the node's signal log, flagged counted as each node's own dedupe would. */
  static void append(ClusterNode node, ProblemReport r) {
    node.signals().append(List.of(r), new boolean[] {true});
  }

  static List<MinuteTally> world(Storage store, Instant minute) {
    return store.tallies().series("dedupe-test", "*", minute, minute.plusSeconds(60));
  }

  static long reports(Storage store, Instant minute) {
    return world(store, minute).stream().mapToLong(MinuteTally::reports).sum();
  }
}
