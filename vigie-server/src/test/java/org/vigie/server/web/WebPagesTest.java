package org.vigie.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.server.TestServer;

/**
 * The pages over HTTP after a small story: three quiet days of Instagram, then an outage in
 * France that is still going on "now".
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebPagesTest {
  @TempDir static Path dir;
  WebFixture web;
  long incident;

  @BeforeAll
  void story() {
    web = new WebFixture(dir);
    web.story("instagram", WebFixture.NOW.minus(Duration.ofDays(3)), WebFixture.NOW.minus(Duration.ofMinutes(25)), 1.5, 0, "FR", "app");
    web.story("instagram", WebFixture.NOW.minus(Duration.ofMinutes(25)), WebFixture.NOW.minusSeconds(1), 1.5, 150, "FR", "login", "feed");
    JsonNode list = web.server.getJson("/api/v1/incidents?service=instagram").path("incidents");
    assertThat(list).as("the story must open an incident").hasSize(1);
    incident = list.get(0).path("id").asLong();
  }

  @AfterAll
  void stop() {
    web.close();
  }

  @Test
  void theServicePageSaysProblemsDetectedAsTextWithTheIncidentAndTheSpike() {
    HttpResponse<String> r = web.get("/status/instagram");
    assertThat(r.statusCode()).isEqualTo(200);
    String html = r.body();
    assertThat(html).contains("<html lang=\"en\"").contains("Problems detected").contains("incident #" + incident)
        .contains("Login").contains("France");
    assertThat(html).contains("id=\"series\"").contains("data-cc=\"FR\" class=\"l4\"");
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
  }

  @Test
  void pagesSendCacheHeadersAndAStrictContentSecurityPolicy() {
    for (String path : List.of("/", "/status/instagram", "/map", "/incidents/" + incident)) {
      HttpResponse<String> r = web.get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      assertThat(r.headers().firstValue("Cache-Control").orElse("")).as(path).startsWith("public, max-age=");
      assertThat(r.headers().firstValue("Vary").orElse("")).as(path).contains("Accept-Language");
      String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
      assertThat(csp).as(path).contains("script-src 'self'").contains("style-src 'self'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
      assertThat(r.body()).as(path).doesNotContain(" style=\"").doesNotContain("<script>").doesNotContain(" onclick=");
    }
  }

  @Test
  void frenchFromAcceptLanguageAndFromTheSwitch() {
    HttpResponse<String> r = web.get("/status/instagram", "Accept-Language", "fr-FR,fr;q=0.9,en;q=0.5");
    assertThat(r.body()).contains("<html lang=\"fr\"").contains("Problèmes détectés").contains("J&#39;ai un problème").contains("Connexion");
    assertThat(web.get("/status/instagram?lang=fr").body()).contains("Problèmes détectés");
    assertThat(web.get("/status/instagram?lang=en", "Accept-Language", "fr").body()).contains("Problems detected");
    assertThat(web.get("/map", "Accept-Language", "de-DE,fr;q=0.5").body()).contains("Carte des pannes en direct");
  }

  @Test
  void homeListsServicesMostTroubleFirstWithTrendingAndSearch() {
    String html = web.get("/").body();
    int ig = html.indexOf("data-slug=\"instagram\"");
    int fb = html.indexOf("data-slug=\"facebook\"");
    assertThat(ig).isPositive().isLessThan(fb);
    assertThat(html).contains("Trending outages").contains("class=\"spark\"");
    String found = web.get("/?q=insta").body();
    assertThat(found).contains("data-slug=\"instagram\" data-names");
    assertThat(found).containsPattern("data-slug=\"facebook\" data-names=\"[^\"]*\" hidden");
  }

  @Test
  void theMapApiAndPageCountFrance() {
    JsonNode map = TestServer.parse(web.get("/api/v1/services/instagram/map").body());
    JsonNode fr = map.path("countries").get(0);
    assertThat(fr.path("country").asText()).isEqualTo("FR");
    assertThat(fr.path("reports").asLong()).isGreaterThan(1000);
    assertThat(fr.path("level").asInt()).isEqualTo(4);
    JsonNode all = TestServer.parse(web.get("/api/v1/map").body());
    assertThat(all.path("service").asText()).isEqualTo("*");
    assertThat(web.get("/map?service=instagram").body()).contains("Live outage map: Instagram").contains("data-cc=\"FR\" class=\"l4\"");
  }

  @Test
  void theIncidentPageShowsPeakDurationCountriesAndTimeline() {
    String html = web.get("/incidents/" + incident).body();
    assertThat(html).contains("Incident #" + incident + ": Instagram").contains("Peak").contains("reports per minute")
        .contains("Countries over time").contains("France").contains("Incident opened").contains("Correlated services");
    assertThat(web.get("/incidents/999999").statusCode()).isEqualTo(404);
    assertThat(web.get("/incidents/abc").statusCode()).isEqualTo(404);
  }

  @Test
  void unknownServiceIsAnHtml404() {
    HttpResponse<String> r = web.get("/status/myspace");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).contains("Page not found").contains("myspace");
  }

  @Test
  void assetsAreServedWithLongCachingAndUplotComesFromTheWebJar() {
    String html = web.get("/status/instagram").body();
    String css = html.replaceAll("(?s).*href=\"(/assets/[0-9a-f]+/vigie.css)\".*", "$1");
    HttpResponse<String> r = web.get(css);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Cache-Control").orElse("")).contains("immutable");
    String uplot = css.replace("vigie.css", "uPlot.esm.js");
    assertThat(web.get(uplot).body()).contains("export { uPlot as default }");
    assertThat(web.get(css.replace("vigie.css", "nope.js")).statusCode()).isEqualTo(404);
  }

  @Test
  void theEventStreamStartsWithASnapshotOfTheService() throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(web.url("/api/v1/events?service=instagram"))).GET().build();
    HttpResponse<InputStream> r = java.net.http.HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    List<String> lines = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null && !line.startsWith("event:map")) {
        lines.add(line);
      }
    }
    assertThat(String.join("\n", lines)).contains("event:status").contains("\"status\":\"OUTAGE\"").contains("event:series");
    assertThat(web.get("/api/v1/events?service=myspace").statusCode()).isEqualTo(404);
  }
}
