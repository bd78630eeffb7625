package org.vigie.server.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReplayClientTest {
  private static final String TOKEN = "t0k3n";

  /** One day of the quiet scenario: ~16,000 reports, 17 batches of 1,000. */
  private static final Scenario DAY = Scenarios.byName(Scenarios.QUIET)
      .window(Instant.parse("2021-11-03T00:00:00Z"), Instant.parse("2021-11-04T00:00:00Z"));

  private HttpServer server;
  private ExecutorService executor;

  /** What the loopback server saw. */
  private final List<String> received = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, AtomicInteger> acknowledged = new ConcurrentHashMap<>();
  private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger requests = new AtomicInteger();

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
    if (executor != null) {
      executor.shutdownNow();
    }
  }

  /** A fake clock: sleeping moves time forward instantly, so tests never wait. */
  static final class FakeTicker implements ReplayClient.Ticker {
    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final List<Long> sleeps = Collections.synchronizedList(new ArrayList<>());

    @Override
    public long nanoTime() {
      return now.get();
    }

    @Override
    public void sleepNanos(long nanos) {
      sleeps.add(nanos);
      long target = now.get() + nanos;
      now.accumulateAndGet(target, Math::max);
    }
  }

  interface Answer {
    void answer(HttpExchange exchange, int request, byte[] body) throws IOException;
  }

  private URI start(Answer answer) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    executor = Executors.newFixedThreadPool(8);
    server.setExecutor(executor);
    server.createContext("/api/v1/reports", exchange -> {
      try (exchange) {
        byte[] body = exchange.getRequestBody().readAllBytes();
        assertThat(exchange.getRequestMethod()).isEqualTo("POST");
        authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
        assertThat(exchange.getRequestHeaders().getFirst("Content-Type"))
            .isEqualTo("application/x-ndjson");
        received.add(sha256(body));
        answer.answer(exchange, requests.incrementAndGet(), body);
      }
    });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  private void accept(HttpExchange exchange, byte[] body) throws IOException {
    long lines = 0;
    for (byte b : body) {
      if (b == '\n') {
        lines++;
      }
    }
    acknowledged.computeIfAbsent(sha256(body), k -> new AtomicInteger()).incrementAndGet();
    // pretend one line in ten is a repeat the server does not count
    send(exchange, 202, "application/json",
        "{\"accepted\":" + lines + ",\"counted\":" + (lines - lines / 10) + "}");
  }

  private static void send(HttpExchange exchange, int status, String type, String text)
      throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static List<String> expectedBatchHashes(Scenario scenario, int lines) {
    List<String> hashes = new ArrayList<>();
    NdjsonWriter writer = new NdjsonWriter(lines, Long.MAX_VALUE, b -> hashes.add(sha256(b.body())));
    scenario.generate(writer);
    writer.flush();
    return hashes;
  }

  @Test
  void retriesA503AfterRetryAfterAndDeliversEveryBatchExactlyOnce() throws Exception {
    URI target = start((exchange, request, body) -> {
      if (request == 1) {
        exchange.getResponseHeaders().set("Retry-After", "7");
        send(exchange, 503, "application/problem+json",
            "{\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\"ingest queue full\"}");
      } else {
        accept(exchange, body);
      }
    });
    FakeTicker ticker = new FakeTicker();
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    ReplaySummary summary;
    try (ReplayClient client = ReplayClient.builder(target)
        .token(TOKEN)
        .batchLines(1_000)
        .concurrency(4)
        .ticker(ticker)
        .progress(new PrintStream(progress, true, StandardCharsets.UTF_8))
        .build()) {
      summary = client.replay(DAY);
    }

    List<String> expected = expectedBatchHashes(DAY, 1_000);
    assertThat(expected).hasSizeGreaterThan(10);
    // every batch acknowledged exactly once, nothing else
    assertThat(acknowledged.keySet()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(acknowledged.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    // the refused one was sent again: one more request than batches
    assertThat(requests.get()).isEqualTo(expected.size() + 1);
    assertThat(ticker.sleeps).contains(TimeUnit.SECONDS.toNanos(7));
    assertThat(authorizations).allSatisfy(a -> assertThat(a).isEqualTo("Bearer " + TOKEN));

    long total = DAY.estimatedReports();
    assertThat(summary.batches()).isEqualTo(expected.size());
    assertThat((double) summary.reports()).isCloseTo(total,
        org.assertj.core.data.Percentage.withPercentage(5));
    assertThat(summary.accepted()).isEqualTo(summary.reports());
    assertThat(summary.counted()).isLessThan(summary.accepted()).isPositive();
    assertThat(summary.retries()).isEqualTo(1);
    assertThat(summary.scenario()).isEqualTo("quiet");
    // the progress line was drawn at least once at the end, in place, and finished with a newline
    assertThat(progress.toString(StandardCharsets.UTF_8)).startsWith("\r[").contains("100.0%")
        .endsWith(System.lineSeparator());
  }

  private static final java.util.regex.Pattern AT = java.util.regex.Pattern.compile("\"at\":\"([^\"]+)\"");

  private static long[] eventSpan(byte[] body) {
    java.util.regex.Matcher m = AT.matcher(new String(body, StandardCharsets.UTF_8));
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    while (m.find()) {
      long t = Instant.parse(m.group(1)).toEpochMilli();
      first = Math.min(first, t);
      last = Math.max(last, t);
    }
    return new long[] {first, last};
  }

  /**
   * Regression: four batches of quiet traffic in flight at once spanned days of event time, so the
   * server closed minutes before older reports arrived. Measures, over every pair of requests in
   * flight together, the event time from the earliest report of one to the latest of the other.
   */
  @Test
  void concurrentRequestsNeverSpreadFurtherInEventTimeThanTheServerTolerates() throws Exception {
    java.util.concurrent.ConcurrentHashMap<Integer, long[]> inFlight = new java.util.concurrent.ConcurrentHashMap<>();
    AtomicLong worstSpread = new AtomicLong();
    AtomicInteger maxConcurrent = new AtomicInteger();
    java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
    Scenario storm = Scenarios.meta20211004(0.05)
        .window(Instant.parse("2021-10-04T15:30:00Z"), Instant.parse("2021-10-04T16:30:00Z"));
    URI target = start((exchange, request, body) -> {
      long[] span = eventSpan(body);
      synchronized (inFlight) {
        for (long[] other : inFlight.values()) {
          worstSpread.accumulateAndGet(Math.max(span[1], other[1]) - Math.min(span[0], other[0]), Math::max);
        }
        inFlight.put(request, span);
        maxConcurrent.accumulateAndGet(inFlight.size(), Math::max);
      }
      try {
        // Hold each request a moment so that concurrency, where it is allowed, really overlaps.
        never.await(20, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      inFlight.remove(request);
      accept(exchange, body);
    });
    try (ReplayClient client = ReplayClient.builder(target).token(TOKEN).batchLines(1_000).concurrency(4).build()) {
      client.replay(DAY);
      assertThat(worstSpread.get()).as("quiet traffic: each batch spans hours, so they go one by one").isZero();
      client.replay(storm);
    }
    assertThat(maxConcurrent.get()).as("a storm still uses several connections").isGreaterThan(1);
    assertThat(worstSpread.get()).isLessThanOrEqualTo(ReplayClient.MAX_IN_FLIGHT_SPREAD_MILLIS + 120_000L);
  }

  @Test
  void a400StopsTheReplayWithTheProblemDetail() throws Exception {
    URI target = start((exchange, request, body) -> {
      if (request < 3) {
        accept(exchange, body);
      } else {
        send(exchange, 400, "application/problem+json",
            "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
                + "\"detail\":\"line 17: unknown indicator 'feeed' for service 'facebook'\"}");
      }
    });
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (ReplayClient client = ReplayClient.builder(target)
        .token(TOKEN)
        .batchLines(1_000)
        .concurrency(1)
        .ticker(new FakeTicker())
        .log(new PrintStream(log, true, StandardCharsets.UTF_8))
        .build()) {
      assertThatThrownBy(() -> client.replay(DAY))
          .isInstanceOfSatisfying(ReplayException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage())
                .contains("HTTP 400 Bad Request")
                .contains("line 17: unknown indicator 'feeed' for service 'facebook'")
                .contains("batch #2");
            assertThat(e.partial().batches()).isEqualTo(2);
            assertThat(e.partial().reports()).isEqualTo(2_000);
          });
    }
    // stopped at the refusal: no further batch was sent
    assertThat(requests.get()).isEqualTo(3);
    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains("line 17: unknown indicator 'feeed'").contains("stopped after");
  }

  @Test
  void pacedReplayWaitsForWallTimeToCatchUpWithEventTime() throws Exception {
    FakeTicker ticker = new FakeTicker();
    long wallStart = ticker.nanoTime();
    Scenario sixHours = Scenarios.byName(Scenarios.QUIET)
        .window(Instant.parse("2021-11-03T12:00:00Z"), Instant.parse("2021-11-03T18:00:00Z"));
    long eventStart = sixHours.start().toEpochMilli();
    double speed = 3600;
    List<long[]> arrivals = Collections.synchronizedList(new ArrayList<>());
    URI target = start((exchange, request, body) -> {
      // last line's event time, and the fake wall time at which the batch arrived
      String text = new String(body, StandardCharsets.US_ASCII);
      int at = text.lastIndexOf("\"at\":\"") + 6;
      long last = Instant.parse(text.substring(at, text.indexOf('"', at))).toEpochMilli();
      arrivals.add(new long[] {last, ticker.nanoTime()});
      accept(exchange, body);
    });
    ReplaySummary summary;
    try (ReplayClient client = ReplayClient.builder(target)
        .speed(Speed.of(speed))
        .concurrency(1)
        .ticker(ticker)
        .build()) {
      summary = client.replay(sixHours);
    }
    assertThat(arrivals).hasSizeGreaterThan(5);
    for (long[] a : arrivals) {
      long due = wallStart + (long) ((a[0] - eventStart) * 1e6 / speed);
      assertThat(a[1]).as("batch ending %s", Instant.ofEpochMilli(a[0])).isGreaterThanOrEqualTo(due);
    }
    // six hours of event time at 3600x is six seconds of (fake) wall time
    assertThat(summary.wall().toMillis()).isBetween(5_000L, 6_100L);
    // batches are cut to about one (fake) second of wall time each: 3600 s of event time
    assertThat(arrivals.size()).isBetween(5, 40);
    assertThat(acknowledged).hasSize(arrivals.size());
  }

  @Test
  void transientFailuresAreRetriedWithBackoff() throws Exception {
    URI target = start((exchange, request, body) -> {
      if (request <= 2) {
        send(exchange, 502, "text/plain", "bad gateway");
      } else {
        accept(exchange, body);
      }
    });
    FakeTicker ticker = new FakeTicker();
    try (ReplayClient client = ReplayClient.builder(target).batchLines(5_000).concurrency(1)
        .ticker(ticker).build()) {
      ReplaySummary summary = client.replay(DAY);
      assertThat(summary.retries()).isEqualTo(2);
      assertThat(acknowledged).hasSize((int) summary.batches());
    }
    assertThat(ticker.sleeps).containsExactly(TimeUnit.MILLISECONDS.toNanos(250),
        TimeUnit.MILLISECONDS.toNanos(500));
  }

  @Test
  void retryAfterAcceptsSecondsAndDatesAndHasSaneDefaults() {
    Instant now = Instant.parse("2021-10-04T15:40:00Z");
    assertThat(ReplayClient.retryAfterNanos("2", now)).isEqualTo(2_000_000_000L);
    assertThat(ReplayClient.retryAfterNanos(" 0.5 ", now)).isEqualTo(500_000_000L);
    assertThat(ReplayClient.retryAfterNanos("Mon, 04 Oct 2021 15:40:30 GMT", now))
        .isEqualTo(30_000_000_000L);
    assertThat(ReplayClient.retryAfterNanos(null, now)).isEqualTo(1_000_000_000L);
    assertThat(ReplayClient.retryAfterNanos("soon", now)).isEqualTo(1_000_000_000L);
    assertThat(ReplayClient.retryAfterNanos("-3", now)).isZero();
    assertThat(ReplayClient.retryAfterNanos("86400", now)).isEqualTo(300_000_000_000L);
  }

  @Test
  void speedParsesMaxAndFactors() {
    assertThat(Speed.parse("max").isMax()).isTrue();
    assertThat(Speed.parse("MAX")).isEqualTo(Speed.MAX);
    assertThat(Speed.parse("60").factor()).isEqualTo(60.0);
    assertThat(Speed.parse("60x").factor()).isEqualTo(60.0);
    assertThat(Speed.parse("0.5").toString()).isEqualTo("0.5x");
    assertThat(Speed.MAX.toString()).isEqualTo("max");
    assertThatThrownBy(() -> Speed.parse("fast")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max");
    assertThatThrownBy(() -> Speed.parse("0")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void progressLineShowsEventTimeReportsAndRate() {
    String line = ReplayClient.render(0.5, 5_300_000, 10_852_559, 10.0,
        Instant.parse("2021-10-04T16:02:03.456Z").toEpochMilli(), 2);
    assertThat(line)
        .startsWith("[############............]")
        .contains(" 50.0% event time")
        .contains("5,300,000/10,852,559 reports (49%)")
        .contains("530,000/s")
        .contains("at 2021-10-04T16:02:03Z")
        .contains("2 retries");
  }

  @Test
  void targetMustBeHttp() {
    assertThatThrownBy(() -> ReplayClient.builder(URI.create("ftp://example.org")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
