package org.vigie.store.sqlite;

import org.vigie.store.common.Times;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.vigie.core.model.Service;
import org.vigie.core.storage.CatalogStore;
import org.vigie.core.storage.SettingStore;
import org.vigie.core.storage.TokenStore;

/** The low-traffic roles: catalogue overrides, API tokens, settings. */
final class SqliteSmallStores {
  private SqliteSmallStores() {}

  static final class Catalog implements CatalogStore {
    private final SqliteStorage storage;

    Catalog(SqliteStorage storage) {
      this.storage = storage;
    }

    @Override
    public List<Service> overrides() {
      List<String> bodies = storage.readers().read("read service overrides", c -> {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT body FROM service_override ORDER BY slug");
            ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getString(1));
          }
        }
        return out;
      });
      return bodies.stream().map(storage.json()::service).toList();
    }

    @Override
    public void put(Service service) {
      Objects.requireNonNull(service, "service");
      String body = storage.json().service(service);
      storage.writer().submit("store service " + service.slug(), 1, tx -> {
        PreparedStatement ps = tx.statement("INSERT INTO service_override (slug, body) VALUES (?, ?)"
            + " ON CONFLICT (slug) DO UPDATE SET body = excluded.body");
        ps.setString(1, service.slug());
        ps.setString(2, body);
        ps.executeUpdate();
        return null;
      });
    }

    @Override
    public boolean remove(String slug) {
      Objects.requireNonNull(slug, "slug");
      return storage.writer().submit("remove service " + slug, 1, tx -> {
        PreparedStatement ps = tx.statement("DELETE FROM service_override WHERE slug = ?");
        ps.setString(1, slug);
        return ps.executeUpdate() > 0;
      });
    }
  }

  static final class Tokens implements TokenStore {
    private static final String COLUMNS = "name, role, sha256, created_at";
    private final SqliteStorage storage;

    Tokens(SqliteStorage storage) {
      this.storage = storage;
    }

    @Override
    public void add(Token token) {
      Objects.requireNonNull(token, "token");
      Objects.requireNonNull(token.sha256Hex(), "sha256Hex");
      Objects.requireNonNull(token.createdAt(), "createdAt");
      // A plain INSERT: adding a hash that exists fails instead of silently changing the name or
      // role of a token someone already holds.
      storage.writer().submit("add token " + token.name(), 1, tx -> {
        PreparedStatement ps =
            tx.statement("INSERT INTO token (" + COLUMNS + ") VALUES (?, ?, ?, ?)");
        ps.setString(1, token.name());
        ps.setString(2, token.role());
        ps.setString(3, token.sha256Hex());
        ps.setLong(4, Times.store(token.createdAt()));
        ps.executeUpdate();
        return null;
      });
    }

    @Override
    public Optional<Token> findByHash(String sha256Hex) {
      Objects.requireNonNull(sha256Hex, "sha256Hex");
      return query("find a token", "SELECT " + COLUMNS + " FROM token WHERE sha256 = ?", sha256Hex)
          .stream().findFirst();
    }

    @Override
    public List<Token> all() {
      return query("list tokens", "SELECT " + COLUMNS + " FROM token ORDER BY created_at, name", null);
    }

    @Override
    public boolean remove(String sha256Hex) {
      Objects.requireNonNull(sha256Hex, "sha256Hex");
      return storage.writer().submit("revoke a token", 1, tx -> {
        PreparedStatement ps = tx.statement("DELETE FROM token WHERE sha256 = ?");
        ps.setString(1, sha256Hex);
        return ps.executeUpdate() > 0;
      });
    }

    private List<Token> query(String what, String sql, String arg) {
      return storage.readers().read(what, c -> {
        List<Token> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          if (arg != null) {
            ps.setString(1, arg);
          }
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(new Token(rs.getString(1), rs.getString(2), rs.getString(3),
                  Instant.ofEpochMilli(rs.getLong(4))));
            }
          }
        }
        return out;
      });
    }
  }

  static final class Settings implements SettingStore {
    private final SqliteStorage storage;

    Settings(SqliteStorage storage) {
      this.storage = storage;
    }

    @Override
    public Optional<String> get(String key) {
      Objects.requireNonNull(key, "key");
      return Optional.ofNullable(storage.readers().read("read setting " + key, c -> {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM setting WHERE key = ?")) {
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
      // nodes generating the reporter-key secret at first start) all get the one that won.
      return storage.writer().submit("store setting " + key, 1, tx -> {
        PreparedStatement insert =
            tx.statement("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING");
        insert.setString(1, key);
        insert.setString(2, value);
        insert.executeUpdate();
        PreparedStatement read = tx.statement("SELECT value FROM setting WHERE key = ?");
        read.setString(1, key);
        try (ResultSet rs = read.executeQuery()) {
          rs.next();
          return rs.getString(1);
        }
      });
    }

    @Override
    public void put(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      storage.writer().submit("store setting " + key, 1, tx -> {
        PreparedStatement upsert =
            tx.statement("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
        upsert.setString(1, key);
        upsert.setString(2, value);
        return upsert.executeUpdate();
      });
    }
  }
}
