package org.vigie.server.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Posts a scenario's reports to a Vigie server's batch API ({@code POST <target>/api/v1/reports},
 * {@code application/x-ndjson}, bearer token).
 *
 * <h2>How it works</h2>
 *
 * <ul>
 *   <li>A <b>producer thread</b> runs the scenario generator into an {@link NdjsonWriter}: batches
 *       are encoded while earlier ones are in flight, and a small bounded queue keeps memory flat
 *       (the generator simply blocks when senders fall behind).
 *   <li><b>{@code concurrency} sender threads</b> (default 4) each post one batch at a time over
 *       HTTP/1.1 keep-alive connections. Several requests in flight hide the per-request latency
 *       (the server acknowledges only once a batch is durable).
 *   <li><b>Speed</b>: at {@link Speed#MAX} batches go as fast as the server takes them. At N×, a
 *       batch waits until wall time reaches its last report's event time scaled by 1/N, and
 *       batches are also cut by event-time span so that sparse traffic goes out as it happens.
 *   <li><b>Never drops</b>: a 503 or 429 is retried with the same bytes after the server's
 *       {@code Retry-After}, as often as the server asks; I/O errors, 408, 500, 502 and 504 are
 *       retried with exponential back-off a few times, then the replay stops. Any other 4xx
 *       stops the replay at once, printing the server's problem detail, because sending more of
 *       the same would fail the same way.
 *   <li>A <b>progress line</b> on stderr (event time %, reports %, reports/s, current event
 *       time), refreshed at most 4 times a second, only on a terminal.
 * </ul>
 *
 * <p>Time is read and slept through an injectable {@link Ticker}, so tests replay at 3600× or
 * honour a {@code Retry-After: 30} without waiting.
 *
 * <p>Reusable: one client may run several replays one after another; it is thread-safe only in
 * the sense that each {@code replay} call is self-contained.
 */
public final class ReplayClient implements AutoCloseable {
  /** Path of the batch endpoint under the target URL. */
  public static final String PATH = "/api/v1/reports";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Batch END = new Batch(-1, new byte[0], 0, 0, 0);
  private static final long MAX_RETRY_AFTER_NANOS = TimeUnit.MINUTES.toNanos(5);
  private static final long PROGRESS_EVERY_MILLIS = 250;

  /** Largest event-time spread among concurrent requests: well inside the server's 15-minute lateness. */
  static final long MAX_IN_FLIGHT_SPREAD_MILLIS = TimeUnit.MINUTES.toMillis(5);

  /** Wall-clock time as the client sees it: real in production, fake in tests. */
  public interface Ticker {
    /** Monotonic nanoseconds, like {@link System#nanoTime()}. */
    long nanoTime();

    /** Waits (interruptibly) for about {@code nanos}. */
    void sleepNanos(long nanos) throws InterruptedException;

    /** The real clock. */
    static Ticker system() {
      return new Ticker() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException {
          TimeUnit.NANOSECONDS.sleep(nanos);
        }
      };
    }
  }

  private final URI endpoint;
  private final String token;
  private final Speed speed;
  private final int concurrency;
  private final int batchLines;
  private final int maxTransientRetries;
  private final Duration requestTimeout;
  private final PrintStream progressOut;
  private final PrintStream log;
  private final Ticker ticker;
  private final HttpClient http;
  private final boolean ownsHttp;

  private ReplayClient(Builder b) {
    this.endpoint = endpoint(b.target);
    this.token = b.token;
    this.speed = b.speed;
    this.concurrency = b.concurrency;
    this.batchLines = b.batchLines;
    this.maxTransientRetries = b.maxTransientRetries;
    this.requestTimeout = b.requestTimeout;
    this.progressOut = b.progressOut;
    this.log = b.log;
    this.ticker = b.ticker;
    this.ownsHttp = b.http == null;
    this.http = b.http != null
        ? b.http
        : HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  public static Builder builder(URI target) {
    return new Builder(target);
  }

  /**
   * The entry point for {@code vigie replay}: replays {@code scenario} to {@code target} with
   * {@code concurrency} 4 and 10,000-line batches, a progress line on stderr when it is a terminal
   * and {@code progress} is true.
   *
   * @throws ReplayException when the server refuses a batch or keeps failing (already printed)
   */
  public static ReplaySummary run(
      Scenario scenario, URI target, String token, Speed speed, boolean progress) {
    try (ReplayClient client = builder(target)
        .token(token)
        .speed(speed)
        .progress(progress && stderrIsTerminal() ? System.err : null)
        .build()) {
      return client.replay(scenario);
    }
  }

  /** Replays the whole scenario; returns once every batch is acknowledged. */
  public ReplaySummary replay(Scenario scenario) {
    long eventStart = scenario.start().toEpochMilli();
    long eventEnd = scenario.end().toEpochMilli();
    // Paced: about one request per wall-clock second, whatever the traffic density.
    long span = speed.isMax() ? Long.MAX_VALUE : Math.max(1000L, (long) (speed.factor() * 1000));
    return run(scenario.name(), out -> {
      NdjsonWriter writer = new NdjsonWriter(batchLines, span, out);
      scenario.generate(writer);
      writer.flush();
    }, scenario.estimatedReports(), eventStart, eventEnd);
  }

  /**
   * Sends already-encoded batches (e.g. a benchmark's pre-generated set), in list order.
   *
   * @param label name shown in the summary
   */
  public ReplaySummary send(String label, List<Batch> batches) {
    if (batches.isEmpty()) {
      return new ReplaySummary(label, 0, 0, 0, 0, 0, Duration.ZERO);
    }
    long reports = batches.stream().mapToLong(Batch::lines).sum();
    long first = batches.get(0).firstEventMillis();
    long last = batches.get(batches.size() - 1).lastEventMillis() + 1;
    return run(label, out -> batches.forEach(out), reports, first, last);
  }

  @Override
  public void close() {
    if (ownsHttp) {
      // shutdownNow, not close: after a failed replay a request may still hang on a stuck server,
      // and close() would wait for it; after a successful one nothing is in flight anyway.
      http.shutdownNow();
      try {
        http.awaitTermination(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** A replay in progress: shared state of the producer, the senders and the progress line. */
  private final class Run {
    final String label;
    final long expectedReports;
    final long eventStart;
    final long eventEnd;
    final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(concurrency * 2 + 2);
    /** Batches taken by a sender and not yet acknowledged, by sequence. */
    final java.util.TreeMap<Long, Batch> inFlight = new java.util.TreeMap<>();
    final AtomicReference<ReplayException> failure = new AtomicReference<>();
    final AtomicLong batches = new AtomicLong();
    final AtomicLong reports = new AtomicLong();
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong counted = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong eventTime;
    final long startNanos;
    volatile boolean stopping;

    Run(String label, long expectedReports, long eventStart, long eventEnd) {
      this.label = label;
      this.expectedReports = expectedReports;
      this.eventStart = eventStart;
      this.eventEnd = eventEnd;
      this.eventTime = new AtomicLong(eventStart);
      this.startNanos = ticker.nanoTime();
    }

    ReplaySummary summary() {
      return new ReplaySummary(label, batches.get(), reports.get(), accepted.get(), counted.get(),
          retries.get(), Duration.ofNanos(ticker.nanoTime() - startNanos));
    }

    void fail(String message, int status, Throwable cause) {
      if (failure.compareAndSet(null, new ReplayException(message, status, null, cause))) {
        stopping = true;
      }
    }
  }

  /** Thrown inside the producer to abandon generation once the replay is stopping. */
  private static final class Stop extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stop() {
      super(null, null, false, false);
    }
  }

  @FunctionalInterface
  private interface Producer {
    void produce(Consumer<Batch> out);
  }

  private ReplaySummary run(
      String label, Producer producer, long expectedReports, long eventStart, long eventEnd) {
    Run run = new Run(label, expectedReports, eventStart, eventEnd);
    Thread producerThread = new Thread(() -> produce(run, producer), "vigie-replay-producer");
    producerThread.setDaemon(true);
    CountDownLatch sendersDone = new CountDownLatch(concurrency);
    List<Thread> threads = new ArrayList<>();
    threads.add(producerThread);
    for (int i = 0; i < concurrency; i++) {
      Thread t = new Thread(() -> {
        try {
          sendLoop(run);
        } finally {
          sendersDone.countDown();
        }
      }, "vigie-replay-sender-" + i);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
    Progress progress = progressOut == null ? null : new Progress(progressOut);
    try {
      // The calling thread supervises: draws the progress line and, once anything failed,
      // interrupts the others out of their waits (queue, pacing, Retry-After, HTTP).
      boolean interruptedOthers = false;
      while (!sendersDone.await(PROGRESS_EVERY_MILLIS, TimeUnit.MILLISECONDS)) {
        if (progress != null) {
          progress.draw(run, false);
        }
        if (run.stopping && !interruptedOthers) {
          threads.forEach(Thread::interrupt);
          interruptedOthers = true;
        }
      }
      if (run.stopping) {
        producerThread.interrupt();
      }
      producerThread.join();
    } catch (InterruptedException e) {
      run.fail("replay interrupted", 0, e);
      threads.forEach(Thread::interrupt);
      Thread.currentThread().interrupt();
    }
    if (progress != null) {
      progress.draw(run, true);
    }
    ReplaySummary summary = run.summary();
    ReplayException failure = run.failure.get();
    if (failure != null) {
      log.println("vigie replay: " + failure.getMessage());
      log.println("vigie replay: stopped after " + summary);
      throw new ReplayException(failure.getMessage(), failure.status(), summary, failure.getCause());
    }
    return summary;
  }

  private void produce(Run run, Producer producer) {
    try {
      producer.produce(batch -> {
        try {
          while (!run.queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
            if (run.stopping) {
              throw new Stop();
            }
          }
        } catch (InterruptedException e) {
          throw new Stop();
        }
        if (run.stopping) {
          throw new Stop();
        }
      });
    } catch (Stop e) {
      return; // a sender failed; its failure is the story
    } catch (RuntimeException | Error e) {
      run.fail("generating reports failed: " + e, 0, e);
      return;
    }
    try {
      run.queue.put(END);
    } catch (InterruptedException e) {
      // stopping anyway
    }
  }

  private void sendLoop(Run run) {
    try {
      while (!run.stopping) {
        Batch batch;
        synchronized (run.inFlight) {
          // Taking and registering together: a later batch can never be seen before an earlier one.
          batch = run.queue.take();
          if (batch != END) {
            run.inFlight.put(batch.sequence(), batch);
          }
        }
        if (batch == END) {
          run.queue.put(END); // let the other senders see the end too
          return;
        }
        try {
          pace(run, batch);
          awaitEarlierBatches(run, batch);
          deliver(run, batch);
        } finally {
          synchronized (run.inFlight) {
            run.inFlight.remove(batch.sequence());
            run.inFlight.notifyAll();
          }
        }
      }
    } catch (InterruptedException e) {
      // stopping: the supervisor interrupts only when a failure is recorded
    }
  }

  /**
   * Concurrency must not reorder event time beyond what the server tolerates: a batch waits while
   * an earlier one still in flight starts more than {@link #MAX_IN_FLIGHT_SPREAD_MILLIS} before
   * this one ends. In a storm batches cover seconds and all go in parallel; in quiet traffic a
   * batch covers hours and they go one after the other.
   */
  private static void awaitEarlierBatches(Run run, Batch batch) throws InterruptedException {
    synchronized (run.inFlight) {
      while (!run.stopping) {
        boolean blocked = false;
        for (Batch earlier : run.inFlight.headMap(batch.sequence(), false).values()) {
          if (earlier.firstEventMillis() < batch.lastEventMillis() - MAX_IN_FLIGHT_SPREAD_MILLIS) {
            blocked = true;
            break;
          }
        }
        if (!blocked) {
          return;
        }
        run.inFlight.wait(100);
      }
    }
  }

  /** At N×, waits until wall time reaches the batch's last event time, scaled. */
  private void pace(Run run, Batch batch) throws InterruptedException {
    if (speed.isMax()) {
      return;
    }
    long due = run.startNanos
        + (long) ((batch.lastEventMillis() - run.eventStart) * 1_000_000.0 / speed.factor());
    long wait = due - ticker.nanoTime();
    if (wait > 0) {
      ticker.sleepNanos(wait);
    }
  }

  private void deliver(Run run, Batch batch) throws InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
        .timeout(requestTimeout)
        .header("Content-Type", "application/x-ndjson")
        .POST(HttpRequest.BodyPublishers.ofByteArray(batch.body()));
    if (token != null && !token.isBlank()) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpRequest built = request.build();
    int transientFailures = 0;
    while (true) {
      if (run.stopping) {
        return;
      }
      HttpResponse<byte[]> response;
      try {
        response = http.send(built, HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        if (++transientFailures > maxTransientRetries) {
          run.fail("cannot reach " + endpoint + " (" + e + ") for batch " + describe(batch)
              + " after " + maxTransientRetries + " retries", 0, e);
          return;
        }
        run.retries.incrementAndGet();
        ticker.sleepNanos(backoff(transientFailures));
        continue;
      }
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        acknowledge(run, batch, response.body());
        return;
      }
      if (status == 503 || status == 429) {
        // The server is shedding load and says when to come back: same bytes, later.
        run.retries.incrementAndGet();
        ticker.sleepNanos(retryAfter(response));
        continue;
      }
      if (status == 408 || status == 500 || status == 502 || status == 504) {
        if (++transientFailures > maxTransientRetries) {
          run.fail("server keeps failing on batch " + describe(batch) + ": "
              + problem(status, response), status, null);
          return;
        }
        run.retries.incrementAndGet();
        ticker.sleepNanos(backoff(transientFailures));
        continue;
      }
      run.fail("server refused batch " + describe(batch) + ": " + problem(status, response),
          status, null);
      return;
    }
  }

  private static void acknowledge(Run run, Batch batch, byte[] body) {
    long accepted = batch.lines();
    long counted = 0;
    try {
      JsonNode json = JSON.readTree(body);
      if (json != null && json.has("accepted")) {
        accepted = json.get("accepted").asLong();
      }
      if (json != null && json.has("counted")) {
        counted = json.get("counted").asLong();
      }
    } catch (IOException e) {
      // A 2xx without our JSON still means durable; count the lines as accepted.
    }
    run.accepted.addAndGet(accepted);
    run.counted.addAndGet(counted);
    run.reports.addAndGet(batch.lines());
    run.batches.incrementAndGet();
    run.eventTime.accumulateAndGet(batch.lastEventMillis(), Math::max);
  }

  /** 250 ms, 500 ms, 1 s … capped at 8 s. */
  private static long backoff(int attempt) {
    return TimeUnit.MILLISECONDS.toNanos(Math.min(8000L, 250L << Math.min(5, attempt - 1)));
  }

  /**
   * Retry-After as delay-seconds (RFC 9110; a decimal is tolerated) or an HTTP-date; 1 s when
   * absent or unreadable; capped at 5 minutes so a misconfigured server cannot park us for days.
   */
  static long retryAfterNanos(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return TimeUnit.SECONDS.toNanos(1);
    }
    String value = header.trim();
    long nanos;
    try {
      nanos = (long) (Double.parseDouble(value) * 1e9);
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        nanos = Duration.between(now, at).toNanos();
      } catch (DateTimeParseException notDate) {
        nanos = TimeUnit.SECONDS.toNanos(1);
      }
    }
    return Math.max(0, Math.min(MAX_RETRY_AFTER_NANOS, nanos));
  }

  private static long retryAfter(HttpResponse<?> response) {
    return retryAfterNanos(response.headers().firstValue("Retry-After").orElse(null), Instant.now());
  }

  private static String describe(Batch batch) {
    return "#" + batch.sequence() + " (" + batch.lines() + " reports, events "
        + Instant.ofEpochMilli(batch.firstEventMillis()) + " to "
        + Instant.ofEpochMilli(batch.lastEventMillis()) + ")";
  }

  /** "HTTP 400 Bad Request: detail" from an RFC 9457 problem, or the start of the raw body. */
  static String problem(int status, HttpResponse<byte[]> response) {
    byte[] body = response.body() == null ? new byte[0] : response.body();
    StringBuilder s = new StringBuilder("HTTP ").append(status);
    try {
      JsonNode json = JSON.readTree(body);
      if (json != null && json.isObject()) {
        if (json.hasNonNull("title")) {
          s.append(' ').append(json.get("title").asText());
        }
        if (json.hasNonNull("detail")) {
          s.append(": ").append(json.get("detail").asText());
        }
        if (!json.hasNonNull("title") && !json.hasNonNull("detail")) {
          s.append(": ").append(json);
        }
        return s.toString();
      }
    } catch (IOException e) {
      // not JSON: show the text
    }
    String text = new String(body, StandardCharsets.UTF_8).strip();
    if (text.length() > 2000) {
      text = text.substring(0, 2000) + "…";
    }
    return text.isEmpty() ? s.toString() : s.append(": ").append(text).toString();
  }

  private static URI endpoint(URI target) {
    String base = target.toString();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return URI.create(base + PATH);
  }

  /**
   * True when stderr likely shows to a person. JDK 22+ has {@code Console.isTerminal()}; on 21 a
   * non-null console already means an interactive terminal. Reflection keeps us on release 21.
   */
  static boolean stderrIsTerminal() {
    Console console = System.console();
    if (console == null || "dumb".equals(System.getenv("TERM"))) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  /** The one-line progress display, redrawn in place with a carriage return. */
  private final class Progress {
    private final PrintStream out;
    private int lastLength;

    Progress(PrintStream out) {
      this.out = out;
    }

    void draw(Run run, boolean last) {
      long event = run.eventTime.get();
      boolean done = last && run.failure.get() == null;
      double eventShare = done || run.eventEnd <= run.eventStart
          ? 1 // finished: the rest of the span simply had no reports
          : Math.min(1, (event - run.eventStart) / (double) (run.eventEnd - run.eventStart));
      long sent = run.reports.get();
      double seconds = (ticker.nanoTime() - run.startNanos) / 1e9;
      String line = render(eventShare, sent, run.expectedReports, seconds, event,
          run.retries.get());
      String pad = line.length() < lastLength ? " ".repeat(lastLength - line.length()) : "";
      lastLength = line.length();
      out.print("\r" + line + pad + (last ? System.lineSeparator() : ""));
      out.flush();
    }
  }

  /** The progress line's text (no carriage return), for a given state. */
  static String render(
      double eventShare, long sent, long expected, double seconds, long eventMillis, long retries) {
    int width = 24;
    int filled = (int) Math.round(eventShare * width);
    StringBuilder s = new StringBuilder(120);
    s.append('[').append("#".repeat(filled)).append(".".repeat(width - filled)).append("] ");
    s.append(String.format(java.util.Locale.ROOT, "%5.1f%% event time  %,d", 100 * eventShare,
        sent));
    if (expected > 0) {
      s.append(String.format(java.util.Locale.ROOT, "/%,d reports (%.0f%%)", expected,
          Math.min(100, 100.0 * sent / expected)));
    } else {
      s.append(" reports");
    }
    s.append(String.format(java.util.Locale.ROOT, "  %,.0f/s", seconds > 0 ? sent / seconds : 0));
    s.append("  at ").append(Instant.ofEpochMilli(eventMillis - eventMillis % 1000));
    if (retries > 0) {
      s.append("  ").append(retries).append(retries == 1 ? " retry" : " retries");
    }
    return s.toString();
  }

  /** Configures a {@link ReplayClient}. */
  public static final class Builder {
    private final URI target;
    private String token;
    private Speed speed = Speed.MAX;
    private int concurrency = 4;
    private int batchLines = NdjsonWriter.DEFAULT_BATCH_LINES;
    private int maxTransientRetries = 5;
    private Duration requestTimeout = Duration.ofMinutes(2);
    private PrintStream progressOut;
    private PrintStream log = System.err;
    private Ticker ticker = Ticker.system();
    private HttpClient http;

    private Builder(URI target) {
      this.target = Objects.requireNonNull(target, "target");
      String scheme = target.getScheme();
      if (!"http".equals(scheme) && !"https".equals(scheme)) {
        throw new IllegalArgumentException("target must be an http(s) URL, not " + target);
      }
    }

    /** Bearer token with the right to post reports with explicit timestamps. */
    public Builder token(String value) {
      this.token = value;
      return this;
    }

    public Builder speed(Speed value) {
      this.speed = Objects.requireNonNull(value);
      return this;
    }

    /** Requests in flight at once (default 4). */
    public Builder concurrency(int value) {
      if (value < 1 || value > 256) {
        throw new IllegalArgumentException("concurrency must be 1..256");
      }
      this.concurrency = value;
      return this;
    }

    /** Lines per request (default and server maximum 10,000). */
    public Builder batchLines(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("batch size must be positive");
      }
      this.batchLines = value;
      return this;
    }

    /** Retries of I/O errors and 408/500/502/504 before giving up (default 5). */
    public Builder maxTransientRetries(int value) {
      this.maxTransientRetries = Math.max(0, value);
      return this;
    }

    public Builder requestTimeout(Duration value) {
      this.requestTimeout = Objects.requireNonNull(value);
      return this;
    }

    /** Where to draw the progress line; {@code null} (the default) for none. */
    public Builder progress(PrintStream out) {
      this.progressOut = out;
      return this;
    }

    /** Where to print why a replay stopped (default stderr). */
    public Builder log(PrintStream out) {
      this.log = Objects.requireNonNull(out);
      return this;
    }

    public Builder ticker(Ticker value) {
      this.ticker = Objects.requireNonNull(value);
      return this;
    }

    /** Use this HTTP client (not closed by the replay client). */
    public Builder httpClient(HttpClient value) {
      this.http = value;
      return this;
    }

    public ReplayClient build() {
      return new ReplayClient(this);
    }
  }
}
