package org.vigie.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.core.incident.Incident;
import org.vigie.notify.channel.EmailChannel;
import org.vigie.notify.channel.WebhookChannel;
import org.vigie.server.TestPostgres;
import org.vigie.server.TestServer;
import org.vigie.server.Vigie;
import org.vigie.server.VigieConfig;
import org.vigie.server.cluster.ClusterSettings;
import org.vigie.server.replay.Batch;
import org.vigie.server.replay.ReplayClient;
import org.vigie.server.replay.ReplaySummary;
import org.vigie.server.replay.Scenario;
import org.vigie.server.replay.Scenarios;
import org.vigie.stream.KafkaBroker;

/**
 * Notifications in cluster mode (issue 7), end to end: two Vigie instances on a real KRaft broker
 * in this JVM and a real PostgreSQL 18, both with an SMTP relay (GreenMail) and a dispatcher on
 * the shared outbox. A subscription made on one instance, a maintenance window on the other; the
 * instagram-2019-06-13 scenario replayed through both. The subscriber hears of Instagram's
 * incident exactly once when it opens and once when it resolves, by e-mail and by webhook — not
 * once per instance — and nothing of PlayStation Network's, which was in maintenance.
 */
class ClusterNotifyServerTest {
  private static final Scenario SCENARIO = Scenarios.instagram20190613();

  @RegisterExtension
  static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  @TempDir Path dir;
  private KafkaBroker broker;
  private HttpServer receiver;
  private final List<String> hooks = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @AfterEach
  void stop() throws Exception {
    if (receiver != null) {
      receiver.stop(0);
    }
    if (broker != null) {
      broker.close();
    }
  }

  private Vigie instance(String node, String url) {
    return Vigie.start(VigieConfig.defaults(dir.resolve(node)).withHost("127.0.0.1").withPort(0).withAdminToken(TestServer.ADMIN)
        .withPostgres(url, TestPostgres.USER)
        .withSmtp(new EmailChannel.Smtp("127.0.0.1", greenMail.getSmtp().getPort(), "alerts@vigie.example", null, null, false))
        .withCluster(new ClusterSettings(broker.bootstrap(), node, 4, (short) 1, Map.of())));
  }

  private HttpResponse<String> post(Vigie vigie, String path, Object body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + vigie.port() + path))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + TestServer.ADMIN)
        .POST(HttpRequest.BodyPublishers.ofString(TestServer.JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aSubscriberHearsOnceWhenAnIncidentOpensAndOnceWhenItResolvesNotOncePerInstance() throws Exception {
    broker = new KafkaBroker();
    String url = TestPostgres.freshSchema("vigie_notify");
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext("/hook", ex -> {
      hooks.add(ex.getRequestHeaders().getFirst("webhook-id") + " "
          + TestServer.parse(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)).path("type").asText());
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    receiver.start();

    try (Vigie a = instance("a", url); Vigie b = instance("b", url);
        ReplayClient toA = ClusterModeServerTest.client(a.port()); ReplayClient toB = ClusterModeServerTest.client(b.port())) {
      // Made on b, followed by a's sink (whichever partitions it owns) as much as by b's.
      HttpResponse<String> sub = post(b, "/api/v1/admin/subscriptions", Map.of(
          "email", "ops@example.org", "services", List.of("instagram", "playstation-network"), "minSeverity", "POSSIBLE_PROBLEMS",
          "channels", List.of(Map.of("kind", "email", "target", "ops@example.org"),
              Map.of("kind", "webhook", "target", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
                  "secret", WebhookChannel.newSecret()))));
      assertThat(sub.statusCode()).as(sub.body()).isEqualTo(201);
      // Made on a: PlayStation Network in maintenance for the whole scenario.
      HttpResponse<String> window = post(a, "/api/v1/admin/maintenance", Map.of("service", "playstation-network",
          "title", "Network upgrade", "startsAt", SCENARIO.start().toString(), "endsAt", SCENARIO.end().plus(Duration.ofDays(1)).toString()));
      assertThat(window.statusCode()).as(window.body()).isEqualTo(201);

      List<Batch> batches = ClusterModeServerTest.batches();
      for (int i = 0; i < batches.size(); i++) {
        ReplaySummary s = (i % 2 == 0 ? toA : toB).send("batch " + batches.get(i).sequence(), List.of(batches.get(i)));
        assertThat(s.accepted()).isEqualTo(batches.get(i).lines());
      }

      // The bounds only end a broken build; passing never depends on them.
      Awaitility.await("both incidents resolved in PostgreSQL").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
          .until(() -> incidents(a).stream().filter(i -> !i.isOpen()).map(Incident::service).sorted().toList(),
              l -> l.equals(List.of("instagram", "playstation-network")));
      // Each resolution was committed with its notifications: once the outbox is empty, all went.
      Awaitility.await("the outbox emptied by the instances' dispatchers").atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(200)).until(() -> a.storage().outbox().pending(), n -> n == 0);

      assertThat(a.storage().outbox().dead(10)).as("given-up notifications").isEmpty();
      assertThat(greenMail.getReceivedMessages()).extracting(MimeMessage::getSubject)
          .containsExactly("[Vigie] Instagram: Problems detected", "[Vigie] Instagram: back to normal");
      assertThat(hooks).extracting(h -> h.substring(h.indexOf(' ') + 1)).containsExactly("incident.opened", "incident.resolved");
      assertThat(hooks).extracting(h -> h.substring(0, h.indexOf(' '))).doesNotHaveDuplicates();
      assertThat(a.storage().notificationLog().sentCount()).isEqualTo(4);
    }
  }

  private static List<Incident> incidents(Vigie v) {
    return v.storage().incidents().list(null, SCENARIO.start(), SCENARIO.end().plus(Duration.ofDays(1)), 100);
  }

}
