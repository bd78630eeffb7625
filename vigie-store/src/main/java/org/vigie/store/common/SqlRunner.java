package org.vigie.store.common;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * How a backend runs statements written once for both: the roles in this package that need
 * nothing backend-specific (probe results, official statements) go through it. SQLite writes on
 * its writer thread, sharing its group commit; PostgreSQL in a pooled connection's transaction.
 */
public interface SqlRunner {
  /** Work on a connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** Refuses (StorageException) when the store is closed, even for a call with nothing to do. */
  void ensureOpen(String what);

  /** Runs the work on a read connection; the SQLException becomes a StorageException naming {@code what}. */
  <T> T read(String what, Work<T> work);

  /**
   * Runs the work in one transaction and returns once it is committed and durable; if it throws,
   * nothing of it is stored.
   *
   * @param rows about how many rows it writes (SQLite sizes its group commit by it)
   */
  <T> T write(String what, int rows, Work<T> work);
}
