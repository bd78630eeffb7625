package org.vigie.store.common;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.vigie.core.model.Service;
import org.vigie.core.storage.CatalogStore;
import org.vigie.core.storage.SettingStore;
import org.vigie.core.storage.TokenStore;

/**
 * The low-traffic roles, catalogue overrides, API tokens and settings, written once for both
 * backends: each write is one short transaction of their {@link SqlRunner}, and the only dialect
 * difference is the type of the override's JSON body.
 */
public final class SqlSmallStores {
  private SqlSmallStores() {}

  /** Catalogue overrides: a Service as JSON, keyed by its slug. */
  public static final class Catalog implements CatalogStore {
    private final SqlRunner sql;
    private final Json json;
    private final String upsert;

    public Catalog(SqlRunner sql, Json json, Dialect dialect) {
      this.sql = sql;
      this.json = json;
      this.upsert = "INSERT INTO service_override (slug, body) VALUES (?, " + dialect.jsonParam() + ")"
          + " ON CONFLICT (slug) DO UPDATE SET body = excluded.body";
    }

    @Override
    public List<Service> overrides() {
      List<String> bodies = sql.list("read service overrides", "SELECT body FROM service_override ORDER BY slug",
          List.of(), rs -> rs.getString(1));
      return bodies.stream().map(json::service).toList();
    }

    @Override
    public void put(Service service) {
      Objects.requireNonNull(service, "service");
      String body = json.service(service);
      sql.write("store service " + service.slug(), 1, c -> {
        try (PreparedStatement ps = c.prepareStatement(upsert)) {
          ps.setString(1, service.slug());
          ps.setString(2, body);
          return ps.executeUpdate();
        }
      });
    }

    @Override
    public boolean remove(String slug) {
      Objects.requireNonNull(slug, "slug");
      return sql.update("remove service " + slug, "DELETE FROM service_override WHERE slug = ?", slug) > 0;
    }
  }

  /** API tokens, keyed by the SHA-256 of the secret (the secret itself is never stored). */
  public static final class Tokens implements TokenStore {
    private static final String COLUMNS = "name, role, sha256, created_at";
    private final SqlRunner sql;

    public Tokens(SqlRunner sql) {
      this.sql = sql;
    }

    @Override
    public void add(Token token) {
      Objects.requireNonNull(token, "token");
      Objects.requireNonNull(token.sha256Hex(), "sha256Hex");
      Objects.requireNonNull(token.createdAt(), "createdAt");
      // A plain INSERT: adding a hash that exists fails instead of silently changing the name or
      // role of a token someone already holds.
      sql.write("add token " + token.name(), 1, c -> {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO token (" + COLUMNS + ") VALUES (?, ?, ?, ?)")) {
          ps.setString(1, token.name());
          ps.setString(2, token.role());
          ps.setString(3, token.sha256Hex());
          ps.setLong(4, Times.store(token.createdAt()));
          return ps.executeUpdate();
        }
      });
    }

    @Override
    public Optional<Token> findByHash(String sha256Hex) {
      Objects.requireNonNull(sha256Hex, "sha256Hex");
      return query("find a token", "SELECT " + COLUMNS + " FROM token WHERE sha256 = ?", sha256Hex).stream().findFirst();
    }

    @Override
    public List<Token> all() {
      return query("list tokens", "SELECT " + COLUMNS + " FROM token ORDER BY created_at, name", null);
    }

    @Override
    public boolean remove(String sha256Hex) {
      Objects.requireNonNull(sha256Hex, "sha256Hex");
      return sql.update("revoke a token", "DELETE FROM token WHERE sha256 = ?", sha256Hex) > 0;
    }

    private List<Token> query(String what, String query, String arg) {
      return sql.list(what, query, arg == null ? List.of() : List.of(arg),
          rs -> new Token(rs.getString(1), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4))));
    }
  }

  /** Settings: text values by key, with an insert-or-keep for values generated at first start. */
  public static final class Settings implements SettingStore {
    private static final String SELECT = "SELECT value FROM setting WHERE key = ?";
    private final SqlRunner sql;

    public Settings(SqlRunner sql) {
      this.sql = sql;
    }

    @Override
    public Optional<String> get(String key) {
      Objects.requireNonNull(key, "key");
      return Optional.ofNullable(sql.read("read setting " + key, c -> {
        try (PreparedStatement ps = c.prepareStatement(SELECT)) {
          ps.setString(1, key);
          try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
          }
        }
      }));
    }

    @Override
    public String putIfAbsent(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      // Insert-or-keep and read back in the same write transaction: concurrent callers (two
      // nodes generating the reporter-key secret at first start) all get the one that won. On
      // PostgreSQL, ON CONFLICT waits for a concurrent inserter of the same key to commit, and
      // the SELECT, a new statement under READ COMMITTED, then sees the winner; on SQLite the
      // single writer makes the two statements atomic anyway.
      return sql.write("store setting " + key, 1, c -> {
        try (PreparedStatement insert =
            c.prepareStatement("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING")) {
          insert.setString(1, key);
          insert.setString(2, value);
          insert.executeUpdate();
        }
        try (PreparedStatement read = c.prepareStatement(SELECT)) {
          read.setString(1, key);
          try (ResultSet rs = read.executeQuery()) {
            rs.next();
            return rs.getString(1);
          }
        }
      });
    }

    @Override
    public void put(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      sql.update("store setting " + key,
          "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value);
    }
  }
}
