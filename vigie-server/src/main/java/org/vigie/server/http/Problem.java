package org.vigie.server.http;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem: what went wrong, in words a person can act on, and where. Thrown by
 * handlers and turned into {@code application/problem+json} in one place ({@link Api}).
 */
public final class Problem extends RuntimeException {
  private final int status;
  private final String title;
  private final transient List<Map<String, Object>> errors;
  private final transient Duration retryAfter;

  public Problem(int status, String title, String detail) {
    this(status, title, detail, List.of(), null);
  }

  public Problem(int status, String title, String detail, List<Map<String, Object>> errors, Duration retryAfter) {
    super(detail);
    this.status = status;
    this.title = title;
    this.errors = errors;
    this.retryAfter = retryAfter;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public String detail() {
    return getMessage();
  }

  /** Per-line errors ({@code line}, {@code field}, {@code message}), possibly empty. */
  public List<Map<String, Object>> errors() {
    return errors;
  }

  /** For 429 and 503: when to retry, or null. */
  public Duration retryAfter() {
    return retryAfter;
  }

  static Problem badRequest(String detail) {
    return new Problem(400, "Bad request", detail);
  }

  static Problem notFound(String detail) {
    return new Problem(404, "Not found", detail);
  }
}
