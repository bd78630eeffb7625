package org.vigie.sources.social;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Bluesky posts from a Jetstream server (JSON over WebSocket,
 * {@code wss://jetstream2.us-east.bsky.network/subscribe}) and hands each new
 * {@code app.bsky.feed.post} to a {@link PostSink}.
 *
 * <p><b>Resuming.</b> Jetstream replays from a {@code cursor} (a {@code time_us}, microseconds
 * since the epoch). The cursor kept is the {@code time_us} of the last event seen; a reconnection
 * asks for {@link #REWIND_MICROS} earlier, as Jetstream's documentation advises (events near the
 * cut may otherwise be lost), and the ingestor's (source, id) dedupe drops the repeats.
 *
 * <p><b>Reconnecting.</b> A close, an error or a refused upgrade waits {@link Backoff#next()} on
 * the {@link Sleeper} and connects again; the back-off resets after a connection that delivered.
 */
public final class JetstreamStream implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JetstreamStream.class);

  /** How far before the last seen event a reconnection resumes: 2 seconds. */
  static final long REWIND_MICROS = 2_000_000;

  private final URI endpoint;
  private final HttpClient http;
  private final PostSink sink;
  private final Backoff backoff;
  private final Sleeper sleeper;
  private volatile long cursor;
  private volatile boolean running;
  private volatile WebSocket socket;
  private volatile CompletableFuture<Void> ended;
  private Thread thread;

  /**
   * @param endpoint the subscribe URL, e.g. {@code wss://jetstream2.us-east.bsky.network/subscribe}
   * @param initialCursor a {@code time_us} to resume from, or a negative number to start live
   */
  public JetstreamStream(URI endpoint, HttpClient http, PostSink sink, long initialCursor, Backoff backoff, Sleeper sleeper) {
    this.endpoint = endpoint;
    this.http = http;
    this.sink = sink;
    this.cursor = initialCursor;
    this.backoff = backoff;
    this.sleeper = sleeper;
  }

  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    thread = Thread.ofVirtual().name("jetstream").start(this::run);
  }

  /** The {@code time_us} of the last event seen, or negative before the first. */
  public long cursor() {
    return cursor;
  }

  URI uri() {
    String q = "wantedCollections=app.bsky.feed.post" + (cursor >= 0 ? "&cursor=" + Math.max(0, cursor - REWIND_MICROS) : "");
    String base = endpoint.toString();
    return URI.create(base + (base.contains("?") ? "&" : "?") + q);
  }

  private void run() {
    while (running) {
      boolean[] delivered = {false};
      CompletableFuture<Void> done = new CompletableFuture<>();
      ended = done;
      try {
        socket = http.newWebSocketBuilder().buildAsync(uri(), new Listener(done, delivered)).get();
        done.get();
      } catch (ExecutionException e) {
        if (running) {
          LOG.warn("Jetstream connection ended: {}", e.getCause() == null ? e.toString() : e.getCause().toString());
        }
      } catch (InterruptedException e) {
        return;
      }
      if (!running) {
        return;
      }
      if (delivered[0]) {
        backoff.reset();
      }
      try {
        sleeper.sleep(backoff.next());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final CompletableFuture<Void> done;
    private final boolean[] delivered;
    private final StringBuilder text = new StringBuilder();

    Listener(CompletableFuture<Void> done, boolean[] delivered) {
      this.done = done;
      this.delivered = delivered;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      if (text.length() + data.length() <= SseParser.MAX_DATA) {
        text.append(data);
      }
      if (last) {
        JetstreamEvents.Event e = JetstreamEvents.parse(text.toString());
        text.setLength(0);
        try {
          if (e.post() != null) {
            sink.accept(List.of(e.post()), String.valueOf(e.timeUs()));
            delivered[0] = true;
          }
          if (e.timeUs() > cursor) {
            cursor = e.timeUs();
          }
        } catch (RuntimeException ex) {
          // The sink refused: do not move the cursor past it; reconnect and replay from before.
          ws.abort();
          done.completeExceptionally(ex);
          return null;
        }
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      done.complete(null);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      done.completeExceptionally(error);
    }
  }

  @Override
  public void close() {
    running = false;
    WebSocket ws = socket;
    if (ws != null) {
      ws.abort();
    }
    CompletableFuture<Void> e = ended;
    if (e != null) {
      e.complete(null);
    }
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }
}
