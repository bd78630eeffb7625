package org.vigie.probe;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.vigie.core.signal.ProbeResult;

/** {@code GET /api/v1/agent/checks} and {@code POST /api/v1/probe-results} with a bearer token. */
public final class HttpAgentClient implements AgentClient {
  private final URI server;
  private final String token;
  private final String vantage;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  public HttpAgentClient(URI server, String token, String vantage) {
    this.server = server;
    this.token = token;
    this.vantage = vantage;
  }

  @Override
  public List<Check> fetchChecks() throws IOException {
    HttpRequest req = HttpRequest.newBuilder(server.resolve("/api/v1/agent/checks?vantage=" + URLEncoder.encode(vantage, StandardCharsets.UTF_8)))
        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token).GET().build();
    HttpResponse<byte[]> r = send(req);
    if (r.statusCode() != 200) {
      throw new IOException("GET checks answered " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
    }
    return ProbeJson.readChecks(r.body());
  }

  @Override
  public void push(List<ProbeResult> batch) throws IOException {
    HttpRequest req = HttpRequest.newBuilder(server.resolve("/api/v1/probe-results")).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(ProbeJson.results(vantage, batch))).build();
    HttpResponse<byte[]> r = send(req);
    int status = r.statusCode();
    if (status / 100 == 2) {
      return;
    }
    String message = "POST probe-results answered " + status + ": " + new String(r.body(), StandardCharsets.UTF_8);
    // A bad token (401, 403) may be fixed on the server, a timeout (408) or overload (429) passes;
    // any other 4xx is about the batch itself, which would be refused again forever.
    if (status / 100 == 4 && status != 401 && status != 403 && status != 408 && status != 429) {
      throw new AgentClient.Refused(message);
    }
    throw new IOException(message);
  }

  private HttpResponse<byte[]> send(HttpRequest req) throws IOException {
    try {
      return http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
