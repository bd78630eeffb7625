package org.vigie.store.postgres;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.vigie.core.model.Region;
import org.vigie.core.signal.ProblemReport;

/**
 * Measures {@code SignalLog.append} throughput of the PostgreSQL backend against the embedded
 * PostgreSQL 18 server the tests use (same machine, default server settings, fsync on). Not a
 * test: run it by hand (see RATIONALE.md) and report what it prints, with the machine.
 *
 * <pre>
 * java -cp vigie-store/target/test-classes:vigie-store/target/classes:$(deps) \
 *     org.vigie.store.postgres.PgAppendBenchmark [batchSize] [rowsPerRun] [threads,threads,...] [raw]
 * </pre>
 *
 * <p>Each run uses a fresh database, warms up with 300,000 rows, then has N threads call append
 * with batches of {@code batchSize} until {@code rowsPerRun} rows are acknowledged; reports are
 * built as in the SQLite {@code AppendBenchmark}. With {@code raw}, it first compares ways of
 * sending rows over plain JDBC, one thread, one transaction per batch: COPY text, {@code
 * executeBatch} of single-row INSERTs, and the same with pgjdbc's {@code reWriteBatchedInserts}.
 */
public final class PgAppendBenchmark {
  private static final String[] SERVICES = new String[40];
  private static final String[] INDICATORS = {"app", "website", "login", "feed", "messages", "server-connection"};
  private static final String[] COUNTRIES = {"US", "DE", "NL", "FR", "GB", "BR", "IN", "JP", "MX", "ES"};
  private static final String[] CHANNELS = {"web", "app", "api"};
  private static int databases;

  static {
    for (int i = 0; i < SERVICES.length; i++) {
      SERVICES[i] = "service-" + i;
    }
  }

  private PgAppendBenchmark() {}

  public static void main(String[] args) throws Exception {
    int batchSize = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    long rows = args.length > 1 ? Long.parseLong(args[1]) : 2_000_000;
    String[] threadCounts = (args.length > 2 ? args[2] : "1,2,4,8").split(",");
    boolean raw = args.length > 3 && args[3].equals("raw");
    System.out.printf("machine: %d cores, %s %s, %s %s; PostgreSQL %s%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"), System.getProperty("java.version"), System.getProperty("os.name"),
        System.getProperty("os.version"), serverVersion());
    if (raw) {
      for (String mode : List.of("copy", "batch", "rewritten-batch")) {
        raw(mode, batchSize, rows);
      }
    }
    for (String t : threadCounts) {
      run(Integer.parseInt(t.trim()), batchSize, rows);
    }
    System.exit(0); // the embedded server stops in its shutdown hook
  }

  private static String serverVersion() throws Exception {
    try (Connection c = DriverManager.getConnection(EmbeddedServer.url("postgres"), EmbeddedServer.user(), null);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW server_version")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static String freshDatabase() {
    String name = "bench_" + (++databases);
    EmbeddedServer.execute("postgres", "DROP DATABASE IF EXISTS " + name, "CREATE DATABASE " + name);
    return name;
  }

  private static void run(int threads, int batchSize, long rows) throws Exception {
    String db = freshDatabase();
    PostgresStorage storage = PostgresStorage.open(EmbeddedServer.url(db), EmbeddedServer.user(), null);
    AtomicLong clock = new AtomicLong(Instant.parse("2021-10-04T15:39:00Z").toEpochMilli());
    try {
      for (int i = 0; i < 300_000 / batchSize; i++) {
        List<ProblemReport> batch = batch(new SplittableRandom(i), clock, batchSize);
        storage.signals().append(batch, counted(batch.size()));
      }
      long startRows = storage.signals().countReports();
      AtomicLong remaining = new AtomicLong(rows);
      AtomicLong calls = new AtomicLong();
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
            calls.incrementAndGet();
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
      long bytes = storage.read("size", c -> {
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT pg_total_relation_size('report')")) {
          rs.next();
          return rs.getLong(1);
        }
      });
      System.out.printf("threads=%d batch=%d: %,d rows in %.2f s = %,.0f rows/s; %,d commits;"
              + " report table with index %.0f bytes/row%n",
          threads, batchSize, stored, seconds, stored / seconds, calls.get(),
          (double) bytes / storage.signals().countReports());
    } finally {
      storage.close();
      EmbeddedServer.execute("postgres", "DROP DATABASE " + db);
    }
  }

  /** One thread, plain JDBC into the report table, one transaction per batch. */
  private static void raw(String mode, int batchSize, long rows) throws Exception {
    String db = freshDatabase();
    PostgresStorage.open(EmbeddedServer.url(db), EmbeddedServer.user(), null).close(); // the schema
    String url = EmbeddedServer.url(db) + (mode.equals("rewritten-batch") ? "?reWriteBatchedInserts=true" : "");
    SplittableRandom random = new SplittableRandom(1);
    long at = Instant.parse("2021-10-04T15:39:00Z").toEpochMilli();
    try (Connection c = DriverManager.getConnection(url, EmbeddedServer.user(), null)) {
      c.setAutoCommit(false);
      long t0 = 0;
      long sent = 0;
      long warmup = 300_000;
      while (sent < rows + warmup) {
        if (sent == warmup) {
          t0 = System.nanoTime();
        }
        if (mode.equals("copy")) {
          StringBuilder text = new StringBuilder(batchSize * 64);
          for (int i = 0; i < batchSize; i++) {
            text.append(at + (sent + i) / 500).append('\t').append(random.nextLong()).append('\t')
                .append(random.nextLong()).append('\t').append(1 + random.nextInt(40)).append('\t')
                .append(41 + random.nextInt(6)).append('\t').append(47 + random.nextInt(3)).append('\t')
                .append(1 + random.nextInt(300)).append('\t').append(i % 2 == 0 ? 't' : 'f').append('\n');
          }
          byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
          CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(PgSignalLog.COPY);
          in.writeToCopy(bytes, 0, bytes.length);
          in.endCopy();
        } else {
          try (PreparedStatement ps = c.prepareStatement("INSERT INTO report (at, reporter, network, service,"
              + " indicator, channel, place, counted) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < batchSize; i++) {
              ps.setLong(1, at + (sent + i) / 500);
              ps.setLong(2, random.nextLong());
              ps.setLong(3, random.nextLong());
              ps.setInt(4, 1 + random.nextInt(40));
              ps.setInt(5, 41 + random.nextInt(6));
              ps.setInt(6, 47 + random.nextInt(3));
              ps.setInt(7, 1 + random.nextInt(300));
              ps.setBoolean(8, i % 2 == 0);
              ps.addBatch();
            }
            ps.executeBatch();
          }
        }
        c.commit();
        sent += batchSize;
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf("raw %s, 1 thread, batch=%d: %,d rows in %.2f s = %,.0f rows/s%n",
          mode, batchSize, rows, seconds, rows / seconds);
    } finally {
      EmbeddedServer.execute("postgres", "DROP DATABASE " + db);
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
}
