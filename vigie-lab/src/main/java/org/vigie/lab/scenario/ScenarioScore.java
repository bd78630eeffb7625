package org.vigie.lab.scenario;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.vigie.core.incident.Incident;

/**
 * How a detector did on one scenario.
 *
 * <ul>
 *   <li>An outage is <b>detected</b> when an incident of its service overlaps it (from
 *       {@link #LEAD} before onset to {@link #TAIL} after recovery); its <b>delay</b> is that
 *       incident's detection time minus the onset, in event time; its <b>duration error</b> the
 *       incident's duration (start to resolution) minus the outage's (onset to recovery).
 *   <li>A collateral spike may have an incident only when it is attributed to its cause (a
 *       correlation group and a {@code collateral} timeline event).
 *   <li>Every other incident is <b>false</b>; false incidents per service-month divide their number
 *       by the services in the scenario times its length in 30-day months.
 * </ul>
 *
 * @param outcomes one per ground-truth entry, in the scenario's order
 * @param falseIncidents incidents matching no outage (collateral reported as its own outage
 *     included)
 */
public record ScenarioScore(String scenario, String detector, List<Outcome> outcomes, int falseIncidents,
    double serviceMonths) {
  /** How long before onset an incident may start and still be the outage's (backdating noise). */
  public static final Duration LEAD = Duration.ofMinutes(10);

  /** How long after recovery an incident may start and still be the outage's (the fade). */
  public static final Duration TAIL = Duration.ofMinutes(30);

  /**
   * One ground-truth entry's outcome.
   *
   * @param detected for an outage: an incident found it; for collateral: it was attributed (or
   *     nothing opened)
   * @param delay detection minus onset, null when not detected (or collateral)
   * @param durationError incident duration minus true duration, null when not detected or still open
   */
  public record Outcome(Truth truth, boolean detected, Duration delay, Duration durationError) {}

  public double falsePerServiceMonth() {
    return serviceMonths <= 0 ? 0 : falseIncidents / serviceMonths;
  }

  /** Outages (not collateral) detected, out of how many. */
  public int detected() {
    return (int) outcomes.stream().filter(o -> o.truth().kind() == Truth.Kind.OUTAGE && o.detected()).count();
  }

  public int outages() {
    return (int) outcomes.stream().filter(o -> o.truth().kind() == Truth.Kind.OUTAGE).count();
  }

  /** Scores incidents against the truth of a scenario spanning [start, end). */
  public static ScenarioScore of(String scenario, String detector, List<Truth> truths, List<String> services,
      Instant start, Instant end, List<Incident> incidents) {
    List<Incident> unmatched = new ArrayList<>(incidents);
    List<Outcome> outcomes = new ArrayList<>();
    for (Truth t : truths) {
      List<Incident> mine = new ArrayList<>();
      for (Incident i : incidents) {
        if (i.service().equals(t.service()) && overlaps(i, t)) {
          mine.add(i);
        }
      }
      if (t.kind() == Truth.Kind.OUTAGE) {
        if (mine.isEmpty()) {
          outcomes.add(new Outcome(t, false, null, null));
          continue;
        }
        unmatched.removeAll(mine);
        Incident first = mine.stream().min((a, b) -> a.detectedAt().compareTo(b.detectedAt())).orElseThrow();
        Instant resolved = mine.stream().map(Incident::resolvedAt).anyMatch(r -> r == null) ? null
            : mine.stream().map(Incident::resolvedAt).max(Instant::compareTo).orElseThrow();
        Duration error = resolved == null ? null
            : Duration.between(first.startedAt(), resolved).minus(Duration.between(t.onset(), t.recovered()));
        outcomes.add(new Outcome(t, true, Duration.between(t.onset(), first.detectedAt()), error));
      } else {
        boolean allAttributed = true;
        for (Incident i : mine) {
          if (isCollateral(i)) {
            unmatched.remove(i);
          } else {
            allAttributed = false;
          }
        }
        outcomes.add(new Outcome(t, allAttributed, null, null));
      }
    }
    double months = services.size() * Duration.between(start, end).toMinutes() / (30.0 * 24 * 60);
    return new ScenarioScore(scenario, detector, outcomes, unmatched.size(), months);
  }

  /** An incident the engine attributed to another service's outage. */
  public static boolean isCollateral(Incident i) {
    return i.group() != null && i.timeline().stream().anyMatch(e -> e.kind().equals("collateral"));
  }

  private static boolean overlaps(Incident i, Truth t) {
    Instant from = t.onset().minus(LEAD);
    Instant to = t.recovered().plus(TAIL);
    Instant end = i.resolvedAt() == null ? Instant.MAX : i.resolvedAt();
    return i.startedAt().isBefore(to) && end.isAfter(from);
  }

  /** Median detection delay over detected outages, null when none. */
  public static Duration medianDelay(List<Outcome> outcomes) {
    List<Duration> d = outcomes.stream().filter(o -> o.delay() != null).map(Outcome::delay).sorted().toList();
    if (d.isEmpty()) {
      return null;
    }
    int n = d.size();
    return n % 2 == 1 ? d.get(n / 2) : d.get(n / 2 - 1).plus(d.get(n / 2)).dividedBy(2);
  }
}
