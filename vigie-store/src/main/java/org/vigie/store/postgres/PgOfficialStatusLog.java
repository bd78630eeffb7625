package org.vigie.store.postgres;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.vigie.core.signal.OfficialStatus;
import org.vigie.core.storage.OfficialStatusLog;
import org.vigie.store.common.ProbeRows;
import org.vigie.store.common.Times;

/**
 * Official statements, one row per distinct statement, each append in one transaction. Nodes
 * polling the same page race on the digest's unique index; the loser waits and skips the row.
 */
final class PgOfficialStatusLog implements OfficialStatusLog {
  private final PostgresStorage storage;

  PgOfficialStatusLog(PostgresStorage storage) {
    this.storage = storage;
  }

  @Override
  public List<OfficialStatus> append(List<OfficialStatus> statuses) {
    List<OfficialStatus> copy = List.copyOf(statuses);
    storage.ensureOpen("append official statements");
    if (copy.isEmpty()) {
      return List.of();
    }
    return storage.transaction("append " + copy.size() + " official statements", c -> {
      List<OfficialStatus> fresh = new ArrayList<>();
      try (PreparedStatement insert = c.prepareStatement(ProbeRows.INSERT_STATUS)) {
        for (OfficialStatus s : copy) {
          ProbeRows.bind(insert, s);
          if (insert.executeUpdate() > 0) {
            fresh.add(s);
          }
        }
      }
      return List.copyOf(fresh);
    });
  }

  @Override
  public List<OfficialStatus> recent(String service, Instant from, int limit) {
    Objects.requireNonNull(service, "service");
    long lo = Times.bound(from);
    return storage.read("read official statements of " + service, c -> {
      try (PreparedStatement ps = c.prepareStatement(ProbeRows.RECENT_STATUSES)) {
        ps.setString(1, service);
        ps.setLong(2, lo);
        ps.setInt(3, limit);
        List<OfficialStatus> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(ProbeRows.readStatus(rs));
          }
        }
        return out;
      }
    });
  }
}
