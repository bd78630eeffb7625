package org.vigie.store.common;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.concurrent.ConcurrentHashMap;
import org.vigie.core.model.Region;

/**
 * The read side of the label and place dictionaries that keep report rows small, the same for
 * both backends: id to value, cached forever, because dictionary rows are never updated or
 * deleted and a reader only ever sees committed ids. How ids are handed out differs (SQLite's
 * writer thread forgets ids of a rolled-back savepoint; PostgreSQL commits them before the
 * append), so that half stays with each backend and uses {@link #bindRegion} and {@link #remember}.
 */
public final class Names {
  private final ConcurrentHashMap<Integer, String> labels = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Integer, Region> places = new ConcurrentHashMap<>();

  /** The text of a label id. */
  public String label(Connection c, int id) throws SQLException {
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

  /** The region of a place id. */
  public Region place(Connection c, int id) throws SQLException {
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

  /** Caches a label id known to be committed, so a reader need not look it up. */
  public void remember(int id, String text) {
    labels.put(id, text);
  }

  /** Caches a place id known to be committed, so a reader need not look it up. */
  public void remember(int id, Region region) {
    places.put(id, region);
  }

  /** Binds a region as the five parameters {@code country, subdivision, city, lat, lon}. */
  public static void bindRegion(PreparedStatement ps, Region r) throws SQLException {
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

  /** The first column of the first row the statement selects, or null when it selects none. */
  public static Integer singleInt(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getInt(1) : null;
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
}
