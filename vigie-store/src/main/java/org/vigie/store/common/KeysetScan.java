package org.vigie.store.common;

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
