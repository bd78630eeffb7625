package org.vigie.store.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.vigie.core.signal.OfficialStatus;
import org.vigie.core.storage.OfficialStatusLog;

/**
 * Official statements, one {@code official_status} row per distinct statement (migration V4), the
 * same for both backends. The row is keyed by a SHA-256 of every field: the same statement read
 * again (a poller restarting, nodes polling the same page) is stored once whatever its length,
 * where a unique index on the text itself would hit PostgreSQL's index row limit. Nodes racing on
 * the key wait for each other and the loser skips the row.
 */
public final class SqlOfficialStatusLog implements OfficialStatusLog {
  static final String INSERT = "INSERT INTO official_status (digest, service, at, component, level, text, link)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (digest) DO NOTHING";
  static final String RECENT = "SELECT service, component, level, text, link, at FROM official_status"
      + " WHERE service = ? AND at >= ? ORDER BY at DESC, id DESC LIMIT ?";

  private final SqlRunner sql;

  public SqlOfficialStatusLog(SqlRunner sql) {
    this.sql = sql;
  }

  @Override
  public List<OfficialStatus> append(List<OfficialStatus> statuses) {
    List<OfficialStatus> copy = List.copyOf(statuses);
    sql.ensureOpen("append official statements");
    if (copy.isEmpty()) {
      return List.of();
    }
    return sql.write("append " + copy.size() + " official statements", copy.size(), c -> {
      List<OfficialStatus> fresh = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(INSERT)) {
        for (OfficialStatus s : copy) {
          ps.setString(1, digest(s));
          ps.setString(2, s.service());
          ps.setLong(3, Times.store(s.at()));
          ps.setString(4, s.component());
          ps.setString(5, s.level());
          ps.setString(6, s.text());
          ps.setString(7, s.link());
          if (ps.executeUpdate() > 0) {
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
    return sql.read("read official statements of " + service, c -> {
      try (PreparedStatement ps = c.prepareStatement(RECENT)) {
        ps.setString(1, service);
        ps.setLong(2, lo);
        ps.setInt(3, limit);
        List<OfficialStatus> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new OfficialStatus(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                Instant.ofEpochMilli(rs.getLong(6))));
          }
        }
        return out;
      }
    });
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
