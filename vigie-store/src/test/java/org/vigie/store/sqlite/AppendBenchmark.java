package org.vigie.store.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.vigie.core.model.Region;
import org.vigie.core.signal.ProblemReport;

/**
 * Measures {@code SignalLog.append} throughput of the SQLite backend. Not a test: run it by hand
 * (see RATIONALE.md) and report what it prints, with the machine.
 *
 * <pre>
 * java -cp vigie-store/target/test-classes:vigie-store/target/classes:$(deps) \
 *     org.vigie.store.sqlite.AppendBenchmark [batchSize] [rowsPerRun] [threads,threads,...] [dir]
 * </pre>
 *
 * <p>Each run opens a fresh store, warms up with 300,000 rows, then has N threads call append
 * with batches of {@code batchSize} until {@code rowsPerRun} rows are acknowledged. Reports are
 * built on the calling threads while the clock runs (as HTTP threads would parse them), with
 * receive-time timestamps that move forward, 40 services, 6 indicators, 300 regions and random
 * 64-bit reporter and network keys.
 */
public final class AppendBenchmark {
  private static final String[] SERVICES = new String[40];
  private static final String[] INDICATORS = {"app", "website", "login", "feed", "messages", "server-connection"};
  private static final String[] COUNTRIES = {"US", "DE", "NL", "FR", "GB", "BR", "IN", "JP", "MX", "ES"};
  private static final String[] CHANNELS = {"web", "app", "api"};

  static {
    for (int i = 0; i < SERVICES.length; i++) {
      SERVICES[i] = "service-" + i;
    }
  }

  private AppendBenchmark() {}

  public static void main(String[] args) throws Exception {
    int batchSize = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    long rows = args.length > 1 ? Long.parseLong(args[1]) : 5_000_000;
    String[] threadCounts = (args.length > 2 ? args[2] : "1,2,4,8").split(",");
    Path base = args.length > 3 ? Path.of(args[3]) : Files.createTempDirectory("vigie-append-bench");
    System.out.printf("machine: %d cores, %s %s, %s %s%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"), System.getProperty("java.version"), System.getProperty("os.name"),
        System.getProperty("os.version"));
    for (String t : threadCounts) {
      run(base.resolve("run-" + t), Integer.parseInt(t.trim()), batchSize, rows);
    }
  }

  private static void run(Path dir, int threads, int batchSize, long rows) throws Exception {
    SqliteStorage storage = SqliteStorage.open(dir);
    AtomicLong clock = new AtomicLong(Instant.parse("2021-10-04T15:39:00Z").toEpochMilli());
    try {
      for (int i = 0; i < 300_000 / batchSize; i++) {
        List<ProblemReport> batch = batch(new SplittableRandom(i), clock, batchSize);
        storage.signals().append(batch, counted(batch.size()));
      }
      long startCommits = storage.writer().commits();
      long startRows = storage.signals().countReports();
      AtomicLong remaining = new AtomicLong(rows);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        SplittableRandom random = new SplittableRandom(1_000 + t);
        running.add(pool.submit(() -> {
          go.await();
          while (remaining.addAndGet(-batchSize) > -batchSize) {
            List<ProblemReport> batch = batch(random, clock, batchSize);
            storage.signals().append(batch, counted(batch.size()));
          }
          return null;
        }));
      }
      long t0 = System.nanoTime();
      go.countDown();
      for (Future<?> f : running) {
        f.get();
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      pool.shutdown();
      long stored = storage.signals().countReports() - startRows;
      long commits = storage.writer().commits() - startCommits;
      System.out.printf("threads=%d batch=%d: %,d rows in %.2f s = %,.0f rows/s; %,d transactions,"
              + " %,.0f rows per transaction; file %,d MB%n",
          threads, batchSize, stored, seconds, stored / seconds, commits, (double) stored / commits,
          size(dir) / 1_000_000);
    } finally {
      storage.close();
      delete(dir);
    }
  }

  private static List<ProblemReport> batch(SplittableRandom random, AtomicLong clock, int n) {
    List<ProblemReport> out = new ArrayList<>(n);
    // ~500 reports per millisecond of event time, as at 500k reports/s.
    long start = clock.getAndAdd(Math.max(1, n / 500));
    for (int i = 0; i < n; i++) {
      int place = random.nextInt(300);
      String country = COUNTRIES[place % COUNTRIES.length];
      Region region = place < 30
          ? Region.country(country)
          : new Region(country, null, "city-" + place, (place % 180) - 90.0, (place % 360) - 180.0);
      out.add(new ProblemReport(SERVICES[random.nextInt(SERVICES.length)],
          INDICATORS[random.nextInt(INDICATORS.length)], region, random.nextLong(), random.nextLong(),
          CHANNELS[random.nextInt(CHANNELS.length)], Instant.ofEpochMilli(start + i / 500)));
    }
    return out;
  }

  private static boolean[] counted(int n) {
    boolean[] flags = new boolean[n];
    for (int i = 0; i < n; i += 2) {
      flags[i] = true;
    }
    return flags;
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
