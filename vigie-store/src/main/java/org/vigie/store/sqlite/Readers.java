package org.vigie.store.sqlite;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.core.storage.StorageException;

/**
 * A small pool of read-only connections. In WAL mode readers never block the writer and the
 * writer never blocks readers; each query sees the last committed transaction. Connections are
 * opened lazily, up to a fixed number, and only ever used by one thread at a time (the driver's
 * connections are not meant to be shared).
 */
final class Readers {
  private static final Logger LOG = LoggerFactory.getLogger(Readers.class);

  @FunctionalInterface
  interface Query<T> {
    T run(Connection c) throws SQLException;
  }

  private final String url;
  private final String location;
  private final Semaphore permits;
  private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();
  private volatile boolean closed;

  Readers(String url, String location, int size) {
    this.url = url;
    this.location = location;
    this.permits = new Semaphore(size, true);
  }

  /**
   * Runs the query on a pooled connection. Callers must not call user code while holding the
   * connection (a sink calling back into the store could otherwise exhaust the pool).
   */
  <T> T read(String what, Query<T> query) {
    if (closed) {
      throw new StorageException("storage at " + location + " is closed; cannot " + what);
    }
    permits.acquireUninterruptibly();
    Connection c = null;
    try {
      c = idle.poll();
      if (c == null) {
        c = open();
      }
      return query.run(c);
    } catch (SQLException e) {
      throw new StorageException("could not " + what + " in " + location + ": " + e.getMessage(), e);
    } finally {
      if (c != null) {
        release(c);
      }
      permits.release();
    }
  }

  private Connection open() throws SQLException {
    if (closed) {
      throw new SQLException("storage is closed");
    }
    Connection c = DriverManager.getConnection(url);
    try (Statement s = c.createStatement()) {
      // query_only: a bug in a read path cannot write behind the writer's back.
      s.execute("PRAGMA query_only = 1");
      s.execute("PRAGMA busy_timeout = " + SqliteStorage.BUSY_TIMEOUT_MS);
      s.execute("PRAGMA cache_size = -16384");
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  private void release(Connection c) {
    idle.add(c);
    if (closed) {
      drain();
    }
  }

  void close() {
    closed = true;
    drain();
  }

  private void drain() {
    Connection c;
    while ((c = idle.poll()) != null) {
      try {
        c.close();
      } catch (SQLException e) {
        LOG.warn("closing an SQLite read connection to {} failed", location, e);
      }
    }
  }
}
