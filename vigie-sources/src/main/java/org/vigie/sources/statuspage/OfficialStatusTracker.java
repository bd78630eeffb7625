package org.vigie.sources.statuspage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.vigie.core.signal.OfficialStatus;

/**
 * Turns successive polls of one service's status page into {@link OfficialStatus} signals, each
 * said once: a component whose status changed, an incident update not seen before. Remembers
 * what it has seen, so that an incident dropping off the 50-item list is not taken for a
 * resolution, and the same update read read twice from the JSON API or twice from the feed is not said twice (the feed and the JSON API are tracked separately: their update ids differ).
 * Pure: no clock, no I/O.
 *
 * <p>{@code level} carries the Statuspage component status ({@code major_outage}…); an update that
 * ends an incident says {@code operational}.
 */
public final class OfficialStatusTracker {
  private final String service;
  private final Map<String, ComponentStatus> components = new HashMap<>();
  private final Set<String> seenUpdates = new HashSet<>();
  private final Map<String, ComponentStatus> openIncidents = new HashMap<>();
  private final List<OfficialStatus> said = new ArrayList<>();

  public OfficialStatusTracker(String service) {
    this.service = service;
  }

  public synchronized List<OfficialStatus> summary(StatusPage.Summary s) {
    List<OfficialStatus> out = new ArrayList<>();
    boolean first = components.isEmpty();
    for (StatusPage.Component c : s.components()) {
      if (c.group() || c.status() == ComponentStatus.UNKNOWN) {
        continue;
      }
      ComponentStatus before = components.put(c.id(), c.status());
      boolean changed = before == null ? (!first || c.status().isProblem()) && c.status() != ComponentStatus.OPERATIONAL : before != c.status();
      if (changed) {
        Instant at = c.updatedAt() != null ? c.updatedAt() : s.page().updatedAt();
        if (at != null) {
          out.add(new OfficialStatus(service, c.name(), c.status().apiName(), c.name() + " is " + c.status().apiName().replace('_', ' '),
              s.page().url(), at));
        }
      }
    }
    out.addAll(incidents(s.incidents()));
    return record(out);
  }

  /** New updates of the incidents listed; entries missing from a capped list are left as they were. */
  public synchronized List<OfficialStatus> incidents(List<StatusPage.Incident> incidents) {
    List<OfficialStatus> out = new ArrayList<>();
    for (StatusPage.Incident i : incidents) {
      ComponentStatus level = i.isMaintenance() ? ComponentStatus.UNDER_MAINTENANCE : i.impact().asComponentStatus();
      for (StatusPage.Update u : i.updates()) {
        String key = i.id() + "/" + (u.id() != null ? u.id() : u.at().toString());
        if (!seenUpdates.add(key)) {
          continue;
        }
        ComponentStatus l = u.status().isFinal() ? ComponentStatus.OPERATIONAL : level;
        String component = u.affected().isEmpty() ? i.name()
            : u.affected().stream().map(StatusPage.AffectedComponent::name).distinct().collect(Collectors.joining(", "));
        String label = u.rawStatus() == null ? u.status().name().toLowerCase() : u.rawStatus();
        out.add(new OfficialStatus(service, component, l.apiName(), i.name() + " — " + label + ": " + (u.body() == null ? "" : u.body()),
            i.link(), u.at()));
      }
      if (i.isOpen() && !i.isMaintenance()) {
        openIncidents.put(i.id(), level);
      } else {
        openIncidents.remove(i.id());
      }
    }
    out.sort(Comparator.comparing(OfficialStatus::at));
    return record(out);
  }

  /** Updates read from the history feed (Atom or RSS), keyed like the JSON ones by incident code and time. */
  public synchronized List<OfficialStatus> feed(List<HistoryFeed.Entry> entries) {
    List<OfficialStatus> out = new ArrayList<>();
    for (HistoryFeed.Entry e : entries) {
      Map<String, Integer> occurrences = new HashMap<>();
      for (HistoryFeed.Update u : e.updates()) {
        // several updates may share a minute, even a text: count repeats within the entry
        String base = "feed/" + (e.code() != null ? e.code() : e.incidentId()) + "/" + u.at() + "/" + u.label() + "/" + u.body().hashCode();
        String key = base + "#" + occurrences.merge(base, 1, Integer::sum);
        if (!seenUpdates.add(key)) {
          continue;
        }
        // the feed says no impact: an unresolved update reads as a partial outage until the JSON says more
        String level = u.status().isFinal() ? "operational" : "partial_outage";
        out.add(new OfficialStatus(service, e.title(), level, e.title() + " — " + u.label() + ": " + u.body(), e.link(), u.at()));
      }
    }
    out.sort(Comparator.comparing(OfficialStatus::at));
    return record(out);
  }

  private List<OfficialStatus> record(List<OfficialStatus> out) {
    said.addAll(out);
    return List.copyOf(out);
  }

  /** The worst official level right now: of components, and of incidents still open. */
  public synchronized String currentLevel() {
    ComponentStatus worst = ComponentStatus.OPERATIONAL;
    for (ComponentStatus c : components.values()) {
      if (c.isProblem() && c.ordinal() > worst.ordinal()) {
        worst = c;
      }
    }
    for (ComponentStatus c : openIncidents.values()) {
      if (c.isProblem() && c.ordinal() > worst.ordinal()) {
        worst = c;
      }
    }
    return worst.apiName();
  }

  /**
   * How much later than Vigie the official page admitted the problem: from Vigie's detection to
   * the first official statement of a problem at most {@code window} before it (a negative
   * duration means the page spoke first). Empty while the page has admitted nothing.
   */
  public synchronized Optional<Duration> admissionLag(Instant vigieDetected, Duration window) {
    return lag(said, vigieDetected, window);
  }

  public static Optional<Duration> lag(List<OfficialStatus> statements, Instant vigieDetected, Duration window) {
    Instant from = vigieDetected.minus(window);
    return statements.stream()
        .filter(s -> !s.at().isBefore(from))
        .filter(s -> !"operational".equals(s.level()) && !"under_maintenance".equals(s.level()))
        .map(OfficialStatus::at).min(Comparator.naturalOrder())
        .map(at -> Duration.between(vigieDetected, at));
  }
}
