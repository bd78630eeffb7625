package org.vigie.store.sqlite;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vigie.core.model.Region;
import org.vigie.store.common.Names;

/**
 * The writer's text-to-id maps. Lookups that miss go to the database (under the write lock,
 * so another process sharing the file cannot race us), then insert. Entries added during the
 * current transaction are remembered in order so that a rolled-back savepoint or transaction
 * also forgets the ids it invented (SQLite would hand the same id out again). The read side, id
 * to value, is {@link Names}, the same for both backends; it only ever sees committed ids.
 */
final class WriterNames {
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
    id = Names.singleInt(find);
    if (id == null) {
      PreparedStatement insert = tx.statement("INSERT INTO label (text) VALUES (?) RETURNING id");
      insert.setString(1, text);
      id = Names.singleInt(insert);
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
    Names.bindRegion(find, region);
    id = Names.singleInt(find);
    if (id == null) {
      PreparedStatement insert = tx.statement(
          "INSERT INTO place (country, subdivision, city, lat, lon) VALUES (?, ?, ?, ?, ?) RETURNING id");
      Names.bindRegion(insert, region);
      id = Names.singleInt(insert);
    }
    placeIds.put(region, id);
    addedThisTransaction.add(region);
    return id;
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
