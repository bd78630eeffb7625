package org.vigie.store.sqlite;

import org.vigie.store.common.SqlSignalLog;
import org.vigie.store.common.Times;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.vigie.core.model.Evidence;
import org.vigie.core.storage.TallyStore;
import org.vigie.core.tally.MinuteTally;

final class SqliteTallyStore implements TallyStore {
  private static final String COLUMNS = "service, country, minute, reports, reporters, networks,"
      + " indicators, mentions, probe_failures, probes, expected, evidence";
  private static final String UPSERT = "INSERT INTO tally (" + COLUMNS + ")"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
      + " ON CONFLICT (service, country, minute) DO UPDATE SET"
      + " reports = excluded.reports, reporters = excluded.reporters, networks = excluded.networks,"
      + " indicators = excluded.indicators, mentions = excluded.mentions,"
      + " probe_failures = excluded.probe_failures, probes = excluded.probes,"
      + " expected = excluded.expected, evidence = excluded.evidence";

  private final SqliteStorage storage;

  SqliteTallyStore(SqliteStorage storage) {
    this.storage = storage;
  }

  @Override
  public void upsert(List<MinuteTally> tallies) {
    Objects.requireNonNull(tallies, "tallies");
    storage.ensureOpen("upsert tallies");
    if (tallies.isEmpty()) {
      return;
    }
    // JSON is written on the caller's thread: the writer thread is the bottleneck, keep it lean.
    List<String> indicators = new ArrayList<>(tallies.size());
    for (MinuteTally t : tallies) {
      indicators.add(storage.json().counts(t.indicators()));
    }
    storage.writer().submit("upsert " + tallies.size() + " tallies", tallies.size(), tx -> {
      PreparedStatement ps = tx.statement(UPSERT);
      try {
        int i = 0;
        for (MinuteTally t : tallies) {
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
          if (Double.isNaN(t.expected())) {
            ps.setNull(11, Types.REAL);
          } else {
            ps.setDouble(11, t.expected());
          }
          ps.setString(12, t.evidence().name());
          ps.addBatch();
        }
        ps.executeBatch();
      } finally {
        ps.clearBatch();
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
    long start = Times.bound(from);
    long end = Times.bound(to);
    return storage.readers().read("read tallies", c -> {
      List<MinuteTally> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM tally"
          + " WHERE service = ? AND country = ? AND minute >= ? AND minute < ? ORDER BY minute")) {
        ps.setString(1, service);
        ps.setString(2, country);
        ps.setLong(3, start);
        ps.setLong(4, end);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(row(rs));
          }
        }
      }
      return out;
    });
  }

  @Override
  public void scan(Instant from, Instant to, Consumer<MinuteTally> sink) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(sink, "sink");
    long end = Times.bound(to);
    // Keyset paging on the (minute, service, country) index, for the same reasons as reports.
    Object[] after = {Times.bound(from), "", ""};
    boolean[] first = {true};
    while (true) {
      List<MinuteTally> page = storage.readers().read("scan tallies", c -> {
        List<MinuteTally> out = new ArrayList<>();
        String where = first[0]
            ? "minute >= ?1"
            : "(minute, service, country) > (?1, ?2, ?3)";
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM tally WHERE "
            + where + " AND minute < ?4 ORDER BY minute, service, country LIMIT ?5")) {
          ps.setLong(1, (Long) after[0]);
          ps.setString(2, (String) after[1]);
          ps.setString(3, (String) after[2]);
          ps.setLong(4, end);
          ps.setInt(5, SqlSignalLog.PAGE);
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
        first[0] = false;
        return out;
      });
      page.forEach(sink);
      if (page.size() < SqlSignalLog.PAGE) {
        return;
      }
    }
  }

  @Override
  public Instant latestMinute() {
    return storage.readers().read("read the latest tally minute", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT max(minute) FROM tally");
          ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Times.read(rs, 1) : null;
      }
    });
  }

  private MinuteTally row(ResultSet rs) throws SQLException {
    double expected = rs.getDouble(11);
    if (rs.wasNull()) {
      expected = Double.NaN;
    }
    return new MinuteTally(
        rs.getString(1),
        rs.getString(2),
        Instant.ofEpochMilli(rs.getLong(3)),
        rs.getInt(4),
        rs.getInt(5),
        rs.getInt(6),
        storage.json().counts(rs.getString(7)),
        rs.getInt(8),
        rs.getInt(9),
        rs.getInt(10),
        expected,
        Evidence.valueOf(rs.getString(12)));
  }
}
