package org.vigie.store.sqlite;

import org.vigie.store.common.Dialect;
import org.vigie.store.common.Json;
import org.vigie.store.common.Names;
import org.vigie.store.common.SqlRunner;
import org.vigie.store.common.SqlStorage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.sqlite.SQLiteDataSource;
import org.vigie.core.storage.Outbox;
import org.vigie.core.storage.SignalLog;
import org.vigie.core.storage.StorageException;

/**
 * The embedded storage backend: one SQLite file, {@code vigie.db}, in the data directory.
 *
 * <p>All writes go through one writer thread that commits whatever is pending in one transaction
 * (group commit, see {@link Writer}); reads use a small pool of read-only connections, which WAL
 * mode lets run alongside the writer. Every write returns only once its transaction is committed
 * with {@code synchronous=FULL}, so a caller that got an answer may tell its own client "stored".
 *
 * <p>Times are stored as epoch milliseconds: sub-millisecond parts of instants are dropped.
 */
public final class SqliteStorage extends SqlStorage {
  /** The database file inside the data directory. */
  static final String FILE_NAME = "vigie.db";

  /**
   * How long a connection waits for a lock held by someone else before failing. Inside one
   * process the single writer never waits on itself; this covers another process (a backup, the
   * sqlite3 shell) holding the file, and readers during WAL recovery.
   */
  static final int BUSY_TIMEOUT_MS = 10_000;

  /** Read connections; enough for the two cores here plus threads waiting on I/O. */
  private static final int READERS = 4;

  private final Path file;
  private final String location;
  private final Writer writer;
  private final Readers readers;
  private final Json json;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final String sqliteVersion;

  private final SqliteSignalLog signals = new SqliteSignalLog(this, sql(), new Names());
  private final SqliteNotifyStores.SqliteOutbox outbox = new SqliteNotifyStores.SqliteOutbox(this, notifyJson());

  private SqliteStorage(Path file, Connection writeConnection, String sqliteVersion, Json json) throws SQLException {
    super(Dialect.SQLITE, json);
    this.json = json;
    this.file = file;
    this.location = file.toString();
    this.sqliteVersion = sqliteVersion;
    String url = url(file);
    this.writer = new Writer(location, writeConnection);
    this.readers = new Readers(url, location, READERS);
  }

  /**
   * Opens the store in {@code dataDir} (created if missing), bringing its schema up to date.
   * Opening the same directory again after {@link #close()} sees everything committed before.
   *
   * @throws StorageException if the directory or database cannot be created, opened or migrated
   */
  public static SqliteStorage open(Path dataDir) {
    Path dir = dataDir.toAbsolutePath();
    Path file = dir.resolve(FILE_NAME);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StorageException("cannot create the data directory " + dir + ": " + e, e);
    }
    String url = url(file);
    migrate(url, file);
    Connection c = null;
    try {
      c = DriverManager.getConnection(url);
      String version;
      try (Statement s = c.createStatement()) {
        // WAL: readers and the writer do not block each other, and a commit appends to one file.
        // The mode is persistent (stored in the file), but setting it each time is cheap.
        try (ResultSet rs = s.executeQuery("PRAGMA journal_mode = WAL")) {
          String mode = rs.next() ? rs.getString(1) : "?";
          if (!"wal".equalsIgnoreCase(mode)) {
            throw new SQLException("could not switch to WAL mode (journal_mode is " + mode + ")");
          }
        }
        // FULL, not NORMAL: in WAL mode NORMAL syncs only at checkpoints, so a power loss or OS
        // crash can drop the last committed transactions. Vigie promises that a 2xx means the
        // report is durable, so every commit fsyncs the WAL. Group commit pays for it.
        s.execute("PRAGMA synchronous = FULL");
        s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
        // 32 MiB of page cache keeps the hot right edge of the report index and the tally pages in
        // memory while a storm appends.
        s.execute("PRAGMA cache_size = -32768");
        // A storm makes the WAL grow to the size of the biggest group between checkpoints; once a
        // checkpoint has caught up, give the disk space back instead of keeping the high-water mark.
        s.execute("PRAGMA journal_size_limit = 67108864");
        try (ResultSet rs = s.executeQuery("SELECT sqlite_version()")) {
          version = rs.next() ? rs.getString(1) : "?";
        }
      }
      return new SqliteStorage(file, c, version, new Json());
    } catch (SQLException e) {
      closeQuietly(c);
      throw new StorageException("cannot open " + file + ": " + e.getMessage(), e);
    }
  }

  private static String url(Path file) {
    return "jdbc:sqlite:" + file;
  }

  private static void migrate(String url, Path file) {
    SQLiteDataSource dataSource = new SQLiteDataSource();
    dataSource.setUrl(url);
    try {
      Flyway.configure(SqliteStorage.class.getClassLoader())
          .dataSource(dataSource)
          .locations("classpath:db/migration/sqlite")
          .failOnMissingLocations(true)
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new StorageException("cannot bring the schema of " + file + " up to date: " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // Already failing.
      }
    }
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
   * Healthy when a read connection answers and the writer thread completes a (no-op) write
   * transaction. The write probe waits behind queued work, so under heavy load it also tells how
   * long a write takes to be acknowledged.
   */
  @Override
  public Health check() {
    if (closed.get()) {
      return new Health(false, "closed: " + location);
    }
    if (!writer.isAlive()) {
      return new Health(false, "the SQLite writer thread has stopped: " + location);
    }
    try {
      long rows = signals.countReports();
      writer.submit("check the writer", 1, tx -> null);
      return new Health(true, "SQLite " + sqliteVersion + " (WAL, synchronous=FULL) at " + location
          + ", " + rows + " reports");
    } catch (StorageException e) {
      return new Health(false, e.getMessage());
    }
  }

  /**
   * Commits everything already queued, then closes all connections. Later calls fail with a
   * {@link StorageException}; closing twice is harmless.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    writer.stop();
    readers.close();
    writer.closeConnection();
  }

  @Override
  protected void ensureOpen(String what) {
    if (closed.get()) {
      throw new StorageException("storage at " + location + " is closed; cannot " + what);
    }
  }

  /** Reads on the read-only pool. */
  @Override
  protected <T> T read(String what, SqlRunner.Work<T> work) {
    return readers.read(what, work::run);
  }

  /** Writes on the writer thread, inside its group commit. */
  @Override
  protected <T> T write(String what, int rows, SqlRunner.Work<T> work) {
    return writer.submit(what, rows, tx -> work.run(tx.connection()));
  }

  Path file() {
    return file;
  }

  Writer writer() {
    return writer;
  }

  Readers readers() {
    return readers;
  }

  Json json() {
    return json;
  }

  /** The value of a pragma on the write connection, for tests. */
  String writerPragma(String name) {
    return writer.submit("read pragma " + name, 1, tx -> {
      try (PreparedStatement ps = tx.connection().prepareStatement("PRAGMA " + name);
          ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    });
  }
}
