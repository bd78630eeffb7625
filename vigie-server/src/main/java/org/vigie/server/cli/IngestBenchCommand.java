package org.vigie.server.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.vigie.core.incident.Incident;
import org.vigie.server.Vigie;
import org.vigie.server.VigieConfig;
import org.vigie.server.replay.ReplayClient;
import org.vigie.server.replay.ReplaySummary;
import org.vigie.server.replay.Scenario;
import org.vigie.server.replay.Scenarios;
import org.vigie.server.replay.Speed;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The storm benchmark: the meta-2021-10-04 scenario through the batch HTTP API into the embedded
 * store, client and server in one JVM on loopback.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Send the 4 Oct 2021 storm through the batch HTTP API into the embedded store (or, with --mode cluster,"
        + " into Kafka and through the stream into PostgreSQL) and report throughput.")
final class IngestBenchCommand implements Callable<Integer> {
  @Option(names = "--scale", defaultValue = "1.0", description = "fraction of the 10.6 M outage reports (default 1.0)")
  double scale;

  @Option(names = "--concurrency", defaultValue = "4", description = "requests in flight (default 4)")
  int concurrency;

  @Option(names = "--data", description = "data directory (default: a fresh temporary one, deleted afterwards)")
  Path data;

  /** Where the reports go: the embedded store, or Kafka and the stream (cluster mode). */
  enum Mode { embedded, cluster }

  @Option(names = "--mode", defaultValue = "embedded",
      description = "embedded (SQLite) or cluster (Kafka, Kafka Streams, PostgreSQL; default embedded)")
  Mode mode;

  @Option(names = "--kafka", description = "cluster mode: these brokers (default: a KRaft broker in this JVM)")
  String kafka;

  @Option(names = "--postgres", paramLabel = "JDBC_URL", description = "cluster mode: this database (default: an embedded PostgreSQL)")
  String postgres;

  @Option(names = "--postgres-user", description = "cluster mode: the PostgreSQL user")
  String postgresUser;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Scenario sc = Scenarios.meta20211004(scale);
    boolean temporary = data == null;
    Path dir = temporary ? Files.createTempDirectory("vigie-bench-") : data;
    DemoCommand.wipe(dir);
    if (mode == Mode.cluster) {
      try {
        return new ClusterIngestBench(sc, scale, concurrency, dir).run(kafka, postgres, postgresUser);
      } finally {
        if (temporary) {
          DemoCommand.wipe(dir);
        }
      }
    }
    String token = "bench-token-" + System.nanoTime();
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (Vigie vigie = Vigie.start(VigieConfig.defaults(dir).withHost("127.0.0.1").withPort(0).withAdminToken(token))) {
      long cpu0 = os.getProcessCpuTime();
      ReplaySummary s;
      try (ReplayClient client = ReplayClient.builder(URI.create("http://127.0.0.1:" + vigie.port()))
          .token(token).speed(Speed.MAX).concurrency(concurrency).build()) {
        s = client.replay(sc);
      }
      long cpu = os.getProcessCpuTime() - cpu0;
      vigie.flush();
      long stored = vigie.storage().signals().countReports();
      long bytes = size(dir);
      printHeader();
      System.out.println("method: scenario " + sc.name() + " (scale " + scale + "), NDJSON batches of 10,000 through POST /api/v1/reports"
          + " on loopback, " + concurrency + " in flight; the client generates the NDJSON in the same JVM (its CPU is included)");
      System.out.printf(Locale.ROOT, "reports sent %,d   acknowledged %,d   stored %,d   counted %,d   lost %,d%n",
          s.reports(), s.accepted(), stored, s.counted(), s.accepted() - stored);
      System.out.printf(Locale.ROOT, "wall %.1f s   throughput %,.0f reports/s   CPU %.1f s (%.2f cores)   peak RSS %d MiB   on disk %,d MiB   retries %d%n",
          s.wall().toNanos() / 1e9, s.reportsPerSecond(), cpu / 1e9, cpu / (double) s.wall().toNanos(), peakRssMiB(), bytes >> 20, s.retries());
      printDetection(vigie, sc);
    } finally {
      if (temporary) {
        DemoCommand.wipe(dir);
      }
    }
    return 0;
  }

  static void printHeader() {
    System.out.println("vigie bench ingest — " + LocalDate.now() + ", commit " + commit());
    System.out.printf(Locale.ROOT, "machine: %d cores (%s), %s, JVM %s, max heap %d MiB%n",
        Runtime.getRuntime().availableProcessors(), cpuModel(), System.getProperty("os.name") + " " + System.getProperty("os.arch"),
        Runtime.version(), Runtime.getRuntime().maxMemory() >> 20);
  }

  /** When each Meta service's incident was detected, in event time after the 15:39 onset. */
  static void printDetection(Vigie vigie, Scenario sc) {
    Instant onset = Instant.parse("2021-10-04T15:39:00Z");
    List<Incident> incidents = vigie.storage().incidents().list(null, onset.minus(Duration.ofHours(1)), sc.end(), 100);
    for (String svc : List.of("facebook", "instagram", "whatsapp", "messenger")) {
      Incident i = incidents.stream().filter(x -> x.service().equals(svc)).min(Comparator.comparing(Incident::detectedAt)).orElse(null);
      System.out.println("  " + svc + ": " + (i == null ? "NO INCIDENT" : "incident detected " + Duration.between(onset, i.detectedAt()).toSeconds()
          + " s after onset (event time), started " + i.startedAt() + ", top " + i.countries().stream().limit(3).map(c -> c.country()).toList()));
    }
  }

  static long size(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  static long peakRssMiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux: reported as -1
    }
    return -1;
  }

  static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }

  static String commit() {
    try {
      Process p = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      return p.waitFor() == 0 ? out : "unknown";
    } catch (IOException | InterruptedException e) {
      return "unknown";
    }
  }
}
