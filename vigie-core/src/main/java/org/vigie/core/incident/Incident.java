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
    String group) {

  public Incident {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(startedAt, "startedAt");
    countries = List.copyOf(countries);
    indicators = List.copyOf(indicators);
    timeline = List.copyOf(timeline);
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
}
