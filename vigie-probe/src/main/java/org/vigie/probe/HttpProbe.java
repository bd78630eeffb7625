package org.vigie.probe;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;

/**
 * HTTP(S) GET with status range, expected content and one deadline for the whole exchange: the
 * JDK client's request timeout stops at the response headers, so a watchdog closes a body that
 * trickles in past the deadline.
 */
final class HttpProbe implements AutoCloseable {
  /** Most body bytes read to look for the expected content; the rest is not downloaded. */
  static final int MAX_BODY = 1 << 20;

  private final HttpClient client;
  private final ScheduledExecutorService watchdog;

  HttpProbe(SSLContext tls, Duration connectTimeout) {
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(connectTimeout)
        .sslContext(tls)
        .executor(Executors.newVirtualThreadPerTaskExecutor())
        .build();
    this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("vigie-probe-watchdog").daemon().unstarted(r));
  }

  Attempt attempt(Check.Http c, Duration timeout) {
    long t0 = System.nanoTime();
    long deadline = t0 + timeout.toNanos();
    HttpRequest req = HttpRequest.newBuilder(c.url()).timeout(timeout).header("User-Agent", "vigie-probe/0.1").GET().build();
    CompletableFuture<HttpResponse<InputStream>> f = client.sendAsync(req, HttpResponse.BodyHandlers.ofInputStream());
    HttpResponse<InputStream> resp;
    try {
      resp = f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      return Attempt.of(Outcomes.TIMEOUT, t0, "no response headers within " + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      return Attempt.of(Failures.classify(e.getCause()), t0, Failures.describe(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.cancel(true);
      return Attempt.of(Outcomes.TIMEOUT, t0, "interrupted");
    }
    int status = resp.statusCode();
    AtomicBoolean expired = new AtomicBoolean();
    InputStream in = resp.body();
    ScheduledFuture<?> dog = watchdog.schedule(() -> {
      expired.set(true);
      closeQuietly(in);
    }, Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    byte[] body;
    try (in) {
      body = in.readNBytes(MAX_BODY);
    } catch (IOException e) {
      return expired.get()
          ? Attempt.of(Outcomes.TIMEOUT, t0, "body not complete within " + timeout.toMillis() + " ms")
          : Attempt.of(Failures.classify(e), t0, Failures.describe(e));
    } finally {
      dog.cancel(false);
    }
    if (expired.get()) {
      return Attempt.of(Outcomes.TIMEOUT, t0, "body not complete within " + timeout.toMillis() + " ms");
    }
    if (status < c.expectStatusMin() || status > c.expectStatusMax()) {
      return Attempt.of(status >= 500 ? Outcomes.HTTP_5XX : Outcomes.HTTP_STATUS, t0, "HTTP " + status);
    }
    if (c.expectContent() != null && !new String(body, StandardCharsets.UTF_8).contains(c.expectContent())) {
      return Attempt.of(Outcomes.CONTENT_MISMATCH, t0, "HTTP " + status + " without '" + c.expectContent() + "'");
    }
    return Attempt.of(Outcomes.OK, t0, "HTTP " + status);
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException | RuntimeException ignored) {
      // closing is how the deadline is enforced; a failure to close changes nothing
    }
  }

  @Override
  public void close() {
    watchdog.shutdownNow();
    client.shutdownNow();
  }
}
