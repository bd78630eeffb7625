package org.vigie.sources.statuspage;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.vigie.core.signal.OfficialStatus;

/**
 * Polls one service's official Statuspage politely: conditional requests ({@code If-None-Match},
 * {@code If-Modified-Since}) so an unchanged page costs a 304, and exponential back-off (from one
 * minute up to an hour, or the page's {@code Retry-After}) after errors and 429s. Each poll returns
 * the new {@link OfficialStatus} signals from its {@link OfficialStatusTracker}. Clock-injected:
 * a caller's loop asks {@link #poll} as often as it likes; the poller says when it skipped.
 */
public final class StatusPagePoller {
  /** What can be polled on a Statuspage page, and where. */
  public enum Feed {
    SUMMARY("api/v2/summary.json"),
    INCIDENTS("api/v2/incidents.json"),
    MAINTENANCES("api/v2/scheduled-maintenances.json"),
    HISTORY_ATOM("history.atom");

    final String path;

    Feed(String path) {
      this.path = path;
    }
  }

  /** Most body bytes accepted from a page. */
  static final int MAX_BODY = 8 * 1024 * 1024;
  static final Duration FIRST_BACKOFF = Duration.ofMinutes(1);
  static final Duration MAX_BACKOFF = Duration.ofHours(1);

  /** What a poll did. */
  public enum Outcome { CHANGED, NOT_MODIFIED, SKIPPED_BACKING_OFF, FAILED }

  public record Poll(Outcome outcome, List<OfficialStatus> statuses, String error) {}

  private final URI base;
  private final HttpClient http;
  private final InstantSource clock;
  private final OfficialStatusTracker tracker;
  private final Map<Feed, Validators> validators = new EnumMap<>(Feed.class);
  private int failures;
  private Instant nextAttempt = Instant.MIN;

  private record Validators(String etag, String lastModified) {}

  public StatusPagePoller(String service, URI base, HttpClient http, InstantSource clock) {
    this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
    this.http = http;
    this.clock = clock;
    this.tracker = new OfficialStatusTracker(service);
  }

  public OfficialStatusTracker tracker() {
    return tracker;
  }

  /** When the next poll will really go out (after failures). */
  public synchronized Instant nextAttempt() {
    return nextAttempt;
  }

  public synchronized Poll poll(Feed feed) {
    Instant now = clock.instant();
    if (now.isBefore(nextAttempt)) {
      return new Poll(Outcome.SKIPPED_BACKING_OFF, List.of(), null);
    }
    HttpRequest.Builder req = HttpRequest.newBuilder(base.resolve(feed.path)).timeout(Duration.ofSeconds(20))
        .header("User-Agent", "vigie/0.1 (status page poller)").GET();
    Validators v = validators.get(feed);
    if (v != null && v.etag() != null) {
      req.header("If-None-Match", v.etag());
    }
    if (v != null && v.lastModified() != null) {
      req.header("If-Modified-Since", v.lastModified());
    }
    HttpResponse<byte[]> r;
    try {
      r = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      return fail(now, null, e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail(now, null, "interrupted");
    }
    if (r.statusCode() == 304) {
      failures = 0;
      return new Poll(Outcome.NOT_MODIFIED, List.of(), null);
    }
    if (r.statusCode() != 200) {
      return fail(now, r.headers().firstValue("Retry-After").orElse(null), "HTTP " + r.statusCode());
    }
    if (r.body().length > MAX_BODY) {
      return fail(now, null, "body larger than " + MAX_BODY + " bytes");
    }
    List<OfficialStatus> out;
    try {
      out = switch (feed) {
        case SUMMARY -> tracker.summary(StatuspageJson.summary(r.body()));
        case INCIDENTS -> tracker.incidents(StatuspageJson.incidents(r.body()).incidents());
        case MAINTENANCES -> tracker.incidents(StatuspageJson.maintenances(r.body()).incidents());
        case HISTORY_ATOM -> tracker.feed(HistoryFeed.parse(r.body()));
      };
    } catch (StatusPageFormatException e) {
      return fail(now, null, e.getMessage());
    }
    failures = 0;
    nextAttempt = Instant.MIN;
    validators.put(feed, new Validators(r.headers().firstValue("ETag").orElse(null), r.headers().firstValue("Last-Modified").orElse(null)));
    return new Poll(Outcome.CHANGED, out, null);
  }

  private Poll fail(Instant now, String retryAfter, String error) {
    failures++;
    Duration wait = FIRST_BACKOFF.multipliedBy(1L << Math.min(10, failures - 1));
    if (wait.compareTo(MAX_BACKOFF) > 0) {
      wait = MAX_BACKOFF;
    }
    Duration asked = retryAfter(retryAfter, now);
    if (asked != null && asked.compareTo(wait) > 0) {
      wait = asked.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : asked;
    }
    nextAttempt = now.plus(wait);
    return new Poll(Outcome.FAILED, List.of(), error);
  }

  static Duration retryAfter(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
    } catch (NumberFormatException e) {
      try {
        Duration d = Duration.between(now, ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        return d.isNegative() ? Duration.ZERO : d;
      } catch (RuntimeException e2) {
        return null;
      }
    }
  }
}
