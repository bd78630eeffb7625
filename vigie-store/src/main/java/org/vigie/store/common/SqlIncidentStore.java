package org.vigie.store.common;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.vigie.core.incident.Incident;
import org.vigie.core.storage.IncidentStore;

/**
 * Incidents, written once for both backends through their {@link SqlRunner}: the row is
 * {@link IncidentRows}, and the only dialect difference is how its JSON columns are bound.
 */
public final class SqlIncidentStore implements IncidentStore {
  private static final String SELECT = "SELECT " + IncidentRows.COLUMNS + " FROM incident";

  private final SqlRunner sql;
  private final Json json;
  private final String upsert;

  public SqlIncidentStore(SqlRunner sql, Json json, Dialect dialect) {
    this.sql = sql;
    this.json = json;
    this.upsert = IncidentRows.upsert(dialect.jsonParam());
  }

  @Override
  public void save(Incident incident) {
    Objects.requireNonNull(incident, "incident");
    // Serialised here, on the caller's thread, not inside the (on SQLite, single) write transaction.
    IncidentRows.Row row = IncidentRows.Row.of(incident, json);
    sql.write("save incident " + incident.id(), 1, c -> {
      try (PreparedStatement ps = c.prepareStatement(upsert)) {
        row.bind(ps);
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public Optional<Incident> find(long id) {
    return query("find incident " + id, SELECT + " WHERE id = ?", List.of(id)).stream().findFirst();
  }

  @Override
  public List<Incident> list(String service, Instant from, Instant to, int limit) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
    // Overlap with [from, to): started before `to`, and not resolved before `from` (still open,
    // or resolved at or after `from`), exactly as the SPI's Javadoc words it.
    List<Object> args = new ArrayList<>();
    args.add(Times.bound(to));
    args.add(Times.bound(from));
    String serviceFilter = "";
    if (service != null) {
      serviceFilter = " AND service = ?";
      args.add(service);
    }
    args.add(limit);
    return query("list incidents", SELECT + " WHERE started_at < ? AND (resolved_at IS NULL OR resolved_at >= ?)"
        + serviceFilter + " ORDER BY started_at DESC, id DESC LIMIT ?", args);
  }

  @Override
  public List<Incident> open() {
    return query("list open incidents", SELECT + " WHERE resolved_at IS NULL ORDER BY started_at DESC, id DESC",
        List.of());
  }

  @Override
  public long maxId() {
    return sql.read("read the largest incident id", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(id), 0) FROM incident");
          ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0L;
      }
    });
  }

  private List<Incident> query(String what, String query, List<?> args) {
    return sql.list(what, query, args, rs -> IncidentRows.read(rs, json));
  }
}
