package org.vigie.server.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.core.signal.OfficialStatus;
import org.vigie.server.TestServer;
import org.vigie.sources.statuspage.StatusPagePoller;

/**
 * GitHub's real status page capture, served on loopback and polled by a running Vigie's path for
 * official statements: they are on the service page even when no incident is open, they survive
 * a restart, and a poller starting afresh (as after a restart) stores none of them twice.
 */
class OfficialDurabilityTest {
  /** Just after the capture (2026-07-31T03:29Z): its statements are all over an hour old, so none opens an incident. */
  static final Instant NOW = Instant.parse("2026-07-31T04:00:00Z");

  @TempDir Path dir;
  HttpServer page;
  TestServer vigie;

  @BeforeEach
  void serveTheCapture() throws IOException {
    Path data = OfficialTimelineTest.capture();
    page = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    OfficialTimelineTest.serve(page, "/api/v2/summary.json", data.resolve("github-summary.json"));
    OfficialTimelineTest.serve(page, "/api/v2/incidents.json", data.resolve("github-incidents.json"));
    page.start();
  }

  @AfterEach
  void stop() {
    if (vigie != null) {
      vigie.close();
    }
    page.stop(0);
  }

  /** Polls both JSON feeds with a new poller (its memory empty, as after a restart) into Vigie. */
  private void pollAfresh() {
    StatusPagePoller poller = new StatusPagePoller("github", URI.create("http://127.0.0.1:" + page.getAddress().getPort() + "/"),
        HttpClient.newHttpClient(), vigie.clock);
    for (StatusPagePoller.Feed feed : List.of(StatusPagePoller.Feed.SUMMARY, StatusPagePoller.Feed.INCIDENTS)) {
      StatusPagePoller.Poll poll = poller.poll(feed);
      assertThat(poll.outcome()).as("%s: %s", feed, poll.error()).isEqualTo(StatusPagePoller.Outcome.CHANGED);
      vigie.vigie.officialStatements().accept(poll.statuses());
    }
  }

  private int stored() {
    return vigie.vigie.storage().officialStatuses().recent("github", Instant.MIN, 10_000).size();
  }

  private String statementsSection() {
    String html = vigie.get("/status/github").body();
    int from = html.indexOf("id=\"statements\"");
    return html.substring(from, html.indexOf("</section>", from));
  }

  @Test
  void statementsAreOnTheServicePageWithoutAnIncidentAndSurviveARestart() {
    vigie = new TestServer(dir, NOW);
    pollAfresh();
    int said = stored();
    assertThat(said).isGreaterThan(10);
    assertThat(vigie.vigie.pipeline().openIncident("github")).as("statements over an hour old open nothing").isEmpty();

    String before = statementsSection();
    assertThat(before).contains("Copilot model Claude Fable 5 experiencing elevated").contains("Incident with Actions")
        .doesNotContain("No official statement recorded");

    vigie.close();
    vigie = new TestServer(dir, NOW);

    assertThat(statementsSection()).isEqualTo(before);
    pollAfresh();
    assertThat(stored()).as("the same statements read again are stored once").isEqualTo(said);
  }

  @Test
  void aStatementTheStoreRefusesStillReachesTheIncidentEngine() {
    vigie = new TestServer(dir, NOW);
    vigie.vigie.storage().close();

    vigie.vigie.officialStatements().accept(List.of(new OfficialStatus("github", "Git Operations", "major_outage",
        "Git Operations is major outage", "https://www.githubstatus.com", NOW.minusSeconds(120))));

    assertThat(vigie.vigie.pipeline().openIncident("github")).as("an official major outage opens an incident").isPresent();
  }
}
