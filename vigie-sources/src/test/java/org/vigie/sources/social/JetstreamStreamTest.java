package org.vigie.sources.social;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigie.sources.social.FakeJetstream.post;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The Jetstream adapter against {@link FakeJetstream}, with events in Jetstream's real JSON shape. */
class JetstreamStreamTest {
  @Test
  void readsPostsSkipsOtherEventsAndResumesFromItsCursorAfterAClose() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (FakeJetstream fake = new FakeJetstream((n, conn) -> {
      if (n == 1) {
        conn.text(post(1_764_000_000_000_001L, "did:plc:alice", "3k1", "WhatsApp est en panne", "fr"));
        conn.text("{\"did\":\"did:plc:bob\",\"time_us\":1764000000000002,\"kind\":\"identity\",\"identity\":{\"did\":\"did:plc:bob\",\"handle\":\"bob.bsky.social\",\"seq\":1,\"time\":\"2026-11-24T11:58:02Z\"}}");
        conn.text("{\"did\":\"did:plc:bob\",\"time_us\":1764000000000003,\"kind\":\"commit\",\"commit\":{\"operation\":\"delete\",\"collection\":\"app.bsky.feed.post\",\"rkey\":\"3k0\"}}");
        conn.text("{\"did\":\"did:plc:bob\",\"time_us\":1764000000000004,\"kind\":\"commit\",\"commit\":{\"operation\":\"create\",\"collection\":\"app.bsky.feed.like\",\"rkey\":\"3k9\",\"record\":{}}}");
        conn.text("not json at all");
        conn.closeFrame();
        conn.drop();
      } else {
        conn.text(post(1_764_000_000_000_009L, "did:plc:carol", "3k2", "instagram is back", "en"));
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    })) {
      BlockingQueue<Post> got = new LinkedBlockingQueue<>();
      List<String> cursors = new CopyOnWriteArrayList<>();
      List<Duration> slept = new CopyOnWriteArrayList<>();
      try (JetstreamStream s = new JetstreamStream(URI.create("ws://127.0.0.1:" + fake.port() + "/subscribe"), HttpClient.newHttpClient(),
          (posts, cursor) -> {
          cursors.add(cursor);
          got.addAll(posts);
        }, -1, new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), RandomGenerator.of("L64X128MixRandom")),
          slept::add)) {
        s.start();
        Post first = MastodonStreamTest.next(got);
        assertThat(first.id()).isEqualTo("did:plc:alice/3k1");
        assertThat(first.author()).isEqualTo("did:plc:alice");
        assertThat(first.lang()).isEqualTo("fr");
        assertThat(first.createdAt()).isEqualTo(Instant.parse("2026-11-24T11:58:01Z"));
        assertThat(first.source()).isEqualTo("bluesky");
        Post second = MastodonStreamTest.next(got);
        assertThat(second.id()).isEqualTo("did:plc:carol/3k2");
        assertThat(got).isEmpty();
        assertThat(fake.requestLines.get(0)).startsWith("GET /subscribe?wantedCollections=app.bsky.feed.post ");
        // Resumed two seconds before the last event seen (the like at ...004), as Jetstream advises.
        assertThat(fake.requestLines.get(1)).contains("cursor=" + (1_764_000_000_000_004L - 2_000_000));
        assertThat(slept).hasSize(1);
        assertThat(cursors.getLast()).isEqualTo("1764000000000009");
      } finally {
        release.countDown();
      }
    }
  }
}
