package org.vigie.core.incident;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.vigie.core.model.PublicStatus;

/**
 * A snapshot of one incident on one service. All times are event times.
 *
 * @param startedAt onset, backdated to the first elevated minute before detection
 * @param detectedAt end of the minute whose evaluation opened the incident
 * @param resolvedAt end of the last elevated minute, once the quiet period passed; null while open
 * @param severity the worst status reached
 * @param current the status now (OPERATIONAL once resolved)
 * @param peakPerMinute the most counted reports world-wide in one minute
 * @param countries affected countries, most reports first
 * @param indicators most reported problems, most first
 * @param group correlation group label ("meta-2021-10-04T15:39Z"), or null
 * @param ownProbes what the service's own probes said, minute by minute, while the engine had the
 *     incident open; null when not known (an incident read back from a store, which keeps no such
 *     record). Not shown to anyone: the cluster's correlation stage reads it (see {@link OwnProbes}).
 */
public record Incident(
    long id,
    String service,
    Instant startedAt,
    Instant detectedAt,
    Instant resolvedAt,
    PublicStatus severity,
    PublicStatus current,
    int peakPerMinute,
    Instant peakAt,
    long totalReports,
    List<CountryShare> countries,
    List<IndicatorShare> indicators,
    List<TimelineEvent> timeline,
    String group,
    OwnProbes ownProbes) {

  public Incident {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(startedAt, "startedAt");
    countries = List.copyOf(countries);
    indicators = List.copyOf(indicators);
    timeline = List.copyOf(timeline);
  }

  /** An incident without a record of its own probes (read back from a store, built by hand). */
  public Incident(long id, String service, Instant startedAt, Instant detectedAt, Instant resolvedAt, PublicStatus severity,
      PublicStatus current, int peakPerMinute, Instant peakAt, long totalReports, List<CountryShare> countries,
      List<IndicatorShare> indicators, List<TimelineEvent> timeline, String group) {
    this(id, service, startedAt, detectedAt, resolvedAt, severity, current, peakPerMinute, peakAt, totalReports, countries,
        indicators, timeline, group, null);
  }

  public boolean isOpen() {
    return resolvedAt == null;
  }

  /**
   * One country's part in the incident.
   *
   * @param active whether the country is affected now
   * @param since when it joined; {@code until} when it last left (null while active)
   */
  public record CountryShare(String country, long reports, boolean active, Instant since, Instant until) {}

  public record IndicatorShare(String indicator, long reports) {}

  /** One line of the incident's story: automatic events, official statements, operator notes. */
  public record TimelineEvent(Instant at, String kind, String text) {}

  /**
   * The service's own probe verdict for each minute the engine judged while the incident was open
   * ({@link IncidentEngine#ownProbesFail}: half or more of its vantage points failing), kept as the
   * runs of failing minutes. Why on the snapshot: in cluster mode the engine that sees the minutes
   * (a stream task's) does not correlate, and the stage that does ({@link Correlator}) sees only
   * snapshots, possibly minutes after they were made; with the verdicts on the snapshot it can
   * apply the own-outage rule at whatever minute its decision is about.
   *
   * @param through the end of the last minute judged
   * @param failing runs of failing minutes, oldest first, each from the start of its first minute
   *     to the end of its last
   */
  public record OwnProbes(Instant through, List<Run> failing) {
    public OwnProbes {
      Objects.requireNonNull(through, "through");
      failing = List.copyOf(failing);
    }

    /** Minutes {@code [from, until)} whose probes failed. */
    public record Run(Instant from, Instant until) {}

    /** Whether the minute starting at {@code epochMinute} was judged. */
    public boolean judged(long epochMinute) {
      return (epochMinute + 1) * 60_000 <= through.toEpochMilli();
    }

    /** Whether the probes failed in the minute starting at {@code epochMinute} (false when not judged). */
    public boolean failed(long epochMinute) {
      long at = epochMinute * 60_000;
      for (Run r : failing) {
        if (r.from().toEpochMilli() <= at && at < r.until().toEpochMilli()) {
          return true;
        }
      }
      return false;
    }

    /** This record with one more minute judged (minutes come in increasing order). */
    public OwnProbes plus(long epochMinute, boolean failed) {
      Instant end = Instant.ofEpochMilli((epochMinute + 1) * 60_000);
      if (!end.isAfter(through)) {
        // Judged already (a late re-evaluation keeps the probes of the first close).
        return this;
      }
      if (!failed) {
        return new OwnProbes(end, failing);
      }
      List<Run> runs = new java.util.ArrayList<>(failing);
      Instant start = end.minusSeconds(60);
      if (!runs.isEmpty() && runs.getLast().until().equals(start)) {
        runs.set(runs.size() - 1, new Run(runs.getLast().from(), end));
      } else {
        runs.add(new Run(start, end));
      }
      return new OwnProbes(end, runs);
    }

    /** Nothing judged yet: the record an incident starts with, just before its first minute. */
    public static OwnProbes before(long epochMinute) {
      return new OwnProbes(Instant.ofEpochMilli(epochMinute * 60_000), List.of());
    }
  }
}
