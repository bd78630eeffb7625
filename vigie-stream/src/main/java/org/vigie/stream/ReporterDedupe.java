package org.vigie.stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;
import org.vigie.core.ingest.ReportDedupe;
import org.vigie.core.signal.ProblemReport;

/**
 * Downdetector's reporter rule for cluster mode, applied in the stream task that owns the
 * service: a report counts unless the same reporter's last counted report for the same service is
 * within {@link #WINDOW} of it — embedded mode's {@link ReportDedupe}, the same class deciding.
 * Since {@code vigie.signals} is keyed by service, every report of a (service, reporter) pair
 * reaches this one task whichever ingest node took it, so the rule is exact cluster-wide — and a
 * batch stored twice (a retried append whose commit timed out) counts once.
 *
 * <p>Decisions are made in memory; the marks of counted reports are also written to a window
 * store (RocksDB + changelog, committed with the input offsets under exactly-once), from which a
 * task that starts — moved to another instance, or re-initialised after a dirty close — rebuilds
 * the table, and so decides as the old one would have. A window store rather than a key-value
 * store so that marks expire by whole segments as event time moves on: a storm brings millions of
 * reporters an hour and nothing else would delete them. Reading the store for every report, as a
 * first version did, cost about 60 µs of CPU a report (RocksDB iterators over the segments).
 */
final class ReporterDedupe {
  /** The dedupe window; the same 60 minutes embedded mode's ingestor applies. */
  static final Duration WINDOW = Duration.ofMinutes(60);

  /**
   * How long marks are kept behind the task's latest event time: the window plus room for reports
   * that arrive up to a window out of order (they must still see the marks before them).
   */
  static final Duration RETENTION = WINDOW.multipliedBy(2);

  private static final byte[] MARK = {1};

  private final WindowStore<Bytes, byte[]> marks;
  private final ReportDedupe memory = new ReportDedupe(WINDOW);

  /** Rebuilds the decisions from the store's marks: only what was committed counts. */
  ReporterDedupe(WindowStore<Bytes, byte[]> marks) {
    this.marks = marks;
    // Segments come in time order, so a pair's later mark comes after its earlier one.
    try (KeyValueIterator<Windowed<Bytes>, byte[]> it = marks.all()) {
      while (it.hasNext()) {
        Windowed<Bytes> k = it.next().key;
        byte[] b = k.key().get();
        String service = new String(b, 0, b.length - 8, StandardCharsets.UTF_8);
        long reporter = ByteBuffer.wrap(b, b.length - 8, 8).getLong();
        memory.tryCount(service.hashCode(), reporter, Math.floorDiv(k.window().start(), 1000L));
      }
    }
  }

  /** Whether this report counts; if it does, marks it so the reporter's next ones within the window do not. */
  boolean counts(ProblemReport r) {
    long second = r.at().getEpochSecond();
    // The service's hash folds it into the key, as the Ingestor does.
    if (memory.tryCount(r.service().hashCode(), r.reporterKey(), second) == null) {
      return false;
    }
    marks.put(key(r.service(), r.reporterKey()), MARK, second * 1000);
    return true;
  }

  private static Bytes key(String service, long reporter) {
    byte[] s = service.getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(ByteBuffer.allocate(s.length + 8).put(s).putLong(reporter).array());
  }
}
