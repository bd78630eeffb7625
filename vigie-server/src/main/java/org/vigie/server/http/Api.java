package org.vigie.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.core.incident.Incident;
import org.vigie.core.ingest.Ingestor;
import org.vigie.core.ingest.InvalidReportsException;
import org.vigie.core.ingest.RejectedException;
import org.vigie.core.ingest.ReportError;
import org.vigie.core.ingest.Submitter;
import org.vigie.core.fusion.EvidenceFusion;
import org.vigie.core.model.Countries;
import org.vigie.core.model.Indicator;
import org.vigie.core.model.PublicStatus;
import org.vigie.core.model.Service;
import org.vigie.core.storage.Storage;
import org.vigie.core.tally.MinuteTally;
import org.vigie.server.Tokens;
import org.vigie.server.Vigie;

/**
 * The HTTP API. Handlers only translate HTTP to calls on the instance's services and back; every
 * error leaves as {@code application/problem+json} from {@link #problem}.
 */
public final class Api {
  private static final Logger LOG = LoggerFactory.getLogger(Api.class);

  /** Largest NDJSON body: 10,000 lines of up to about 800 bytes each. */
  static final int MAX_NDJSON_BYTES = 8 * 1024 * 1024;

  /** Largest single-report body. */
  static final int MAX_JSON_BYTES = 64 * 1024;

  /** Longest span one series request may cover. */
  static final Duration MAX_SERIES_SPAN = Duration.ofDays(31);

  static final String PROBLEM_JSON = "application/problem+json";
  static final String JSON = "application/json";

  private final Vigie vigie;

  public Api(Vigie vigie) {
    this.vigie = vigie;
  }

  public void routes(HttpRouting.Builder r) {
    r.post("/api/v1/reports", this::postReports)
        .get("/api/v1/services", this::listServices)
        .get("/api/v1/services/{slug}", this::getService)
        .get("/api/v1/services/{slug}/series", this::series)
        .get("/api/v1/incidents", this::listIncidents)
        .get("/api/v1/incidents/{id}", this::getIncident)
        .get("/health/live", (req, res) -> json(res, 200, Map.of("status", "UP")))
        .get("/health/ready", this::ready)
        .error(Problem.class, (req, res, p) -> problem(req, res, p))
        .error(Exception.class, (req, res, e) -> {
          LOG.error("unexpected error on {} {}", req.prologue().method().text(), req.path().path(), e);
          problem(req, res, new Problem(500, "Internal error", "Vigie failed to handle this request; the error is in its log"));
        });
    new org.vigie.server.social.MentionRoutes(vigie, vigie.mentions()).routes(r);
    vigie.probeRoutes().routes(r);
    new org.vigie.server.status.StatuspageRoutes(vigie, vigie.config().clock(), vigie.config().publicUrl()).routes(r);
    vigie.metrics().routes(r);
    new OpenApiRoutes().routes(r);
    new org.vigie.server.notify.SubscriptionRoutes(vigie).routes(r);
    r.any((req, res) -> problem(req, res, Problem.notFound("no resource at " + req.path().path())));
  }

  // ---- ingestion ----

  private void postReports(ServerRequest req, ServerResponse res) {
    Submitter submitter = submitter(req);
    String type = req.headers().contentType().map(t -> t.mediaType().text().toLowerCase(Locale.ROOT)).orElse("");
    ReportParser.Parsed parsed;
    if (type.equals("application/x-ndjson")) {
      parsed = ReportParser.ndjson(body(req, MAX_NDJSON_BYTES), Ingestor.MAX_BATCH);
    } else if (type.equals(JSON)) {
      parsed = ReportParser.single(body(req, MAX_JSON_BYTES));
    } else {
      throw new Problem(415, "Unsupported media type",
          "send one report as application/json or up to " + Ingestor.MAX_BATCH + " as application/x-ndjson (got '" + type + "')");
    }
    if (!parsed.errors().isEmpty()) {
      throw invalid(parsed.errors());
    }
    try {
      Ingestor.Result result = vigie.ingestor().ingest(parsed.inputs(), submitter);
      json(res, 202, Map.of("accepted", result.accepted(), "counted", result.counted()));
    } catch (InvalidReportsException e) {
      throw invalid(e.errors());
    } catch (RejectedException e) {
      int status = e.reason() == RejectedException.Reason.RATE_LIMITED ? 429 : 503;
      throw new Problem(status, status == 429 ? "Too many reports" : "Try again shortly", e.getMessage(), List.of(), e.retryAfter());
    }
  }

  private static Problem invalid(List<ReportError> errors) {
    return Requests.invalidLines(errors, "report");
  }

  private Submitter submitter(ServerRequest req) {
    InetAddress address = clientAddress(req);
    boolean trusted = Requests.bearerRole(req, vigie.tokens())
        .map(role -> Tokens.ADMIN.equals(role) || Tokens.IMPORT.equals(role))
        .orElse(false);
    return new Submitter(address, cookie(req, "vigie_client"), trusted);
  }

  private static InetAddress clientAddress(ServerRequest req) {
    SocketAddress a = req.remotePeer().address();
    if (a instanceof InetSocketAddress isa && isa.getAddress() != null) {
      return isa.getAddress();
    }
    return InetAddress.getLoopbackAddress();
  }

  private static String cookie(ServerRequest req, String name) {
    Optional<String> header = req.headers().first(HeaderNames.COOKIE);
    if (header.isEmpty()) {
      return null;
    }
    for (String part : header.get().split(";")) {
      String p = part.trim();
      if (p.startsWith(name + "=")) {
        String v = p.substring(name.length() + 1);
        return v.length() <= 128 ? v : v.substring(0, 128);
      }
    }
    return null;
  }

  private static byte[] body(ServerRequest req, int limit) {
    return Requests.body(req, limit);
  }

  // ---- reads ----

  private void listServices(ServerRequest req, ServerResponse res) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Service s : vigie.catalogue().services()) {
      Map<String, Object> m = serviceSummary(s);
      out.add(m);
    }
    out.sort(Comparator.comparing((Map<String, Object> m) -> PublicStatus.valueOf((String) m.get("status"))).reversed()
        .thenComparing(m -> -((Number) m.get("reportsLastHour")).longValue())
        .thenComparing(m -> (String) m.get("name")));
    json(res, 200, Map.of("services", out));
  }

  private Map<String, Object> serviceSummary(Service s) {
    EvidenceFusion.Verdict verdict = vigie.verdict(s.slug());
    PublicStatus status = verdict.status();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("slug", s.slug());
    m.put("name", s.name());
    m.put("category", s.category());
    m.put("status", status.name());
    m.put("statusLabel", status.label("en"));
    m.put("reportsLastHour", vigie.recent().reports(s.slug(), 60));
    if (!verdict.reasons().isEmpty()) {
      m.put("why", verdict.reasons());
    }
    vigie.pipeline().openIncident(s.slug()).ifPresent(i -> m.put("incident", i.id()));
    return m;
  }

  private void getService(ServerRequest req, ServerResponse res) {
    Service s = service(req);
    Map<String, Object> m = serviceSummary(s);
    m.put("parent", s.parent());
    m.put("aliases", s.aliases());
    m.put("statusPage", s.statusPage());
    m.put("indicators", s.indicators().stream().map(i -> Map.of("slug", i.slug(), "en", i.labelEn(), "fr", i.labelFr())).toList());
    Map<String, Long> recent = vigie.recent().indicators(s.slug(), 60);
    long total = recent.values().stream().mapToLong(Long::longValue).sum();
    List<Map<String, Object>> top = new ArrayList<>();
    recent.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).forEach(e -> {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("indicator", e.getKey());
      t.put("label", s.indicator(e.getKey()).map(Indicator::labelEn).orElse(e.getKey()));
      t.put("reports", e.getValue());
      t.put("share", total == 0 ? 0 : Math.round(1000.0 * e.getValue() / total) / 10.0);
      top.add(t);
    });
    m.put("mostReported", top);
    vigie.pipeline().openIncident(s.slug()).ifPresent(i -> m.put("currentIncident", incidentJson(i)));
    json(res, 200, m);
  }

  private void series(ServerRequest req, ServerResponse res) {
    Service s = service(req);
    Instant now = Optional.ofNullable(vigie.pipeline().watermark()).orElse(vigie.config().clock().instant());
    Instant to = instantParam(req, "to").orElse(now.truncatedTo(ChronoUnit.MINUTES).plusSeconds(60));
    Instant from = instantParam(req, "from").orElse(to.minus(Duration.ofHours(24)));
    if (!from.isBefore(to)) {
      throw Problem.badRequest("'from' must be before 'to'");
    }
    if (Duration.between(from, to).compareTo(MAX_SERIES_SPAN) > 0) {
      throw Problem.badRequest("a series may span at most 31 days");
    }
    Duration step = stepParam(req);
    String country = req.query().first("country").asOptional().map(c -> c.toUpperCase(Locale.ROOT)).orElse(Countries.WORLD);
    if (!Countries.WORLD.equals(country) && !Countries.isValid(country)) {
      throw new Problem(400, "Bad request", "query parameter 'country': '" + country + "' is not an ISO 3166-1 alpha-2 code");
    }
    from = from.truncatedTo(ChronoUnit.MINUTES);
    List<MinuteTally> rows = vigie.storage().tallies().series(s.slug(), country, from, to);
    long stepMin = step.toMinutes();
    int n = (int) Math.ceil(Duration.between(from, to).toMinutes() / (double) stepMin);
    long[] reports = new long[n];
    double[] baseline = new double[n];
    boolean[] hasBaseline = new boolean[n];
    // Per step, the probes of its worst minute (most vantage points failing): a step of an hour
    // says the probes failed in it, not an average that hides it. World tallies only carry probes.
    MinuteTally[] probed = new MinuteTally[n];
    for (MinuteTally t : rows) {
      int i = (int) (Duration.between(from, t.minute()).toMinutes() / stepMin);
      if (i >= 0 && i < n) {
        reports[i] += t.reports();
        baseline[i] += t.expected();
        hasBaseline[i] = true;
        if (t.probes() > 0 && (probed[i] == null || t.probeFailures() >= probed[i].probeFailures())) {
          probed[i] = t;
        }
      }
    }
    List<Map<String, Object>> points = new ArrayList<>(n);
    double lastBaseline = 0;
    for (int i = 0; i < n; i++) {
      // Minutes without a stored tally had no reports; their baseline is carried from the last known.
      double b = hasBaseline[i] ? baseline[i] : lastBaseline;
      if (hasBaseline[i]) {
        lastBaseline = baseline[i];
      }
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("t", from.plus(step.multipliedBy(i)));
      p.put("reports", reports[i]);
      p.put("baseline", Math.round(b * 100) / 100.0);
      if (probed[i] != null) {
        p.put("probes", probed[i].probes());
        p.put("probeFailures", probed[i].probeFailures());
      }
      points.add(p);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("service", s.slug());
    out.put("country", country);
    out.put("from", from);
    out.put("to", to);
    out.put("stepSeconds", step.toSeconds());
    out.put("points", points);
    json(res, 200, out);
  }

  private void listIncidents(ServerRequest req, ServerResponse res) {
    String service = req.query().first("service").asOptional().orElse(null);
    if (service != null && vigie.catalogue().find(service).isEmpty()) {
      throw new Problem(400, "Bad request", "query parameter 'service': unknown service '" + service + "'");
    }
    Instant to = instantParam(req, "to").orElse(Instant.now().plus(Duration.ofDays(3650)));
    Instant from = instantParam(req, "from").orElse(Instant.EPOCH);
    int limit = intParam(req, "limit", 100, 1, 1000);
    Map<Long, Incident> byId = new LinkedHashMap<>();
    for (Incident i : vigie.storage().incidents().list(service, from, to, limit)) {
      byId.put(i.id(), i);
    }
    // The store is written asynchronously; the engine's view of open incidents is the freshest.
    for (Service s : vigie.catalogue().services()) {
      if (service == null || service.equals(s.slug())) {
        vigie.pipeline().openIncident(s.slug()).filter(i -> i.startedAt().isBefore(to)).ifPresent(i -> byId.put(i.id(), i));
      }
    }
    List<Map<String, Object>> out = byId.values().stream()
        .sorted(Comparator.comparing(Incident::startedAt).reversed())
        .limit(limit)
        .map(this::incidentJson)
        .toList();
    json(res, 200, Map.of("incidents", out));
  }

  private void getIncident(ServerRequest req, ServerResponse res) {
    String raw = req.path().pathParameters().get("id");
    long id;
    try {
      id = Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw Problem.badRequest("incident id '" + raw + "' is not a number");
    }
    Optional<Incident> found = vigie.storage().incidents().find(id);
    Optional<Incident> fresher = found.flatMap(i -> vigie.pipeline().openIncident(i.service()).filter(o -> o.id() == id));
    if (fresher.isEmpty()) {
      for (Service s : vigie.catalogue().services()) {
        Optional<Incident> o = vigie.pipeline().openIncident(s.slug());
        if (o.isPresent() && o.get().id() == id) {
          fresher = o;
        }
      }
    }
    Incident i = fresher.or(() -> found).orElseThrow(() -> Problem.notFound("no incident " + id));
    json(res, 200, incidentJson(i));
  }

  Map<String, Object> incidentJson(Incident i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", i.id());
    m.put("service", i.service());
    m.put("state", i.isOpen() ? "open" : "resolved");
    m.put("severity", i.severity().name());
    m.put("status", i.current().name());
    m.put("statusLabel", i.current().label("en"));
    m.put("startedAt", i.startedAt());
    m.put("detectedAt", i.detectedAt());
    m.put("resolvedAt", i.resolvedAt());
    if (i.resolvedAt() != null) {
      m.put("durationMinutes", Duration.between(i.startedAt(), i.resolvedAt()).toMinutes());
    }
    m.put("peakPerMinute", i.peakPerMinute());
    m.put("peakAt", i.peakAt());
    m.put("totalReports", i.totalReports());
    m.put("countries", i.countries().stream().map(c -> {
      Map<String, Object> cm = new LinkedHashMap<>();
      cm.put("country", c.country());
      cm.put("name", Countries.name(c.country(), "en"));
      cm.put("reports", c.reports());
      cm.put("active", c.active());
      cm.put("since", c.since());
      cm.put("until", c.until());
      return cm;
    }).toList());
    m.put("indicators", i.indicators().stream().map(x -> Map.of("indicator", x.indicator(), "reports", x.reports())).toList());
    m.put("timeline", i.timeline().stream().map(e -> Map.of("at", e.at(), "kind", e.kind(), "text", e.text())).toList());
    m.put("group", i.group());
    return m;
  }

  private void ready(ServerRequest req, ServerResponse res) {
    Storage.Health h = vigie.storage().check();
    json(res, h.ok() ? 200 : 503, Map.of("status", h.ok() ? "UP" : "DOWN", "storage", h.detail()));
  }

  // ---- helpers ----

  private Service service(ServerRequest req) {
    String slug = req.path().pathParameters().get("slug");
    return vigie.catalogue().find(slug).orElseThrow(() -> Problem.notFound("no service '" + slug + "'; GET /api/v1/services lists them"));
  }

  private static Optional<Instant> instantParam(ServerRequest req, String name) {
    Optional<String> v = req.query().first(name).asOptional();
    if (v.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(v.get()));
    } catch (DateTimeParseException e) {
      throw Problem.badRequest("query parameter '" + name + "': '" + v.get() + "' is not an ISO-8601 instant such as 2021-10-04T15:39:00Z");
    }
  }

  private static int intParam(ServerRequest req, String name, int dflt, int min, int max) {
    Optional<String> v = req.query().first(name).asOptional();
    if (v.isEmpty()) {
      return dflt;
    }
    try {
      int i = Integer.parseInt(v.get());
      if (i < min || i > max) {
        throw new NumberFormatException();
      }
      return i;
    } catch (NumberFormatException e) {
      throw Problem.badRequest("query parameter '" + name + "' must be a whole number from " + min + " to " + max);
    }
  }

  /** A step such as 1m, 15m, 1h or PT15M; whole minutes only. */
  private static Duration stepParam(ServerRequest req) {
    String v = req.query().first("step").asOptional().orElse("1m");
    Duration d;
    try {
      if (v.startsWith("PT") || v.startsWith("pt")) {
        d = Duration.parse(v);
      } else if (v.endsWith("m")) {
        d = Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
      } else if (v.endsWith("h")) {
        d = Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
      } else {
        throw new NumberFormatException();
      }
    } catch (RuntimeException e) {
      throw Problem.badRequest("query parameter 'step': '" + v + "' is not a step such as 1m, 15m or 1h");
    }
    if (d.toMinutes() < 1 || d.toMinutes() > 1440 || d.toSeconds() % 60 != 0) {
      throw Problem.badRequest("query parameter 'step' must be whole minutes between 1m and 24h");
    }
    return d;
  }

  static void json(ServerResponse res, int status, Object body) {
    res.status(Status.create(status));
    res.header(HeaderNames.CONTENT_TYPE, JSON);
    res.header(HeaderNames.CACHE_CONTROL, "no-cache");
    res.send(Json.bytes(body));
  }

  static void problem(ServerRequest req, ServerResponse res, Problem p) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", p.title());
    body.put("status", p.status());
    body.put("detail", p.detail());
    body.put("instance", req.path().path());
    if (!p.errors().isEmpty()) {
      body.put("errors", p.errors());
    }
    res.status(Status.create(p.status()));
    res.header(HeaderNames.CONTENT_TYPE, PROBLEM_JSON);
    if (p.retryAfter() != null) {
      res.header(HeaderNames.RETRY_AFTER, Long.toString(Math.max(1, (p.retryAfter().toMillis() + 999) / 1000)));
    }
    res.send(Json.bytes(body));
  }
}
