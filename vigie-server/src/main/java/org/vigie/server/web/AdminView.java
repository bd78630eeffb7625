package org.vigie.server.web;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.vigie.core.model.Service;
import org.vigie.core.storage.CommentStore.Comment;
import org.vigie.core.storage.TokenStore;
import org.vigie.server.Tokens;

/**
 * {@code /admin}: services, comment moderation and tokens, behind the admin token. A browser signs
 * in with the token once and gets a session cookie (HttpOnly, SameSite=Strict, path /admin; the
 * token itself is never stored in the browser); every form carries the session's CSRF token.
 * Scripts may send {@code Authorization: Bearer <admin token>} instead.
 */
final class AdminView {
  static final String COOKIE = "vigie_admin";

  /** How long a browser session lasts. */
  static final Duration SESSION = Duration.ofHours(12);

  private static final SecureRandom RANDOM = new SecureRandom();

  private record Session(String csrf, Instant expires) {}

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
        .get("/admin/moderation", this::moderation)
        .post("/admin/comments/{id}/{action}", this::commentAction)
        .post("/admin/bans", this::ban)
        .post("/admin/bans/{key}/delete", this::unban)
        .get("/admin/tokens", this::tokens)
        .post("/admin/tokens", this::createToken);
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
    if (s == null || s.expires().isBefore(Instant.now())) {
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
    sessions.put(sid, new Session(random(), Instant.now().plus(SESSION)));
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
        .text(m.t("admin.count.open", open)).raw("</li><li>").text(m.t("admin.count.comments", site.comments.recent(10_000).size()))
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
    java.util.Set<String> overridden = new java.util.HashSet<>();
    site.vigie.storage().catalog().overrides().forEach(s -> overridden.add(s.slug()));
    h.raw("<p>").text(m.t("admin.services.lead")).raw("</p><table class=\"admin\"><thead><tr><th scope=\"col\">").text(m.t("admin.col.service"))
        .raw("</th><th scope=\"col\">").text(m.t("admin.col.status")).raw("</th><th scope=\"col\">").text(m.t("admin.col.category"))
        .raw("</th><th scope=\"col\">").text(m.t("admin.col.indicators")).raw("</th><th scope=\"col\">").text(m.t("admin.col.aliases"))
        .raw("</th><th scope=\"col\">").text(m.t("admin.col.source")).raw("</th></tr></thead><tbody>");
    for (Site.ServiceState st : site.states()) {
      Service s = st.service();
      h.raw("<tr><td><a").attr("href", lang.link("/status/" + s.slug())).raw(">").text(s.name()).raw("</a> <code>").text(s.slug()).raw("</code></td><td>");
      HomeView.badge(h, st.status(), m);
      h.raw("</td><td>").text(s.category()).raw("</td><td>");
      h.text(String.join(", ", s.indicators().stream().map(i -> i.label(lang.code())).toList()));
      h.raw("</td><td>").text(String.join(", ", s.aliases())).raw("</td><td>").text(m.t(overridden.contains(s.slug()) ? "admin.source.api" : "admin.source.file"))
          .raw("</td></tr>");
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
    tokensPage(res, lang, csrf.get(), null, null);
  }

  private void tokensPage(ServerResponse res, Lang lang, String csrf, String created, String createdName) {
    Messages m = Messages.of(lang);
    Html h = frame(lang, m.t("admin.tokens"), "/admin/tokens", csrf);
    if (created != null) {
      h.raw("<div class=\"notice\" role=\"status\"><p>").text(m.t("admin.tokens.created", createdName)).raw("</p><p><code id=\"new-token\">").text(created)
          .raw("</code></p></div>");
    }
    h.raw("<table class=\"admin\"><thead><tr><th scope=\"col\">").text(m.t("admin.col.name")).raw("</th><th scope=\"col\">").text(m.t("admin.col.role"))
        .raw("</th><th scope=\"col\">").text(m.t("admin.col.created")).raw("</th><th scope=\"col\">").text(m.t("admin.col.hash")).raw("</th></tr></thead><tbody>");
    for (TokenStore.Token t : site.vigie.storage().tokens().all()) {
      h.raw("<tr><td>").text(t.name()).raw("</td><td>").text(t.role()).raw("</td><td>");
      Layout.time(h, t.createdAt(), lang);
      h.raw("</td><td><code>").text(t.sha256Hex().substring(0, 12)).raw("…</code></td></tr>");
    }
    h.raw("</tbody></table><h2>").text(m.t("admin.tokens.new")).raw("</h2><form class=\"card\" method=\"post\"").attr("action", lang.link("/admin/tokens")).raw(">");
    csrfField(h, csrf);
    h.raw("<div class=\"row\"><label for=\"token-name\">").text(m.t("admin.col.name")).raw("</label><input id=\"token-name\" name=\"name\" required maxlength=\"60\"></div>")
        .raw("<div class=\"row\"><label for=\"token-role\">").text(m.t("admin.col.role")).raw("</label><select id=\"token-role\" name=\"role\"><option value=\"import\">")
        .text(m.t("admin.role.import")).raw("</option><option value=\"admin\">").text(m.t("admin.role.admin")).raw("</option></select></div>")
        .raw("<button type=\"submit\" class=\"primary\">").text(m.t("admin.tokens.create")).raw("</button> <span class=\"muted\">").text(m.t("admin.tokens.once"))
        .raw("</span></form>");
    layout.end(h, lang);
    Layout.send(res, 200, h, "no-store");
  }

  private void createToken(ServerRequest req, ServerResponse res) {
    Lang lang = Lang.of(req);
    Map<String, String> form = Forms.parse(req);
    if (!allowed(req, res, lang, form)) {
      return;
    }
    String name = Forms.clean(form.getOrDefault("name", ""));
    String role = form.getOrDefault("role", "");
    if (name.isEmpty() || name.length() > 60 || !(role.equals(Tokens.ADMIN) || role.equals(Tokens.IMPORT))) {
      throw new org.vigie.server.http.Problem(400, "Bad request", "a token needs a name (at most 60 characters) and the role 'admin' or 'import'");
    }
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    String token = "vigie_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    site.vigie.storage().tokens().add(new TokenStore.Token(name, role, sha256(token), Instant.now()));
    tokensPage(res, lang, auth(req).orElse(""), token, name);
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

  /** Same hashing as {@link Tokens}: hex SHA-256 of the token's UTF-8 bytes. */
  static String sha256(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
