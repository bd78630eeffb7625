package org.vigie.sources.social;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a Mastodon server's public or hashtag timeline through its streaming API (server-sent
 * events, {@code GET /api/v1/streaming/public} or {@code /hashtag?tag=}), and hands each new
 * status to a {@link PostSink}.
 *
 * <p><b>Resuming.</b> Mastodon's stream has no replay: what was posted while disconnected is only
 * in the REST timeline. So the cursor is the id of the last status handed on, and every
 * (re)connection first pages forward through {@code GET /api/v1/timelines/public} (or
 * {@code /tag/{tag}}) with {@code min_id=cursor}, oldest first, before opening the stream. A
 * status that arrives both ways is removed downstream by the ingestor's (source, id) dedupe.
 *
 * <p><b>Reconnecting.</b> Any end of the stream — server restart, network loss, a non-200 answer —
 * waits {@link Backoff#next()} on the {@link Sleeper} and starts again; the back-off resets once a
 * connection delivered something. {@link #close()} stops it.
 */
public final class MastodonStream implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MastodonStream.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Statuses per REST page (Mastodon's maximum). */
  static final int PAGE = 40;

  /** REST pages read per reconnection at most: beyond 2,000 missed statuses, the oldest are let go. */
  static final int MAX_PAGES = 50;

  /**
   * @param base the server, e.g. {@code https://mastodon.social}
   * @param hashtag a tag without '#', or null for the public timeline
   * @param accessToken a bearer token (many servers require one for streaming), or null
   */
  public record Config(URI base, String hashtag, String accessToken) {}

  private final Config config;
  private final HttpClient http;
  private final PostSink sink;
  private final Backoff backoff;
  private final Sleeper sleeper;
  private final String instance;
  private volatile String cursor;
  private volatile boolean running;
  private volatile InputStream current;
  private Thread thread;

  public MastodonStream(Config config, HttpClient http, PostSink sink, String initialCursor, Backoff backoff, Sleeper sleeper) {
    this.config = config;
    this.http = http;
    this.sink = sink;
    this.backoff = backoff;
    this.sleeper = sleeper;
    this.cursor = initialCursor;
    this.instance = config.base().getHost();
  }

  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    thread = Thread.ofVirtual().name("mastodon-" + instance).start(this::run);
  }

  /** The id of the last status handed on, or null before the first. */
  public String cursor() {
    return cursor;
  }

  private void run() {
    while (running) {
      boolean delivered = false;
      try {
        delivered = backfill();
        delivered |= stream();
      } catch (IOException | RuntimeException e) {
        if (running) {
          LOG.warn("Mastodon stream from {} ended: {}", instance, e.toString());
        }
      } catch (InterruptedException e) {
        return;
      }
      if (!running) {
        return;
      }
      if (delivered) {
        backoff.reset();
      }
      try {
        sleeper.sleep(backoff.next());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private boolean backfill() throws IOException, InterruptedException {
    if (cursor == null) {
      return false;
    }
    boolean delivered = false;
    for (int page = 0; page < MAX_PAGES && running; page++) {
      String path = config.hashtag() == null ? "/api/v1/timelines/public" : "/api/v1/timelines/tag/" + enc(config.hashtag());
      URI uri = config.base().resolve(path + "?limit=" + PAGE + "&min_id=" + enc(cursor));
      HttpResponse<String> r = http.send(request(uri, "application/json"), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IOException("timeline answered " + r.statusCode());
      }
      JsonNode arr = JSON.readTree(r.body());
      if (arr == null || !arr.isArray() || arr.isEmpty()) {
        return delivered;
      }
      List<Post> posts = new ArrayList<>();
      String newest = cursor;
      for (JsonNode s : arr) {
        Post p = MastodonStatuses.fromNode(s, instance);
        String id = s.path("id").asText("");
        if (!id.isEmpty() && newer(id, newest)) {
          newest = id;
        }
        if (p != null) {
          posts.add(p);
        }
      }
      posts.sort(Comparator.comparing(Post::id, MastodonStream::compareIds));
      sink.accept(posts, newest);
      cursor = newest;
      delivered = true;
      if (arr.size() < PAGE) {
        return true;
      }
    }
    return delivered;
  }

  private boolean stream() throws IOException, InterruptedException {
    String path = config.hashtag() == null ? "/api/v1/streaming/public" : "/api/v1/streaming/hashtag?tag=" + enc(config.hashtag());
    HttpResponse<InputStream> r = http.send(request(config.base().resolve(path), "text/event-stream"), HttpResponse.BodyHandlers.ofInputStream());
    boolean[] delivered = {false};
    try (InputStream in = r.body()) {
      if (r.statusCode() != 200) {
        throw new IOException("streaming answered " + r.statusCode());
      }
      current = in;
      SseParser sse = new SseParser((event, data) -> {
        if (!"update".equals(event)) {
          return;
        }
        Post p = MastodonStatuses.parse(data, instance);
        if (p != null) {
          String c = cursor == null || newer(p.id(), cursor) ? p.id() : cursor;
          sink.accept(List.of(p), c);
          cursor = c;
          delivered[0] = true;
        }
      });
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; running && (line = reader.readLine()) != null; ) {
        sse.line(line);
      }
    } finally {
      current = null;
    }
    return delivered[0];
  }

  private HttpRequest request(URI uri, String accept) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Accept", accept).GET();
    if (config.accessToken() != null) {
      b.header("Authorization", "Bearer " + config.accessToken());
    }
    return b.build();
  }

  /** Mastodon ids are decimal strings that grow with time: longer is newer, then lexicographic. */
  static int compareIds(String a, String b) {
    return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
  }

  private static boolean newer(String a, String b) {
    return b == null || compareIds(a, b) > 0;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    running = false;
    InputStream in = current;
    if (in != null) {
      try {
        in.close();
      } catch (IOException ignored) {
        // closing to unblock the reader; nothing to do if it fails
      }
    }
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }
}
