package org.vigie.server.social;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.vigie.core.storage.SettingStore;
import org.vigie.server.Vigie;
import org.vigie.sources.social.Backoff;
import org.vigie.sources.social.JetstreamStream;
import org.vigie.sources.social.MastodonStream;
import org.vigie.sources.social.Post;
import org.vigie.sources.social.PostSink;
import org.vigie.sources.social.Sleeper;

/**
 * The social stream adapters {@code vigie serve} runs when asked ({@code --mastodon},
 * {@code --jetstream}; none by default, so nothing reaches out unless told to). Each feeds
 * {@link Vigie#mentions()} and keeps its resume point in the {@link SettingStore}, so that after a
 * restart it asks its server for what it missed instead of starting from now.
 *
 * <p>The resume point is saved once the posts before it were taken, at most every
 * {@link #SAVE_EVERY} while posts flow (a firehose would otherwise mean a write per post) and on
 * {@link #close()}. After a crash the adapter resumes a few seconds early; the mention log's
 * (source, post id) idempotence keeps the replayed posts from being stored twice.
 */
public final class SocialStreams implements AutoCloseable {
  /** Prefix of the settings that hold each adapter's resume point. */
  static final String CURSOR_PREFIX = "social.cursor.";

  /** Longest time between saves of a resume point while posts flow. */
  static final Duration SAVE_EVERY = Duration.ofSeconds(5);

  private final List<AutoCloseable> streams = new ArrayList<>();
  private final List<Cursor> cursors = new ArrayList<>();

  private SocialStreams() {}

  /**
   * Starts one adapter per Mastodon timeline and per Jetstream endpoint.
   *
   * @param mastodon {@code URL[#hashtag…]} each: a server's public timeline, or its hashtag timelines
   * @param mastodonToken a bearer token for servers that require one to stream, or null
   */
  public static SocialStreams start(Vigie vigie, List<String> mastodon, String mastodonToken, List<URI> jetstream, HttpClient http,
      Sleeper sleeper) {
    check(mastodon, jetstream);
    SocialStreams s = new SocialStreams();
    SettingStore settings = vigie.storage().settings();
    InstantSource clock = vigie.config().clock();
    for (String spec : mastodon) {
      for (MastodonStream.Config c : timelines(spec, mastodonToken)) {
        Cursor cursor = s.cursor(vigie, settings, clock, "mastodon:" + c.base() + (c.hashtag() == null ? "" : "#" + c.hashtag()));
        MastodonStream m = new MastodonStream(c, http, cursor, cursor.saved, Backoff.standard(), sleeper);
        s.streams.add(m);
        m.start();
      }
    }
    for (URI endpoint : jetstream) {
      Cursor cursor = s.cursor(vigie, settings, clock, "jetstream:" + endpoint);
      JetstreamStream j = new JetstreamStream(endpoint, http, cursor, cursor.saved == null ? -1 : Long.parseLong(cursor.saved),
          Backoff.standard(), sleeper);
      s.streams.add(j);
      j.start();
    }
    return s;
  }

  private Cursor cursor(Vigie vigie, SettingStore settings, InstantSource clock, String name) {
    Cursor c = new Cursor(vigie, settings, clock, CURSOR_PREFIX + name);
    cursors.add(c);
    return c;
  }

  /**
   * Refuses stream addresses that could never connect, with the option and the reason, so that
   * {@code serve} stops before starting anything rather than retrying a typo forever.
   *
   * @throws IllegalArgumentException naming the bad value
   */
  public static void check(List<String> mastodon, List<URI> jetstream) {
    mastodon.forEach(spec -> timelines(spec, null));
    for (URI u : jetstream) {
      if (!("wss".equals(u.getScheme()) || "ws".equals(u.getScheme())) || u.getHost() == null) {
        throw new IllegalArgumentException("--jetstream " + u + ": expected a WebSocket URL such as wss://jetstream2.us-east.bsky.network/subscribe");
      }
    }
  }

  /**
   * Reads {@code --mastodon} values: {@code https://mastodon.social} streams the public timeline,
   * {@code https://mastodon.social#instagramdown#panne} one hashtag timeline per tag.
   */
  static List<MastodonStream.Config> timelines(String spec, String token) {
    String[] parts = spec.split("#");
    URI base = URI.create(parts[0]);
    if (!("https".equals(base.getScheme()) || "http".equals(base.getScheme())) || base.getHost() == null) {
      throw new IllegalArgumentException("--mastodon " + spec + ": expected a server URL such as https://mastodon.social[#hashtag]");
    }
    List<MastodonStream.Config> out = new ArrayList<>();
    for (int i = 1; i < parts.length; i++) {
      if (!parts[i].isBlank()) {
        out.add(new MastodonStream.Config(base, parts[i].strip(), token));
      }
    }
    return out.isEmpty() ? List.of(new MastodonStream.Config(base, null, token)) : out;
  }

  /** Hands an adapter's posts to the ingestor and keeps its resume point. */
  private static final class Cursor implements PostSink {
    final Vigie vigie;
    final SettingStore settings;
    final InstantSource clock;
    final String key;
    final String saved;
    private String latest;
    private long savedAtMillis = Long.MIN_VALUE;
    private boolean closed;

    Cursor(Vigie vigie, SettingStore settings, InstantSource clock, String key) {
      this.vigie = vigie;
      this.settings = settings;
      this.clock = clock;
      this.key = key;
      this.saved = settings.get(key).orElse(null);
      this.latest = saved;
    }

    /**
     * One adapter delivers from one thread; the lock makes {@link #close} wait for a delivery in
     * progress, so the resume point saved last is that of the last post taken.
     */
    @Override
    public synchronized void accept(List<Post> posts, String cursorAfter) {
      if (closed) {
        // Refused, so the adapter does not move past these posts.
        throw new IllegalStateException("social streams are stopping: posts not taken");
      }
      vigie.mentions().ingest(posts);
      latest = cursorAfter;
      long now = clock.millis();
      if (savedAtMillis == Long.MIN_VALUE || now - savedAtMillis >= SAVE_EVERY.toMillis()) {
        settings.put(key, cursorAfter);
        savedAtMillis = now;
      }
    }

    synchronized void close() {
      closed = true;
      if (latest != null) {
        settings.put(key, latest);
      }
    }
  }

  /** Stops the adapters, then saves where each got to. */
  @Override
  public void close() {
    for (AutoCloseable s : streams) {
      try {
        s.close();
      } catch (Exception e) {
        // Closing only interrupts a reader; the resume points below still get saved.
      }
    }
    cursors.forEach(Cursor::close);
  }
}
