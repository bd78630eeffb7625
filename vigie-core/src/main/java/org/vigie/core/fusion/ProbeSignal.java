package org.vigie.core.fusion;

import java.util.Map;

/**
 * Probe results as the pipeline reads them: per service, what the quorum of vantage points says
 * when a minute closes. The pipeline writes the answer into the service's world tally
 * ({@code probes}, {@code probeFailures}), where the incident engine reads it: an access
 * provider's spike is collateral of a large outage unless its own probes fail too.
 */
public interface ProbeSignal {
  /**
   * One service's probes at the close of a minute, for its worst target (the one the most vantage
   * points fail; on a tie the one the most report): the same target the status verdict names.
   *
   * @param vantages vantage points with a current result for that target
   * @param failing those of them failing for as many rounds in a row as the quorum rule asks
   */
  record Probes(int vantages, int failing) {}

  /**
   * The probes of each probed service as the minute closes. The pipeline calls this once for each
   * minute it closes, in increasing order; a result counts when it is current at the minute's
   * end (event time), so a replay of last year's reports is not judged by today's probes.
   *
   * @return the probes per service slug; services without current results are absent
   */
  Map<String, Probes> atClose(long epochMinute);
}
