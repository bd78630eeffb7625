package org.vigie.server.cli;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.vigie.core.model.Service;
import org.vigie.server.Vigie;
import org.vigie.server.VigieConfig;
import org.vigie.server.cluster.ClusterSettings;
import org.vigie.server.cluster.LocalCluster;
import org.vigie.server.replay.ReplayClient;
import org.vigie.server.replay.ReplaySummary;
import org.vigie.server.replay.Scenario;
import org.vigie.server.replay.Speed;

/**
 * {@code vigie bench ingest --mode cluster}: the storm through the batch HTTP API of one Vigie
 * instance in cluster mode. Two figures: ingest (a 202 means Kafka committed the batch) and
 * end to end (every counted report in the tallies the sink wrote to PostgreSQL).
 */
final class ClusterIngestBench {
  /** Without progress for this long, the stream is taken as stuck and what is missing reported lost. */
  private static final Duration STALL = Duration.ofSeconds(120);

  private final Scenario scenario;
  private final double scale;
  private final int concurrency;
  private final Path dir;

  ClusterIngestBench(Scenario scenario, double scale, int concurrency, Path dir) {
    this.scenario = scenario;
    this.scale = scale;
    this.concurrency = concurrency;
    this.dir = dir;
  }

  int run(String kafka, String postgres, String postgresUser) throws InterruptedException {
    if ((kafka == null) != (postgres == null)) {
      throw new IllegalArgumentException("give both --kafka and --postgres (an empty cluster and database), or neither for local ones");
    }
    try (LocalCluster local = kafka == null ? LocalCluster.start() : null) {
      String bootstrap = local == null ? kafka : local.bootstrap();
      String url = local == null ? postgres : local.postgresUrl();
      String user = local == null ? postgresUser : local.postgresUser();
      String token = "bench-token-" + System.nanoTime();
      var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      try (Vigie vigie = Vigie.start(VigieConfig.defaults(dir).withHost("127.0.0.1").withPort(0).withAdminToken(token)
          .withPostgres(url, user).withCluster(new ClusterSettings(bootstrap, "bench", 12, (short) 3, Map.of())))) {
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        ReplaySummary s;
        try (ReplayClient client = ReplayClient.builder(URI.create("http://127.0.0.1:" + vigie.port()))
            .token(token).speed(Speed.MAX).concurrency(concurrency).build()) {
          s = client.replay(scenario);
        }
        long stored = awaitStored(vigie, s.counted());
        long endToEnd = System.nanoTime() - t0;
        long cpu = os.getProcessCpuTime() - cpu0;
        IngestBenchCommand.printHeader();
        System.out.println("method: scenario " + scenario.name() + " (scale " + scale + "), NDJSON batches of 10,000 through POST /api/v1/reports"
            + " of one Vigie in cluster mode on loopback, " + concurrency + " in flight; Kafka " + (local == null ? "at " + kafka
            : "broker (single-node KRaft) and PostgreSQL 18 in the same JVM") + "; client, broker, stream, sink and database share the machine");
        System.out.printf(Locale.ROOT, "reports sent %,d   acknowledged %,d   counted %,d   in PostgreSQL tallies %,d   lost %,d%n",
            s.reports(), s.accepted(), s.counted(), stored, s.counted() - stored);
        System.out.printf(Locale.ROOT, "ingest (202 = in Kafka): wall %.1f s   throughput %,.0f reports/s   retries %d%n",
            s.wall().toNanos() / 1e9, s.reportsPerSecond(), s.retries());
        System.out.printf(Locale.ROOT, "end to end (counted in PostgreSQL): wall %.1f s   throughput %,.0f reports/s   CPU %.1f s (%.2f cores)   peak RSS %d MiB%n",
            endToEnd / 1e9, s.accepted() / (endToEnd / 1e9), cpu / 1e9, cpu / (double) endToEnd, IngestBenchCommand.peakRssMiB());
        IngestBenchCommand.printDetection(vigie, scenario);
      }
    }
    return 0;
  }

  /** Waits until the sink has written every counted report into the tallies, or progress stops. */
  private long awaitStored(Vigie vigie, long counted) throws InterruptedException {
    long stored = 0;
    long lastProgress = System.nanoTime();
    while (stored < counted && System.nanoTime() - lastProgress < STALL.toNanos()) {
      Thread.sleep(1_000); // polling PostgreSQL, not waiting for time to pass
      long now = stored(vigie);
      if (now != stored) {
        stored = now;
        lastProgress = System.nanoTime();
      }
    }
    return stored;
  }

  private long stored(Vigie vigie) {
    long n = 0;
    for (Service s : vigie.catalogue().services()) {
      n += vigie.storage().tallies().series(s.slug(), "*", scenario.start(), scenario.end()).stream().mapToLong(t -> t.reports()).sum();
    }
    return n;
  }
}
