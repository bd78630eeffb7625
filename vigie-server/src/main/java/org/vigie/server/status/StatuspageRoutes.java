package org.vigie.server.status;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vigie.core.incident.Incident;
import org.vigie.core.model.PublicStatus;
import org.vigie.core.model.Service;
import org.vigie.core.storage.MaintenanceStore;
import org.vigie.server.Vigie;
import org.vigie.server.http.Json;
import org.vigie.server.http.Problem;

/**
 * Statuspage v2-compatible JSON per service ({@code /status/{slug}/api/v2/...}), so any client
 * written for an Atlassian status page reads Vigie's view of a service; plus Atom feeds of
 * incidents and an iCalendar feed of maintenance windows.
 *
 * <p>Field names and enumerations follow real captures ({@code shared/data/statuspage}): times
 * in UTC with milliseconds, ids of 12 lower-case characters, one component per service.
 */
public final class StatuspageRoutes {
  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

  /** Incidents listed by incidents.json and the Atom feeds, as Statuspage does. */
  static final int HISTORY = 50;

  private final Vigie vigie;
  private final InstantSource clock;
  private final String publicUrl;

  /** @param publicUrl the address people reach this Vigie at, e.g. {@code https://vigie.example}; null: from the Host header */
  public StatuspageRoutes(Vigie vigie, InstantSource clock, String publicUrl) {
    this.vigie = vigie;
    this.clock = clock;
    this.publicUrl = publicUrl;
  }

  public void routes(HttpRouting.Builder r) {
    r.get("/status/{slug}/api/v2/summary.json", (req, res) -> json(res, summary(req)))
        .get("/status/{slug}/api/v2/status.json", (req, res) -> json(res, statusJson(req)))
        .get("/status/{slug}/api/v2/components.json", (req, res) -> json(res, componentsJson(req)))
        .get("/status/{slug}/api/v2/incidents.json", (req, res) -> json(res, incidentsJson(req, false)))
        .get("/status/{slug}/api/v2/incidents/unresolved.json", (req, res) -> json(res, incidentsJson(req, true)))
        .get("/status/{slug}/api/v2/scheduled-maintenances.json", (req, res) -> json(res, maintenancesJson(req, "all")))
        .get("/status/{slug}/api/v2/scheduled-maintenances/upcoming.json", (req, res) -> json(res, maintenancesJson(req, "upcoming")))
        .get("/status/{slug}/api/v2/scheduled-maintenances/active.json", (req, res) -> json(res, maintenancesJson(req, "active")))
        .get("/status/{slug}/history.atom", this::serviceFeed)
        .get("/incidents.atom", this::allFeed)
        .get("/status/{slug}/maintenance.ics", this::calendar);
  }

  // ---- Statuspage JSON ----

  private Map<String, Object> summary(ServerRequest req) {
    Service s = service(req);
    Instant now = clock.instant();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("page", page(req, s));
    out.put("components", List.of(component(s)));
    out.put("incidents", unresolved(s).stream().map(i -> incident(req, s, i)).toList());
    out.put("scheduled_maintenances", maintenances(s, now, "upcoming-or-active").stream().map(w -> maintenance(req, s, w, now)).toList());
    out.put("status", pageStatus(s, now));
    return out;
  }

  private Map<String, Object> statusJson(ServerRequest req) {
    Service s = service(req);
    return ordered("page", page(req, s), "status", pageStatus(s, clock.instant()));
  }

  private Map<String, Object> componentsJson(ServerRequest req) {
    Service s = service(req);
    return ordered("page", page(req, s), "components", List.of(component(s)));
  }

  private Map<String, Object> incidentsJson(ServerRequest req, boolean onlyUnresolved) {
    Service s = service(req);
    List<Incident> list = onlyUnresolved ? unresolved(s) : history(s.slug());
    return ordered("page", page(req, s), "incidents", list.stream().map(i -> incident(req, s, i)).toList());
  }

  private Map<String, Object> maintenancesJson(ServerRequest req, String which) {
    Service s = service(req);
    Instant now = clock.instant();
    return ordered("page", page(req, s), "scheduled_maintenances",
        maintenances(s, now, which).stream().map(w -> maintenance(req, s, w, now)).toList());
  }

  private Map<String, Object> page(ServerRequest req, Service s) {
    Instant updated = history(s.slug()).stream().map(StatuspageRoutes::updatedAt).max(Comparator.naturalOrder()).orElse(Instant.EPOCH);
    return ordered("id", code("page:" + s.slug()), "name", s.name(), "url", base(req) + "/status/" + s.slug(),
        "time_zone", "Etc/UTC", "updated_at", time(updated));
  }

  private Map<String, Object> component(Service s) {
    PublicStatus status = vigie.pipeline().status(s.slug());
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("id", code("component:" + s.slug()));
    c.put("name", s.name());
    c.put("status", inMaintenance(s, clock.instant()) && status == PublicStatus.OPERATIONAL ? "under_maintenance" : status.statuspageComponent());
    c.put("created_at", time(Instant.EPOCH));
    c.put("updated_at", time(history(s.slug()).stream().map(StatuspageRoutes::updatedAt).max(Comparator.naturalOrder()).orElse(Instant.EPOCH)));
    c.put("position", 1);
    c.put("description", "What people report about " + s.name() + ", compared with what is normal at this time of the week");
    c.put("showcase", true);
    c.put("start_date", null);
    c.put("group_id", null);
    c.put("page_id", code("page:" + s.slug()));
    c.put("group", false);
    c.put("only_show_if_degraded", false);
    return c;
  }

  private Map<String, Object> pageStatus(Service s, Instant now) {
    PublicStatus status = vigie.pipeline().status(s.slug());
    if (status == PublicStatus.OPERATIONAL && inMaintenance(s, now)) {
      return ordered("indicator", "maintenance", "description", "Service Under Maintenance");
    }
    String description = switch (status) {
      case OPERATIONAL -> "All Systems Operational";
      case POSSIBLE_PROBLEMS -> "Partial System Outage";
      case OUTAGE -> "Major System Outage";
    };
    return ordered("indicator", status.statuspageIndicator(), "description", description);
  }

  Map<String, Object> incident(ServerRequest req, Service s, Incident i) {
    String id = incidentCode(i);
    String componentId = code("component:" + s.slug());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("name", s.name() + ": " + i.severity().label("en"));
    m.put("status", i.isOpen() ? "investigating" : "resolved");
    m.put("created_at", time(i.detectedAt() == null ? i.startedAt() : i.detectedAt()));
    m.put("updated_at", time(updatedAt(i)));
    m.put("monitoring_at", null);
    m.put("resolved_at", time(i.resolvedAt()));
    m.put("impact", i.severity().statuspageIndicator());
    m.put("shortlink", base(req) + "/api/v1/incidents/" + i.id());
    m.put("started_at", time(i.startedAt()));
    m.put("page_id", code("page:" + s.slug()));
    List<Map<String, Object>> updates = new ArrayList<>();
    List<Incident.TimelineEvent> events = new ArrayList<>(i.timeline());
    String previous = "operational";
    List<String> statuses = new ArrayList<>();
    for (Incident.TimelineEvent e : events) {
      String now = "resolved".equals(e.kind()) ? "operational"
          : e.text() != null && e.text().startsWith(PublicStatus.OUTAGE.label("en")) ? "major_outage" : "partial_outage";
      if ("escalated".equals(e.kind())) {
        now = "major_outage";
      }
      statuses.add(previous + ">" + now);
      previous = now;
    }
    for (int k = events.size() - 1; k >= 0; k--) { // newest first, as Statuspage lists them
      Incident.TimelineEvent e = events.get(k);
      String[] change = statuses.get(k).split(">");
      Map<String, Object> u = new LinkedHashMap<>();
      u.put("id", code("update:" + i.id() + ":" + k));
      u.put("status", "resolved".equals(e.kind()) ? "resolved" : k == 0 ? "investigating" : "identified");
      u.put("body", e.text());
      u.put("incident_id", id);
      u.put("created_at", time(e.at()));
      u.put("updated_at", time(e.at()));
      u.put("display_at", time(e.at()));
      u.put("affected_components", List.of(ordered("code", componentId, "name", s.name(), "old_status", change[0], "new_status", change[1])));
      u.put("deliver_notifications", true);
      u.put("custom_tweet", null);
      u.put("tweet_id", null);
      updates.add(u);
    }
    m.put("incident_updates", updates);
    m.put("components", List.of(component(s)));
    m.put("reminder_intervals", null);
    return m;
  }

  private Map<String, Object> maintenance(ServerRequest req, Service s, MaintenanceStore.Window w, Instant now) {
    String status = now.isBefore(w.startsAt()) ? "scheduled" : w.covers(now) ? "in_progress" : "completed";
    String id = code("maintenance:" + w.id());
    Instant created = w.createdAt() == null ? w.startsAt() : w.createdAt();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("name", w.title() == null ? "Maintenance of " + s.name() : w.title());
    m.put("status", status);
    m.put("created_at", time(created));
    m.put("updated_at", time(status.equals("completed") ? w.endsAt() : status.equals("in_progress") ? w.startsAt() : created));
    m.put("monitoring_at", null);
    m.put("resolved_at", status.equals("completed") ? time(w.endsAt()) : null);
    m.put("impact", "maintenance");
    m.put("shortlink", base(req) + "/status/" + s.slug() + "/maintenance.ics");
    m.put("started_at", time(w.startsAt()));
    m.put("page_id", code("page:" + s.slug()));
    Map<String, Object> u = new LinkedHashMap<>();
    u.put("id", code("maintenance-update:" + w.id()));
    u.put("status", status);
    u.put("body", w.description() == null ? m.get("name") : w.description());
    u.put("incident_id", id);
    u.put("created_at", time(created));
    u.put("updated_at", time(created));
    u.put("display_at", time(created));
    u.put("affected_components", List.of(ordered("code", code("component:" + s.slug()), "name", s.name(),
        "old_status", "operational", "new_status", status.equals("in_progress") ? "under_maintenance" : "operational")));
    u.put("deliver_notifications", true);
    u.put("custom_tweet", null);
    u.put("tweet_id", null);
    m.put("incident_updates", List.of(u));
    m.put("components", List.of(component(s)));
    m.put("scheduled_for", time(w.startsAt()));
    m.put("scheduled_until", time(w.endsAt()));
    return m;
  }

  // ---- data ----

  private Service service(ServerRequest req) {
    String slug = req.path().pathParameters().get("slug");
    return vigie.catalogue().find(slug)
        .orElseThrow(() -> new Problem(404, "Not found", "no service '" + slug + "'; GET /api/v1/services lists them"));
  }

  private List<Incident> unresolved(Service s) {
    return vigie.pipeline().openIncident(s.slug()).map(List::of).orElse(List.of());
  }

  /** Stored incidents of a service (all with null), newest first, with the engine's fresher open one. */
  List<Incident> history(String slug) {
    Map<Long, Incident> byId = new LinkedHashMap<>();
    for (Incident i : vigie.storage().incidents().list(slug, Instant.EPOCH, Instant.MAX, HISTORY)) {
      byId.put(i.id(), i);
    }
    List<Service> services = slug == null ? vigie.catalogue().services() : vigie.catalogue().find(slug).map(List::of).orElse(List.of());
    for (Service s : services) {
      vigie.pipeline().openIncident(s.slug()).ifPresent(i -> byId.put(i.id(), i));
    }
    return byId.values().stream().sorted(Comparator.comparing(Incident::startedAt).reversed()).limit(HISTORY).toList();
  }

  private List<MaintenanceStore.Window> maintenances(Service s, Instant now, String which) {
    List<MaintenanceStore.Window> all = vigie.storage().maintenance().windows(s.slug());
    return switch (which) {
      case "upcoming" -> all.stream().filter(w -> now.isBefore(w.startsAt())).toList();
      case "active" -> all.stream().filter(w -> w.covers(now)).toList();
      case "upcoming-or-active" -> all.stream().filter(w -> now.isBefore(w.endsAt())).toList();
      default -> all.reversed();
    };
  }

  private boolean inMaintenance(Service s, Instant now) {
    return vigie.storage().maintenance().windows(s.slug()).stream().anyMatch(w -> w.covers(now));
  }

  static Instant updatedAt(Incident i) {
    Instant t = i.resolvedAt() != null ? i.resolvedAt() : i.detectedAt() != null ? i.detectedAt() : i.startedAt();
    for (Incident.TimelineEvent e : i.timeline()) {
      if (e.at() != null && e.at().isAfter(t)) {
        t = e.at();
      }
    }
    return t;
  }

  String base(ServerRequest req) {
    if (publicUrl != null) {
      return publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }
    return "http://" + req.headers().first(HeaderNames.HOST).orElse("localhost");
  }

  // ---- Atom and iCalendar ----

  private void serviceFeed(ServerRequest req, ServerResponse res) {
    Service s = service(req);
    String self = base(req) + "/status/" + s.slug() + "/history.atom";
    send(res, AtomFeed.MEDIA_TYPE, AtomFeed.write(host(req), self, base(req) + "/status/" + s.slug(),
        s.name() + " on Vigie - Incident History", s.name(), history(s.slug()), i -> s.name(), i -> base(req) + "/api/v1/incidents/" + i.id()));
  }

  private void allFeed(ServerRequest req, ServerResponse res) {
    String self = base(req) + "/incidents.atom";
    send(res, AtomFeed.MEDIA_TYPE, AtomFeed.write(host(req), self, base(req) + "/", "Vigie - Incident History", "Vigie", history(null),
        i -> vigie.catalogue().find(i.service()).map(Service::name).orElse(i.service()), i -> base(req) + "/api/v1/incidents/" + i.id()));
  }

  private void calendar(ServerRequest req, ServerResponse res) {
    Service s = service(req);
    send(res, "text/calendar; charset=utf-8", MaintenanceCalendar.write(host(req), s.name(), vigie.storage().maintenance().windows(s.slug()),
        clock.instant()));
  }

  private String host(ServerRequest req) {
    String b = base(req);
    return b.substring(b.indexOf("//") + 2).replaceAll("[:/].*$", "");
  }

  // ---- helpers ----

  /** A stable 12-character lower-case id, the shape of Statuspage's. */
  static String code(String material) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(material.getBytes(StandardCharsets.UTF_8));
      String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
      StringBuilder b = new StringBuilder(12);
      for (int k = 0; k < 12; k++) {
        b.append(alphabet.charAt((h[k] & 0xff) % alphabet.length()));
      }
      return b.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String incidentCode(Incident i) {
    return code("incident:" + i.id());
  }

  static String time(Instant t) {
    return t == null ? null : TIME.format(t);
  }

  static Map<String, Object> ordered(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int k = 0; k < kv.length; k += 2) {
      m.put((String) kv[k], kv[k + 1]);
    }
    return m;
  }

  private static void json(ServerResponse res, Object body) {
    res.status(Status.OK_200);
    res.header(HeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
    res.header(HeaderNames.CACHE_CONTROL, "public, max-age=10");
    // Statuspage's API is read from browsers on other origins.
    res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    res.send(Json.bytes(body));
  }

  private static void send(ServerResponse res, String type, byte[] body) {
    res.status(Status.OK_200);
    res.header(HeaderNames.CONTENT_TYPE, type);
    res.header(HeaderNames.CACHE_CONTROL, "public, max-age=60");
    res.send(body);
  }

  Optional<Incident> find(long id) {
    return vigie.storage().incidents().find(id);
  }
}
