package org.vigie.store.common;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Consumer;

/**
 * Scans rows in {@code (at, id)} order a page at a time, each page its own short read: no read
 * stays open while the caller's sink runs, so a long scan pins no old snapshot (SQLite's WAL,
 * PostgreSQL's VACUUM) and a sink may call back into the store without draining its pool.
 */
public final class KeysetScan {
  private KeysetScan() {}

  /** A row read, with its position: event time (epoch ms) and insertion id, which breaks ties. */
  public record Row<T>(long id, long at, T value) {}

  /** Reads at most one page of rows strictly after {@code (afterAt, afterId)}, in (at, id) order. */
  @FunctionalInterface
  public interface Page<T> {
    List<Row<T>> after(long afterAt, long afterId);
  }

  /**
   * Binds a page query written as {@code WHERE at >= ? AND at < ? AND (at > ? OR (at = ? AND id > ?))
   * ORDER BY at, id LIMIT ?}: the time range, the position after which the page starts, its size.
   */
  public static void bindPage(PreparedStatement ps, long from, long to, long afterAt, long afterId, int size)
      throws SQLException {
    ps.setLong(1, from);
    ps.setLong(2, to);
    ps.setLong(3, afterAt);
    ps.setLong(4, afterAt);
    ps.setLong(5, afterId);
    ps.setInt(6, size);
  }

  /** Hands every row's value to the sink, oldest first; a page shorter than {@code size} is the last. */
  public static <T> void scan(int size, Page<T> page, Consumer<T> sink) {
    long afterAt = Long.MIN_VALUE;
    long afterId = Long.MIN_VALUE;
    while (true) {
      List<Row<T>> rows = page.after(afterAt, afterId);
      if (rows.isEmpty()) {
        return;
      }
      afterAt = rows.getLast().at();
      afterId = rows.getLast().id();
      rows.forEach(r -> sink.accept(r.value()));
      if (rows.size() < size) {
        return;
      }
    }
  }
}
