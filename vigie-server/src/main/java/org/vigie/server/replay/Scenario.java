package org.vigie.server.replay;

import java.time.Instant;
import java.util.List;

/**
 * A deterministic stream of problem reports that tells an outage story (or no story at all).
 *
 * <p>Why streaming: the largest scenario holds 10.6 million reports; {@link #generate} pushes them
 * into a {@link ReportSink} in event-time order so nothing is materialised, and the same seed
 * always yields the same reports, byte for byte.
 */
public interface Scenario {
  /** Registry name, e.g. {@code meta-2021-10-04}. */
  String name();

  /** One paragraph for people: what happens, with which numbers. */
  String description();

  /** First instant of event time covered (inclusive). */
  Instant start();

  /** End of event time covered (exclusive). */
  Instant end();

  /** The seed all randomness derives from. */
  long seed();

  /** The scripted outages (empty for a quiet scenario), in onset order. */
  List<Outage> outages();

  /** Distinct onset instants of {@link #outages()}, sorted. */
  default List<Instant> onsets() {
    return outages().stream().map(Outage::onset).distinct().sorted().toList();
  }

  /**
   * Expected number of reports {@link #generate} emits: exact for outage reports, the expectation
   * of the random background. For progress bars; cheap to call.
   */
  long estimatedReports();

  /** Emits every report, in non-decreasing event time, to {@code sink}. */
  void generate(ReportSink sink);

  /**
   * The same scenario restricted to event times in [{@code from}, {@code to}): the reports are
   * identical to the full scenario's within that window (so a replay can start near an outage).
   */
  Scenario window(Instant from, Instant to);
}
