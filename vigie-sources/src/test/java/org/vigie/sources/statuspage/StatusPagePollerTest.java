package org.vigie.sources.statuspage;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigie.core.signal.OfficialStatus;

/** A status page on loopback serving the real GitHub and Discord captures, with ETags. */
class StatusPagePollerTest {
  final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-07-31T04:00:00Z"));
  final AtomicInteger failWith = new AtomicInteger(0);
  final AtomicReference<String> retryAfter = new AtomicReference<>();
  final AtomicInteger notModified = new AtomicInteger();
  HttpServer page;
  StatusPagePoller poller;

  @BeforeEach
  void start() throws Exception {
    page = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    serve("/api/v2/summary.json", "github-summary.json");
    serve("/api/v2/incidents.json", "github-incidents.json");
    serve("/api/v2/scheduled-maintenances.json", "discord-scheduled-maintenances.json");
    serve("/history.atom", "github-history.atom");
    page.start();
    poller = new StatusPagePoller("github", URI.create("http://127.0.0.1:" + page.getAddress().getPort()),
        HttpClient.newHttpClient(), () -> now.get());
  }

  void serve(String path, String fixture) {
    byte[] body = Fixtures.bytes(fixture);
    String etag = "\"" + fixture.hashCode() + "\"";
    page.createContext(path, ex -> {
      if (failWith.get() != 0) {
        if (retryAfter.get() != null) {
          ex.getResponseHeaders().add("Retry-After", retryAfter.get());
        }
        ex.sendResponseHeaders(failWith.get(), -1);
      } else if (etag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
        notModified.incrementAndGet();
        ex.sendResponseHeaders(304, -1);
      } else {
        ex.getResponseHeaders().add("ETag", etag);
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
      }
      ex.close();
    });
  }

  @AfterEach
  void stop() {
    page.stop(0);
  }

  @Test
  void secondPollOfAnUnchangedPageIsA304AndSaysNothingNew() {
    StatusPagePoller.Poll first = poller.poll(StatusPagePoller.Feed.INCIDENTS);
    assertThat(first.outcome()).isEqualTo(StatusPagePoller.Outcome.CHANGED);
    assertThat(first.statuses()).hasSizeGreaterThan(50).extracting(OfficialStatus::at).isSorted();
    assertThat(first.statuses()).anyMatch(s -> s.level().equals("major_outage"));
    StatusPagePoller.Poll second = poller.poll(StatusPagePoller.Feed.INCIDENTS);
    assertThat(second.outcome()).isEqualTo(StatusPagePoller.Outcome.NOT_MODIFIED);
    assertThat(notModified.get()).isEqualTo(1);
  }

  @Test
  void calmSummarySaysNothingAndIsOperational() {
    StatusPagePoller.Poll p = poller.poll(StatusPagePoller.Feed.SUMMARY);
    assertThat(p.statuses()).isEmpty();
    assertThat(poller.tracker().currentLevel()).isEqualTo("operational");
  }

  @Test
  void errorsBackOffExponentiallyAndHonourRetryAfter() {
    failWith.set(503);
    assertThat(poller.poll(StatusPagePoller.Feed.SUMMARY).outcome()).isEqualTo(StatusPagePoller.Outcome.FAILED);
    assertThat(poller.nextAttempt()).isEqualTo(now.get().plus(Duration.ofMinutes(1)));
    assertThat(poller.poll(StatusPagePoller.Feed.SUMMARY).outcome()).isEqualTo(StatusPagePoller.Outcome.SKIPPED_BACKING_OFF);
    now.set(now.get().plus(Duration.ofMinutes(1)));
    assertThat(poller.poll(StatusPagePoller.Feed.SUMMARY).outcome()).isEqualTo(StatusPagePoller.Outcome.FAILED);
    assertThat(poller.nextAttempt()).isEqualTo(now.get().plus(Duration.ofMinutes(2)));
    now.set(poller.nextAttempt());
    failWith.set(429);
    retryAfter.set("900");
    poller.poll(StatusPagePoller.Feed.SUMMARY);
    assertThat(poller.nextAttempt()).isEqualTo(now.get().plus(Duration.ofMinutes(15)));
    now.set(poller.nextAttempt());
    failWith.set(0);
    assertThat(poller.poll(StatusPagePoller.Feed.SUMMARY).outcome()).isEqualTo(StatusPagePoller.Outcome.CHANGED);
  }

  @Test
  void aPageThatIsNotAStatusPageIsAFailureNotACrash() {
    page.createContext("/broken/api/v2/summary.json", ex -> {
      byte[] b = "<html>maintenance</html>".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    StatusPagePoller broken = new StatusPagePoller("github", URI.create("http://127.0.0.1:" + page.getAddress().getPort() + "/broken/"),
        HttpClient.newHttpClient(), () -> now.get());
    StatusPagePoller.Poll p = broken.poll(StatusPagePoller.Feed.SUMMARY);
    assertThat(p.outcome()).isEqualTo(StatusPagePoller.Outcome.FAILED);
    assertThat(p.error()).contains("not JSON");
    assertThat(broken.nextAttempt()).isEqualTo(now.get().plus(Duration.ofMinutes(1)));
  }

  @Test
  void sameUpdatesFromAtomAreNotSaidTwiceAndMaintenanceIsNotAProblem() {
    List<OfficialStatus> atom = poller.poll(StatusPagePoller.Feed.HISTORY_ATOM).statuses();
    assertThat(atom).hasSize(178);
    assertThat(poller.poll(StatusPagePoller.Feed.HISTORY_ATOM).statuses()).isEmpty();
    List<OfficialStatus> m = poller.poll(StatusPagePoller.Feed.MAINTENANCES).statuses();
    assertThat(m).extracting(OfficialStatus::level).containsOnly("under_maintenance", "operational");
  }

  @Test
  void admissionLagIsMeasuredFromVigiesDetection() {
    List<OfficialStatus> said = List.of(
        new OfficialStatus("facebook", "Facebook", "operational", "All good", null, Instant.parse("2021-10-04T15:00:00Z")),
        new OfficialStatus("facebook", "Facebook", "major_outage", "We're aware", null, Instant.parse("2021-10-04T16:40:00Z")));
    assertThat(OfficialStatusTracker.lag(said, Instant.parse("2021-10-04T15:52:00Z"), Duration.ofHours(1)))
        .hasValue(Duration.ofMinutes(48));
    assertThat(OfficialStatusTracker.lag(said.subList(0, 1), Instant.parse("2021-10-04T15:52:00Z"), Duration.ofHours(1))).isEmpty();
  }
}
