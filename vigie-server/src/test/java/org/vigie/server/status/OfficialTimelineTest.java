package org.vigie.server.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.core.incident.Incident;
import org.vigie.server.TestServer;
import org.vigie.sources.statuspage.StatusPagePoller;

/**
 * GitHub's real status page capture, served on loopback, polled while a crowd incident on
 * {@code github} is open: the official statements show on the incident's timeline in the API.
 * The capture's "Actions run failures and delays" (critical) was first posted 2026-07-25T12:31:51Z.
 */
class OfficialTimelineTest {
  static final Instant START = Instant.parse("2026-07-24T12:00:00Z");
  static final Instant ONSET = Instant.parse("2026-07-25T12:05:00Z");
  static final Instant STOP = Instant.parse("2026-07-25T12:40:00Z");

  @TempDir Path dir;

  static Path capture() {
    for (String p : List.of("../../shared/data/statuspage", "../shared/data/statuspage", "/work/shared/data/statuspage")) {
      if (Files.isRegularFile(Path.of(p, "github-incidents.json"))) {
        return Path.of(p);
      }
    }
    throw new AssertionError("GitHub status capture not found");
  }

  @Test
  void officialStatementsOfTheGitHubCaptureJoinTheOpenIncidentsTimeline() throws IOException {
    Path data = capture();
    HttpServer page = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    serve(page, "/api/v2/summary.json", data.resolve("github-summary.json"));
    serve(page, "/api/v2/incidents.json", data.resolve("github-incidents.json"));
    page.start();
    try (TestServer server = new TestServer(dir, STOP)) {
      importReports(server);
      Incident open = server.vigie.pipeline().openIncident("github").orElseThrow(() -> new AssertionError("no github incident"));
      assertThat(open.detectedAt()).isBefore(Instant.parse("2026-07-25T12:31:51Z"));

      StatusPagePoller poller = new StatusPagePoller("github",
          URI.create("http://127.0.0.1:" + page.getAddress().getPort() + "/"), HttpClient.newHttpClient(), server.clock);
      for (StatusPagePoller.Feed feed : List.of(StatusPagePoller.Feed.SUMMARY, StatusPagePoller.Feed.INCIDENTS)) {
        StatusPagePoller.Poll poll = poller.poll(feed);
        assertThat(poll.outcome()).as("%s: %s", feed, poll.error()).isEqualTo(StatusPagePoller.Outcome.CHANGED);
        server.vigie.pipeline().official(poll.statuses());
      }
      server.vigie.flush();

      JsonNode list = server.getJson("/api/v1/incidents?service=github").path("incidents");
      assertThat(list).hasSize(1);
      JsonNode i = server.getJson("/api/v1/incidents/" + list.get(0).path("id").asLong());
      assertThat(i.path("state").asText()).as("an official statement never resolves a crowd incident").isNotEqualTo("resolved");
      List<String> official = new ArrayList<>();
      List<String> admitted = new ArrayList<>();
      for (JsonNode e : i.path("timeline")) {
        if (e.path("kind").asText().equals("official")) {
          official.add(e.path("text").asText());
        } else if (e.path("kind").asText().equals("official-admitted")) {
          admitted.add(e.path("text").asText());
        }
      }
      assertThat(official).isNotEmpty();
      assertThat(official).anyMatch(t -> t.contains("Actions run failures and delays") && t.contains("major outage"));
      assertThat(official).as("older incidents of the capture are history").noneMatch(t -> t.contains("Incident with GraphQL API Requests"));
      assertThat(admitted).singleElement().asString().matches("The official status page admitted the problem \\d+ minutes after Vigie detected it");
      assertThat(i.path("severity").asText()).as("an official major outage is authoritative").isEqualTo("OUTAGE");
    } finally {
      page.stop(0);
    }
  }

  static void serve(HttpServer page, String path, Path file) throws IOException {
    byte[] body = Files.readAllBytes(file);
    page.createContext(path, ex -> {
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    });
  }

  private static void importReports(TestServer server) {
    SplittableRandom rnd = new SplittableRandom(25);
    List<String> lines = new ArrayList<>();
    long n = 0;
    for (Instant m = START; m.isBefore(STOP); m = m.plusSeconds(60)) {
      int count = (int) Math.round(rnd.nextDouble() * 3) + (m.isBefore(ONSET) ? 0 : 150 + rnd.nextInt(50));
      for (int k = 0; k < count; k++) {
        n++;
        lines.add("{\"service\":\"github\",\"indicator\":\"actions\",\"country\":\"US\",\"reporter\":\"r" + n
            + "\",\"network\":\"n" + (n % 5000) + "\",\"at\":\"" + m.plusMillis(rnd.nextInt(60_000)) + "\"}");
        if (lines.size() == 2000) {
          post(server, lines);
        }
      }
    }
    post(server, lines);
    server.vigie.flush();
  }

  private static void post(TestServer server, List<String> lines) {
    if (lines.isEmpty()) {
      return;
    }
    var r = server.post("/api/v1/reports", "application/x-ndjson", String.join("\n", lines), TestServer.ADMIN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    lines.clear();
  }
}
