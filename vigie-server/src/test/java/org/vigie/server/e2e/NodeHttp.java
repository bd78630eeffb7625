package org.vigie.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.vigie.server.TestServer;
import org.vigie.server.Vigie;

/** HTTP to one instance of a test cluster (each runs its own {@link Vigie}, not a {@link TestServer}). */
final class NodeHttp {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private NodeHttp() {}

  /** POSTs with the admin token. */
  static HttpResponse<String> post(Vigie v, String path, String type, String body) {
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + v.port() + path)).header("Content-Type", type)
        .header("Authorization", "Bearer " + TestServer.ADMIN).POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  /** GETs JSON, which must answer 200. */
  static JsonNode json(Vigie v, String path) {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + v.port() + path)).GET().build());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return TestServer.parse(r.body());
  }

  private static HttpResponse<String> send(HttpRequest r) {
    try {
      return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
