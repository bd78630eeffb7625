package org.vigie.store.common;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.vigie.core.signal.ProbeResult;
import org.vigie.core.storage.ProbeLog;

/** Probe results, one {@code probe_result} row each (migration V4), the same for both backends. */
public final class SqlProbeLog implements ProbeLog {
  /** Results read per query while scanning; each page is its own short read. */
  static final int PAGE = 10_000;
  /** Results deleted per transaction while purging, so appends interleave with a big purge. */
  static final int PURGE_CHUNK = 20_000;

  static final String INSERT = "INSERT INTO probe_result"
      + " (at, service, kind, target, vantage, ok, outcome, latency_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  static final String PAGE_QUERY = "SELECT id, at, service, kind, target, vantage, ok, outcome, latency_ms FROM probe_result"
      + " WHERE at >= ? AND at < ? AND (at > ? OR (at = ? AND id > ?)) ORDER BY at, id LIMIT ?";
  static final String PURGE = "DELETE FROM probe_result WHERE id IN (SELECT id FROM probe_result WHERE at < ? LIMIT ?)";

  private final SqlRunner sql;

  public SqlProbeLog(SqlRunner sql) {
    this.sql = sql;
  }

  @Override
  public void append(List<ProbeResult> results) {
    List<ProbeResult> copy = List.copyOf(results);
    sql.ensureOpen("append probe results");
    if (copy.isEmpty()) {
      return;
    }
    sql.write("append " + copy.size() + " probe results", copy.size(), c -> {
      try (PreparedStatement ps = c.prepareStatement(INSERT)) {
        for (ProbeResult r : copy) {
          ps.setLong(1, Times.store(r.at()));
          ps.setString(2, r.service());
          ps.setString(3, r.kind());
          ps.setString(4, r.target());
          ps.setString(5, r.vantage());
          ps.setBoolean(6, r.ok());
          ps.setString(7, r.outcome());
          if (r.latency() == null) {
            ps.setNull(8, Types.BIGINT);
          } else {
            ps.setLong(8, r.latency().toMillis());
          }
          ps.addBatch();
        }
        ps.executeBatch();
      }
      return null;
    });
  }

  @Override
  public void scan(Instant from, Instant to, Consumer<ProbeResult> sink) {
    Objects.requireNonNull(sink, "sink");
    long lo = Times.bound(from);
    long hi = Times.bound(to);
    KeysetScan.scan(PAGE, (afterAt, afterId) -> sql.read("scan probe results", c -> {
      try (PreparedStatement ps = c.prepareStatement(PAGE_QUERY)) {
        KeysetScan.bindPage(ps, lo, hi, afterAt, afterId, PAGE);
        List<KeysetScan.Row<ProbeResult>> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            long ms = rs.getLong(9);
            Duration latency = rs.wasNull() ? null : Duration.ofMillis(ms);
            long at = rs.getLong(2);
            out.add(new KeysetScan.Row<>(rs.getLong(1), at, new ProbeResult(rs.getString(3), rs.getString(5), rs.getString(6),
                rs.getString(4), rs.getBoolean(7), rs.getString(8), latency, Instant.ofEpochMilli(at))));
          }
        }
        return out;
      }
    }), sink);
  }

  @Override
  public long purgeBefore(Instant cutoff) {
    long bound = Times.bound(cutoff);
    long total = 0;
    // Chunked, each chunk atomic: a purge of days of results never holds the writer for long.
    while (true) {
      int deleted = sql.write("purge probe results before " + cutoff, PURGE_CHUNK, c -> {
        try (PreparedStatement ps = c.prepareStatement(PURGE)) {
          ps.setLong(1, bound);
          ps.setInt(2, PURGE_CHUNK);
          return ps.executeUpdate();
        }
      });
      total += deleted;
      if (deleted < PURGE_CHUNK) {
        return total;
      }
    }
  }
}
