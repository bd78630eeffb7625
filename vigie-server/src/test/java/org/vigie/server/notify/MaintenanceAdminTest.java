package org.vigie.server.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.core.incident.Incident;
import org.vigie.core.model.PublicStatus;
import org.vigie.core.storage.SubscriptionStore.Channel;
import org.vigie.core.storage.SubscriptionStore.Subscription;
import org.vigie.notify.Notifier;
import org.vigie.notify.channel.WebhookChannel;
import org.vigie.server.TestServer;

/**
 * Maintenance windows and silences through the admin API of a real Vigie: created, listed,
 * published in the iCalendar feed, muting a subscriber's webhooks while they last, and deleted.
 */
class MaintenanceAdminTest {
  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

  @TempDir Path dir;
  private TestServer server;
  private HttpServer receiver;
  private final List<String> hooks = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws IOException {
    server = new TestServer(dir, NOW);
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext("/hook", ex -> {
      hooks.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    receiver.start();
    server.vigie.storage().subscriptions().put(new Subscription("sub_ops", "ops@example.org", Set.of("instagram", "whatsapp"), Set.of(),
        PublicStatus.POSSIBLE_PROBLEMS, List.of(new Channel("webhook", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
            WebhookChannel.newSecret())), true, NOW.minusSeconds(3600)));
  }

  @AfterEach
  void stop() {
    receiver.stop(0);
    server.close();
  }

  private HttpResponse<String> call(String method, String path, String json, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path)).method(method,
        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private JsonNode created(String path, String json) {
    HttpResponse<String> r = call("POST", path, json, TestServer.ADMIN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return TestServer.parse(r.body());
  }

  private static Incident outage(long id, String service) {
    return new Incident(id, service, NOW, NOW.plusSeconds(60), null, PublicStatus.OUTAGE, PublicStatus.OUTAGE, 4000, NOW.plusSeconds(600),
        40_000, List.of(new Incident.CountryShare("FR", 20_000, true, NOW, null)), List.of(new Incident.IndicatorShare("app", 100)),
        List.of(new Incident.TimelineEvent(NOW.plusSeconds(60), "opened", "Problems detected")), null);
  }

  /** Reports an incident to the notifier past its two-minute group wait, then sends what is due. */
  private void notifyOf(Incident incident) throws Exception {
    Notifier n = server.vigie.notifications().listener();
    n.process(incident, NOW.plusSeconds(60));
    n.process(incident, NOW.plusSeconds(240));
    server.vigie.notifications().dispatcher().runOnce().get(30, TimeUnit.SECONDS);
  }

  private List<String> hookedServices() {
    return hooks.stream().map(h -> TestServer.parse(h).path("data").path("service").asText()).toList();
  }

  @Test
  void aMaintenanceWindowIsListedPublishedMutesItsServiceAndGoesWhenDeleted() throws Exception {
    String window = "{\"service\":\"instagram\",\"title\":\"Database upgrade; phase 1, part 2\",\"description\":\"Feeds may be slow\","
        + "\"startsAt\":\"2026-11-24T11:50:00Z\",\"endsAt\":\"2026-11-24T13:00:00Z\"}";
    assertThat(call("POST", "/api/v1/admin/maintenance", window, null).statusCode()).isEqualTo(401);
    String id = created("/api/v1/admin/maintenance", window).path("id").asText();

    JsonNode listed = TestServer.parse(call("GET", "/api/v1/admin/maintenance", null, TestServer.ADMIN).body()).path("windows");
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).path("id").asText()).isEqualTo(id);
    assertThat(listed.get(0).path("title").asText()).isEqualTo("Database upgrade; phase 1, part 2");

    String ics = server.get("/status/instagram/maintenance.ics").body().replace("\r\n ", "");
    assertThat(ics).contains("UID:" + id + "@").contains("DTSTART:20261124T115000Z").contains("DTEND:20261124T130000Z")
        .contains("SUMMARY:Database upgrade\\; phase 1\\, part 2");

    // During the window an Instagram outage sends nothing; WhatsApp, not in maintenance, still does.
    notifyOf(outage(1, "instagram"));
    notifyOf(outage(2, "whatsapp"));
    await().atMost(Duration.ofSeconds(30)).until(() -> !hooks.isEmpty());
    assertThat(hookedServices()).containsExactly("whatsapp");

    assertThat(call("DELETE", "/api/v1/admin/maintenance/" + id, null, TestServer.ADMIN).statusCode()).isEqualTo(204);
    assertThat(call("DELETE", "/api/v1/admin/maintenance/" + id, null, TestServer.ADMIN).statusCode()).isEqualTo(404);
    assertThat(TestServer.parse(call("GET", "/api/v1/admin/maintenance", null, TestServer.ADMIN).body()).path("windows")).isEmpty();
    assertThat(server.get("/status/instagram/maintenance.ics").body()).doesNotContain("BEGIN:VEVENT");

    notifyOf(outage(3, "instagram"));
    await().atMost(Duration.ofSeconds(30)).until(() -> hooks.size() == 2);
    assertThat(hookedServices()).containsExactly("whatsapp", "instagram");
  }

  @Test
  void aSilenceMutesUntilItIsDeleted() throws Exception {
    String id = created("/api/v1/admin/silences", "{\"service\":\"whatsapp\",\"endsAt\":\"2026-11-24T18:00:00Z\",\"comment\":\"known issue\"}")
        .path("id").asText();
    JsonNode listed = TestServer.parse(call("GET", "/api/v1/admin/silences", null, TestServer.ADMIN).body()).path("silences");
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).path("comment").asText()).isEqualTo("known issue");

    notifyOf(outage(1, "whatsapp"));
    notifyOf(outage(2, "instagram"));
    await().atMost(Duration.ofSeconds(30)).until(() -> !hooks.isEmpty());
    assertThat(hookedServices()).containsExactly("instagram");

    assertThat(call("DELETE", "/api/v1/admin/silences/" + id, null, TestServer.ADMIN).statusCode()).isEqualTo(204);
    assertThat(TestServer.parse(call("GET", "/api/v1/admin/silences", null, TestServer.ADMIN).body()).path("silences")).isEmpty();
    notifyOf(outage(3, "whatsapp"));
    await().atMost(Duration.ofSeconds(30)).until(() -> hooks.size() == 2);
    assertThat(hookedServices()).containsExactly("instagram", "whatsapp");
  }

  @Test
  void badWindowsAndSilencesAreRefusedWithAProblemSayingWhatAndNothingIsStored() {
    for (String[] bad : new String[][] {
        {"/api/v1/admin/maintenance", "{\"service\":\"nope\",\"startsAt\":\"2026-11-24T11:00:00Z\",\"endsAt\":\"2026-11-24T13:00:00Z\"}", "'service'"},
        {"/api/v1/admin/maintenance", "{\"service\":\"instagram\",\"startsAt\":\"2026-11-24T13:00:00Z\",\"endsAt\":\"2026-11-24T11:00:00Z\"}", "'endsAt'"},
        {"/api/v1/admin/maintenance", "{\"service\":\"instagram\",\"startsAt\":\"tomorrow\",\"endsAt\":\"2026-11-24T11:00:00Z\"}", "'startsAt'"},
        {"/api/v1/admin/silences", "{\"service\":\"whatsapp\"}", "'endsAt'"},
        {"/api/v1/admin/silences", "[1, 2]", "JSON object"}}) {
      HttpResponse<String> r = call("POST", bad[0], bad[1], TestServer.ADMIN);
      assertThat(r.statusCode()).as(bad[1]).isEqualTo(400);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(TestServer.parse(r.body()).path("detail").asText()).as(bad[1]).contains(bad[2]);
    }
    assertThat(server.vigie.storage().maintenance().windows(null)).isEmpty();
    assertThat(server.vigie.storage().maintenance().silences()).isEmpty();
  }
}
