package org.vigie.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.vigie.core.model.Region;

/**
 * The label and place dictionaries that keep report rows small.
 *
 * <p>Readers cache id to value: dictionary rows are never updated or deleted, so a committed id
 * means the same thing forever, and a reader only ever sees committed ids.
 */
final class Names {
  private final ConcurrentHashMap<Integer, String> labels = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Integer, Region> places = new ConcurrentHashMap<>();

  String label(Connection c, int id) throws SQLException {
    String text = labels.get(id);
    if (text == null) {
      try (PreparedStatement ps = c.prepareStatement("SELECT text FROM label WHERE id = ?")) {
        ps.setInt(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new SQLException("report refers to missing label " + id);
          }
          text = rs.getString(1);
        }
      }
      labels.put(id, text);
    }
    return text;
  }

  Region place(Connection c, int id) throws SQLException {
    Region region = places.get(id);
    if (region == null) {
      try (PreparedStatement ps =
          c.prepareStatement("SELECT country, subdivision, city, lat, lon FROM place WHERE id = ?")) {
        ps.setInt(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new SQLException("report refers to missing place " + id);
          }
          region = new Region(rs.getString(1), rs.getString(2), rs.getString(3), nullableDouble(rs, 4),
              nullableDouble(rs, 5));
        }
      }
      places.put(id, region);
    }
    return region;
  }

  private static Double nullableDouble(ResultSet rs, int column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? null : v;
  }

  /**
   * The writer's text-to-id maps. Lookups that miss go to the database (under the write lock,
   * so another process sharing the file cannot race us), then insert. Entries added during the
   * current transaction are remembered in order so that a rolled-back savepoint or transaction
   * also forgets the ids it invented (SQLite would hand the same id out again).
   */
  static final class WriterSide {
    private final Map<String, Integer> labelIds = new HashMap<>();
    private final Map<Region, Integer> placeIds = new HashMap<>();
    private final List<Object> addedThisTransaction = new ArrayList<>();

    int labelId(Writer.WriteContext tx, String text) throws SQLException {
      Integer id = labelIds.get(text);
      if (id != null) {
        return id;
      }
      PreparedStatement find = tx.statement("SELECT id FROM label WHERE text = ?");
      find.setString(1, text);
      id = singleInt(find);
      if (id == null) {
        PreparedStatement insert = tx.statement("INSERT INTO label (text) VALUES (?) RETURNING id");
        insert.setString(1, text);
        id = singleInt(insert);
      }
      labelIds.put(text, id);
      addedThisTransaction.add(text);
      return id;
    }

    int placeId(Writer.WriteContext tx, Region region) throws SQLException {
      Integer id = placeIds.get(region);
      if (id != null) {
        return id;
      }
      PreparedStatement find = tx.statement(
          "SELECT id FROM place WHERE country = ? AND subdivision IS ? AND city IS ? AND lat IS ? AND lon IS ?");
      bindRegion(find, region);
      id = singleInt(find);
      if (id == null) {
        PreparedStatement insert = tx.statement(
            "INSERT INTO place (country, subdivision, city, lat, lon) VALUES (?, ?, ?, ?, ?) RETURNING id");
        bindRegion(insert, region);
        id = singleInt(insert);
      }
      placeIds.put(region, id);
      addedThisTransaction.add(region);
      return id;
    }

    private static void bindRegion(PreparedStatement ps, Region r) throws SQLException {
      ps.setString(1, r.country());
      setNullable(ps, 2, r.subdivision());
      setNullable(ps, 3, r.city());
      if (r.lat() == null) {
        ps.setNull(4, Types.REAL);
      } else {
        ps.setDouble(4, r.lat());
      }
      if (r.lon() == null) {
        ps.setNull(5, Types.REAL);
      } else {
        ps.setDouble(5, r.lon());
      }
    }

    private static void setNullable(PreparedStatement ps, int i, String v) throws SQLException {
      if (v == null) {
        ps.setNull(i, Types.VARCHAR);
      } else {
        ps.setString(i, v);
      }
    }

    private static Integer singleInt(PreparedStatement ps) throws SQLException {
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getInt(1) : null;
      }
    }

    int mark() {
      return addedThisTransaction.size();
    }

    void rollbackTo(int mark) {
      for (int i = addedThisTransaction.size() - 1; i >= mark; i--) {
        Object key = addedThisTransaction.remove(i);
        if (key instanceof Region region) {
          placeIds.remove(region);
        } else {
          labelIds.remove((String) key);
        }
      }
    }

    void committed() {
      addedThisTransaction.clear();
    }
  }
}
