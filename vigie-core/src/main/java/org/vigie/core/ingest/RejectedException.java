package org.vigie.core.ingest;

import java.time.Duration;

/**
 * The submission was not taken now — rate limit, overload or storage trouble — and may be retried
 * after the given delay. Nothing was stored.
 */
public final class RejectedException extends RuntimeException {
  /** Why: decides the HTTP status (429 for a rate limit, 503 otherwise). */
  public enum Reason {
    RATE_LIMITED,
    OVERLOADED,
    STORAGE_UNAVAILABLE
  }

  private final Reason reason;
  private final transient Duration retryAfter;

  public RejectedException(Reason reason, Duration retryAfter, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.retryAfter = retryAfter;
  }

  public Reason reason() {
    return reason;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
