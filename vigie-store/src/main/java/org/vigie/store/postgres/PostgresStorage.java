package org.vigie.store.postgres;

import org.vigie.store.common.Dialect;
import org.vigie.store.common.Json;
import org.vigie.store.common.Names;
import org.vigie.store.common.SqlRunner;
import org.vigie.store.common.SqlStorage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.vigie.core.storage.Outbox;
import org.vigie.core.storage.SignalLog;
import org.vigie.core.storage.StorageException;

/**
 * The cluster storage backend: a PostgreSQL database shared by every Vigie node, reached through
 * a HikariCP pool.
 *
 * <p>Unlike SQLite, PostgreSQL runs many writers at once, so there is no writer thread: each call
 * borrows a connection and runs its own transaction. A write returns once its {@code COMMIT} has
 * returned, which with {@code synchronous_commit} on (forced for our sessions if the server has it
 * off) means the WAL is flushed: a caller that got an answer may tell its client "stored".
 *
 * <p>Times are stored as epoch milliseconds: sub-millisecond parts of instants are dropped.
 */
public final class PostgresStorage extends SqlStorage {
  /** Pooled connections: enough for a node's concurrent appends without crowding max_connections. */
  static final int POOL_SIZE = 10;

  /** How long a call waits for a pooled connection before failing. */
  static final long CONNECTION_TIMEOUT_MS = 30_000;

  /** How long {@link #close()} waits for calls in flight to finish before closing the pool. */
  static final long CLOSE_WAIT_MS = 60_000;

  /**
   * Run on every new connection: a server (or database, or role) configured with
   * {@code synchronous_commit = off} would acknowledge commits before their WAL is on disk, which
   * breaks the promise that a 2xx means durable. Stronger settings ({@code remote_apply} ...) stay.
   */
  static final String SESSION_INIT = "SELECT CASE WHEN current_setting('synchronous_commit') = 'off'"
      + " THEN set_config('synchronous_commit', 'on', false) END";

  private final HikariDataSource pool;
  private final String location;
  private final Json json;

  /** Calls in flight, so that close() can let them finish instead of cutting their connections. */
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private int inFlight;
  private boolean closed;

  private final PgSignalLog signals = new PgSignalLog(this, sql(), new Names());
  private final PgNotifyStores.PgOutbox outbox = new PgNotifyStores.PgOutbox(this, notifyJson());

  private PostgresStorage(HikariDataSource pool, String location, Json json) {
    super(Dialect.POSTGRES, json);
    this.json = json;
    this.pool = pool;
    this.location = location;
  }

  /**
   * Connects to the database at {@code jdbcUrl} (e.g. {@code jdbc:postgresql://db:5432/vigie}) and
   * brings its schema up to date. Several nodes may open the same database at once: Flyway
   * serialises the migration with an advisory lock.
   *
   * @param password may be null when the server does not ask for one
   * @throws StorageException if the server cannot be reached or the schema cannot be migrated
   */
  public static PostgresStorage open(String jdbcUrl, String user, String password) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db): " + jdbcUrl);
    }
    String location = withoutQuery(jdbcUrl);
    HikariConfig config = new HikariConfig();
    config.setPoolName("vigie-postgres");
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(POOL_SIZE);
    config.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
    config.setConnectionInitSql(SESSION_INIT);
    config.addDataSourceProperty("ApplicationName", "vigie");
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config); // connects once now, so a wrong URL fails here
    } catch (RuntimeException e) {
      throw new StorageException("cannot connect to PostgreSQL at " + location + ": " + rootMessage(e), e);
    }
    try {
      Flyway.configure(PostgresStorage.class.getClassLoader())
          .dataSource(pool)
          .locations("classpath:db/migration/postgres")
          .failOnMissingLocations(true)
          .load()
          .migrate();
    } catch (FlywayException e) {
      pool.close();
      throw new StorageException("cannot bring the schema of " + location + " up to date: " + e.getMessage(), e);
    }
    return new PostgresStorage(pool, location, new Json());
  }

  /** The URL without its query string, which may carry a password. */
  private static String withoutQuery(String jdbcUrl) {
    int q = jdbcUrl.indexOf('?');
    return q < 0 ? jdbcUrl : jdbcUrl.substring(0, q);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  @Override
  public SignalLog signals() {
    return signals;
  }

  @Override
  public Outbox outbox() {
    return outbox;
  }

  /**
   * Healthy when a pooled connection answers inside a transaction and the server takes writes: a
   * standby (after a failover that left us on the old primary) or a read-only default would fail
   * every append, so it is reported here rather than discovered by the first storm.
   */
  @Override
  public Health check() {
    try {
      return transaction("check the database", c -> {
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT current_setting('server_version'), current_setting('synchronous_commit'),"
                + " (SELECT coalesce(sum(rows), 0) FROM report_count),"
                + " pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on'");
            ResultSet rs = ps.executeQuery()) {
          rs.next();
          String detail = "PostgreSQL " + rs.getString(1) + " (synchronous_commit=" + rs.getString(2)
              + ") at " + location + ", " + rs.getLong(3) + " reports";
          return rs.getBoolean(4)
              ? new Health(false, detail + ", but read-only: appends would fail")
              : new Health(true, detail);
        }
      });
    } catch (StorageException e) {
      return new Health(false, e.getMessage());
    }
  }

  /**
   * Refuses new calls, lets the calls in flight finish (so none is cut between its commit and its
   * answer, which would report a stored append as failed), then closes the pool. Closing twice is
   * harmless.
   */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MS);
      while (inFlight > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break; // the pool closes their connections; they fail, and their transactions roll back
        }
        idle.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
    pool.close();
  }

  /** A unit of work on a connection. */
  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  /** Runs {@code work} on a pooled connection in auto-commit mode (each statement its own transaction). */
  @Override
  protected <T> T read(String what, SqlRunner.Work<T> work) {
    return withConnection(what, work::run);
  }

  /** Runs {@code work} in its own transaction on a pooled connection. */
  @Override
  protected <T> T write(String what, int rows, SqlRunner.Work<T> work) {
    return transaction(what, work::run);
  }

  /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
  <T> T transaction(String what, SqlWork<T> work) {
    return withConnection(what, c -> inTransaction(c, work));
  }

  /** Runs {@code work} in one transaction on a connection already borrowed. */
  static <T> T inTransaction(Connection c, SqlWork<T> work) throws SQLException {
    c.setAutoCommit(false);
    try {
      T result = work.run(c);
      c.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      try {
        c.rollback();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    } finally {
      try {
        c.setAutoCommit(true);
      } catch (SQLException broken) {
        // The connection is unusable; Hikari evicts it. Keep the error that got us here.
      }
    }
  }

  /** Borrows a connection for {@code work}, counting the call as in flight. */
  <T> T withConnection(String what, SqlWork<T> work) {
    enter(what);
    try (Connection c = pool.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new StorageException("cannot " + what + " (" + location + "): " + e.getMessage(), e);
    } finally {
      exit();
    }
  }

  @Override
  protected void ensureOpen(String what) {
    lock.lock();
    try {
      if (closed) {
        throw closedException(what);
      }
    } finally {
      lock.unlock();
    }
  }

  private StorageException closedException(String what) {
    return new StorageException("storage at " + location + " is closed; cannot " + what);
  }

  private void enter(String what) {
    lock.lock();
    try {
      if (closed) {
        throw closedException(what);
      }
      inFlight++;
    } finally {
      lock.unlock();
    }
  }

  private void exit() {
    lock.lock();
    try {
      if (--inFlight == 0) {
        idle.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  Json json() {
    return json;
  }

  /** A session setting as a pooled connection sees it, for tests. */
  String sessionSetting(String name) {
    return read("read setting " + name, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT current_setting(?)")) {
        ps.setString(1, name);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getString(1);
        }
      }
    });
  }
}
