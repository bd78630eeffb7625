package org.vigie.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.notify.channel.WebhookChannel;
import org.vigie.server.ExternalTools;
import org.vigie.server.TestServer;
import org.vigie.server.replay.ReplayClient;
import org.vigie.server.replay.ReplaySummary;
import org.vigie.server.replay.Scenarios;
import org.vigie.server.replay.Speed;
import org.vigie.store.sqlite.SqliteStorage;

/**
 * Issue 6's "killing the process between commit and send loses nothing", with a real process: a
 * child {@code vigie serve} commits the notifications of a replayed outage to its outbox, its
 * webhook receiver takes the first request and never answers (so nothing counts as sent), the
 * child is killed -9, and a new child on the same data directory delivers every notification
 * exactly once, the first one with the {@code webhook-id} its killed attempt carried.
 */
class KilledBeforeSendTest {
  private static final Pattern UP = Pattern.compile("Vigie is up: http://localhost:(\\d+)/");

  @TempDir Path dir;
  private HttpServer receiver;
  private final ExecutorService receiverThreads = Executors.newCachedThreadPool();
  /** While true the receiver records and holds each request without answering: the sender never learns it was taken. */
  private final AtomicBoolean hold = new AtomicBoolean(true);
  private final CountDownLatch firstHeld = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<String> heldIds = new CopyOnWriteArrayList<>();
  private final List<Map<String, Object>> delivered = new CopyOnWriteArrayList<>();
  private final CountDownLatch bothDelivered = new CountDownLatch(2);
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void startReceiver() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.setExecutor(receiverThreads);
    receiver.createContext("/hook", ex -> {
      Map<String, String> headers = new LinkedHashMap<>();
      for (String h : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
        headers.put(h, ex.getRequestHeaders().getFirst(h));
      }
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      if (hold.get()) {
        heldIds.add(headers.get("webhook-id"));
        firstHeld.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        ex.sendResponseHeaders(503, -1);
      } else {
        delivered.add(Map.of("headers", headers, "body", body));
        bothDelivered.countDown();
        ex.sendResponseHeaders(200, -1);
      }
      ex.close();
    });
    receiver.start();
  }

  @AfterEach
  void stopReceiver() {
    release.countDown();
    receiver.stop(0);
    receiverThreads.shutdownNow();
  }

  private record Child(Process process, int port) {}

  private Child serve() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        "org.vigie.server.cli.VigieCommand", "serve", "--offline", "--host", "127.0.0.1", "--port", "0", "--data", dir.toString())
        .redirectErrorStream(true);
    pb.environment().put("VIGIE_ADMIN_TOKEN", TestServer.ADMIN);
    Process p = pb.start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    int port = -1;
    for (String line; (line = out.readLine()) != null; ) {
      Matcher m = UP.matcher(line);
      if (m.find()) {
        port = Integer.parseInt(m.group(1));
        break;
      }
    }
    if (port < 0) {
      p.destroyForcibly();
      throw new AssertionError("the child Vigie did not announce its port");
    }
    Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
    drain.setDaemon(true);
    drain.start();
    return new Child(p, port);
  }

  private HttpResponse<String> call(Child c, HttpRequest.Builder b) throws Exception {
    return http.send(b.header("Authorization", "Bearer " + TestServer.ADMIN).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(Child c, String path) {
    return URI.create("http://127.0.0.1:" + c.port() + path);
  }

  @Test
  void notificationsCommittedBeforeAKillAreDeliveredOnceAfterTheRestartWithTheSameIdempotencyKey() throws Exception {
    String secret = WebhookChannel.newSecret();
    Child first = serve();
    try {
      String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
      HttpResponse<String> created = call(first, HttpRequest.newBuilder(uri(first, "/api/v1/admin/subscriptions"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(TestServer.JSON.writeValueAsString(Map.of("services", List.of("instagram"),
              "channels", List.of(Map.of("kind", "webhook", "target", hook, "secret", secret)))))));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      try (ReplayClient client = ReplayClient.builder(uri(first, "")).token(TestServer.ADMIN).speed(Speed.MAX).build()) {
        ReplaySummary s = client.replay(Scenarios.byName(Scenarios.INSTAGRAM_2019));
        assertThat(s.accepted()).isEqualTo(s.reports());
      }
      // The incident resolved in the store: its last change is committed with its notifications.
      JsonNode incident;
      int polls = 0;
      do {
        assertThat(++polls).as("polls for the resolved incident").isLessThan(100_000);
        incident = TestServer.parse(call(first, HttpRequest.newBuilder(uri(first, "/api/v1/incidents?service=instagram")).GET()).body())
            .path("incidents").path(0);
      } while (!incident.path("state").asText().equals("resolved"));
      assertThat(firstHeld.await(60, TimeUnit.SECONDS)).as("the first webhook reached the receiver").isTrue();
      first.process().destroyForcibly(); // kill -9 while the receiver holds the request
      assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      first.process().destroyForcibly();
    }
    release.countDown();
    hold.set(false);

    try (SqliteStorage store = SqliteStorage.open(dir)) {
      assertThat(store.notificationLog().sentCount()).as("sent before the kill").isZero();
      assertThat(store.outbox().pending()).as("opened and resolved, committed and waiting").isEqualTo(2);
    }
    assertThat(heldIds).isNotEmpty();

    Child second = serve();
    try {
      // The restarted dispatcher's ticker sends what the outbox holds (after a back-off if the
      // held attempt had timed out before the kill); wait for both, then stop it cleanly.
      assertThat(bothDelivered.await(180, TimeUnit.SECONDS)).as("both notifications delivered after the restart").isTrue();
      second.process().destroy();
      assertThat(second.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      second.process().destroyForcibly();
    }

    @SuppressWarnings("unchecked")
    List<String> ids = delivered.stream().map(h -> ((Map<String, String>) h.get("headers")).get("webhook-id")).toList();
    assertThat(ids).as("each notification exactly once").doesNotHaveDuplicates().hasSize(2);
    assertThat(ids).as("the killed attempts' keys, resent unchanged").containsAll(heldIds);
    assertThat(ids.getFirst()).isEqualTo(heldIds.getFirst());
    assertThat(delivered).extracting(h -> TestServer.parse((String) h.get("body")).path("type").asText())
        .containsExactly("incident.opened", "incident.resolved");
    for (Map<String, Object> h : delivered) {
      Path f = Files.createTempFile(dir, "hook", ".json");
      Files.writeString(f, TestServer.JSON.writeValueAsString(h));
      ExternalTools.Result r = ExternalTools.node("verify-webhook.mjs", secret, f.toString());
      assertThat(r.exit()).as("standardwebhooks says: %s", r.output()).isZero();
    }
    try (SqliteStorage store = SqliteStorage.open(dir)) {
      assertThat(store.outbox().pending()).isZero();
      assertThat(store.notificationLog().sentCount()).isEqualTo(2);
    }
  }
}
