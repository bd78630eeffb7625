package org.vigie.store.postgres;

import org.vigie.store.common.Names;
import org.vigie.store.common.SqlRunner;
import org.vigie.store.common.SqlSignalLog;
import org.vigie.store.common.Times;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.vigie.core.signal.ProblemReport;

/**
 * Reports on PostgreSQL: COPY after committing the dictionary ids, and a count spread over 16
 * slots; reads and purges are {@link SqlSignalLog}'s.
 */
final class PgSignalLog extends SqlSignalLog {
  static final String COPY =
      "COPY report (at, reporter, network, service, indicator, channel, place, counted) FROM STDIN";
  private static final String ADD_ROWS = "UPDATE report_count SET rows = rows + ? WHERE slot = ?";

  /** Slots of the report_count table (see V1__init.sql); appends pick one at random. */
  static final int COUNT_SLOTS = 16;

  /** Bytes of COPY text sent to the server at a time. */
  private static final int COPY_CHUNK = 1 << 16;

  private final PostgresStorage storage;
  private final PgNames names;

  PgSignalLog(PostgresStorage storage, SqlRunner sql, Names reads) {
    // The row comparison is an index condition on report_time (at, id): each page starts where
    // the last one ended.
    super(sql, reads, "SELECT coalesce(sum(rows), 0) FROM report_count", "(at, id) > (?, ?)");
    this.storage = storage;
    this.names = new PgNames(reads);
  }

  @Override
  protected void write(List<ProblemReport> reports, boolean[] counted) {
    int n = reports.size();
    storage.withConnection("append " + n + " reports", c -> {
      // Dictionary ids first, each committed on its own (see PgNames); then one transaction for the
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
  protected int purgeChunk(Connection c, long bound, int chunk) throws SQLException {
    // By ctid: report has no key index to delete by (see RATIONALE.md).
    int n;
    try (PreparedStatement delete = c.prepareStatement("DELETE FROM report WHERE ctid = ANY(ARRAY("
        + "SELECT ctid FROM report WHERE at < ? LIMIT ?))")) {
      delete.setLong(1, bound);
      delete.setInt(2, chunk);
      n = delete.executeUpdate();
    }
    try (PreparedStatement add = c.prepareStatement(ADD_ROWS)) {
      add.setLong(1, -n);
      add.setInt(2, ThreadLocalRandom.current().nextInt(COUNT_SLOTS));
      add.executeUpdate();
    }
    return n;
  }
}
