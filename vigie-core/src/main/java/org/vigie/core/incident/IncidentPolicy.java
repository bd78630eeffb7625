package org.vigie.core.incident;

import java.time.Duration;

/**
 * When incidents open, grow and end.
 *
 * @param quietPeriod how long without elevated evidence before an incident is resolved
 * @param countryQuietPeriod how long a country stays affected after its last elevated minute
 * @param maxBackdate how far before detection the onset may be placed
 */
public record IncidentPolicy(Duration quietPeriod, Duration countryQuietPeriod, Duration maxBackdate) {
  public static final IncidentPolicy DEFAULT =
      new IncidentPolicy(Duration.ofMinutes(30), Duration.ofMinutes(30), Duration.ofMinutes(30));

  public IncidentPolicy {
    if (quietPeriod.toMinutes() < 1 || countryQuietPeriod.toMinutes() < 1 || maxBackdate.isNegative()) {
      throw new IllegalArgumentException("quiet periods must be at least a minute and backdating not negative");
    }
  }
}
