package org.vigie.server.replay;

import java.time.Duration;
import java.util.Locale;

/**
 * What a replay did.
 *
 * @param scenario scenario name
 * @param batches requests the server acknowledged with 2xx
 * @param reports reports in those requests
 * @param accepted sum of the server's {@code accepted} answers
 * @param counted sum of the server's {@code counted} answers (first reports per reporter)
 * @param retries requests repeated after a 503/429 or a transient failure
 * @param wall wall-clock duration of the replay
 */
public record ReplaySummary(
    String scenario,
    long batches,
    long reports,
    long accepted,
    long counted,
    long retries,
    Duration wall) {

  /** Reports acknowledged per wall-clock second. */
  public double reportsPerSecond() {
    double seconds = wall.toNanos() / 1e9;
    return seconds <= 0 ? 0 : reports / seconds;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT,
        "%s: %,d reports in %,d batches, accepted %,d, counted %,d, %,d retries, %.1f s,"
            + " %,.0f reports/s",
        scenario, reports, batches, accepted, counted, retries, wall.toNanos() / 1e9,
        reportsPerSecond());
  }
}
