package org.vigie.server.web;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.vigie.core.incident.Incident;
import org.vigie.core.model.Evidence;
import org.vigie.core.model.PublicStatus;
import org.vigie.core.model.Service;
import org.vigie.core.storage.CommentStore;
import org.vigie.server.Vigie;

/** What every page and the event hub read: the instance, the recent tallies, the map, comments. */
final class Site {
  final Vigie vigie;
  final RecentTallies tallies;
  final WorldMap map;
  final CommentStore comments;
  final PageCache pages = new PageCache();

  Site(Vigie vigie, RecentTallies tallies, WorldMap map, CommentStore comments) {
    this.vigie = vigie;
    this.tallies = tallies;
    this.map = map;
    this.comments = comments;
  }

  /**
   * A service as a page shows it now.
   *
   * @param since when the current status began, or null when not known
   * @param lastHour counted reports in the last 60 closed minutes
   * @param live the same plus the minutes still open (what the report button moves)
   * @param byMachines the status is above what people report: probes or the official page raised it
   */
  record ServiceState(Service service, PublicStatus status, Instant since, long lastHour, long live, Incident incident,
      boolean byMachines) {}

  ServiceState state(Service s) {
    PublicStatus crowd = vigie.pipeline().status(s.slug());
    // The same fused status as the API: probes and the official page may raise what people report.
    PublicStatus status = vigie.verdict(s.slug()).status();
    boolean byMachines = status.compareTo(crowd) > 0;
    Incident incident = vigie.pipeline().openIncident(s.slug()).orElse(null);
    Instant since;
    if (byMachines) {
      since = null;
    } else if (incident != null) {
      since = incident.startedAt();
    } else if (status == PublicStatus.POSSIBLE_PROBLEMS) {
      since = tallies.streakStart(s.slug(), Evidence.MODERATE);
    } else {
      since = tallies.lastResolved(s.slug());
    }
    long lastHour = tallies.reports(s.slug(), 60);
    long live = lastHour + vigie.pipeline().openMinuteReports(s.slug(), null);
    return new ServiceState(s, status, since, lastHour, live, incident, byMachines);
  }

  /** Every service, most trouble first, then most reports in the last hour, then by name. */
  List<ServiceState> states() {
    List<ServiceState> out = new ArrayList<>();
    for (Service s : vigie.catalogue().services()) {
      out.add(state(s));
    }
    out.sort(Comparator.comparing(ServiceState::status).reversed()
        .thenComparing(Comparator.comparingLong(ServiceState::lastHour).reversed())
        .thenComparing(st -> st.service().name().toLowerCase(java.util.Locale.ROOT)));
    return out;
  }

  Optional<Service> service(String slug) {
    return vigie.catalogue().find(slug);
  }

  /** Event time now: the pipeline's watermark, or the clock before any report. */
  Instant now() {
    Instant w = vigie.pipeline().watermark();
    return w != null ? w : vigie.config().clock().instant();
  }

  /** The freshest view of an incident: the engine's while open, the store's once resolved. */
  Optional<Incident> incident(long id) {
    Optional<Incident> stored = vigie.storage().incidents().find(id);
    if (stored.isPresent()) {
      Optional<Incident> open = vigie.pipeline().openIncident(stored.get().service()).filter(o -> o.id() == id);
      if (open.isPresent()) {
        return open;
      }
      return stored;
    }
    for (Service s : vigie.catalogue().services()) {
      Optional<Incident> o = vigie.pipeline().openIncident(s.slug());
      if (o.isPresent() && o.get().id() == id) {
        return o;
      }
    }
    return Optional.empty();
  }

  /** Incidents of a service (all with null) over the last days, with open ones from the engine, newest first. */
  List<Incident> recentIncidents(String service, Duration back, int limit) {
    Instant now = now();
    java.util.Map<Long, Incident> byId = new java.util.LinkedHashMap<>();
    for (Incident i : vigie.storage().incidents().list(service, now.minus(back), now.plus(Duration.ofDays(1)), limit)) {
      byId.put(i.id(), i);
    }
    for (Service s : vigie.catalogue().services()) {
      if (service == null || service.equals(s.slug())) {
        vigie.pipeline().openIncident(s.slug()).ifPresent(i -> byId.put(i.id(), i));
      }
    }
    return byId.values().stream().sorted(Comparator.comparing(Incident::startedAt).reversed()).limit(limit).toList();
  }
}
