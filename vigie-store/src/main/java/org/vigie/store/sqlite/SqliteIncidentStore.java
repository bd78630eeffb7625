package org.vigie.store.sqlite;

import org.vigie.store.common.IncidentRows;
import org.vigie.store.common.Times;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.vigie.core.incident.Incident;
import org.vigie.core.storage.IncidentStore;

final class SqliteIncidentStore implements IncidentStore {
  private static final String COLUMNS = IncidentRows.COLUMNS;
  private static final String UPSERT = IncidentRows.upsert("?");

  private final SqliteStorage storage;

  SqliteIncidentStore(SqliteStorage storage) {
    this.storage = storage;
  }

  @Override
  public void save(Incident incident) {
    Objects.requireNonNull(incident, "incident");
    IncidentRows.Row row = IncidentRows.Row.of(incident, storage.json());
    storage.writer().submit("save incident " + incident.id(), 1, tx -> {
      PreparedStatement ps = tx.statement(UPSERT);
      row.bind(ps);
      ps.executeUpdate();
      return null;
    });
  }

  @Override
  public Optional<Incident> find(long id) {
    List<Incident> found = query("find incident " + id,
        "SELECT " + COLUMNS + " FROM incident WHERE id = ?", List.of(id));
    return found.stream().findFirst();
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
    return query("list incidents", "SELECT " + COLUMNS + " FROM incident"
        + " WHERE started_at < ? AND (resolved_at IS NULL OR resolved_at >= ?)" + serviceFilter
        + " ORDER BY started_at DESC, id DESC LIMIT ?", args);
  }

  @Override
  public List<Incident> open() {
    return query("list open incidents", "SELECT " + COLUMNS + " FROM incident"
        + " WHERE resolved_at IS NULL ORDER BY started_at DESC, id DESC", List.of());
  }

  @Override
  public long maxId() {
    return storage.readers().read("read the largest incident id", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(id), 0) FROM incident");
          ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0L;
      }
    });
  }

  private List<Incident> query(String what, String sql, List<?> args) {
    return storage.readers().read(what, c -> {
      List<Incident> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < args.size(); i++) {
          ps.setObject(i + 1, args.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(row(rs));
          }
        }
      }
      return out;
    });
  }

  private Incident row(ResultSet rs) throws SQLException {
    return IncidentRows.read(rs, storage.json());
  }
}
