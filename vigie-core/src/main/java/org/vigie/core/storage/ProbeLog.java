package org.vigie.core.storage;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.vigie.core.signal.ProbeResult;

/**
 * Probe results as the agents pushed them: the durable record behind
 * {@code POST /api/v1/probe-results} and the local agent, from which the quorum across vantage
 * points is rebuilt after a restart. Times and latencies are kept to the millisecond.
 */
public interface ProbeLog {

  /**
   * Stores the results, all-or-nothing, and returns once they are durable.
   *
   * @throws StorageException if nothing could be stored
   */
  void append(List<ProbeResult> results);

  /** Streams the results with {@code from <= at < to}, oldest first (ties in the order stored). */
  void scan(Instant from, Instant to, Consumer<ProbeResult> sink);

  /** Deletes the results older than the cutoff (retention) and returns how many went. */
  long purgeBefore(Instant cutoff);
}
