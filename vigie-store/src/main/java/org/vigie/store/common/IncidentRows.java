package org.vigie.store.common;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import org.vigie.core.incident.Incident;
import org.vigie.core.model.PublicStatus;

/**
 * The {@code incident} row, one definition for both backends and for both writers of it (the
 * incident store and the notification outbox, which must upsert the incident inside its own
 * transaction). The schemas differ only in the JSON columns' type (TEXT in SQLite, jsonb in
 * PostgreSQL).
 */
public final class IncidentRows {
  /** The columns, in the order {@link #bind} and {@link #read} use. */
  public static final String COLUMNS = "id, service, started_at, detected_at, resolved_at, severity,"
      + " current_status, peak_per_minute, peak_at, total_reports, countries, indicators, timeline, grp";

  private IncidentRows() {}

  /**
   * The upsert by id.
   *
   * @param jsonParameter how a JSON column's parameter is written: {@code ?} for SQLite,
   *     {@code CAST(? AS jsonb)} for PostgreSQL
   */
  public static String upsert(String jsonParameter) {
    return "INSERT INTO incident (" + COLUMNS + ")"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + jsonParameter + ", " + jsonParameter + ", " + jsonParameter + ", ?)"
        + " ON CONFLICT (id) DO UPDATE SET service = excluded.service,"
        + " started_at = excluded.started_at, detected_at = excluded.detected_at,"
        + " resolved_at = excluded.resolved_at, severity = excluded.severity,"
        + " current_status = excluded.current_status, peak_per_minute = excluded.peak_per_minute,"
        + " peak_at = excluded.peak_at, total_reports = excluded.total_reports,"
        + " countries = excluded.countries, indicators = excluded.indicators,"
        + " timeline = excluded.timeline, grp = excluded.grp";
  }

  /**
   * An incident with its nested parts already serialised, so the JSON work happens on the caller's
   * thread and not inside the (single) write transaction.
   */
  public record Row(Incident incident, String countries, String indicators, String timeline) {
    public static Row of(Incident incident, Json json) {
      return new Row(incident, json.countries(incident.countries()), json.indicators(incident.indicators()),
          json.timeline(incident.timeline()));
    }

    /** Binds the parameters of {@link #upsert}. */
    public void bind(PreparedStatement ps) throws SQLException {
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
    }
  }

  /** Reads an incident from a row selected with {@link #COLUMNS}. */
  public static Incident read(ResultSet rs, Json json) throws SQLException {
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

  private static void setStatus(PreparedStatement ps, int i, PublicStatus status) throws SQLException {
    if (status == null) {
      ps.setNull(i, Types.VARCHAR);
    } else {
      ps.setString(i, status.name());
    }
  }

  private static PublicStatus status(String name) {
    return name == null ? null : PublicStatus.valueOf(name);
  }
}
