package org.vigie.store.sqlite;

import org.vigie.store.common.Json;
import org.vigie.store.common.Times;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.vigie.core.incident.Incident;
import org.vigie.core.model.PublicStatus;
import org.vigie.core.storage.IncidentStore;

final class SqliteIncidentStore implements IncidentStore {
  private static final String COLUMNS = "id, service, started_at, detected_at, resolved_at, severity,"
      + " current_status, peak_per_minute, peak_at, total_reports, countries, indicators, timeline, grp";
  private static final String UPSERT = "INSERT INTO incident (" + COLUMNS + ")"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
      + " ON CONFLICT (id) DO UPDATE SET service = excluded.service,"
      + " started_at = excluded.started_at, detected_at = excluded.detected_at,"
      + " resolved_at = excluded.resolved_at, severity = excluded.severity,"
      + " current_status = excluded.current_status, peak_per_minute = excluded.peak_per_minute,"
      + " peak_at = excluded.peak_at, total_reports = excluded.total_reports,"
      + " countries = excluded.countries, indicators = excluded.indicators,"
      + " timeline = excluded.timeline, grp = excluded.grp";

  private final SqliteStorage storage;

  SqliteIncidentStore(SqliteStorage storage) {
    this.storage = storage;
  }

  @Override
  public void save(Incident incident) {
    Objects.requireNonNull(incident, "incident");
    Json json = storage.json();
    String countries = json.countries(incident.countries());
    String indicators = json.indicators(incident.indicators());
    String timeline = json.timeline(incident.timeline());
    storage.writer().submit("save incident " + incident.id(), 1, tx -> {
      PreparedStatement ps = tx.statement(UPSERT);
      ps.setLong(1, incident.id());
      ps.setString(2, incident.service());
      ps.setLong(3, Times.store(incident.startedAt()));
      Times.setNullable(ps, 4, incident.detectedAt());
      Times.setNullable(ps, 5, incident.resolvedAt());
      setStatus(ps, 6, incident.severity());
      setStatus(ps, 7, incident.current());
      ps.setInt(8, incident.peakPerMinute());
      Times.setNullable(ps, 9, incident.peakAt());
      ps.setLong(10, incident.totalReports());
      ps.setString(11, countries);
      ps.setString(12, indicators);
      ps.setString(13, timeline);
      if (incident.group() == null) {
        ps.setNull(14, Types.VARCHAR);
      } else {
        ps.setString(14, incident.group());
      }
      ps.executeUpdate();
      return null;
    });
  }

  private static void setStatus(PreparedStatement ps, int i, PublicStatus status) throws SQLException {
    if (status == null) {
      ps.setNull(i, Types.VARCHAR);
    } else {
      ps.setString(i, status.name());
    }
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
    Json json = storage.json();
    return new Incident(
        rs.getLong(1),
        rs.getString(2),
        Instant.ofEpochMilli(rs.getLong(3)),
        Times.read(rs, 4),
        Times.read(rs, 5),
        status(rs.getString(6)),
        status(rs.getString(7)),
        rs.getInt(8),
        Times.read(rs, 9),
        rs.getLong(10),
        json.countries(rs.getString(11)),
        json.indicators(rs.getString(12)),
        json.timeline(rs.getString(13)),
        rs.getString(14));
  }

  private static PublicStatus status(String name) {
    return name == null ? null : PublicStatus.valueOf(name);
  }
}
