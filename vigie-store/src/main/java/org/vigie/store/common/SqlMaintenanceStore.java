package org.vigie.store.common;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.vigie.core.storage.MaintenanceStore;

/**
 * Maintenance windows and silences, written once for both backends through their {@link SqlRunner}.
 * The only dialect difference is how a JSON body is bound: PostgreSQL stores it as {@code jsonb}
 * ({@code CAST(? AS jsonb)}), SQLite as text ({@code ?}) — the same split as {@link IncidentRows}.
 */
public final class SqlMaintenanceStore implements MaintenanceStore {
  private final SqlRunner sql;
  private final NotifyJson json;
  private final String putWindow;
  private final String putSilence;

  /** @param jsonParam the placeholder that binds a JSON body in this dialect */
  public SqlMaintenanceStore(SqlRunner sql, NotifyJson json, String jsonParam) {
    this.sql = sql;
    this.json = json;
    this.putWindow = "INSERT INTO maintenance_window (id, service, starts_at, body) VALUES (?, ?, ?, " + jsonParam + ")"
        + " ON CONFLICT (id) DO UPDATE SET service = excluded.service, starts_at = excluded.starts_at, body = excluded.body";
    this.putSilence = "INSERT INTO silence (id, body) VALUES (?, " + jsonParam + ") ON CONFLICT (id) DO UPDATE SET body = excluded.body";
  }

  @Override
  public void putWindow(Window w) {
    Objects.requireNonNull(w, "window");
    String body = json.window(w);
    sql.write("store a maintenance window", 1, c -> {
      try (PreparedStatement ps = c.prepareStatement(putWindow)) {
        ps.setString(1, w.id());
        ps.setString(2, w.service());
        ps.setLong(3, Times.store(w.startsAt()));
        ps.setString(4, body);
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public List<Window> windows(String service) {
    if (service == null) {
      return bodies("list maintenance windows", "SELECT body FROM maintenance_window ORDER BY starts_at, id", null)
          .stream().map(json::window).toList();
    }
    return bodies("list maintenance windows", "SELECT body FROM maintenance_window WHERE service = ? ORDER BY starts_at, id",
        service).stream().map(json::window).toList();
  }

  @Override
  public boolean removeWindow(String id) {
    return sql.update("remove a maintenance window", "DELETE FROM maintenance_window WHERE id = ?", id) > 0;
  }

  @Override
  public void putSilence(Silence s) {
    Objects.requireNonNull(s, "silence");
    sql.update("store a silence", putSilence, s.id(), json.silence(s));
  }

  @Override
  public List<Silence> silences() {
    return bodies("list silences", "SELECT body FROM silence ORDER BY id", null).stream().map(json::silence).toList();
  }

  @Override
  public boolean removeSilence(String id) {
    return sql.update("remove a silence", "DELETE FROM silence WHERE id = ?", id) > 0;
  }

  /** The JSON bodies a query returns, with at most one string argument. */
  private List<String> bodies(String what, String query, String arg) {
    return sql.read(what, c -> {
      try (PreparedStatement ps = c.prepareStatement(query)) {
        if (arg != null) {
          ps.setString(1, arg);
        }
        List<String> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getString(1));
          }
        }
        return out;
      }
    });
  }
}
