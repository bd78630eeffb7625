package org.vigie.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vigie.core.signal.ProbeResult;
import org.vigie.probe.fake.FakeHttpServer;

class AgentTest {
  final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2021-10-04T15:40:00Z"));
  final InstantSource clock = () -> now.get();
  final List<ProbeResult> received = new CopyOnWriteArrayList<>();
  final AtomicInteger status = new AtomicInteger(202);
  final AtomicReference<String> lastAuth = new AtomicReference<>();
  FakeHttpServer target;
  HttpServer server;
  int port;

  /** A stand-in for the Vigie server: serves the check list and takes result batches. */
  void startServer(List<Check> checks) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    port = server.getAddress().getPort();
    server.createContext("/api/v1/agent/checks", ex -> {
      lastAuth.set(ex.getRequestHeaders().getFirst("Authorization"));
      byte[] b = ProbeJson.checks(checks);
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    server.createContext("/api/v1/probe-results", ex -> {
      byte[] body = ex.getRequestBody().readAllBytes();
      int s = status.get();
      if (s == 202) {
        received.addAll(ProbeJson.readResults(body, 10_000));
      }
      ex.sendResponseHeaders(s, -1);
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.stop(0);
    }
    if (target != null) {
      target.close();
    }
  }

  ProbeResult result(int i) {
    return new ProbeResult("facebook", "facebook.com/A", "FR-IDF", "dns", false, "servfail", Duration.ofMillis(i), now.get().plusSeconds(i));
  }

  @Test
  void fetchesItsChecksRunsThemOnItsOwnAndPushesResults() throws Exception {
    target = new FakeHttpServer().on("/ok", new FakeHttpServer.Respond(200, "fine"));
    Check c = new Check.Http("facebook", target.uri("/ok"), 200, 299, "fine", new Schedule(Duration.ofSeconds(1), Duration.ofMillis(500), 0));
    startServer(List.of(c));
    try (Prober p = new Prober("FR-IDF");
        Agent agent = new Agent(new HttpAgentClient(URI.create("http://127.0.0.1:" + port), "agent-token", "FR-IDF"), p, 100, clock).start()) {
      await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= 2);
      assertThat(received).allSatisfy(r -> {
        assertThat(r.vantage()).isEqualTo("FR-IDF");
        assertThat(r.outcome()).isEqualTo("ok");
        assertThat(r.target()).isEqualTo(target.uri("/ok").toString());
      });
      assertThat(lastAuth.get()).isEqualTo("Bearer agent-token");
      assertThat(agent.status().checks()).isEqualTo(1);
    }
  }

  @Test
  void ridesOutAServerRestartWithABoundedBufferAndCountsWhatItDropped() throws Exception {
    startServer(List.of());
    try (Prober p = new Prober("FR-IDF")) {
      Agent agent = new Agent(new HttpAgentClient(URI.create("http://127.0.0.1:" + port), "t", "FR-IDF"), p, 8, clock);
      for (int i = 0; i < 5; i++) {
        agent.offer(result(i));
      }
      status.set(503); // the server is restarting
      assertThat(agent.flush()).isZero();
      assertThat(agent.status().buffered()).isEqualTo(5);
      assertThat(agent.nextPush()).isEqualTo(now.get().plusSeconds(1));
      server.stop(0); // now it is gone entirely
      assertThat(agent.flush()).isZero();
      assertThat(agent.nextPush()).isEqualTo(now.get().plusSeconds(2)); // backing off
      for (int i = 5; i < 10; i++) {
        agent.offer(result(i));
      }
      assertThat(agent.status().buffered()).isEqualTo(8);
      assertThat(agent.status().dropped()).isEqualTo(2);
      status.set(202);
      startServer(List.of()); // back on the same port
      assertThat(agent.flush()).isEqualTo(8);
      assertThat(received).extracting(r -> r.latency().toMillis()).containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
      assertThat(agent.status().sent()).isEqualTo(8);
      assertThat(agent.status().failedPushes()).isEqualTo(2);
    }
  }

  @Test
  void keepsItsChecksWhenTheServerCannotGiveNewOnes() throws Exception {
    AgentClient failing = new AgentClient() {
      int calls;

      @Override
      public List<Check> fetchChecks() throws IOException {
        if (calls++ == 0) {
          return List.of(new Check.Tcp("x", "127.0.0.1", 9, new Schedule(Duration.ofHours(1), Duration.ofSeconds(1), 0)));
        }
        throw new IOException("connection refused");
      }

      @Override
      public void push(List<ProbeResult> batch) {}
    };
    try (Prober p = new Prober("FR-IDF"); Agent agent = new Agent(failing, p, 10, clock)) {
      assertThat(agent.refreshChecks()).isTrue();
      assertThat(agent.refreshChecks()).isFalse();
      assertThat(agent.status().checks()).isEqualTo(1);
    }
  }

  @Test
  void aBatchTheServerRefusesIsCountedAndDoesNotBlockTheNextOnes() throws Exception {
    startServer(List.of());
    try (Prober p = new Prober("FR-IDF")) {
      Agent agent = new Agent(new HttpAgentClient(URI.create("http://127.0.0.1:" + port), "t", "FR-IDF"), p, 100, clock);
      for (int i = 0; i < 3; i++) {
        agent.offer(result(i));
      }
      status.set(400); // e.g. a service no longer in the catalogue

      assertThat(agent.flush()).isZero();
      assertThat(agent.status().refused()).isEqualTo(3);
      assertThat(agent.status().buffered()).isZero();
      assertThat(agent.status().failedPushes()).isZero();

      status.set(202);
      agent.offer(result(3));
      assertThat(agent.flush()).as("no back-off after a refusal").isEqualTo(1);
      assertThat(received).containsExactly(result(3));
    }
  }

  @Test
  void anUnauthorizedPushIsKeptForLater() throws Exception {
    startServer(List.of());
    try (Prober p = new Prober("FR-IDF")) {
      Agent agent = new Agent(new HttpAgentClient(URI.create("http://127.0.0.1:" + port), "t", "FR-IDF"), p, 100, clock);
      agent.offer(result(0));
      status.set(401); // a token an operator can still fix

      assertThat(agent.flush()).isZero();
      assertThat(agent.status().refused()).isZero();
      assertThat(agent.status().buffered()).isEqualTo(1);
    }
  }
}
