package org.vigie.sources.social;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Mastodon adapter against a fake server on loopback speaking Mastodon's wire format: SSE on
 * {@code /api/v1/streaming/public} (heartbeat comments, {@code update} and {@code delete} events,
 * Status JSON with HTML content) and the REST timeline for catching up.
 */
class MastodonStreamTest {
  private HttpServer server;
  private final CountDownLatch release = new CountDownLatch(1);

  static String status(String id, String acct, String html, String lang) {
    return "{\"id\":\"" + id + "\",\"created_at\":\"2026-11-24T11:5" + id.charAt(id.length() - 1) + ":00.000Z\",\"language\":\"" + lang
        + "\",\"content\":\"" + html + "\",\"spoiler_text\":\"\",\"reblog\":null,\"account\":{\"id\":\"1\",\"acct\":\"" + acct
        + "\",\"created_at\":\"2020-01-01T00:00:00.000Z\"}}";
  }

  @AfterEach
  void stop() {
    release.countDown();
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void readsUpdatesReconnectsWithBackoffAndCatchesUpFromItsCursor() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    List<String> timelineQueries = new CopyOnWriteArrayList<>();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/api/v1/streaming/public", ex -> {
      int n = connections.incrementAndGet();
      ex.getResponseHeaders().set("Content-Type", "text/event-stream");
      ex.sendResponseHeaders(200, 0);
      try (OutputStream out = ex.getResponseBody()) {
        if (n == 1) {
          write(out, ":thump\n\n");
          write(out, "event: update\ndata: " + status("101", "alice", "<p>Instagram est en panne &amp; rien ne charge<br>😡</p>", "fr") + "\n\n");
          write(out, "event: delete\ndata: 99\n\n");
          write(out, "event: update\ndata: {\"id\":\"102\",\"reblog\":{\"id\":\"7\"},\"account\":{\"acct\":\"bob\"}}\n\n");
          // then the server goes away
        } else {
          write(out, "event: update\ndata: " + status("105", "carol@other.example", "<p>back to normal</p>", "en") + "\n\n");
          await();
        }
      }
    });
    server.createContext("/api/v1/timelines/public", ex -> {
      timelineQueries.add(ex.getRequestURI().getQuery());
      String body = "[" + status("104", "dan", "<p>whatsapp down</p>", "en") + "," + status("103", "erin", "<p>hello</p>", "en") + "]";
      respond(ex, body);
    });
    server.start();

    BlockingQueue<Post> got = new LinkedBlockingQueue<>();
    List<String> cursors = new CopyOnWriteArrayList<>();
    List<Duration> slept = new CopyOnWriteArrayList<>();
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    try (MastodonStream s = new MastodonStream(new MastodonStream.Config(base, null, null), HttpClient.newHttpClient(),
        (posts, cursor) -> {
          cursors.add(cursor);
          got.addAll(posts);
        }, null, new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), RandomGenerator.of("L64X128MixRandom")),
        slept::add)) {
      s.start();
      Post first = next(got);
      assertThat(first.id()).isEqualTo("101");
      assertThat(first.text()).isEqualTo("Instagram est en panne & rien ne charge\n😡");
      assertThat(first.lang()).isEqualTo("fr");
      assertThat(first.author()).isEqualTo("alice@127.0.0.1");
      assertThat(first.source()).isEqualTo("mastodon:127.0.0.1");
      // After the first connection ends: one back-off, then the timeline from the cursor, oldest first.
      assertThat(next(got).id()).isEqualTo("103");
      assertThat(next(got).id()).isEqualTo("104");
      Post live = next(got);
      assertThat(live.id()).isEqualTo("105");
      assertThat(live.authorHome()).isEqualTo("other.example");
      assertThat(timelineQueries).first().asString().contains("min_id=101");
      assertThat(slept).hasSize(1);
      assertThat(slept.getFirst()).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
      // The cursor handed on with a post is that post's id: saving it resumes after it.
      assertThat(cursors.getLast()).isEqualTo("105");
    }
  }

  @Test
  void aRefusedStreamIsRetriedWithGrowingDelays() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/api/v1/streaming/hashtag", ex -> {
      attempts.incrementAndGet();
      assertThat(ex.getRequestURI().getQuery()).isEqualTo("tag=instagramdown");
      assertThat(ex.getRequestHeaders().getFirst("Authorization")).isEqualTo("Bearer t0k");
      ex.sendResponseHeaders(503, -1);
      ex.close();
    });
    server.start();
    BlockingQueue<Duration> slept = new LinkedBlockingQueue<>();
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    try (MastodonStream s = new MastodonStream(new MastodonStream.Config(base, "instagramdown", "t0k"), HttpClient.newHttpClient(),
        (posts, cursor) -> {}, null, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8), RandomGenerator.of("L64X128MixRandom")),
        slept::put)) {
      s.start();
      long[] steps = {1000, 2000, 4000, 8000, 8000};
      for (long step : steps) {
        Duration d = slept.poll(10, TimeUnit.SECONDS);
        assertThat(d).isNotNull();
        assertThat(d.toMillis()).isBetween(step / 2, step);
      }
    }
  }

  private void await() {
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static Post next(BlockingQueue<Post> q) throws InterruptedException {
    // Waits for the adapter's next post (an event, not the passing of time); the bound only stops a broken test.
    Post p = q.poll(10, TimeUnit.SECONDS);
    assertThat(p).as("a post within the test's bound").isNotNull();
    return p;
  }

  private static void write(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void respond(HttpExchange ex, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(200, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }
}
