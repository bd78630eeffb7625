package org.vigie.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.concurrent.ConcurrentHashMap;
import org.vigie.core.model.Region;

/**
 * The label and place dictionaries that keep report rows small, cached both ways.
 *
 * <p>Ids are obtained with an upsert in auto-commit mode, before the append's own transaction
 * starts, so every id this cache holds is committed: a failed append leaves at worst an unused
 * dictionary row, never an id that another transaction could be handed for different text. Rows
 * are never updated or deleted, so cached entries stay true, and other nodes writing the same
 * names concurrently meet on the unique constraints.
 */
final class Names {
  private final ConcurrentHashMap<String, Integer> labelIds = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Region, Integer> placeIds = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Integer, String> labels = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Integer, Region> places = new ConcurrentHashMap<>();

  /** The id of a label, creating it if needed; {@code c} must be in auto-commit mode. */
  int labelId(Connection c, String text) throws SQLException {
    Integer id = labelIds.get(text);
    if (id != null) {
      return id;
    }
    try (PreparedStatement insert = c.prepareStatement(
        "INSERT INTO label (text) VALUES (?) ON CONFLICT (text) DO NOTHING RETURNING id")) {
      insert.setString(1, text);
      id = singleInt(insert);
    }
    if (id == null) { // it existed, or another node inserted it first (committed: ON CONFLICT waited)
      try (PreparedStatement find = c.prepareStatement("SELECT id FROM label WHERE text = ?")) {
        find.setString(1, text);
        id = singleInt(find);
      }
      if (id == null) {
        throw new SQLException("label '" + text + "' neither inserted nor found");
      }
    }
    labelIds.put(text, id);
    labels.put(id, text);
    return id;
  }

  /** The id of a region, creating it if needed; {@code c} must be in auto-commit mode. */
  int placeId(Connection c, Region region) throws SQLException {
    Integer id = placeIds.get(region);
    if (id != null) {
      return id;
    }
    try (PreparedStatement insert = c.prepareStatement(
        "INSERT INTO place (country, subdivision, city, lat, lon) VALUES (?, ?, ?, ?, ?)"
            + " ON CONFLICT ON CONSTRAINT place_unique DO NOTHING RETURNING id")) {
      bindRegion(insert, region);
      id = singleInt(insert);
    }
    if (id == null) {
      try (PreparedStatement find = c.prepareStatement("SELECT id FROM place WHERE country = ?"
          + " AND subdivision IS NOT DISTINCT FROM ? AND city IS NOT DISTINCT FROM ?"
          + " AND lat IS NOT DISTINCT FROM ? AND lon IS NOT DISTINCT FROM ?")) {
        bindRegion(find, region);
        id = singleInt(find);
      }
      if (id == null) {
        throw new SQLException("place " + region + " neither inserted nor found");
      }
    }
    placeIds.put(region, id);
    places.put(id, region);
    return id;
  }

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

  private static void bindRegion(PreparedStatement ps, Region r) throws SQLException {
    ps.setString(1, r.country());
    setNullable(ps, 2, r.subdivision());
    setNullable(ps, 3, r.city());
    if (r.lat() == null) {
      ps.setNull(4, Types.DOUBLE);
    } else {
      ps.setDouble(4, r.lat());
    }
    if (r.lon() == null) {
      ps.setNull(5, Types.DOUBLE);
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

  private static Double nullableDouble(ResultSet rs, int column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? null : v;
  }

  private static Integer singleInt(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getInt(1) : null;
    }
  }
}
