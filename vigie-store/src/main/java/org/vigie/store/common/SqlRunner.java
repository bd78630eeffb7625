package org.vigie.store.common;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * How a backend runs statements written once for both: every role in this package goes through
 * it, and says what little differs between the dialects with a {@link Dialect}. SQLite writes on
 * its writer thread, sharing its group commit; PostgreSQL in a pooled connection's transaction.
 */
public interface SqlRunner {
  /** Work on a connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** Reads one row of a result into a value. */
  @FunctionalInterface
  interface Row<T> {
    T read(ResultSet rs) throws SQLException;
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

  /**
   * Runs a query with the given arguments ({@code setObject}, in order) on a read connection and
   * returns every row it selects: the shape of most reads of the low-traffic roles.
   */
  default <T> List<T> list(String what, String query, List<?> args, Row<T> row) {
    return read(what, c -> select(c, query, args, row));
  }

  /**
   * Runs a query with the given arguments ({@code setObject}, in order) on a connection the
   * caller holds (a read, or a transaction of its own such as an outbox claim) and returns every
   * row it selects.
   */
  static <T> List<T> select(Connection c, String query, List<?> args, Row<T> row) throws SQLException {
    List<T> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(query)) {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(row.read(rs));
        }
      }
    }
    return out;
  }


  /**
   * Runs one statement with string arguments in its own write transaction and returns its row
   * count: the shape of most writes of the low-traffic roles (deletes by key, small upserts).
   */
  default int update(String what, String statement, String... args) {
    return write(what, 1, c -> {
      try (PreparedStatement ps = c.prepareStatement(statement)) {
        for (int i = 0; i < args.length; i++) {
          ps.setString(i + 1, args[i]);
        }
        return ps.executeUpdate();
      }
    });
  }
}
