package org.vigie.server.social;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.server.TestServer;
import org.vigie.sources.social.FakeJetstream;
import org.vigie.sources.social.MastodonStream;

/**
 * {@code vigie serve --mastodon URL#tag} end to end: a real Vigie reads a fake Mastodon server on
 * loopback (its streaming and REST wire format), is stopped, started again on the same data, and
 * asks the server for what was posted since the last status it took.
 */
class SocialStreamsTest {
  @TempDir Path dir;
  private final CountDownLatch release = new CountDownLatch(1);
  private final HttpClient http = HttpClient.newHttpClient();
  private HttpServer mastodon;

  static String status(String id, String acct, String text) {
    return "{\"id\":\"" + id + "\",\"created_at\":\"2026-11-24T11:59:00.000Z\",\"language\":\"fr\",\"content\":\"<p>" + text
        + "</p>\",\"spoiler_text\":\"\",\"reblog\":null,\"account\":{\"id\":\"" + id + "\",\"acct\":\"" + acct
        + "\",\"created_at\":\"2020-01-01T00:00:00.000Z\"}}";
  }

  @AfterEach
  void stop() {
    release.countDown();
    if (mastodon != null) {
      mastodon.stop(0);
    }
  }

  @Test
  void aRestartedServerResumesEachStreamFromItsStoredCursor() throws Exception {
    AtomicInteger streams = new AtomicInteger();
    List<String> catchUps = new CopyOnWriteArrayList<>();
    mastodon = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    // Each held stream keeps a thread; the REST catch-up must not wait behind one.
    mastodon.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    mastodon.createContext("/api/v1/streaming/hashtag", ex -> {
      boolean first = streams.incrementAndGet() == 1;
      ex.getResponseHeaders().set("Content-Type", "text/event-stream");
      ex.sendResponseHeaders(200, 0);
      try (OutputStream out = ex.getResponseBody()) {
        if (first) {
          write(out, "event: update\ndata: " + status("101", "alice@mas.to", "Instagram est en panne, rien ne charge") + "\n\n");
          write(out, "event: update\ndata: " + status("102", "bob", "instagram ne marche plus chez moi") + "\n\n");
        }
        write(out, ":thump\n\n");
        release.await();
      } catch (IOException | InterruptedException e) {
        // the client went away: this connection is over
      }
    });
    mastodon.createContext("/api/v1/timelines/tag/instagramdown", ex -> {
      String query = ex.getRequestURI().getQuery();
      catchUps.add(query);
      // Posted while Vigie was stopped: only what comes after the cursor it asks from.
      answer(ex, query.contains("min_id=102") ? "[" + status("103", "carol@piaille.fr", "instagram en panne depuis ce matin") + "]" : "[]");
    });
    mastodon.start();
    String spec = "http://127.0.0.1:" + mastodon.getAddress().getPort() + "#instagramdown";

    try (TestServer first = new TestServer(dir);
        SocialStreams social = SocialStreams.start(first.vigie, List.of(spec), null, List.of(), http, d -> {})) {
      await().atMost(Duration.ofSeconds(30)).until(() -> first.vigie.storage().mentions().count() == 2);
      assertThat(catchUps).as("a first start has no cursor: nothing to catch up").isEmpty();
    }

    try (TestServer again = new TestServer(dir)) {
      String key = SocialStreams.CURSOR_PREFIX + "mastodon:" + spec;
      assertThat(again.vigie.storage().settings().get(key)).contains("102");
      try (SocialStreams social = SocialStreams.start(again.vigie, List.of(spec), null, List.of(), http, d -> {})) {
        await().atMost(Duration.ofSeconds(30)).until(() -> again.vigie.storage().mentions().count() == 3);
        assertThat(catchUps.getFirst()).contains("min_id=102");
      }
      assertThat(again.vigie.storage().settings().get(key)).contains("103");
    }
  }

  @Test
  void aRestartedServerResumesJetstreamFromItsStoredTimeCursor() throws Exception {
    long t1 = 1_764_000_000_000_001L;
    long t2 = 1_764_000_000_000_002L;
    long t3 = 1_764_000_000_000_003L;
    try (FakeJetstream jetstream = new FakeJetstream((n, conn) -> {
      if (n == 1) {
        conn.text(FakeJetstream.post(t1, "did:plc:alice", "3k1", "Instagram est en panne, rien ne charge", "fr"));
        conn.text(FakeJetstream.post(t2, "did:plc:bob", "3k2", "instagram ne marche plus chez moi", "fr"));
      } else {
        // Jetstream replays from a little before the cursor: t2 again, then what came while Vigie was down.
        conn.text(FakeJetstream.post(t2, "did:plc:bob", "3k2", "instagram ne marche plus chez moi", "fr"));
        conn.text(FakeJetstream.post(t3, "did:plc:carol", "3k3", "instagram en panne depuis ce matin", "fr"));
      }
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    })) {
      URI endpoint = URI.create("ws://127.0.0.1:" + jetstream.port() + "/subscribe");
      try (TestServer first = new TestServer(dir);
          SocialStreams social = SocialStreams.start(first.vigie, List.of(), null, List.of(endpoint), http, d -> {})) {
        await().atMost(Duration.ofSeconds(30)).until(() -> first.vigie.storage().mentions().count() == 2);
      }
      assertThat(jetstream.requestLines.getFirst()).doesNotContain("cursor=");

      try (TestServer again = new TestServer(dir)) {
        String key = SocialStreams.CURSOR_PREFIX + "jetstream:" + endpoint;
        assertThat(again.vigie.storage().settings().get(key)).contains(String.valueOf(t2));
        try (SocialStreams social = SocialStreams.start(again.vigie, List.of(), null, List.of(endpoint), http, d -> {})) {
          // t2 replayed is not stored twice: the mention log is idempotent by (source, post id).
          await().atMost(Duration.ofSeconds(30)).until(() -> again.vigie.storage().mentions().count() == 3);
          // The adapter asks from two seconds before the stored cursor, as Jetstream advises.
          assertThat(jetstream.requestLines.get(1)).contains("cursor=" + (t2 - 2_000_000));
        }
        assertThat(again.vigie.storage().settings().get(key)).contains(String.valueOf(t3));
      }
    }
  }

  @Test
  void eachHashtagIsItsOwnTimelineAndABadAddressIsRefused() {
    assertThat(SocialStreams.timelines("https://mastodon.social#instagramdown#panne", null))
        .extracting(MastodonStream.Config::hashtag).containsExactly("instagramdown", "panne");
    assertThat(SocialStreams.timelines("https://mastodon.social", "t")).singleElement()
        .satisfies(c -> assertThat(c.hashtag()).isNull());
    assertThatThrownBy(() -> SocialStreams.check(List.of("mastodon.social"), List.of()))
        .hasMessageContaining("--mastodon mastodon.social: expected a server URL");
    assertThatThrownBy(() -> SocialStreams.check(List.of(), List.of(URI.create("https://jetstream.example/subscribe"))))
        .hasMessageContaining("--jetstream https://jetstream.example/subscribe: expected a WebSocket URL");
  }

  private static void write(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void answer(HttpExchange ex, String json) throws IOException {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(200, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }
}
