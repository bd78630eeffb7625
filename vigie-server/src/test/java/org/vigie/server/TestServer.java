package org.vigie.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** A real Vigie on a free loopback port with its own data directory, and a small HTTP client. */
public final class TestServer implements AutoCloseable {
  public static final String ADMIN = "test-admin-token-0123456789";
  public static final ObjectMapper JSON = new ObjectMapper();

  public final Vigie vigie;
  public final SettableClock clock;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** A clock tests move by hand; nothing in a test waits for wall time to pass. */
  public static final class SettableClock implements InstantSource {
    private final AtomicLong millis;

    public SettableClock(Instant start) {
      millis = new AtomicLong(start.toEpochMilli());
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }

    public void advanceSeconds(long s) {
      millis.addAndGet(s * 1000);
    }
  }

  public TestServer(Path dir) {
    this(dir, Instant.parse("2026-11-24T12:00:00Z"));
  }

  public TestServer(Path dir, Instant now) {
    this.clock = new SettableClock(now);
    this.vigie = Vigie.start(VigieConfig.defaults(dir).withHost("127.0.0.1").withPort(0).withAdminToken(ADMIN).withClock(clock));
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + vigie.port() + path);
  }

  public HttpResponse<String> post(String path, String contentType, String body, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return send(b.build());
  }

  public HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  public JsonNode getJson(String path) {
    HttpResponse<String> r = get(path);
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return parse(r.body());
  }

  public static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }

  private HttpResponse<String> send(HttpRequest r) {
    try {
      return http.send(r, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    vigie.close();
  }
}
