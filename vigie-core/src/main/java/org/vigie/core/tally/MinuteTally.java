package org.vigie.core.tally;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.vigie.core.model.Evidence;

/**
 * What one (service, country, minute) received, and what the detector made of it once the minute
 * closed.
 *
 * @param country ISO alpha-2 code, or {@code *} for the whole world
 * @param minute start of the minute (UTC, truncated)
 * @param reports counted problem reports (a reporter's first within the dedupe window)
 * @param reporters distinct reporter keys among all reports of the minute
 * @param networks distinct network keys among all reports of the minute
 * @param indicators counted reports per indicator slug
 * @param mentions distinct authors who complained about the service on social networks in the
 *     minute (world tallies only: posts carry no country)
 * @param expected the baseline in force when the minute was evaluated (reports per minute)
 * @param evidence what the detector concluded for this minute
 */
public record MinuteTally(
    String service,
    String country,
    Instant minute,
    int reports,
    int reporters,
    int networks,
    Map<String, Integer> indicators,
    int mentions,
    int probeFailures,
    int probes,
    double expected,
    Evidence evidence) {
  public MinuteTally {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(country, "country");
    Objects.requireNonNull(minute, "minute");
    indicators = Map.copyOf(indicators);
    Objects.requireNonNull(evidence, "evidence");
  }
}
