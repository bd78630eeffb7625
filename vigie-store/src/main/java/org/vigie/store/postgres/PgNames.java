package org.vigie.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentHashMap;
import org.vigie.core.model.Region;
import org.vigie.store.common.Names;

/**
 * The write side of the label and place dictionaries that keep report rows small: text to id,
 * cached (the read side is {@link Names}, shared with SQLite).
 *
 * <p>Ids are obtained with an upsert in auto-commit mode, before the append's own transaction
 * starts, so every id this cache holds is committed: a failed append leaves at worst an unused
 * dictionary row, never an id that another transaction could be handed for different text. Rows
 * are never updated or deleted, so cached entries stay true, and other nodes writing the same
 * names concurrently meet on the unique constraints.
 */
final class PgNames {
  private final ConcurrentHashMap<String, Integer> labelIds = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Region, Integer> placeIds = new ConcurrentHashMap<>();
  /** The read side, shared with SQLite: ids handed out here are committed, so readers may cache them. */
  private final Names reads;

  PgNames(Names reads) {
    this.reads = reads;
  }

  /** The id of a label, creating it if needed; {@code c} must be in auto-commit mode. */
  int labelId(Connection c, String text) throws SQLException {
    Integer id = labelIds.get(text);
    if (id != null) {
      return id;
    }
    try (PreparedStatement insert = c.prepareStatement(
        "INSERT INTO label (text) VALUES (?) ON CONFLICT (text) DO NOTHING RETURNING id")) {
      insert.setString(1, text);
      id = Names.singleInt(insert);
    }
    if (id == null) { // it existed, or another node inserted it first (committed: ON CONFLICT waited)
      try (PreparedStatement find = c.prepareStatement("SELECT id FROM label WHERE text = ?")) {
        find.setString(1, text);
        id = Names.singleInt(find);
      }
      if (id == null) {
        throw new SQLException("label '" + text + "' neither inserted nor found");
      }
    }
    labelIds.put(text, id);
    reads.remember(id, text);
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
      Names.bindRegion(insert, region);
      id = Names.singleInt(insert);
    }
    if (id == null) {
      try (PreparedStatement find = c.prepareStatement("SELECT id FROM place WHERE country = ?"
          + " AND subdivision IS NOT DISTINCT FROM ? AND city IS NOT DISTINCT FROM ?"
          + " AND lat IS NOT DISTINCT FROM ? AND lon IS NOT DISTINCT FROM ?")) {
        Names.bindRegion(find, region);
        id = Names.singleInt(find);
      }
      if (id == null) {
        throw new SQLException("place " + region + " neither inserted nor found");
      }
    }
    placeIds.put(region, id);
    reads.remember(id, region);
    return id;
  }
}
