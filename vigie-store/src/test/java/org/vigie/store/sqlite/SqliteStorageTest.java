package org.vigie.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.vigie.core.signal.ProblemReport;
import org.vigie.core.storage.Storage;
import org.vigie.core.storage.StorageException;
import org.vigie.store.CommentStoreContract;
import org.vigie.store.ProbeLogContract;
import org.vigie.store.StorageContract;

class SqliteStorageTest extends StorageContract {
  @Override
  protected Storage newStorage(Path dir) {
    return SqliteStorage.open(dir);
  }

  @Override
  protected void rejectReportsOf(Path dir, long reporterKey) throws SQLException {
    sql(dir, "CREATE TRIGGER reject_" + Long.toUnsignedString(reporterKey) + " BEFORE INSERT ON report"
        + " WHEN NEW.reporter = " + reporterKey + " BEGIN SELECT RAISE(ABORT, 'rejected by the test'); END");
  }

  private static String sql(Path dir, String statement) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("vigie.db"));
        Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout = 10000");
      if (s.execute(statement)) {
        try (ResultSet rs = s.getResultSet()) {
          return rs.next() ? rs.getString(1) : null;
        }
      }
      return null;
    }
  }

  private SqliteStorage sqlite() {
    return (SqliteStorage) storage;
  }

  @Nested
  class Comments extends CommentStoreContract {
    @Override
    protected Storage storage() {
      return storage;
    }

    @Override
    protected Storage reopen() {
      return SqliteStorageTest.this.reopen();
    }
  }

  @Nested
  class SqliteSpecifics {
    @Test
    void theDataDirectoryIsCreatedAndHoldsOneFileOnceClosed() throws Exception {
      Path nested = dir.resolve("a/b/vigie-data");
      SqliteStorage other = SqliteStorage.open(nested);
      other.signals().append(batch(1, 10, T0), all(10, true));
      other.close();

      try (Stream<Path> files = Files.list(nested)) {
        assertThat(files.map(p -> p.getFileName().toString())).containsExactly("vigie.db");
      }
    }

    @Test
    void commitsAreFsyncedInWalMode() throws Exception {
      assertThat(sql(dir, "PRAGMA journal_mode")).isEqualTo("wal");
      assertThat(sqlite().writerPragma("synchronous")).isEqualTo("2"); // FULL
    }

    @Test
    void theSchemaIsMigratedOnceAcrossRestarts() throws Exception {
      String afterFirstStart = sql(dir, "SELECT count(*) FROM flyway_schema_history WHERE success = 1 AND version IS NOT NULL");
      reopen();
      reopen();

      // Each migration applied exactly once, however often the store restarts.
      assertThat(Integer.parseInt(afterFirstStart)).isPositive();
      assertThat(sql(dir, "SELECT count(*) FROM flyway_schema_history WHERE success = 1 AND version IS NOT NULL"))
          .isEqualTo(afterFirstStart);
      assertThat(sql(dir, "SELECT count(DISTINCT version) FROM flyway_schema_history WHERE version IS NOT NULL"))
          .isEqualTo(afterFirstStart);
    }

    @Test
    void labelsAndPlacesAreStoredOnce() throws Exception {
      storage.signals().append(batch(0, 1_000, T0), all(1_000, true));
      reopen();
      storage.signals().append(batch(1_000, 1_000, T0), all(1_000, true));

      // instagram, login, web
      assertThat(sql(dir, "SELECT count(*) FROM label")).isEqualTo("3");
      assertThat(sql(dir, "SELECT count(*) FROM place")).isEqualTo("1");
    }

    /**
     * While the writer is busy, appends from many threads queue up; they are then committed
     * together in a single transaction, and one rejected call in the group fails alone.
     */
    @Test
    void waitingAppendsShareOneTransactionAndOneRejectedCallFailsAlone() throws Exception {
      long rejected = 424_242L;
      rejectReportsOf(dir, rejected);
      Writer writer = sqlite().writer();
      CountDownLatch running = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Object> blocker = writer.enqueue("block the writer", 1, tx -> {
        running.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return null;
      });
      assertThat(running.await(1, TimeUnit.MINUTES)).isTrue();
      long commitsBefore = writer.commits();

      int callers = 16;
      ExecutorService pool = Executors.newFixedThreadPool(callers);
      List<Future<String>> outcomes = new ArrayList<>();
      for (int t = 0; t < callers; t++) {
        List<ProblemReport> reports = new ArrayList<>(batch(t * 1_000L, 100, T0));
        if (t == 3) {
          reports.set(50, report("instagram", rejected, T0));
        }
        outcomes.add(pool.submit(() -> {
          try {
            storage.signals().append(reports, all(reports.size(), true));
            return "stored";
          } catch (StorageException e) {
            return "failed";
          }
        }));
      }
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
      while (writer.pending() < callers) {
        if (System.nanoTime() > deadline) {
          fail("only " + writer.pending() + " calls queued");
        }
        Thread.yield();
      }
      release.countDown();
      blocker.get(1, TimeUnit.MINUTES);
      for (int t = 0; t < callers; t++) {
        assertThat(outcomes.get(t).get(1, TimeUnit.MINUTES)).as("caller %s", t)
            .isEqualTo(t == 3 ? "failed" : "stored");
      }
      pool.shutdown();

      assertThat(writer.commits() - commitsBefore).as("transactions").isEqualTo(2);
      assertThat(storage.signals().countReports()).isEqualTo((callers - 1) * 100L);
      assertThat(storage.signals().countReports("instagram", T0, T0.plusSeconds(60))).isEqualTo((callers - 1) * 100L);
      assertThat(storedReporters()).hasSize((callers - 1) * 100).doesNotContain(rejected, 3_000L, 3_049L);
    }

    @Test
    void aBrokenWriteLeavesTheStoreUsable() {
      assertThatThrownBy(() -> sqlite().writer().submit("fail on purpose", 1, tx -> {
        tx.statement("INSERT INTO no_such_table VALUES (1)").executeUpdate();
        return null;
      })).isInstanceOf(StorageException.class).hasMessageContaining("fail on purpose");

      storage.signals().append(batch(1, 5, T0), all(5, true));
      assertThat(storage.signals().countReports()).isEqualTo(5);
      assertThat(storage.check().ok()).isTrue();
    }
  }

  @Nested
  class ProbeLogs extends ProbeLogContract {
    @Override
    protected Storage newStorage(Path dir) {
      return SqliteStorage.open(dir);
    }
  }
}
