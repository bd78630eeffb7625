package org.vigie.stream;

import java.util.List;
import org.vigie.core.incident.Incident;
import org.vigie.core.tally.MinuteTally;

/**
 * One record of {@code vigie.events}, keyed by service: either the tallies of one service for a
 * minute that closed (or was re-evaluated with late reports), or an incident snapshot. Both are
 * full replacements, never deltas, so a sink that applies an event twice stores the same thing:
 * the sink can be at-least-once.
 *
 * <p>A third kind, {@link #OPEN}, is progress rather than a conclusion: the counted reports of the
 * service's minutes not closed yet (one world tally whose minute is the first open one), for the
 * live edge of the pages. It is not stored; the next one replaces it.
 */
public record Event(String type, String service, long epochMinute, List<MinuteTally> tallies, Incident incident) {
  public static final String MINUTE = "minute";
  public static final String INCIDENT = "incident";
  public static final String OPEN = "open";

  public static Event minute(String service, long epochMinute, List<MinuteTally> tallies) {
    return new Event(MINUTE, service, epochMinute, List.copyOf(tallies), null);
  }

  /** Progress of the open minutes: {@code open} sums them, its minute is the first of them. */
  public static Event open(String service, long firstOpenMinute, MinuteTally open) {
    return new Event(OPEN, service, firstOpenMinute, List.of(open), null);
  }

  public static Event incident(Incident incident) {
    return new Event(INCIDENT, incident.service(), -1, List.of(), incident);
  }
}
