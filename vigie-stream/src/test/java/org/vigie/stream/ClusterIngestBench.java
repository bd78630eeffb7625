package org.vigie.stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.core.incident.IncidentPolicy;
import org.vigie.core.pipeline.PipelineConfig;
import org.vigie.core.signal.ProblemReport;
import org.vigie.core.storage.Storage;
import org.vigie.store.sqlite.SqliteStorage;

/**
 * The Kafka path's throughput on this machine, until {@code vigie bench ingest --mode cluster}
 * is wired: {@code ./mvnw -pl vigie-stream test -Dtest=ClusterIngestBench -Dvigie.bench=true}.
 * Broker, one cluster node (ingest + stream + sink into SQLite) and the generator share the JVM.
 */
class ClusterIngestBench {
  @TempDir Path dir;

  @Test
  void ingestAndStream() throws Exception {
    assumeTrue(Boolean.getBoolean("vigie.bench"), "a benchmark: run with -Dvigie.bench=true");
    int minutes = Integer.getInteger("vigie.bench.minutes", 60);
    int perMinute = Integer.getInteger("vigie.bench.perMinute", 20_000);
    int concurrency = 4;
    Reports gen = new Reports(1);
    Instant start = Instant.parse("2021-10-04T15:00:00Z");
    List<List<ProblemReport>> batches = new ArrayList<>();
    String[] services = {"facebook", "instagram", "whatsapp", "messenger"};
    for (int m = 0; m < minutes; m++) {
      List<ProblemReport> minute = new ArrayList<>();
      for (String s : services) {
        minute.addAll(gen.minute(s, "US", start.plus(Duration.ofMinutes(m)), perMinute / services.length));
      }
      minute.sort(java.util.Comparator.comparing(ProblemReport::at));
      for (int i = 0; i < minute.size(); i += 10_000) {
        batches.add(minute.subList(i, Math.min(minute.size(), i + 10_000)));
      }
    }
    // A last report per service closes the final minute on every partition in use.
    List<ProblemReport> closing = new ArrayList<>();
    for (String s : services) {
      closing.add(gen.at(s, "US", start.plus(Duration.ofMinutes(minutes + 1))));
    }
    batches.add(closing);
    long total = batches.stream().mapToLong(List::size).sum();
    try (KafkaBroker broker = new KafkaBroker();
        Storage store = SqliteStorage.open(dir.resolve("store"));
        ClusterNode node = ClusterNode.start(new ClusterNode.Options(broker.bootstrap(), "bench", 12, (short) 1, dir.resolve("state"),
            PipelineConfig.DEFAULT, IncidentPolicy.DEFAULT, concurrency, Map.of()), store);
        ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
      long t0 = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      // Event-time order matters to the stream, so at most `concurrency` neighbouring batches race.
      for (List<ProblemReport> b : batches) {
        done.add(pool.submit(() -> node.signals().append(b, ClusterModeTest.all(b.size()))));
        if (done.size() >= concurrency) {
          done.removeFirst().get();
        }
      }
      for (Future<?> f : done) {
        f.get();
      }
      long ingestNs = System.nanoTime() - t0;
      System.out.printf(Locale.ROOT, "BENCH ingest %,d reports in %.1f s; committed in vigie.signals %,d%n", total, ingestNs / 1e9,
          node.signals().countReports());
      Instant last = start.plus(Duration.ofMinutes(minutes - 1));
      long want = total - services.length;
      try {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
          long n = 0;
          for (String s : services) {
            n += store.tallies().series(s, "*", start, last.plusSeconds(60)).stream().mapToLong(t -> t.reports()).sum();
          }
          return n >= want;
        });
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        System.out.println("BENCH timed out waiting");
      }
      long streamNs = System.nanoTime() - t0;
      long stored = 0;
      for (String s : services) {
        stored += store.tallies().series(s, "*", start, last.plusSeconds(60)).stream().mapToLong(t -> t.reports()).sum();
      }
      System.out.printf(Locale.ROOT, "BENCH cluster: %,d reports; ingest (acks=all, transactions, %d in flight, 10,000 a batch) %.1f s = %,.0f reports/s;"
              + " through the stream into the store %.1f s = %,.0f reports/s; counted in stored tallies %,d (lost %,d)%n",
          total, concurrency, ingestNs / 1e9, total / (ingestNs / 1e9), streamNs / 1e9, total / (streamNs / 1e9), stored, total - services.length - stored);
    }
  }
}
