package org.vigie.store.postgres;

import org.vigie.store.common.Times;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.vigie.core.signal.ProblemReport;
import org.vigie.core.storage.SignalLog;

final class PgSignalLog implements SignalLog {
  static final String COPY =
      "COPY report (at, reporter, network, service, indicator, channel, place, counted) FROM STDIN";
  private static final String ADD_ROWS = "UPDATE report_count SET rows = rows + ? WHERE slot = ?";

  /** Slots of the report_count table (see V1__init.sql); appends pick one at random. */
  static final int COUNT_SLOTS = 16;

  /**
   * Rows read per query while scanning. Each page is its own statement on a connection given back
   * before the sink runs, so the sink may call into the store and a replay over days holds neither
   * a connection nor an old snapshot (which would keep VACUUM from cleaning up after purges).
   */
  static final int PAGE = 10_000;

  /** Rows deleted per transaction, so a big purge neither holds locks nor bloats WAL for long. */
  static final int PURGE_CHUNK = 20_000;

  /** Bytes of COPY text sent to the server at a time. */
  private static final int COPY_CHUNK = 1 << 16;

  private final PostgresStorage storage;

  PgSignalLog(PostgresStorage storage) {
    this.storage = storage;
  }

  @Override
  public void append(List<ProblemReport> reports, boolean[] counted) {
    Objects.requireNonNull(reports, "reports");
    Objects.requireNonNull(counted, "counted");
    if (counted.length != reports.size()) {
      throw new IllegalArgumentException(
          "counted has " + counted.length + " flags for " + reports.size() + " reports");
    }
    for (ProblemReport r : reports) {
      Objects.requireNonNull(r, "reports contains null");
    }
    storage.ensureOpen("append reports");
    int n = reports.size();
    if (n == 0) {
      return;
    }
    Names names = storage.names();
    storage.withConnection("append " + n + " reports", c -> {
      // Dictionary ids first, each committed on its own (see Names); then one transaction for the
      // rows and the count, so the call is all-or-nothing.
      int[] ids = new int[4 * n];
      int k = 0;
      for (ProblemReport r : reports) {
        ids[k++] = names.labelId(c, r.service());
        ids[k++] = names.labelId(c, r.indicator());
        ids[k++] = names.labelId(c, r.channel());
        ids[k++] = names.placeId(c, r.region());
      }
      return PostgresStorage.inTransaction(c, tx -> {
        long copied = copy(tx, reports, counted, ids);
        if (copied != n) {
          throw new SQLException("COPY stored " + copied + " of " + n + " reports");
        }
        try (PreparedStatement add = tx.prepareStatement(ADD_ROWS)) {
          add.setLong(1, n);
          add.setInt(2, ThreadLocalRandom.current().nextInt(COUNT_SLOTS));
          add.executeUpdate();
        }
        return null;
      });
    });
  }

  /**
   * Sends the rows with COPY in text format. Every column is a number or a boolean, so nothing
   * needs escaping. COPY measured faster than batched INSERTs (see RATIONALE.md), and it fires the
   * same row triggers and checks the same constraints.
   */
  private static long copy(Connection c, List<ProblemReport> reports, boolean[] counted, int[] ids)
      throws SQLException {
    CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
    try {
      StringBuilder line = new StringBuilder(COPY_CHUNK + 256);
      int i = 0;
      int k = 0;
      for (ProblemReport r : reports) {
        line.append(Times.store(r.at())).append('\t')
            .append(r.reporterKey()).append('\t')
            .append(r.networkKey()).append('\t')
            .append(ids[k++]).append('\t')
            .append(ids[k++]).append('\t')
            .append(ids[k++]).append('\t')
            .append(ids[k++]).append('\t')
            .append(counted[i++] ? 't' : 'f').append('\n');
        if (line.length() >= COPY_CHUNK) {
          send(in, line);
        }
      }
      send(in, line);
      return in.endCopy();
    } finally {
      if (in.isActive()) {
        in.cancelCopy(); // after a failure part way; the transaction is rolled back by the caller
      }
    }
  }

  private static void send(CopyIn in, StringBuilder text) throws SQLException {
    if (text.isEmpty()) {
      return;
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
    in.writeToCopy(bytes, 0, bytes.length);
    text.setLength(0);
  }

  @Override
  public long countReports() {
    return storage.read("count reports", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(sum(rows), 0) FROM report_count");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  @Override
  public long countReports(String service, Instant from, Instant to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    String sql = "SELECT count(*) FROM report WHERE at >= ? AND at < ? AND counted"
        + (service == null ? "" : " AND service = (SELECT id FROM label WHERE text = ?)");
    return storage.read("count reports", c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setLong(1, Times.bound(from));
        ps.setLong(2, Times.bound(to));
        if (service != null) {
          ps.setString(3, service);
        }
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
  }

  @Override
  public void scanReports(Instant from, Instant to, ReportSink sink) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(sink, "sink");
    long end = Times.bound(to);
    // Keyset paging on the (at, id) index: id breaks ties, so pages neither skip nor repeat rows
    // that share a millisecond. (at, id) > (from, MIN) is at >= from, as every id is > MIN.
    long[] after = {Times.bound(from), Long.MIN_VALUE};
    Names names = storage.names();
    while (true) {
      List<Counted> page = storage.read("scan reports", c -> {
        List<Counted> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT id, at, service, indicator, place, reporter, network, channel, counted FROM report"
                + " WHERE (at, id) > (?, ?) AND at < ? ORDER BY at, id LIMIT ?")) {
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
      page.forEach(p -> sink.accept(p.report(), p.counted())); // connection given back: the sink may call in
      if (page.size() < PAGE) {
        return;
      }
    }
  }

  @Override
  public long purgeBefore(Instant cutoff) {
    Objects.requireNonNull(cutoff, "cutoff");
    long bound = Times.bound(cutoff);
    long total = 0;
    // Chunked: each chunk is atomic and the purge as a whole is idempotent, so a failure part way
    // leaves fewer old reports, never a wrong count. Rows go by ctid since report has no key index.
    while (true) {
      int deleted = storage.transaction("purge reports before " + cutoff, c -> {
        int n;
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM report WHERE ctid = ANY(ARRAY("
            + "SELECT ctid FROM report WHERE at < ? LIMIT ?))")) {
          delete.setLong(1, bound);
          delete.setInt(2, PURGE_CHUNK);
          n = delete.executeUpdate();
        }
        try (PreparedStatement add = c.prepareStatement(ADD_ROWS)) {
          add.setLong(1, -n);
          add.setInt(2, ThreadLocalRandom.current().nextInt(COUNT_SLOTS));
          add.executeUpdate();
        }
        return n;
      });
      total += deleted;
      if (deleted < PURGE_CHUNK) {
        return total;
      }
    }
  }

  private record Counted(ProblemReport report, boolean counted) {}
}
