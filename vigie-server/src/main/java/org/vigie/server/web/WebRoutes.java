package org.vigie.server.web;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.core.incident.Incident;
import org.vigie.core.ingest.InvalidReportsException;
import org.vigie.core.ingest.RateLimiter;
import org.vigie.core.ingest.RejectedException;
import org.vigie.core.ingest.ReportInput;
import org.vigie.core.ingest.Submitter;
import org.vigie.core.model.Service;
import org.vigie.core.storage.CommentStore.Comment;
import org.vigie.core.signal.ReporterKeys;
import org.vigie.server.Vigie;
import org.vigie.server.http.Json;
import org.vigie.server.http.Problem;

/**
 * The public face of Vigie: server-rendered pages, their assets, live events and comments.
 *
 * <p>Register before the JSON API ({@code new WebRoutes(vigie)::routes}); the API's error
 * handlers and catch-all then apply here too. Building a {@code WebRoutes} attaches its listeners
 * to the pipeline (recent tallies for the pages, the event hub for SSE).
 *
 * <h2>Why string builders, not JTE</h2>
 * Precompiled JTE needs its Maven plugin in the server's build section; runtime-compiled JTE
 * needs a compiler at run time and is slower on first render. Pages here are a few hundred lines
 * of Java with one escaping function ({@link Html#text}) that every piece of data goes through,
 * nothing reflective, and render in well under a millisecond of template work.
 */
public final class WebRoutes implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebRoutes.class);

  /** Longest comment. */
  static final int MAX_COMMENT = 1000;

  /** Longest commenter name. */
  static final int MAX_NAME = 40;

  /** Comments one reporter may post per {@link #COMMENT_WINDOW}. */
  static final int COMMENTS_PER_REPORTER = 3;

  /** Comments one network (/24 or /48) may post per {@link #COMMENT_WINDOW}. */
  static final int COMMENTS_PER_NETWORK = 20;

  static final Duration COMMENT_WINDOW = Duration.ofMinutes(10);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Vigie vigie;
  private final Site site;
  private final Layout layout;
  private final EventHub events;
  private final HomeView home;
  private final ServiceView servicePage;
  private final MapView mapPage;
  private final IncidentView incidentPage;
  private final AdminView admin;
  private final SubscribeView subscribe;
  private final Assets assets;
  private final ReporterKeys keys;
  private final RateLimiter perReporter;
  private final RateLimiter perNetwork;

  public WebRoutes(Vigie vigie) {
    this.vigie = vigie;
    RecentTallies tallies = vigie.recent();
    this.site = new Site(vigie, tallies, WorldMap.load(), vigie.storage().comments());
    rememberResolved(tallies);
    this.assets = new Assets();
    this.layout = new Layout(assets);
    this.events = new EventHub(site);
    vigie.pipeline().addListener(events);
    PageCache cache = site.pages;
    this.home = new HomeView(site, layout, cache);
    this.servicePage = new ServiceView(site, layout, cache);
    this.mapPage = new MapView(site, layout, cache);
    this.incidentPage = new IncidentView(site, layout);
    this.admin = new AdminView(site, layout);
    String secret = vigie.storage().settings().get("reporter-key-secret")
        .orElseThrow(() -> new IllegalStateException("the reporter-key secret is not set up yet"));
    this.keys = new ReporterKeys(Base64.getDecoder().decode(secret));
    this.subscribe = new SubscribeView(site, layout, keys);
    this.perReporter = new RateLimiter(COMMENTS_PER_REPORTER, COMMENT_WINDOW, vigie.config().clock());
    this.perNetwork = new RateLimiter(COMMENTS_PER_NETWORK, COMMENT_WINDOW, vigie.config().clock());
  }

  private void rememberResolved(RecentTallies tallies) {
    Instant now = site.now();
    for (Incident i : vigie.storage().incidents().list(null, now.minus(Duration.ofDays(30)), now.plus(Duration.ofDays(1)), 1000)) {
      if (i.resolvedAt() != null) {
        tallies.rememberResolved(i.service(), i.resolvedAt());
      }
    }
  }

  public void routes(HttpRouting.Builder r) {
    r.get("/", page(home::handle))
        .get("/status/{slug}", page(servicePage::handle))
        .post("/status/{slug}/report", page(this::postReportForm))
        .post("/status/{slug}/comments", page(this::postComment))
        .get("/map", page(mapPage::handle))
        .get("/incidents/{id}", page(incidentPage::handle))
        .get("/assets/{version}/{name}", assets::handle)
        .get("/api/v1/events", events::handle)
        .get("/api/v1/map", (req, res) -> json(res, MapData.json(site, null)))
        .get("/api/v1/services/{slug}/map", this::serviceMap)
        .get("/api/v1/services/{slug}/comments", this::listComments)
        .get("/subscribe", page(subscribe::form))
        .post("/subscribe", page(subscribe::subscribe))
        .get("/subscriptions/{id}/confirm", page(subscribe::confirm))
        .get("/subscriptions/{id}/unsubscribe", page(subscribe::unsubscribePage))
        .post("/subscriptions/{id}/unsubscribe", page(subscribe::unsubscribe));
    admin.routes(r);
  }

  Site site() {
    return site;
  }

  HomeView home() {
    return home;
  }

  ServiceView servicePage() {
    return servicePage;
  }

  MapView mapPage() {
    return mapPage;
  }

  IncidentView incidentPage() {
    return incidentPage;
  }

  /** The hub's subscriber count (for tests and metrics). */
  int eventSubscribers() {
    return events.subscribers();
  }

  /** A page handler whose problems become an HTML page rather than JSON. */
  private Handler page(Handler h) {
    return (req, res) -> {
      try {
        h.handle(req, res);
      } catch (Problem p) {
        errorPage(req, res, p.status(), p.getMessage());
      }
    };
  }

  private void errorPage(ServerRequest req, ServerResponse res, int status, String detail) {
    Lang lang = Lang.of(req);
    Messages m = Messages.of(lang);
    Html h = layout.begin(lang, m.t(status == 404 ? "error.404" : "error.other"), "/", null, false, null);
    h.raw("<h1>").text(m.t(status == 404 ? "error.404" : "error.other")).raw("</h1><p>").text(detail).raw("</p><p><a")
        .attr("href", lang.link("/")).raw(">").text(m.t("error.home")).raw("</a></p>");
    layout.end(h, lang);
    Layout.send(res, status, h, status == 404 ? "public, max-age=60" : "no-store");
  }

  private Service service(ServerRequest req) {
    String slug = req.path().pathParameters().get("slug");
    return site.service(slug).orElseThrow(() -> new Problem(404, "Not found", "no service '" + slug + "'"));
  }

  private void serviceMap(ServerRequest req, ServerResponse res) {
    json(res, MapData.json(site, service(req).slug()));
  }

  private void listComments(ServerRequest req, ServerResponse res) {
    Service s = service(req);
    List<Map<String, Object>> out = new ArrayList<>();
    for (Comment c : site.comments.list(s.slug(), ServiceView.COMMENTS, false)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", c.id());
      m.put("at", c.at());
      m.put("name", c.name());
      m.put("text", c.text());
      out.add(m);
    }
    json(res, Map.of("service", s.slug(), "comments", out));
  }

  private static void json(ServerResponse res, Object body) {
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    res.header(HeaderNames.CACHE_CONTROL, "public, max-age=5");
    res.send(Json.bytes(body));
  }

  // ---- the report button without scripts ----

  private void postReportForm(ServerRequest req, ServerResponse res) {
    Service s = service(req);
    Lang lang = Lang.of(req);
    Map<String, String> form = Forms.parse(req);
    String client = Forms.cookie(req, "vigie_client").orElse(null);
    if (client == null) {
      client = newClientId();
      res.header(HeaderNames.SET_COOKIE, "vigie_client=" + client + "; Path=/; Max-Age=31536000; SameSite=Lax");
    }
    String country = form.getOrDefault("country", "").trim().toUpperCase(Locale.ROOT);
    String city = Forms.clean(form.get("city"));
    ReportInput in = new ReportInput(s.slug(), emptyToNull(form.get("indicator")), country.isEmpty() ? null : country, null,
        city.isEmpty() ? null : city, null, null, null, null, "web", null);
    String outcome = "reported=1";
    try {
      vigie.ingestor().ingest(List.of(in), new Submitter(Forms.address(req), client, false));
    } catch (InvalidReportsException e) {
      outcome = "error=invalid";
    } catch (RejectedException e) {
      outcome = e.reason() == RejectedException.Reason.RATE_LIMITED ? "error=rate" : "error=busy";
    }
    redirect(res, lang.link("/status/" + s.slug() + "?" + outcome) + "#report");
  }

  private static String emptyToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static String newClientId() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  // ---- comments ----

  private void postComment(ServerRequest req, ServerResponse res) {
    Service s = service(req);
    Lang lang = Lang.of(req);
    Map<String, String> form = Forms.parse(req);
    String client = Forms.cookie(req, "vigie_client").orElse(null);
    if (client == null) {
      client = newClientId();
      res.header(HeaderNames.SET_COOKIE, "vigie_client=" + client + "; Path=/; Max-Age=31536000; SameSite=Lax");
    }
    java.net.InetAddress address = Forms.address(req);
    long reporter = keys.reporterOf(address, client);
    long network = keys.networkOf(address);
    String name = Forms.clean(form.get("name")).replace('\n', ' ');
    String text = Forms.clean(form.get("text"));
    String back = "/status/" + s.slug();
    String error = null;
    if (site.comments.isBanned(reporter)) {
      error = "banned";
    } else if (text.isEmpty()) {
      error = "empty";
    } else if (text.length() > MAX_COMMENT || name.length() > MAX_NAME) {
      error = "long";
    } else if (!perNetwork.tryAcquire(network, 1).isZero() || !perReporter.tryAcquire(reporter, 1).isZero()) {
      error = "rate";
    }
    if (error != null) {
      redirect(res, lang.link(back + "?error=comment-" + error) + "#comments");
      return;
    }
    Comment c = site.comments.add(s.slug(), vigie.config().clock().instant(), reporter, name, text);
    site.pages.clear();
    LOG.debug("comment {} on {}", c.id(), s.slug());
    redirect(res, lang.link(back + "?commented=" + c.id()) + "#comment-" + c.id());
  }

  private static void redirect(ServerResponse res, String location) {
    res.status(Status.SEE_OTHER_303);
    res.header(HeaderNames.LOCATION, location);
    res.header(HeaderNames.CACHE_CONTROL, "no-store");
    res.send();
  }

  @Override
  public void close() {
    events.close();
  }
}
