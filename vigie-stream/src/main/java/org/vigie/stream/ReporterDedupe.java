package org.vigie.stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.vigie.core.signal.ProblemReport;

/**
 * Downdetector's reporter rule for cluster mode, applied in the stream task that owns the
 * service: a report counts unless the same reporter already has a counted report for the same
 * service within {@link #WINDOW} of it (either side, as the embedded {@code ReportDedupe}
 * compares). Since {@code vigie.signals} is keyed by service, every report of a (service,
 * reporter) pair reaches this one task whichever ingest node took it, so the rule is exact
 * cluster-wide — and a batch stored twice (a retried append whose commit timed out) counts once.
 *
 * <p>The marks live in a window store (RocksDB + changelog, committed with the input offsets under
 * exactly-once): a task moved to another instance decides as the old one would have. A window
 * store rather than a key-value store so that marks expire by whole segments as event time moves
 * on: a storm brings millions of reporters an hour and nothing else would delete them.
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

  ReporterDedupe(WindowStore<Bytes, byte[]> marks) {
    this.marks = marks;
  }

  /** Whether this report counts; if it does, marks it so the reporter's next ones within the window do not. */
  boolean counts(ProblemReport r) {
    Bytes key = key(r.service(), r.reporterKey());
    // Whole seconds, as embedded mode compares: |second - counted second| < window means a repeat.
    long second = r.at().getEpochSecond();
    long w = WINDOW.toSeconds();
    try (WindowStoreIterator<byte[]> it = marks.fetch(key, (second - w + 1) * 1000, (second + w - 1) * 1000)) {
      if (it.hasNext()) {
        return false;
      }
    }
    marks.put(key, MARK, second * 1000);
    return true;
  }

  private static Bytes key(String service, long reporter) {
    byte[] s = service.getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(ByteBuffer.allocate(s.length + 8).put(s).putLong(reporter).array());
  }
}
