package org.vigie.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vigie.core.signal.ProbeResult;
import org.vigie.probe.fake.FakeHttpServer;

class HttpCheckTest {
  static final Schedule FAST = new Schedule(Duration.ofSeconds(30), Duration.ofMillis(800), 0);
  static final Instant NOW = Instant.parse("2021-10-04T15:50:00Z");
  static FakeHttpServer server;
  static Prober prober;

  @BeforeAll
  static void start() throws Exception {
    server = new FakeHttpServer()
        .on("/ok", new FakeHttpServer.Respond(200, "<title>Facebook</title>"))
        .on("/down", new FakeHttpServer.Respond(503, "Service Unavailable"))
        .on("/gone", new FakeHttpServer.Respond(404, "nope"))
        .on("/slow", new FakeHttpServer.StallBody("<title>Fa"))
        .on("/reset", new FakeHttpServer.Reset())
        .on("/silent", new FakeHttpServer.Silent());
    prober = new Prober("FR-IDF", InstantSource.fixed(NOW), null);
  }

  @AfterAll
  static void stop() throws Exception {
    prober.close();
    server.close();
  }

  static Check.Http check(String path, String expect) {
    return new Check.Http("facebook", server.uri(path), 200, 399, expect, FAST);
  }

  @Test
  void okWithExpectedContentIsOkAndStamped() {
    ProbeResult r = prober.run(check("/ok", "Facebook"));
    assertThat(r.ok()).isTrue();
    assertThat(r.outcome()).isEqualTo("ok");
    assertThat(r.vantage()).isEqualTo("FR-IDF");
    assertThat(r.kind()).isEqualTo("http");
    assertThat(r.at()).isEqualTo(NOW);
    assertThat(r.latency()).isPositive();
  }

  @Test
  void missingContentIsAContentMismatch() {
    assertThat(prober.run(check("/ok", "Instagram")).outcome()).isEqualTo(Outcomes.CONTENT_MISMATCH);
  }

  @Test
  void serverErrorIsHttp5xxAndOtherStatusIsHttpStatus() {
    assertThat(prober.run(check("/down", null)).outcome()).isEqualTo(Outcomes.HTTP_5XX);
    assertThat(prober.run(check("/gone", null)).outcome()).isEqualTo(Outcomes.HTTP_STATUS);
  }

  @Test
  void expectedStatusRangeIsHonoured() {
    Check.Http c = new Check.Http("x", server.uri("/gone"), 404, 404, null, FAST);
    assertThat(prober.run(c).ok()).isTrue();
  }

  @Test
  void bodyThatNeverCompletesIsATimeout() {
    ProbeResult r = prober.run(check("/slow", "Facebook"));
    assertThat(r.ok()).isFalse();
    assertThat(r.outcome()).isEqualTo(Outcomes.TIMEOUT);
  }

  @Test
  void silentServerIsATimeout() {
    assertThat(prober.run(check("/silent", null)).outcome()).isEqualTo(Outcomes.TIMEOUT);
  }

  @Test
  void resetIsAReset() {
    assertThat(prober.run(check("/reset", null)).outcome()).isEqualTo(Outcomes.RESET);
  }

  @Test
  void closedPortIsRefused() throws Exception {
    int port;
    try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Check.Http c = new Check.Http("x", URI.create("http://127.0.0.1:" + port + "/"), 200, 399, null, FAST);
    assertThat(prober.run(c).outcome()).isEqualTo(Outcomes.REFUSED);
  }

  @Test
  void retriesAreAttemptedAndTheLastOutcomeReported() {
    long before = server.requests();
    Check.Http c = new Check.Http("x", server.uri("/down"), 200, 399, null, new Schedule(Duration.ofSeconds(30), Duration.ofMillis(800), 2));
    assertThat(prober.run(c).outcome()).isEqualTo(Outcomes.HTTP_5XX);
    assertThat(server.requests() - before).isEqualTo(3);
  }
}
