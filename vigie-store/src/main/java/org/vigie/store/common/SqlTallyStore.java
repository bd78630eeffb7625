package org.vigie.store.common;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.vigie.core.model.Evidence;
import org.vigie.core.storage.TallyStore;
import org.vigie.core.tally.MinuteTally;

/**
 * Minute tallies, written once for both backends through their {@link SqlRunner}. The dialects
 * differ in the indicator column's type (TEXT or jsonb) and in NaN, which SQLite cannot store (it
 * becomes NULL, read back as NaN) and PostgreSQL's float8 keeps.
 */
public final class SqlTallyStore implements TallyStore {
  private static final String COLUMNS = "service, country, minute, reports, reporters, networks,"
      + " indicators, mentions, probe_failures, probes, expected, evidence";

  /**
   * Key order for upserts, so that two PostgreSQL nodes upserting overlapping tallies take the
   * row locks in the same order and cannot deadlock (harmless on SQLite's single writer).
   */
  private static final Comparator<MinuteTally> KEY_ORDER = Comparator.comparing(MinuteTally::service)
      .thenComparing(MinuteTally::country).thenComparing(MinuteTally::minute);

  private final SqlRunner sql;
  private final Json json;
  private final boolean nanAsNull;
  private final String upsert;

  public SqlTallyStore(SqlRunner sql, Json json, Dialect dialect) {
    this.sql = sql;
    this.json = json;
    this.nanAsNull = dialect.nanAsNull();
    this.upsert = "INSERT INTO tally (" + COLUMNS + ")"
        + " VALUES (?, ?, ?, ?, ?, ?, " + dialect.jsonParam() + ", ?, ?, ?, ?, ?)"
        + " ON CONFLICT (service, country, minute) DO UPDATE SET"
        + " reports = excluded.reports, reporters = excluded.reporters, networks = excluded.networks,"
        + " indicators = excluded.indicators, mentions = excluded.mentions,"
        + " probe_failures = excluded.probe_failures, probes = excluded.probes,"
        + " expected = excluded.expected, evidence = excluded.evidence";
  }

  @Override
  public void upsert(List<MinuteTally> tallies) {
    Objects.requireNonNull(tallies, "tallies");
    sql.ensureOpen("upsert tallies");
    if (tallies.isEmpty()) {
      return;
    }
    // The last tally of a key wins, as if the call were applied in order (PostgreSQL would
    // otherwise update one row twice in the batch, in whatever order the locks allow).
    Map<List<Object>, MinuteTally> last = new LinkedHashMap<>();
    for (MinuteTally t : tallies) {
      last.put(List.of(t.service(), t.country(), t.minute()), t);
    }
    List<MinuteTally> sorted = new ArrayList<>(last.values());
    sorted.sort(KEY_ORDER);
    // JSON is written on the caller's thread: SQLite's writer thread is the bottleneck, keep it lean.
    List<String> indicators = new ArrayList<>(sorted.size());
    for (MinuteTally t : sorted) {
      indicators.add(json.counts(t.indicators()));
    }
    sql.write("upsert " + sorted.size() + " tallies", sorted.size(), c -> {
      try (PreparedStatement ps = c.prepareStatement(upsert)) {
        int i = 0;
        for (MinuteTally t : sorted) {
          ps.setString(1, t.service());
          ps.setString(2, t.country());
          ps.setLong(3, Times.store(t.minute()));
          ps.setInt(4, t.reports());
          ps.setInt(5, t.reporters());
          ps.setInt(6, t.networks());
          ps.setString(7, indicators.get(i++));
          ps.setInt(8, t.mentions());
          ps.setInt(9, t.probeFailures());
          ps.setInt(10, t.probes());
          if (nanAsNull && Double.isNaN(t.expected())) {
            ps.setNull(11, Types.DOUBLE);
          } else {
            ps.setDouble(11, t.expected());
          }
          ps.setString(12, t.evidence().name());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      return null;
    });
  }

  @Override
  public List<MinuteTally> series(String service, String country, Instant from, Instant to) {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(country, "country");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    return sql.list("read tallies", "SELECT " + COLUMNS + " FROM tally"
        + " WHERE service = ? AND country = ? AND minute >= ? AND minute < ? ORDER BY minute",
        List.of(service, country, Times.bound(from), Times.bound(to)), this::row);
  }

  @Override
  public void scan(Instant from, Instant to, Consumer<MinuteTally> sink) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(sink, "sink");
    long end = Times.bound(to);
    // Keyset paging on the (minute, service, country) index, for the same reasons as reports.
    Object[] after = {Times.bound(from), null, null};
    while (true) {
      List<MinuteTally> page = sql.read("scan tallies", c -> {
        List<MinuteTally> out = new ArrayList<>();
        boolean first = after[1] == null;
        String where = first ? "minute >= ?" : "(minute, service, country) > (?, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM tally WHERE "
            + where + " AND minute < ? ORDER BY minute, service, country LIMIT ?")) {
          int p = 1;
          ps.setLong(p++, (Long) after[0]);
          if (!first) {
            ps.setString(p++, (String) after[1]);
            ps.setString(p++, (String) after[2]);
          }
          ps.setLong(p++, end);
          ps.setInt(p, SqlSignalLog.PAGE);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              MinuteTally t = row(rs);
              out.add(t);
              after[0] = Times.store(t.minute());
              after[1] = t.service();
              after[2] = t.country();
            }
          }
        }
        return out;
      });
      page.forEach(sink); // outside read(): the sink may call back into the store
      if (page.size() < SqlSignalLog.PAGE) {
        return;
      }
    }
  }

  @Override
  public Instant latestMinute() {
    return sql.read("read the latest tally minute", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT max(minute) FROM tally");
          ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Times.read(rs, 1) : null;
      }
    });
  }

  private MinuteTally row(ResultSet rs) throws SQLException {
    double expected = rs.getDouble(11);
    if (rs.wasNull()) {
      expected = Double.NaN; // SQLite's NULL for NaN
    }
    return new MinuteTally(
        rs.getString(1),
        rs.getString(2),
        Instant.ofEpochMilli(rs.getLong(3)),
        rs.getInt(4),
        rs.getInt(5),
        rs.getInt(6),
        json.counts(rs.getString(7)),
        rs.getInt(8),
        rs.getInt(9),
        rs.getInt(10),
        expected,
        Evidence.valueOf(rs.getString(12)));
  }
}
