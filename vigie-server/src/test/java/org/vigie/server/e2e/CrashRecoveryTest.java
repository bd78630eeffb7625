package org.vigie.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.server.TestServer;

/**
 * Kill -9 a real Vigie process in the middle of an import, start again on the same data, and
 * count: every acknowledged report is there, and the tallies rebuilt from the signal log add up to
 * the counted reports stored.
 */
class CrashRecoveryTest {
  private static final Pattern UP = Pattern.compile("Vigie is up: http://localhost:(\\d+)/");
  private static final Instant T0 = Instant.parse("2026-11-10T08:00:00Z");

  @TempDir Path dir;

  @Test
  void noAcknowledgedReportIsLostAndCountsAreRebuiltAfterAKill() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        "org.vigie.server.cli.VigieCommand", "serve", "--offline", "--host", "127.0.0.1", "--port", "0", "--data", dir.toString())
        .redirectErrorStream(true);
    pb.environment().put("VIGIE_ADMIN_TOKEN", TestServer.ADMIN);
    Process p = pb.start();
    int port = -1;
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      for (String line; (line = out.readLine()) != null; ) {
        Matcher m = UP.matcher(line);
        if (m.find()) {
          port = Integer.parseInt(m.group(1));
          break;
        }
      }
      assertThat(port).as("the child Vigie announced its port").isPositive();
      Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
      drain.setDaemon(true);
      drain.start();

      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      long acknowledged = 0;
      long sent = 0;
      int batch = 0;
      // Import until well past the point of the kill; each batch covers one minute of event time.
      while (batch < 60) {
        List<String> lines = new ArrayList<>();
        Instant minute = T0.plusSeconds(60L * batch);
        for (int i = 0; i < 2000; i++) {
          lines.add("{\"service\":\"facebook\",\"country\":\"" + (i % 3 == 0 ? "US" : "DE") + "\",\"reporter\":\"r" + (batch * 2000 + i % 1900)
              + "\",\"network\":\"n" + (i % 700) + "\",\"at\":\"" + minute.plusMillis(i * 25L) + "\"}");
        }
        sent += lines.size();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/reports"))
            .header("Content-Type", "application/x-ndjson").header("Authorization", "Bearer " + TestServer.ADMIN)
            .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", lines))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        acknowledged += lines.size();
        batch++;
        if (batch == 40) {
          // Kill while the next request is in flight.
          HttpRequest next = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/reports"))
              .header("Content-Type", "application/x-ndjson").header("Authorization", "Bearer " + TestServer.ADMIN)
              .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", lines).replace("\"r", "\"x"))).build();
          var inFlight = http.sendAsync(next, HttpResponse.BodyHandlers.ofString());
          sent += lines.size();
          p.destroyForcibly();
          p.waitFor(30, TimeUnit.SECONDS);
          inFlight.handle((res, err) -> null).get(30, TimeUnit.SECONDS);
          break;
        }
      }

      try (TestServer again = new TestServer(dir)) {
        long stored = again.vigie.storage().signals().countReports();
        assertThat(stored).as("stored after the kill").isBetween(acknowledged, sent);
        long counted = again.vigie.storage().signals().countReports("facebook", T0, T0.plusSeconds(3600));
        // Close every minute: one more report an hour later in event time moves the watermark on.
        var r = again.post("/api/v1/reports", "application/x-ndjson",
            "{\"service\":\"facebook\",\"reporter\":\"late\",\"at\":\"" + T0.plusSeconds(7200) + "\"}", TestServer.ADMIN);
        assertThat(r.statusCode()).isEqualTo(202);
        again.vigie.flush();
        long charted = 0;
        var points = again.getJson("/api/v1/services/facebook/series?from=" + T0 + "&to=" + T0.plusSeconds(3600) + "&step=1h").path("points");
        for (var point : points) {
          charted += point.path("reports").asLong();
        }
        assertThat(charted).as("counted reports in the rebuilt tallies").isEqualTo(counted);
        assertThat(counted).isGreaterThan(0);
      }
    } finally {
      p.destroyForcibly();
    }
  }
}
