package org.vigie.server.web;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.vigie.core.model.Service;
import org.vigie.core.storage.CommentStore.Comment;
import org.vigie.core.storage.TokenStore;
import org.vigie.server.Tokens;

/**
 * {@code /admin}: services (with their catalogue overrides), comment moderation and tokens,
 * behind the admin token. A browser signs in with the token once and gets a session cookie
 * (HttpOnly, SameSite=Strict, path /admin; the token itself is never stored in the browser); the
 * session ends when that token is revoked, and every form carries the session's CSRF token.
 * Scripts may send {@code Authorization: Bearer <admin token>} instead.
 */
final class AdminView {
  static final String COOKIE = "vigie_admin";

  /** How long a browser session lasts. */
  static final Duration SESSION = Duration.ofHours(12);

  private static final SecureRandom RANDOM = new SecureRandom();

  /** @param tokenHash the admin token the session signed in with: revoking it ends the session */
  private record Session(String csrf, Instant expires, String tokenHash) {}

  /** Longest display name of a service. */
  static final int MAX_SERVICE_NAME = 80;

  /** Longest list field (aliases, hashtags, domains) of a service, in characters. */
  static final int MAX_LIST = 2000;

  private static final Pattern DOMAIN = Pattern.compile("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+");

  private final Site site;
  private final Layout layout;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  AdminView(Site site, Layout layout) {
    this.site = site;
    this.layout = layout;
  }

  void routes(HttpRouting.Builder r) {
    r.get("/admin", this::overview)
        .post("/admin/login", this::login)
        .post("/admin/logout", this::logout)
        .get("/admin/services", this::services)
        .get("/admin/services/{slug}", this::serviceForm)
        .post("/admin/services/{slug}", this::saveService)
        .get("/admin/moderation", this::moderation)
        .post("/admin/comments/{id}/{action}", this::commentAction)
        .post("/admin/bans", this::ban)
        .post("/admin/bans/{key}/delete", this::unban)
        .get("/admin/tokens", this::tokens)
        .post("/admin/tokens", this::createToken)
        .post("/admin/tokens/{hash}/delete", this::revokeToken);
  }

  // ---- authentication ----

  /** The session's CSRF token when authenticated (a Bearer token needs none), else empty. */
  private Optional<String> auth(ServerRequest req) {
    Optional<String> bearer = req.headers().first(HeaderNames.AUTHORIZATION);
    if (bearer.isPresent() && bearer.get().regionMatches(true, 0, "Bearer ", 0, 7)) {
      return site.vigie.tokens().roleOf(bearer.get().substring(7).trim()).filter(Tokens.ADMIN::equals).map(x -> "");
    }
    Optional<String> sid = Forms.cookie(req, COOKIE);
    if (sid.isEmpty()) {
      return Optional.empty();
    }
    Session s = sessions.get(sid.get());
    if (s == null || s.expires().isBefore(Instant.now())
        || !site.vigie.storage().tokens().findByHash(s.tokenHash()).map(t -> Tokens.ADMIN.equals(t.role())).orElse(false)) {
      sessions.remove(sid.get());
      return Optional.empty();
    }
    return Optional.of(s.csrf());
  }

  /** Runs a page for an authenticated admin, or shows the sign-in form. */
  private Optional<String> require(ServerRequest req, ServerResponse res, Lang lang, String path) {
    Optional<String> csrf = auth(req);
    if (csrf.isEmpty()) {
      loginPage(res, lang, path, 401, null);
    }
    return csrf;
  }

  /** For a POST: authenticated and carrying the session's CSRF token. */
  private boolean allowed(ServerRequest req, ServerResponse res, Lang lang, Map<String, String> form) {
    Optional<String> csrf = auth(req);
    if (csrf.isEmpty()) {
      loginPage(res, lang, "/admin", 401, null);
      return false;
    }
    if (!csrf.get().isEmpty() && !MessageDigest.isEqual(csrf.get().getBytes(StandardCharsets.UTF_8),
        form.getOrDefault("csrf", "").getBytes(StandardCharsets.UTF_8))) {
      loginPage(res, lang, "/admin", 403, "admin.csrf");
      return false;
    }
    return true;
  }

  private void loginPage(ServerResponse res, Lang lang, String path, int status, String error) {
    Messages m = Messages.of(lang);
    Html h = layout.begin(lang, m.t("admin.title"), path, null, false, null);
    h.raw("<h1>").text(m.t("admin.login.heading")).raw("</h1>");
    if (error != null) {
      h.raw("<p class=\"notice error\" role=\"alert\">").text(m.t(error)).raw("</p>");
    }
    h.raw("<form class=\"card\" method=\"post\"").attr("action", lang.link("/admin/login")).raw("><div class=\"row\"><label for=\"token\">")
        .text(m.t("admin.login.token")).raw("</label><input id=\"token\" name=\"token\" type=\"password\" required autocomplete=\"current-password\"></div>")
        .raw("<button type=\"submit\" class=\"primary\">").text(m.t("admin.login.go")).raw("</button></form>");
    layout.end(h, lang);
    Layout.send(res, status, h, "no-store");
  }

  private void login(ServerRequest req, ServerResponse res) {
    Lang lang = Lang.of(req);
    Map<String, String> form = Forms.parse(req);
    String token = form.getOrDefault("token", "").trim();
    if (token.isEmpty() || !site.vigie.tokens().roleOf(token).filter(Tokens.ADMIN::equals).isPresent()) {
      loginPage(res, lang, "/admin", 401, "admin.login.bad");
      return;
    }
    String sid = random();
    sessions.values().removeIf(s -> s.expires().isBefore(Instant.now()));
    sessions.put(sid, new Session(random(), Instant.now().plus(SESSION), Tokens.hash(token)));
    res.header(HeaderNames.SET_COOKIE, COOKIE + "=" + sid + "; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=" + SESSION.toSeconds());
    redirect(res, lang.link("/admin"));
  }

  private void logout(ServerRequest req, ServerResponse res) {
    Lang lang = Lang.of(req);
    Map<String, String> form = Forms.parse(req);
    if (!allowed(req, res, lang, form)) {
      return;
    }
    Forms.cookie(req, COOKIE).ifPresent(sessions::remove);
    res.header(HeaderNames.SET_COOKIE, COOKIE + "=; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=0");
    redirect(res, lang.link("/"));
  }

  // ---- pages ----

  private Html frame(Lang lang, String title, String path, String csrf) {
    Messages m = Messages.of(lang);
    Html h = layout.begin(lang, title, path, null, false, null);
    h.raw("<nav class=\"admin-nav\"").attr("aria-label", m.t("admin.nav")).raw("><a").attr("href", lang.link("/admin")).raw(">").text(m.t("admin.overview"))
        .raw("</a><a").attr("href", lang.link("/admin/services")).raw(">").text(m.t("admin.services"))
        .raw("</a><a").attr("href", lang.link("/admin/moderation")).raw(">").text(m.t("admin.moderation"))
        .raw("</a><a").attr("href", lang.link("/admin/tokens")).raw(">").text(m.t("admin.tokens")).raw("</a>");
    if (!csrf.isEmpty()) {
      h.raw("<form method=\"post\" class=\"inline\"").attr("action", lang.link("/admin/logout")).raw(">");
      csrfField(h, csrf);
      h.raw("<button type=\"submit\">").text(m.t("admin.logout")).raw("</button></form>");
    }
    h.raw("</nav><h1>").text(title).raw("</h1>");
    return h;
  }

  private static void csrfField(Html h, String csrf) {
    h.raw("<input type=\"hidden\" name=\"csrf\"").attr("value", csrf).raw(">");
  }

  private void overview(ServerRequest req, ServerResponse res) {
    Lang lang = Lang.of(req);
    Optional<String> csrf = require(req, res, lang, "/admin");
    if (csrf.isEmpty()) {
      return;
    }
    Messages m = Messages.of(lang);
    Html h = frame(lang, m.t("admin.title"), "/admin", csrf.get());
    long open = site.vigie.catalogue().services().stream().filter(s -> site.vigie.pipeline().openIncident(s.slug()).isPresent()).count();
    h.raw("<ul class=\"facts-list\"><li>").text(m.t("admin.count.services", site.vigie.catalogue().size())).raw("</li><li>")
        .text(m.t("admin.count.open", open)).raw("</li><li>").text(m.t("admin.count.comments", site.comments.count()))
        .raw("</li><li>").text(m.t("admin.count.banned", site.comments.banned().size())).raw("</li><li>")
        .text(m.t("admin.count.reports", Layout.number(site.vigie.storage().signals().countReports(), lang))).raw("</li></ul>");
    layout.end(h, lang);
    Layout.send(res, 200, h, "no-store");
  }

  private void services(ServerRequest req, ServerResponse res) {
    Lang lang = Lang.of(req);
    Optional<String> csrf = require(req, res, lang, "/admin/services");
    if (csrf.isEmpty()) {
      return;
    }
    Messages m = Messages.of(lang);
    Html h = frame(lang, m.t("admin.services"), "/admin/services", csrf.get());
    req.query().first("saved").flatMap(site::service).ifPresent(saved ->
        h.raw("<p class=\"notice\" role=\"status\">").text(m.t("admin.service.saved", saved.name())).raw("</p>"));
    java.util.Set<String> overridden = new java.util.HashSet<>();
    site.vigie.storage().catalog().overrides().forEach(s -> overridden.add(s.slug()));
    h.raw("<p>").text(m.t("admin.services.lead")).raw("</p><table class=\"admin\"><thead><tr><th scope=\"col\">").text(m.t("admin.col.service"))
        .raw("</th><th scope=\"col\">").text(m.t("admin.col.status")).raw("</th><th scope=\"col\">").text(m.t("admin.col.category"))
        .raw("</th><th scope=\"col\">").text(m.t("admin.col.indicators")).raw("</th><th scope=\"col\">").text(m.t("admin.col.aliases"))
        .raw("</th><th scope=\"col\">").text(m.t("admin.col.source")).raw("</th><th scope=\"col\">").text(m.t("admin.col.actions"))
        .raw("</th></tr></thead><tbody>");
    for (Site.ServiceState st : site.states()) {
      Service s = st.service();
      h.raw("<tr><td><a").attr("href", lang.link("/status/" + s.slug())).raw(">").text(s.name()).raw("</a> <code>").text(s.slug()).raw("</code></td><td>");
      HomeView.badge(h, st.status(), m);
      h.raw("</td><td>").text(s.category()).raw("</td><td>");
      h.text(String.join(", ", s.indicators().stream().map(i -> i.label(lang.code())).toList()));
      h.raw("</td><td>").text(String.join(", ", s.aliases())).raw("</td><td>").text(m.t(overridden.contains(s.slug()) ? "admin.source.api" : "admin.source.file"))
          .raw("</td><td><a").attr("href", lang.link("/admin/services/" + s.slug())).raw(">").text(m.t("admin.service.edit", s.name())).raw("</a></td></tr>");
    }
    h.raw("</tbody></table>");
    layout.end(h, lang);
    Layout.send(res, 200, h, "no-store");
  }

  private void moderation(ServerRequest req, ServerResponse res) {
    Lang lang = Lang.of(req);
    Optional<String> csrf = require(req, res, lang, "/admin/moderation");
    if (csrf.isEmpty()) {
      return;
    }
    Messages m = Messages.of(lang);
    Html h = frame(lang, m.t("admin.moderation"), "/admin/moderation", csrf.get());
    List<Comment> recent = site.comments.recent(200);
    if (recent.isEmpty()) {
      h.raw("<p class=\"muted\">").text(m.t("admin.moderation.none")).raw("</p>");
    } else {
      h.raw("<table class=\"admin\" id=\"moderation\"><thead><tr><th scope=\"col\">#</th><th scope=\"col\">").text(m.t("admin.col.service"))
          .raw("</th><th scope=\"col\">").text(m.t("admin.col.when")).raw("</th><th scope=\"col\">").text(m.t("admin.col.author"))
          .raw("</th><th scope=\"col\">").text(m.t("admin.col.text")).raw("</th><th scope=\"col\">").text(m.t("admin.col.actions")).raw("</th></tr></thead><tbody>");
      for (Comment c : recent) {
        boolean banned = site.comments.isBanned(c.reporter());
        h.raw("<tr").attr("id", "mod-" + c.id()).raw(c.hidden() ? " class=\"hidden-comment\"" : "").raw("><td>").num(c.id()).raw("</td><td>").text(c.service()).raw("</td><td>");
        Layout.time(h, c.at(), lang);
        h.raw("</td><td>").text(c.name().isBlank() ? m.t("comments.anonymous") : c.name()).raw(" <code>").text(key(c.reporter())).raw("</code>");
        if (banned) {
          h.raw(" <span class=\"tag\">").text(m.t("admin.banned")).raw("</span>");
        }
        h.raw("</td><td class=\"text\">").text(c.text());
        if (c.hidden()) {
          h.raw(" <span class=\"tag\">").text(m.t("admin.hidden")).raw("</span>");
        }
        h.raw("</td><td><form method=\"post\" class=\"inline\"").attr("action", lang.link("/admin/comments/" + c.id() + (c.hidden() ? "/show" : "/hide"))).raw(">");
        csrfField(h, csrf.get());
        h.raw("<button type=\"submit\">").text(m.t(c.hidden() ? "admin.show" : "admin.hide")).raw("</button></form>");
        if (!banned) {
          h.raw("<form method=\"post\" class=\"inline\"").attr("action", lang.link("/admin/bans")).raw(">");
          csrfField(h, csrf.get());
          h.raw("<input type=\"hidden\" name=\"reporter\"").attr("value", key(c.reporter())).raw("><button type=\"submit\">").text(m.t("admin.ban")).raw("</button></form>");
        }
        h.raw("</td></tr>");
      }
      h.raw("</tbody></table>");
    }
    h.raw("<h2>").text(m.t("admin.bans")).raw("</h2>");
    if (site.comments.banned().isEmpty()) {
      h.raw("<p class=\"muted\">").text(m.t("admin.bans.none")).raw("</p>");
    } else {
      h.raw("<ul class=\"bans\">");
      for (long k : site.comments.banned()) {
        h.raw("<li><code>").text(key(k)).raw("</code> <form method=\"post\" class=\"inline\"").attr("action", lang.link("/admin/bans/" + key(k) + "/delete")).raw(">");
        csrfField(h, csrf.get());
        h.raw("<button type=\"submit\">").text(m.t("admin.unban")).raw("</button></form></li>");
      }
      h.raw("</ul>");
    }
    layout.end(h, lang);
    Layout.send(res, 200, h, "no-store");
  }

  private void commentAction(ServerRequest req, ServerResponse res) {
    Lang lang = Lang.of(req);
    Map<String, String> form = Forms.parse(req);
    if (!allowed(req, res, lang, form)) {
      return;
    }
    long id;
    try {
      id = Long.parseLong(req.path().pathParameters().get("id"));
    } catch (NumberFormatException e) {
      throw new org.vigie.server.http.Problem(404, "Not found", "no such comment");
    }
    String action = req.path().pathParameters().get("action");
    if (!action.equals("hide") && !action.equals("show")) {
      throw new org.vigie.server.http.Problem(404, "Not found", "no action '" + action + "'");
    }
    if (!site.comments.setHidden(id, action.equals("hide"))) {
      throw new org.vigie.server.http.Problem(404, "Not found", "no comment " + id);
    }
    site.pages.clear();
    redirect(res, lang.link("/admin/moderation"));
  }

  private void ban(ServerRequest req, ServerResponse res) {
    Lang lang = Lang.of(req);
    Map<String, String> form = Forms.parse(req);
    if (!allowed(req, res, lang, form)) {
      return;
    }
    site.comments.ban(parseKey(form.getOrDefault("reporter", "")));
    site.pages.clear();
    redirect(res, lang.link("/admin/moderation"));
  }

  private void unban(ServerRequest req, ServerResponse res) {
    Lang lang = Lang.of(req);
    Map<String, String> form = Forms.parse(req);
    if (!allowed(req, res, lang, form)) {
      return;
    }
    site.comments.unban(parseKey(req.path().pathParameters().get("key")));
    site.pages.clear();
    redirect(res, lang.link("/admin/moderation"));
  }

  private void tokens(ServerRequest req, ServerResponse res) {
    Lang lang = Lang.of(req);
    Optional<String> csrf = require(req, res, lang, "/admin/tokens");
    if (csrf.isEmpty()) {
      return;
    }
    tokensPage(res, lang, csrf.get(), 200, null, null, null);
  }

  /**
   * @param created a token just created, shown this once, or null
   * @param error a message key saying what was wrong with the last form, or null
   */
  private void tokensPage(ServerResponse res, Lang lang, String csrf, int status, String created, String createdName, String error) {
    Messages m = Messages.of(lang);
    Html h = frame(lang, m.t("admin.tokens"), "/admin/tokens", csrf);
    if (created != null) {
      h.raw("<div class=\"notice\" role=\"status\"><p>").text(m.t("admin.tokens.created", createdName)).raw("</p><p><code id=\"new-token\">").text(created)
          .raw("</code></p></div>");
    }
    if (error != null) {
      h.raw("<p class=\"notice error\" role=\"alert\">").text(m.t(error)).raw("</p>");
    }
    h.raw("<table class=\"admin\" id=\"tokens\"><thead><tr><th scope=\"col\">").text(m.t("admin.col.name")).raw("</th><th scope=\"col\">").text(m.t("admin.col.role"))
        .raw("</th><th scope=\"col\">").text(m.t("admin.col.created")).raw("</th><th scope=\"col\">").text(m.t("admin.col.hash"))
        .raw("</th><th scope=\"col\">").text(m.t("admin.col.actions")).raw("</th></tr></thead><tbody>");
    for (TokenStore.Token t : site.vigie.storage().tokens().all()) {
      h.raw("<tr><td>").text(t.name()).raw("</td><td>").text(t.role()).raw("</td><td>");
      Layout.time(h, t.createdAt(), lang);
      h.raw("</td><td><code>").text(t.sha256Hex().substring(0, 12)).raw("…</code></td><td><form method=\"post\" class=\"inline\"")
          .attr("action", lang.link("/admin/tokens/" + t.sha256Hex() + "/delete")).raw(">");
      csrfField(h, csrf);
      h.raw("<button type=\"submit\">").text(m.t("admin.tokens.revoke", t.name())).raw("</button></form></td></tr>");
    }
    h.raw("</tbody></table><h2>").text(m.t("admin.tokens.new")).raw("</h2><form class=\"card\" method=\"post\"").attr("action", lang.link("/admin/tokens")).raw(">");
    csrfField(h, csrf);
    h.raw("<div class=\"row\"><label for=\"token-name\">").text(m.t("admin.col.name")).raw("</label><input id=\"token-name\" name=\"name\" required maxlength=\"60\"></div>")
        .raw("<div class=\"row\"><label for=\"token-role\">").text(m.t("admin.col.role")).raw("</label><select id=\"token-role\" name=\"role\">");
    for (String role : List.of(Tokens.IMPORT, Tokens.AGENT, Tokens.ADMIN)) {
      h.raw("<option").attr("value", role).raw(">").text(m.t("admin.role." + role)).raw("</option>");
    }
    h.raw("</select></div><button type=\"submit\" class=\"primary\">").text(m.t("admin.tokens.create")).raw("</button> <span class=\"muted\">").text(m.t("admin.tokens.once"))
        .raw("</span></form>");
    layout.end(h, lang);
    Layout.send(res, status, h, "no-store");
  }

  private void createToken(ServerRequest req, ServerResponse res) {
    Lang lang = Lang.of(req);
    Map<String, String> form = Forms.parse(req);
    if (!allowed(req, res, lang, form)) {
      return;
    }
    String csrf = auth(req).orElse("");
    String name = Forms.clean(form.getOrDefault("name", "")).replace('\n', ' ');
    String role = form.getOrDefault("role", "");
    if (name.isEmpty() || name.length() > 60) {
      tokensPage(res, lang, csrf, 400, null, null, "admin.tokens.error.name");
    } else if (!List.of(Tokens.IMPORT, Tokens.AGENT, Tokens.ADMIN).contains(role)) {
      tokensPage(res, lang, csrf, 400, null, null, "admin.tokens.error.role");
    } else {
      String token = site.vigie.tokens().create(name, role, site.now());
      tokensPage(res, lang, csrf, 200, token, name, null);
    }
  }

  private void revokeToken(ServerRequest req, ServerResponse res) {
    Lang lang = Lang.of(req);
    Map<String, String> form = Forms.parse(req);
    if (!allowed(req, res, lang, form)) {
      return;
    }
    switch (site.vigie.tokens().revoke(req.path().pathParameters().get("hash"))) {
      case REVOKED -> redirect(res, lang.link("/admin/tokens"));
      case UNKNOWN -> tokensPage(res, lang, auth(req).orElse(""), 404, null, null, "admin.tokens.error.unknown");
      case LAST_ADMIN -> tokensPage(res, lang, auth(req).orElse(""), 409, null, null, "admin.tokens.error.last");
    }
  }

  // ---- editing a service's catalogue entry ----

  private void serviceForm(ServerRequest req, ServerResponse res) {
    Lang lang = Lang.of(req);
    Service s = editable(req);
    Optional<String> csrf = require(req, res, lang, "/admin/services/" + s.slug());
    if (csrf.isEmpty()) {
      return;
    }
    serviceForm(res, lang, csrf.get(), s, 200, null);
  }

  private void serviceForm(ServerResponse res, Lang lang, String csrf, Service s, int status, String error) {
    Messages m = Messages.of(lang);
    Html h = frame(lang, m.t("admin.service.edit", s.name()), "/admin/services/" + s.slug(), csrf);
    if (error != null) {
      h.raw("<p class=\"notice error\" role=\"alert\" id=\"service-error\">").text(error).raw("</p>");
    }
    h.raw("<p>").text(m.t("admin.service.lead")).raw("</p><form class=\"card\" method=\"post\"").attr("action", lang.link("/admin/services/" + s.slug())).raw(">");
    csrfField(h, csrf);
    field(h, "svc-name", "name", m.t("admin.col.name"), s.name(), MAX_SERVICE_NAME, true);
    field(h, "svc-category", "category", m.t("admin.col.category"), s.category(), MAX_SERVICE_NAME, false);
    field(h, "svc-aliases", "aliases", m.t("admin.col.aliases"), String.join(", ", s.aliases()), MAX_LIST, false);
    field(h, "svc-hashtags", "hashtags", m.t("admin.service.hashtags"), String.join(", ", s.hashtags()), MAX_LIST, false);
    field(h, "svc-domains", "domains", m.t("admin.service.domains"), String.join(", ", s.domains()), MAX_LIST, false);
    field(h, "svc-status-page", "statusPage", m.t("admin.service.status-page"), s.statusPage(), MAX_LIST, false);
    h.raw("<p class=\"muted\">").text(m.t("admin.service.lists")).raw("</p><button type=\"submit\" class=\"primary\">").text(m.t("admin.service.save"))
        .raw("</button></form>");
    layout.end(h, lang);
    Layout.send(res, status, h, "no-store");
  }

  private static void field(Html h, String id, String name, String label, String value, int max, boolean required) {
    h.raw("<div class=\"row\"><label").attr("for", id).raw(">").text(label).raw("</label><input").attr("id", id).attr("name", name)
        .attr("value", value == null ? "" : value).attr("maxlength", max).raw(required ? " required" : "").raw("></div>");
  }

  private void saveService(ServerRequest req, ServerResponse res) {
    Lang lang = Lang.of(req);
    Messages m = Messages.of(lang);
    Service s = editable(req);
    Map<String, String> form = Forms.parse(req);
    if (!allowed(req, res, lang, form)) {
      return;
    }
    String csrf = auth(req).orElse("");
    String name = Forms.clean(form.get("name")).replace('\n', ' ');
    String category = Forms.clean(form.get("category")).replace('\n', ' ');
    String statusPage = Forms.clean(form.get("statusPage"));
    List<String> aliases = list(form.get("aliases"));
    List<String> hashtags = list(form.get("hashtags")).stream().map(t -> t.startsWith("#") ? t.substring(1) : t).toList();
    List<String> domains = list(form.get("domains"));
    String error = null;
    if (name.isEmpty() || name.length() > MAX_SERVICE_NAME || category.length() > MAX_SERVICE_NAME) {
      error = m.t("admin.service.error.name", MAX_SERVICE_NAME);
    } else if (Forms.clean(form.get("aliases")).length() > MAX_LIST || Forms.clean(form.get("hashtags")).length() > MAX_LIST
        || Forms.clean(form.get("domains")).length() > MAX_LIST) {
      error = m.t("admin.service.error.long", MAX_LIST);
    } else if (!statusPage.isEmpty() && !statusPage.matches("https?://[^\\s<>\"]+")) {
      error = m.t("admin.service.error.status-page", statusPage);
    } else {
      for (String d : domains) {
        if (!DOMAIN.matcher(d).matches()) {
          error = m.t("admin.service.error.domain", d);
          break;
        }
      }
    }
    if (error != null) {
      // Shown again as typed, so the admin corrects one field instead of retyping all of them.
      serviceForm(res, lang, csrf, new Service(s.slug(), name.isEmpty() ? s.name() : name, category, s.parent(), s.upstreams(), aliases,
          hashtags, s.indicators(), domains, statusPage, s.countries()), 400, error);
      return;
    }
    Service edited = new Service(s.slug(), name, category.isEmpty() ? s.category() : category, s.parent(), s.upstreams(), aliases, hashtags,
        s.indicators(), domains, statusPage.isEmpty() ? null : statusPage, s.countries());
    site.vigie.putService(edited);
    site.pages.clear();
    redirect(res, lang.link("/admin/services?saved=" + s.slug()));
  }

  private Service editable(ServerRequest req) {
    String slug = req.path().pathParameters().get("slug");
    return site.service(slug).orElseThrow(() -> new org.vigie.server.http.Problem(404, "Not found", "no service '" + slug + "'"));
  }

  /** A comma-separated list as typed: items trimmed, empty ones and repeats dropped. */
  private static List<String> list(String typed) {
    return java.util.Arrays.stream(Forms.clean(typed).split("[,\\n]")).map(String::strip).filter(x -> !x.isEmpty()).distinct().toList();
  }

  // ---- helpers ----

  private static void redirect(ServerResponse res, String location) {
    res.status(Status.SEE_OTHER_303);
    res.header(HeaderNames.LOCATION, location);
    res.header(HeaderNames.CACHE_CONTROL, "no-store");
    res.send();
  }

  static String key(long reporter) {
    return HexFormat.of().toHexDigits(reporter);
  }

  static long parseKey(String hex) {
    try {
      return HexFormat.fromHexDigitsToLong(hex);
    } catch (IllegalArgumentException e) {
      throw new org.vigie.server.http.Problem(400, "Bad request", "'" + hex + "' is not a reporter key (16 hex digits)");
    }
  }

  private static String random() {
    byte[] b = new byte[24];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
