package org.vigie.store.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.vigie.core.signal.OfficialStatus;
import org.vigie.core.signal.ProbeResult;

/**
 * The {@code probe_result} and {@code official_status} rows (migration V4), one definition for
 * both backends: the statements, how a value binds and reads back, and the keyset paging of a
 * scan. The backends differ only in how they run a statement.
 */
public final class ProbeRows {
  /** Results read per query while scanning; each page is its own short read. */
  public static final int PAGE = 10_000;
  /** Results deleted per transaction while purging, so appends interleave with a big purge. */
  public static final int PURGE_CHUNK = 20_000;

  public static final String INSERT_RESULT = "INSERT INTO probe_result"
      + " (at, service, kind, target, vantage, ok, outcome, latency_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  static final String PAGE_QUERY = "SELECT id, at, service, kind, target, vantage, ok, outcome, latency_ms FROM probe_result"
      + " WHERE at >= ? AND at < ? AND (at > ? OR (at = ? AND id > ?)) ORDER BY at, id LIMIT ?";
  /** Deletes one chunk of results older than the bound: the same statement works in both backends. */
  public static final String PURGE = "DELETE FROM probe_result WHERE id IN (SELECT id FROM probe_result WHERE at < ? LIMIT ?)";

  public static final String INSERT_STATUS = "INSERT INTO official_status (digest, service, at, component, level, text, link)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (digest) DO NOTHING";
  public static final String RECENT_STATUSES = "SELECT service, component, level, text, link, at FROM official_status"
      + " WHERE service = ? AND at >= ? ORDER BY at DESC, id DESC LIMIT ?";

  private ProbeRows() {}

  /** A query run by the backend on one of its read connections. */
  @FunctionalInterface
  public interface Reads {
    List<Keyed> read(String what, Query query);
  }

  /** A query on a connection. */
  @FunctionalInterface
  public interface Query {
    List<Keyed> run(Connection c) throws SQLException;
  }

  /** A result with the row's position, for keyset paging. */
  public record Keyed(long id, long at, ProbeResult result) {}

  public static void bind(PreparedStatement ps, ProbeResult r) throws SQLException {
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
  }

  /** Streams the results with {@code from <= at < to}, oldest first, a page per read. */
  public static void scan(Instant from, Instant to, Consumer<ProbeResult> sink, Reads reads) {
    long lo = Times.bound(from);
    long hi = Times.bound(to);
    long afterAt = Long.MIN_VALUE;
    long afterId = Long.MIN_VALUE;
    while (true) {
      long a = afterAt;
      long b = afterId;
      List<Keyed> page = reads.read("scan probe results", c -> {
        try (PreparedStatement ps = c.prepareStatement(PAGE_QUERY)) {
          ps.setLong(1, lo);
          ps.setLong(2, hi);
          ps.setLong(3, a);
          ps.setLong(4, a);
          ps.setLong(5, b);
          ps.setInt(6, PAGE);
          List<Keyed> out = new ArrayList<>();
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              long ms = rs.getLong(9);
              Duration latency = rs.wasNull() ? null : Duration.ofMillis(ms);
              long at = rs.getLong(2);
              out.add(new Keyed(rs.getLong(1), at, new ProbeResult(rs.getString(3), rs.getString(5), rs.getString(6), rs.getString(4),
                  rs.getBoolean(7), rs.getString(8), latency, Instant.ofEpochMilli(at))));
            }
          }
          return out;
        }
      });
      if (page.isEmpty()) {
        return;
      }
      afterAt = page.getLast().at();
      afterId = page.getLast().id();
      page.forEach(k -> sink.accept(k.result()));
      if (page.size() < PAGE) {
        return;
      }
    }
  }

  /**
   * Binds {@link #INSERT_STATUS}. The digest covers every field, so the same statement read again
   * (a poller restarting, the feed and the JSON API agreeing) is stored once whatever its length;
   * a unique index on the text itself would hit PostgreSQL's index row limit.
   */
  public static void bind(PreparedStatement ps, OfficialStatus s) throws SQLException {
    ps.setString(1, digest(s));
    ps.setString(2, s.service());
    ps.setLong(3, Times.store(s.at()));
    ps.setString(4, s.component());
    ps.setString(5, s.level());
    ps.setString(6, s.text());
    ps.setString(7, s.link());
  }

  /** Reads the columns of {@link #RECENT_STATUSES}. */
  public static OfficialStatus readStatus(ResultSet rs) throws SQLException {
    return new OfficialStatus(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        Instant.ofEpochMilli(rs.getLong(6)));
  }

  /** SHA-256 of the fields, each length-prefixed (or marked null) so no two statements collide by concatenation. */
  static String digest(OfficialStatus s) {
    StringBuilder b = new StringBuilder();
    for (String f : new String[] {s.service(), s.component(), s.level(), s.text(), s.link()}) {
      b.append(f == null ? "-" : f.length() + ":" + f).append('\n');
    }
    b.append(Times.store(s.at()));
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
