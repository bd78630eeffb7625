package org.vigie.store.postgres;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.vigie.core.signal.ProbeResult;
import org.vigie.core.storage.ProbeLog;
import org.vigie.store.common.ProbeRows;
import org.vigie.store.common.Times;

/** Probe results, one row each, each append in one transaction. */
final class PgProbeLog implements ProbeLog {
  private final PostgresStorage storage;

  PgProbeLog(PostgresStorage storage) {
    this.storage = storage;
  }

  @Override
  public void append(List<ProbeResult> results) {
    List<ProbeResult> copy = List.copyOf(results);
    storage.ensureOpen("append probe results");
    if (copy.isEmpty()) {
      return;
    }
    storage.transaction("append " + copy.size() + " probe results", c -> {
      try (PreparedStatement insert = c.prepareStatement(ProbeRows.INSERT_RESULT)) {
        for (ProbeResult r : copy) {
          ProbeRows.bind(insert, r);
          insert.addBatch();
        }
        insert.executeBatch();
      }
      return null;
    });
  }

  @Override
  public void scan(Instant from, Instant to, Consumer<ProbeResult> sink) {
    Objects.requireNonNull(sink, "sink");
    ProbeRows.scan(from, to, sink, (what, query) -> storage.read(what, query::run));
  }

  @Override
  public long purgeBefore(Instant cutoff) {
    long bound = Times.bound(cutoff);
    long total = 0;
    // Chunked, each chunk its own transaction: a purge of days of results never holds locks for long.
    while (true) {
      int deleted = storage.transaction("purge probe results before " + cutoff, c -> {
        try (PreparedStatement delete = c.prepareStatement(ProbeRows.PURGE)) {
          delete.setLong(1, bound);
          delete.setInt(2, ProbeRows.PURGE_CHUNK);
          return delete.executeUpdate();
        }
      });
      total += deleted;
      if (deleted < ProbeRows.PURGE_CHUNK) {
        return total;
      }
    }
  }
}
