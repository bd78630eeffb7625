package org.vigie.core.storage;

import java.time.Instant;
import java.util.List;
import org.vigie.core.signal.ProblemReport;

/** The durable log of raw signals. */
public interface SignalLog {
  /**
   * Appends the reports and returns only once they are durable (committed). Either all of them
   * are stored or, with a {@link StorageException}, none.
   *
   * @param counted for each report, whether it counted (a reporter's first for the service within
   *     the dedupe window) or was kept only as detail
   */
  void append(List<ProblemReport> reports, boolean[] counted);

  /** How many reports are stored. */
  long countReports();

  /** How many counted reports of a service (or all with null) have an event time in [from, to). */
  long countReports(String service, Instant from, Instant to);

  /** Receives stored reports with whether each counted. */
  @FunctionalInterface
  interface ReportSink {
    void accept(ProblemReport report, boolean counted);
  }

  /**
   * Every stored report with event time in [from, to), ordered by event time (millisecond
   * precision), with its counted flag — enough to rebuild tallies and dedupe state after a crash.
   * The sink may call back into the store.
   */
  void scanReports(Instant from, Instant to, ReportSink sink);

  /** Deletes raw reports older than the cutoff and returns how many went. */
  long purgeBefore(Instant cutoff);
}
