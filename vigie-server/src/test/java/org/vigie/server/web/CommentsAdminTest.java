package org.vigie.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.server.TestServer;

/** Comments (escaping, limits, rate limits), their moderation, and the admin pages' guard. */
class CommentsAdminTest {
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

  private HttpResponse<String> comment(String name, String text) {
    return web.postForm("/status/instagram/comments", "name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)
        + "&text=" + URLEncoder.encode(text, StandardCharsets.UTF_8), "Cookie", "vigie_client=c1");
  }

  @Test
  void aScriptPostedAsACommentIsShownAsTextNeverAsMarkup() {
    HttpResponse<String> r = comment("<b>Mallory</b>", "<script>alert(1)</script><img src=x onerror=alert(2)> \"quoted\" & 'single'");
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location").orElse("")).startsWith("/status/instagram?commented=");
    String html = web.get("/status/instagram").body();
    assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt; &quot;quoted&quot; &amp; &#39;single&#39;")
        .contains("&lt;b&gt;Mallory&lt;/b&gt;")
        .doesNotContain("<script>alert").doesNotContain("<img src=x").doesNotContain("<b>Mallory");
    String json = web.get("/api/v1/services/instagram/comments").body();
    assertThat(TestServer.parse(json).path("comments").get(0).path("text").asText()).startsWith("<script>alert(1)");
  }

  @Test
  void emptyTooLongAndTooManyCommentsAreRefused() {
    assertThat(comment("", "   ").headers().firstValue("Location").orElse("")).contains("error=comment-empty");
    assertThat(comment("", "x".repeat(WebRoutes.MAX_COMMENT + 1)).headers().firstValue("Location").orElse("")).contains("error=comment-long");
    for (int i = 0; i < WebRoutes.COMMENTS_PER_REPORTER; i++) {
      assertThat(comment("", "down for me " + i).headers().firstValue("Location").orElse("")).contains("commented=");
    }
    assertThat(comment("", "one more").headers().firstValue("Location").orElse("")).contains("error=comment-rate");
    String page = web.get("/status/instagram?error=comment-rate").body();
    assertThat(page).contains("You have commented a lot recently");
    assertThat(web.get("/status/instagram?error=comment-rate").headers().firstValue("Cache-Control")).hasValue("private, no-store");
  }

  @Test
  void adminPagesNeedTheAdminToken() {
    assertThat(web.get("/admin").statusCode()).isEqualTo(401);
    assertThat(web.get("/admin/moderation").body()).contains("Admin token");
    assertThat(web.postForm("/admin/login", "token=wrong-token-0000000").statusCode()).isEqualTo(401);
    HttpResponse<String> login = web.postForm("/admin/login", "token=" + TestServer.ADMIN);
    assertThat(login.statusCode()).isEqualTo(303);
    String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/admin").doesNotContain(TestServer.ADMIN);
    String session = cookie.substring(0, cookie.indexOf(';'));
    HttpResponse<String> page = web.get("/admin/services", "Cookie", session);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Instagram").contains("catalogue file");
    assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
    // A form without the session's CSRF token is refused.
    assertThat(web.postForm("/admin/bans", "reporter=00000000000000ff", "Cookie", session).statusCode()).isEqualTo(403);
    assertThat(web.get("/admin/tokens", "Authorization", "Bearer " + TestServer.ADMIN).statusCode()).isEqualTo(200);
  }

  @Test
  void moderationHidesACommentAndBansItsAuthor() {
    comment("troll", "spam spam spam");
    assertThat(web.get("/status/instagram").body()).contains("spam spam spam");
    String bearer = "Bearer " + TestServer.ADMIN;
    String mod = web.get("/admin/moderation", "Authorization", bearer).body();
    assertThat(mod).contains("spam spam spam");
    long id = 1;
    assertThat(web.postForm("/admin/comments/" + id + "/hide", "", "Authorization", bearer).statusCode()).isEqualTo(303);
    assertThat(web.get("/status/instagram").body()).doesNotContain("spam spam spam");
    String key = mod.replaceAll("(?s).*name=\"reporter\" value=\"([0-9a-f]{16})\".*", "$1");
    assertThat(web.postForm("/admin/bans", "reporter=" + key, "Authorization", bearer).statusCode()).isEqualTo(303);
    assertThat(comment("troll", "back again").headers().firstValue("Location").orElse("")).contains("error=comment-banned");
    assertThat(web.postForm("/admin/bans/" + key + "/delete", "", "Authorization", bearer).statusCode()).isEqualTo(303);
    assertThat(comment("troll", "sorry").headers().firstValue("Location").orElse("")).contains("commented=");
  }

  @Test
  void aNewTokenIsShownOnceAndWorks() {
    String bearer = "Bearer " + TestServer.ADMIN;
    String page = web.postForm("/admin/tokens", "name=importer&role=import", "Authorization", bearer).body();
    String token = page.replaceAll("(?s).*<code id=\"new-token\">([^<]+)</code>.*", "$1");
    assertThat(token).startsWith("vigie_");
    assertThat(web.server.vigie.tokens().roleOf(token)).hasValue("import");
    assertThat(web.get("/admin/tokens", "Authorization", bearer).body()).contains("importer").doesNotContain(token);
  }

  @Test
  void commentsAndTheirModerationAreKeptInTheStoreAcrossARestart() {
    comment("Ana", "line one\nline two");
    web.postForm("/status/instagram/comments", "text=spam", "Cookie", "vigie_client=c2");
    String bearer = "Bearer " + TestServer.ADMIN;
    long spam = web.server.vigie.storage().comments().recent(1).getFirst().id();
    assertThat(web.postForm("/admin/comments/" + spam + "/hide", "", "Authorization", bearer).statusCode()).isEqualTo(303);

    web.close();
    web = new WebFixture(dir);

    String page = web.get("/status/instagram").body();
    assertThat(page).contains("line one").doesNotContain("spam");
    assertThat(web.get("/admin/moderation", "Authorization", bearer).body()).contains("spam");
    assertThat(Files.exists(dir.resolve("comments.ndjson"))).isFalse();
  }

  @Test
  void theReportFormWorksWithoutScripts() {
    HttpResponse<String> r = web.postForm("/status/instagram/report", "indicator=login&country=FR&city=Lyon");
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location").orElse("")).isEqualTo("/status/instagram?reported=1#report");
    assertThat(r.headers().firstValue("Set-Cookie").orElse("")).startsWith("vigie_client=");
    assertThat(web.server.vigie.storage().signals().countReports()).isEqualTo(1);
    assertThat(web.postForm("/status/instagram/report", "indicator=nope").headers().firstValue("Location").orElse("")).contains("error=invalid");
  }
}
