package org.vigie.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.server.TestServer;
import org.vigie.server.Tokens;

/** The admin pages' forms as a browser uses them: a session cookie, the CSRF token of the page. */
class AdminPagesTest {
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  @TempDir Path dir;
  WebFixture web;

  @BeforeEach
  void start() {
    web = new WebFixture(dir);
  }

  @AfterEach
  void stop() {
    web.close();
  }

  /** Signs in with a token; returns the session cookie. */
  private String signIn(String token) {
    HttpResponse<String> login = web.postForm("/admin/login", "token=" + enc(token));
    assertThat(login.statusCode()).isEqualTo(303);
    String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    return cookie.substring(0, cookie.indexOf(';'));
  }

  private static String csrf(String page) {
    Matcher m = CSRF.matcher(page);
    assertThat(m.find()).as("a CSRF field").isTrue();
    return m.group(1);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private String newToken(String session, String name, String role) {
    String csrf = csrf(web.get("/admin/tokens", "Cookie", session).body());
    String page = web.postForm("/admin/tokens", "csrf=" + enc(csrf) + "&name=" + enc(name) + "&role=" + role, "Cookie", session).body();
    return page.replaceAll("(?s).*<code id=\"new-token\">([^<]+)</code>.*", "$1");
  }

  @Test
  void aRevokedTokenStopsWorkingAndEndsTheSessionsSignedInWithIt() {
    String session = signIn(TestServer.ADMIN);
    String importer = newToken(session, "nightly import", "import");
    String second = newToken(session, "second admin", "admin");
    String agent = newToken(session, "probe FR-IDF", "agent");
    assertThat(web.server.vigie.tokens().roleOf(importer)).hasValue(Tokens.IMPORT);
    assertThat(web.server.vigie.tokens().roleOf(agent)).hasValue(Tokens.AGENT);
    String secondSession = signIn(second);

    String page = web.get("/admin/tokens", "Cookie", session).body();
    assertThat(page).contains("Revoke nightly import").doesNotContain(importer);
    // Without the page's CSRF token nothing is revoked.
    String path = "/admin/tokens/" + Tokens.hash(importer) + "/delete";
    assertThat(web.postForm(path, "", "Cookie", session).statusCode()).isEqualTo(403);
    assertThat(web.server.vigie.tokens().roleOf(importer)).hasValue(Tokens.IMPORT);

    assertThat(web.postForm(path, "csrf=" + enc(csrf(page)), "Cookie", session).statusCode()).isEqualTo(303);
    assertThat(web.server.vigie.tokens().roleOf(importer)).isEmpty();
    assertThat(web.get("/admin/tokens", "Cookie", session).body()).doesNotContain("nightly import");
    HttpResponse<String> again = web.postForm(path, "csrf=" + enc(csrf(page)), "Cookie", session);
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(again.body()).contains("There is no such token");

    assertThat(web.get("/admin", "Cookie", secondSession).statusCode()).isEqualTo(200);
    assertThat(web.postForm("/admin/tokens/" + Tokens.hash(second) + "/delete", "csrf=" + enc(csrf(page)), "Cookie", session).statusCode())
        .isEqualTo(303);
    assertThat(web.get("/admin", "Cookie", secondSession).statusCode()).isEqualTo(401);
  }

  @Test
  void theLastAdminTokenCannotBeRevoked() {
    String session = signIn(TestServer.ADMIN);
    String csrf = csrf(web.get("/admin/tokens", "Cookie", session).body());
    HttpResponse<String> r = web.postForm("/admin/tokens/" + Tokens.hash(TestServer.ADMIN) + "/delete", "csrf=" + enc(csrf), "Cookie", session);
    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(r.body()).contains("role=\"alert\"").contains("This is the last admin token");
    assertThat(web.server.vigie.tokens().roleOf(TestServer.ADMIN)).hasValue(Tokens.ADMIN);
  }

  @Test
  void aBadTokenFormSaysWhatIsWrongOnThePage() {
    String session = signIn(TestServer.ADMIN);
    String csrf = csrf(web.get("/admin/tokens", "Cookie", session).body());
    HttpResponse<String> noName = web.postForm("/admin/tokens", "csrf=" + enc(csrf) + "&name=&role=import", "Cookie", session);
    assertThat(noName.statusCode()).isEqualTo(400);
    assertThat(noName.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(noName.body()).contains("Name: required, at most 60 characters.");
    assertThat(web.postForm("/admin/tokens", "csrf=" + enc(csrf) + "&name=x&role=root", "Cookie", session).body())
        .contains("Role: choose import, agent or admin.");
    assertThat(web.server.vigie.storage().tokens().all()).hasSize(1);
  }

  @Test
  void anEditedServiceIsServedAtOnceAndKeptAcrossARestart() {
    String session = signIn(TestServer.ADMIN);
    String form = web.get("/admin/services/instagram", "Cookie", session).body();
    assertThat(form).contains("value=\"Instagram\"").contains("Edit Instagram");
    String csrf = csrf(form);

    HttpResponse<String> bad = web.postForm("/admin/services/instagram", "csrf=" + enc(csrf) + "&name=Insta&statusPage=" + enc("javascript:alert(1)")
        + "&aliases=" + enc("IG, insta"), "Cookie", session);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("Official status page: &quot;javascript:alert(1)&quot; is not an http:// or https:// address.")
        .contains("value=\"IG, insta\"");
    assertThat(web.server.vigie.catalogue().find("instagram").orElseThrow().name()).isEqualTo("Instagram");
    assertThat(web.postForm("/admin/services/instagram", "csrf=" + enc(csrf) + "&name=X&domains=" + enc("not a host"), "Cookie", session).body())
        .contains("Domains: &quot;not a host&quot; is not a host name.");

    HttpResponse<String> saved = web.postForm("/admin/services/instagram", "csrf=" + enc(csrf) + "&name=" + enc("Instagram <IG>")
        + "&category=social&aliases=" + enc("IG, insta, IG") + "&hashtags=" + enc("#instagramdown, igdown") + "&domains=" + enc("instagram.com, i.instagram.com")
        + "&statusPage=", "Cookie", session);
    assertThat(saved.statusCode()).isEqualTo(303);
    assertThat(web.get(saved.headers().firstValue("Location").orElseThrow(), "Cookie", session).body())
        .contains("Instagram &lt;IG&gt; saved").contains("admin API");
    assertThat(web.get("/status/instagram").body()).contains("Instagram &lt;IG&gt;").doesNotContain("Instagram <IG>");

    web.close();
    web = new WebFixture(dir);
    var s = web.server.vigie.catalogue().find("instagram").orElseThrow();
    assertThat(s.name()).isEqualTo("Instagram <IG>");
    assertThat(s.aliases()).containsExactly("IG", "insta");
    assertThat(s.hashtags()).containsExactly("instagramdown", "igdown");
    assertThat(s.domains()).containsExactly("instagram.com", "i.instagram.com");
    assertThat(s.statusPage()).isNull();
    assertThat(s.indicators()).isNotEmpty();
  }

  @Test
  void editingAServiceNeedsTheAdminAndTheCsrfToken() {
    assertThat(web.get("/admin/services/instagram").statusCode()).isEqualTo(401);
    assertThat(web.postForm("/admin/services/instagram", "name=Pwned").statusCode()).isEqualTo(401);
    String session = signIn(TestServer.ADMIN);
    assertThat(web.postForm("/admin/services/instagram", "name=Pwned", "Cookie", session).statusCode()).isEqualTo(403);
    assertThat(web.server.vigie.catalogue().find("instagram").orElseThrow().name()).isEqualTo("Instagram");
  }

  @Test
  void theOverviewCountsEveryStoredCommentHiddenOnesIncluded() {
    var comments = web.server.vigie.storage().comments();
    for (int i = 0; i < 3; i++) {
      comments.add("instagram", java.time.Instant.parse("2026-11-25T10:00:00Z"), i, "", "down here too " + i);
    }
    comments.setHidden(comments.recent(1).getFirst().id(), true);
    String session = signIn(TestServer.ADMIN);
    assertThat(web.get("/admin", "Cookie", session).body()).contains("3 comments");
  }
}
