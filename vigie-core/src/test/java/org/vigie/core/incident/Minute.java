package org.vigie.core.incident;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigie.core.detect.Assessment;
import org.vigie.core.model.Countries;
import org.vigie.core.model.Evidence;
import org.vigie.core.tally.MinuteTally;

/** Builds the closed minutes the incident engine consumes, as the pipeline would. */
final class Minute {
  static final String SERVICE = "instagram";

  /** 4 October 2021, 15:00 UTC, in epoch minutes. */
  static final long T0 = Instant.parse("2021-10-04T15:00:00Z").getEpochSecond() / 60;

  private final long epochMinute;
  private int worldReports;
  private Evidence worldEvidence = Evidence.NONE;
  private final Map<String, Integer> indicators = new LinkedHashMap<>();
  private final List<ServiceMinute.Part> countries = new ArrayList<>();

  private Minute(long epochMinute) {
    this.epochMinute = epochMinute;
  }

  /** Minute {@code offset} after 15:00. */
  static Minute at(long offset) {
    return new Minute(T0 + offset);
  }

  static Instant start(long offset) {
    return Instant.ofEpochSecond((T0 + offset) * 60);
  }

  Minute world(int reports, Evidence evidence) {
    this.worldReports = reports;
    this.worldEvidence = evidence;
    return this;
  }

  Minute country(String country, int reports, Evidence evidence) {
    countries.add(new ServiceMinute.Part(tally(country, reports, Map.of(), evidence), new Assessment(evidence, 5, 0)));
    return this;
  }

  Minute indicator(String slug, int reports) {
    indicators.put(slug, reports);
    return this;
  }

  private MinuteTally tally(String country, int reports, Map<String, Integer> byIndicator, Evidence evidence) {
    return new MinuteTally(
        SERVICE, country, Instant.ofEpochSecond(epochMinute * 60), reports, reports, reports, byIndicator,
        0, 0, 0, 10, evidence);
  }

  ServiceMinute build() {
    Map<String, Integer> ind = indicators.isEmpty() && worldReports > 0 ? Map.of("app", worldReports) : indicators;
    ServiceMinute.Part world =
        new ServiceMinute.Part(tally(Countries.WORLD, worldReports, ind, worldEvidence), new Assessment(worldEvidence, 10, 0));
    return new ServiceMinute(SERVICE, epochMinute, world, countries);
  }
}
