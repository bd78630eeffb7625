package org.vigie.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.WebServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.vigie.server.TestServer;
import org.vigie.server.http.Api;

/**
 * A real Vigie ({@link TestServer}) with the web pages served beside the API on a second loopback
 * port, built the way the wired server will be: {@code WebRoutes} first, then the API. Also
 * scripts small outage stories through the import API.
 */
final class WebFixture implements AutoCloseable {
  /** The test clock's "now": 2026-11-24T12:00Z (TestServer's default). */
  static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

  final TestServer server;
  final WebRoutes web;
  final WebServer http;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private long reporters;

  WebFixture(Path dir) {
    server = new TestServer(dir, NOW);
    web = new WebRoutes(server.vigie);
    Api api = new Api(server.vigie);
    http = WebServer.builder().host("127.0.0.1").port(0).maxPayloadSize(64L * 1024 * 1024).connectionOptions(o -> o.tcpNoDelay(true))
        .routing(r -> {
          web.routes(r);
          api.routes(r);
        })
        .build()
        .start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + http.port() + path;
  }

  HttpResponse<String> get(String path, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b.build());
  }

  HttpResponse<String> postForm(String path, String body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b.build());
  }

  HttpResponse<String> send(HttpRequest r) {
    try {
      return client.send(r, HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * Imports per-minute reports of one service in [from, to): a quiet background of about
   * {@code normal} a minute in France and the US, plus {@code spike} a minute in {@code spikeCountry}
   * with the given indicators.
   */
  void story(String service, Instant from, Instant to, double normal, int spike, String spikeCountry, String... indicators) {
    SplittableRandom rnd = new SplittableRandom(from.getEpochSecond());
    List<String> lines = new ArrayList<>();
    for (Instant m = from; m.isBefore(to); m = m.plusSeconds(60)) {
      int quiet = poisson(rnd, normal);
      int n = quiet + spike;
      for (int i = 0; i < n; i++) {
        boolean out = i >= quiet;
        String country = out ? spikeCountry : (rnd.nextDouble() < 0.6 ? "FR" : "US");
        String indicator = out ? indicators[rnd.nextInt(indicators.length)] : "app";
        long ms = Math.min(rnd.nextInt(60_000), Duration.between(m, to).toMillis() - 1);
        reporters++;
        lines.add("{\"service\":\"" + service + "\",\"indicator\":\"" + indicator + "\",\"country\":\"" + country
            + "\",\"reporter\":\"w" + reporters + "\",\"network\":\"n" + (reporters % 5000) + "\",\"at\":\"" + m.plusMillis(ms) + "\"}");
        if (lines.size() == 5000) {
          flush(lines);
        }
      }
    }
    flush(lines);
    server.vigie.flush();
  }

  private void flush(List<String> lines) {
    if (lines.isEmpty()) {
      return;
    }
    var r = server.post("/api/v1/reports", "application/x-ndjson", String.join("\n", lines), TestServer.ADMIN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    lines.clear();
  }

  static int poisson(SplittableRandom rnd, double lambda) {
    double l = Math.exp(-lambda);
    int k = 0;
    double p = 1;
    do {
      k++;
      p *= rnd.nextDouble();
    } while (p > l);
    return k - 1;
  }

  @Override
  public void close() {
    http.stop();
    web.close();
    server.close();
  }
}
