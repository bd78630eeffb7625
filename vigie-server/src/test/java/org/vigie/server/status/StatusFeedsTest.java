package org.vigie.server.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.core.incident.Incident;
import org.vigie.core.model.PublicStatus;
import org.vigie.core.storage.MaintenanceStore;
import org.vigie.server.ExternalTools;
import org.vigie.server.SideServer;
import org.vigie.server.TestServer;
import org.vigie.server.http.OpenApiRoutes;
import org.vigie.server.metrics.VigieMetrics;

/**
 * The Statuspage-compatible API, the feeds, /metrics and /openapi.json, each judged by something
 * that is not Vigie: GitHub's real summary.json read by the same client code, rss-parser,
 * promtool and Redocly's linter.
 */
class StatusFeedsTest {
  static final Path CAPTURES = Path.of("../../shared/data/statuspage").toAbsolutePath().normalize();
  static final Set<String> COMPONENT_STATUSES = Set.of("operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance");
  static final Set<String> INDICATORS = Set.of("none", "minor", "major", "critical", "maintenance");
  static final Set<String> INCIDENT_STATUSES = Set.of("investigating", "identified", "monitoring", "resolved", "postmortem");
  static final Set<String> IMPACTS = Set.of("none", "minor", "major", "critical", "maintenance");
  static final Set<String> MAINTENANCE_STATUSES = Set.of("scheduled", "in_progress", "verifying", "completed");

  @TempDir Path dir;
  private TestServer server;
  private SideServer side;
  private VigieMetrics metrics;
  private final HttpClient http = HttpClient.newHttpClient();
  private static final Instant T0 = Instant.parse("2019-06-13T14:10:00Z");

  @BeforeEach
  void start() {
    server = new TestServer(dir);
    metrics = new VigieMetrics(server.vigie);
    server.vigie.pipeline().addListener(metrics);
    StatuspageRoutes status = new StatuspageRoutes(server.vigie, server.clock, "https://vigie.example");
    side = new SideServer(r -> {
      status.routes(r);
      metrics.routes(r);
      new OpenApiRoutes().routes(r);
    });
    server.vigie.storage().incidents().save(new Incident(3, "instagram", T0, T0.plusSeconds(60), T0.plusSeconds(3600), PublicStatus.OUTAGE,
        PublicStatus.OPERATIONAL, 4000, T0.plusSeconds(600), 90_000, List.of(new Incident.CountryShare("US", 40_000, false, T0, T0.plusSeconds(3600))),
        List.of(new Incident.IndicatorShare("app", 50_000)),
        List.of(new Incident.TimelineEvent(T0.plusSeconds(60), "opened", "Possible problems world-wide — 300 reports <in> the minute & more"),
            new Incident.TimelineEvent(T0.plusSeconds(180), "escalated", "Problems detected"),
            new Incident.TimelineEvent(T0.plusSeconds(3600), "resolved", "Back to normal after 60 minutes")), null));
    server.vigie.storage().maintenance().putWindow(new MaintenanceStore.Window("w1", "instagram", "Feed storage upgrade, phase 2; read-only",
        "Posting may fail for up to an hour.\nReading works.", Instant.parse("2026-11-25T02:00:00Z"), Instant.parse("2026-11-25T03:00:00Z"),
        Instant.parse("2026-11-20T10:00:00Z")));
  }

  @AfterEach
  void stop() {
    side.close();
    server.close();
  }

  private String get(String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(side.url(path))).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
    return r.body();
  }

  /**
   * A Statuspage client's reading of summary.json: what a consumer of GitHub's page relies on.
   * Applied unchanged to the real capture and to Vigie.
   */
  static void readSummaryLikeAClient(JsonNode s) {
    assertThat(s.fieldNames()).toIterable().contains("page", "components", "incidents", "scheduled_maintenances", "status");
    JsonNode page = s.path("page");
    for (String f : List.of("id", "name", "url", "time_zone", "updated_at")) {
      assertThat(page.path(f).isTextual()).as("page.%s", f).isTrue();
    }
    Instant.parse(page.path("updated_at").asText());
    assertThat(INDICATORS).contains(s.path("status").path("indicator").asText());
    assertThat(s.path("status").path("description").isTextual()).isTrue();
    for (JsonNode c : s.path("components")) {
      for (String f : List.of("id", "name", "status", "created_at", "updated_at", "position", "description", "showcase", "start_date",
          "group_id", "page_id", "group", "only_show_if_degraded")) {
        assertThat(c.has(f)).as("component field %s", f).isTrue();
      }
      assertThat(COMPONENT_STATUSES).contains(c.path("status").asText());
      assertThat(c.path("page_id").asText()).isEqualTo(page.path("id").asText());
    }
    for (JsonNode i : s.path("incidents")) {
      readIncidentLikeAClient(i);
    }
    for (JsonNode m : s.path("scheduled_maintenances")) {
      assertThat(MAINTENANCE_STATUSES).contains(m.path("status").asText());
      Instant.parse(m.path("scheduled_for").asText());
      Instant.parse(m.path("scheduled_until").asText());
    }
  }

  static void readIncidentLikeAClient(JsonNode i) {
    for (String f : List.of("id", "name", "status", "created_at", "updated_at", "monitoring_at", "resolved_at", "impact", "shortlink",
        "started_at", "page_id", "incident_updates", "components")) {
      assertThat(i.has(f)).as("incident field %s", f).isTrue();
    }
    assertThat(INCIDENT_STATUSES).contains(i.path("status").asText());
    assertThat(IMPACTS).contains(i.path("impact").asText());
    for (JsonNode u : i.path("incident_updates")) {
      assertThat(INCIDENT_STATUSES).contains(u.path("status").asText());
      assertThat(u.path("incident_id").asText()).isEqualTo(i.path("id").asText());
      Instant.parse(u.path("display_at").asText());
      for (JsonNode a : u.path("affected_components")) {
        assertThat(COMPONENT_STATUSES).contains(a.path("old_status").asText(), a.path("new_status").asText());
      }
    }
  }

  @Test
  void oneClientReadsGithubsRealSummaryAndOurs() throws Exception {
    readSummaryLikeAClient(TestServer.JSON.readTree(Files.readString(CAPTURES.resolve("github-summary.json"))));
    JsonNode ours = TestServer.parse(get("/status/instagram/api/v2/summary.json"));
    readSummaryLikeAClient(ours);
    assertThat(ours.path("page").path("name").asText()).isEqualTo("Instagram");
    assertThat(ours.path("components").get(0).path("status").asText()).isEqualTo("operational");
    assertThat(ours.path("scheduled_maintenances").get(0).path("status").asText()).isEqualTo("scheduled");
  }

  @Test
  void incidentsReadLikeGithubsAndTheMaintenancesLikeDiscords() throws Exception {
    for (JsonNode i : TestServer.JSON.readTree(Files.readString(CAPTURES.resolve("github-incidents.json"))).path("incidents")) {
      readIncidentLikeAClient(i);
    }
    JsonNode ours = TestServer.parse(get("/status/instagram/api/v2/incidents.json"));
    assertThat(ours.path("incidents")).hasSize(1);
    JsonNode i = ours.path("incidents").get(0);
    readIncidentLikeAClient(i);
    assertThat(i.path("status").asText()).isEqualTo("resolved");
    assertThat(i.path("impact").asText()).isEqualTo("major");
    assertThat(i.path("resolved_at").asText()).isEqualTo("2019-06-13T15:10:00.000Z");
    assertThat(i.path("incident_updates").get(0).path("status").asText()).isEqualTo("resolved");
    assertThat(TestServer.parse(get("/status/instagram/api/v2/incidents/unresolved.json")).path("incidents")).isEmpty();
    JsonNode discord = TestServer.JSON.readTree(Files.readString(CAPTURES.resolve("discord-scheduled-maintenances.json")));
    JsonNode m = TestServer.parse(get("/status/instagram/api/v2/scheduled-maintenances.json")).path("scheduled_maintenances").get(0);
    List<String> theirs = discord.path("scheduled_maintenances").get(0).properties().stream().map(e -> e.getKey()).toList();
    assertThat(m.properties().stream().map(e -> e.getKey()).toList()).containsAll(theirs);
    assertThat(TestServer.parse(get("/status/instagram/api/v2/scheduled-maintenances/upcoming.json")).path("scheduled_maintenances")).hasSize(1);
    assertThat(TestServer.parse(get("/status/instagram/api/v2/scheduled-maintenances/active.json")).path("scheduled_maintenances")).isEmpty();
    assertThat(TestServer.parse(get("/status/instagram/api/v2/status.json")).path("status").path("indicator").asText()).isEqualTo("none");
    assertThat(TestServer.parse(get("/status/instagram/api/v2/components.json")).path("components")).hasSize(1);
  }

  @Test
  void theAtomFeedsParseWithAnIndependentFeedParser() throws Exception {
    for (String path : List.of("/status/instagram/history.atom", "/incidents.atom")) {
      Path f = dir.resolve("feed.xml");
      Files.writeString(f, get(path));
      ExternalTools.Result r = ExternalTools.node("parse-feed.mjs", f.toString());
      assertThat(r.exit()).as("rss-parser on %s: %s", path, r.output()).isZero();
      JsonNode feed = TestServer.parse(r.output());
      assertThat(feed.path("items")).hasSize(1);
      JsonNode item = feed.path("items").get(0);
      assertThat(item.path("title").asText()).isEqualTo("Instagram: Problems detected (resolved)");
      assertThat(item.path("id").asText()).isEqualTo("tag:vigie.example,2005:Incident/3");
      assertThat(item.path("link").asText()).isEqualTo("https://vigie.example/api/v1/incidents/3");
      assertThat(item.path("content").asText()).contains("<strong>Resolved</strong>").contains("300 reports &lt;in&gt; the minute &amp; more");
    }
    // The same parser reads GitHub's real feed: the test would catch a parser that accepts anything.
    ExternalTools.Result github = ExternalTools.node("parse-feed.mjs", CAPTURES.resolve("github-history.atom").toString());
    assertThat(TestServer.parse(github.output()).path("items").size()).isEqualTo(25);
  }

  @Test
  void maintenanceWindowsAreAnRfc5545Calendar() throws Exception {
    String ics = get("/status/instagram/maintenance.ics");
    assertThat(ics).startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:").endsWith("END:VCALENDAR\r\n");
    assertThat(ics.split("\r\n")).allSatisfy(line -> assertThat(line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(75));
    String unfolded = ics.replace("\r\n ", "");
    assertThat(unfolded).contains("DTSTART:20261125T020000Z\r\n", "DTEND:20261125T030000Z\r\n", "UID:w1@vigie.example\r\n",
        "SUMMARY:Feed storage upgrade\\, phase 2\\; read-only\r\n", "DESCRIPTION:Posting may fail for up to an hour.\\nReading works.\r\n");
    assertThat(ics.replace("\r\n", "")).doesNotContain("\n");
  }

  @Test
  void metricsPassPromtool() throws Exception {
    metrics.sent("email");
    metrics.failed("slack", false);
    String text = get("/metrics");
    assertThat(text).contains("vigie_service_status{service=\"instagram\"} 0.0", "vigie_notifications_sent_total{channel=\"email\"} 1.0",
        "vigie_notifications_failed_total{channel=\"slack\"} 1.0", "vigie_reports_counted_total", "vigie_detector_runs_total",
        "vigie_store_latency_seconds_count", "vigie_notifications_pending");
    Path f = dir.resolve("metrics.txt");
    Files.writeString(f, text);
    ExternalTools.Result r = ExternalTools.run(List.of("sh", "-c", "promtool check metrics < " + f), "promtool is not on the PATH: apt-get install prometheus");
    if (r.output().contains("not found")) {
      throw new AssertionError("promtool is not on the PATH: install the Debian package `prometheus`");
    }
    assertThat(r.exit()).as("promtool: %s", r.output()).isZero();
  }

  @Test
  void theOpenApiDocumentPassesRedoclysLinterAndDescribesEveryRoute() throws Exception {
    String doc = get("/openapi.json");
    JsonNode paths = TestServer.parse(doc).path("paths");
    for (String p : List.of("/api/v1/reports", "/api/v1/services", "/api/v1/services/{slug}", "/api/v1/services/{slug}/series",
        "/api/v1/incidents", "/api/v1/incidents/{id}", "/health/live", "/health/ready", "/", "/status/{slug}/api/v2/summary.json",
        "/status/{slug}/history.atom", "/incidents.atom", "/metrics", "/openapi.json", "/api/v1/admin/subscriptions", "/subscribe",
        "/subscriptions/{id}/unsubscribe")) {
      assertThat(paths.has(p)).as("path %s", p).isTrue();
    }
    Path f = dir.resolve("openapi.json");
    Files.writeString(f, doc);
    ExternalTools.Result r = ExternalTools.redocly("lint", "--format=stylish", f.toString());
    assertThat(r.exit()).as("redocly lint: %s", r.output()).isZero();
  }

  static String read(Path p) throws IOException {
    return Files.readString(p);
  }
}
