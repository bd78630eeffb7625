package org.vigie.store.common;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.vigie.core.signal.ProblemReport;
import org.vigie.core.storage.SignalLog;

/**
 * The part of the report log that is the same in both backends: argument checks, the counts,
 * the keyset scan and the chunked purge loop. The storm-ingest hot path is not here: SQLite
 * batches INSERTs on its writer thread with ids from the writer's own dictionary cache, PostgreSQL
 * streams COPY after committing the dictionary ids, and each backend keeps the report counter its
 * own way (one row; 16 slots that concurrent appends spread over). Each backend says those in
 * {@link #write} and {@link #purgeChunk}, and the few query differences as strings.
 */
public abstract class SqlSignalLog implements SignalLog {
  /**
   * Rows read per query while scanning. Each page is its own short read on a connection given
   * back before the sink runs, so a long scan (a replay over days) pins no old snapshot (SQLite's
   * WAL, PostgreSQL's VACUUM) and the sink may call back into the store.
   */
  public static final int PAGE = 10_000;

  /** Rows deleted per write transaction, so a big purge does not stall appends for seconds. */
  public static final int PURGE_CHUNK = 20_000;

  /** SQLite's INTEGER 0/1 and PostgreSQL's boolean compare alike with TRUE. */
  private static final String COUNTED = "counted = TRUE";

  protected final SqlRunner sql;
  private final Names names;
  private final String countAll;
  private final String pageQuery;

  /**
   * @param countAll the query that reads the stored report count (one row, one column)
   * @param afterCondition the keyset condition "(at, id) after the first two parameters",
   *     written the way this dialect's planner turns into an index range
   */
  protected SqlSignalLog(SqlRunner sql, Names names, String countAll, String afterCondition) {
    this.sql = sql;
    this.names = names;
    this.countAll = countAll;
    this.pageQuery = "SELECT id, at, service, indicator, place, reporter, network, channel, counted FROM report"
        + " WHERE " + afterCondition + " AND at < ? ORDER BY at, id LIMIT ?";
  }

  @Override
  public final void append(List<ProblemReport> reports, boolean[] counted) {
    Objects.requireNonNull(reports, "reports");
    Objects.requireNonNull(counted, "counted");
    if (counted.length != reports.size()) {
      throw new IllegalArgumentException(
          "counted has " + counted.length + " flags for " + reports.size() + " reports");
    }
    for (ProblemReport r : reports) {
      Objects.requireNonNull(r, "reports contains null");
    }
    sql.ensureOpen("append reports");
    if (!reports.isEmpty()) {
      write(reports, counted);
    }
  }

  /**
   * Stores the reports (checked, not empty) and adds them to the count, all or nothing, and
   * returns once that is durable.
   */
  protected abstract void write(List<ProblemReport> reports, boolean[] counted);

  /**
   * Deletes at most {@code chunk} reports older than {@code bound} (epoch ms) and takes them off
   * the count, in the write transaction of {@code c}; returns how many it deleted.
   */
  protected abstract int purgeChunk(Connection c, long bound, int chunk) throws SQLException;

  @Override
  public final long countReports() {
    return sql.read("count reports", c -> {
      try (PreparedStatement ps = c.prepareStatement(countAll);
          ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0L;
      }
    });
  }

  @Override
  public final long countReports(String service, Instant from, Instant to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    String query = "SELECT count(*) FROM report WHERE at >= ? AND at < ? AND " + COUNTED
        + (service == null ? "" : " AND service = (SELECT id FROM label WHERE text = ?)");
    return sql.read("count reports", c -> {
      try (PreparedStatement ps = c.prepareStatement(query)) {
        ps.setLong(1, Times.bound(from));
        ps.setLong(2, Times.bound(to));
        if (service != null) {
          ps.setString(3, service);
        }
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getLong(1) : 0L;
        }
      }
    });
  }

  @Override
  public final void scanReports(Instant from, Instant to, ReportSink sink) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(sink, "sink");
    long end = Times.bound(to);
    // Keyset paging on (at, id): id breaks ties, so pages neither skip nor repeat rows that
    // share a millisecond. (at, id) after (from, MIN) is at >= from, as every id is > MIN.
    long[] after = {Times.bound(from), Long.MIN_VALUE};
    while (true) {
      List<Counted> page = sql.read("scan reports", c -> {
        List<Counted> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(pageQuery)) {
          ps.setLong(1, after[0]);
          ps.setLong(2, after[1]);
          ps.setLong(3, end);
          ps.setInt(4, PAGE);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              long at = rs.getLong(2);
              out.add(new Counted(new ProblemReport(
                  names.label(c, rs.getInt(3)),
                  names.label(c, rs.getInt(4)),
                  names.place(c, rs.getInt(5)),
                  rs.getLong(6),
                  rs.getLong(7),
                  names.label(c, rs.getInt(8)),
                  Instant.ofEpochMilli(at)), rs.getBoolean(9)));
              after[0] = at;
              after[1] = rs.getLong(1);
            }
          }
        }
        return out;
      });
      page.forEach(p -> sink.accept(p.report(), p.counted())); // outside read(): the sink may call back into the store
      if (page.size() < PAGE) {
        return;
      }
    }
  }

  @Override
  public final long purgeBefore(Instant cutoff) {
    Objects.requireNonNull(cutoff, "cutoff");
    long bound = Times.bound(cutoff);
    long total = 0;
    // Chunked: each chunk is atomic and the purge as a whole is idempotent, so a failure part way
    // leaves fewer old reports, never a wrong count. Appends interleave between chunks.
    while (true) {
      int deleted = sql.write("purge reports before " + cutoff, PURGE_CHUNK, c -> purgeChunk(c, bound, PURGE_CHUNK));
      total += deleted;
      if (deleted < PURGE_CHUNK) {
        return total;
      }
    }
  }

  private record Counted(ProblemReport report, boolean counted) {}
}
