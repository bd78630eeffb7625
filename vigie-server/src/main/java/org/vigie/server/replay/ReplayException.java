package org.vigie.server.replay;

/**
 * A replay stopped before the end: the server refused a batch (4xx), kept failing, or the
 * replay was interrupted. The message says what the server answered; {@link #partial()} says
 * what had been delivered until then.
 */
public final class ReplayException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient ReplaySummary partial;
  private final int status;

  public ReplayException(String message, int status, ReplaySummary partial, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.partial = partial;
  }

  /** The HTTP status that stopped the replay, or 0 when it was not an HTTP answer. */
  public int status() {
    return status;
  }

  /** What was delivered before the stop. */
  public ReplaySummary partial() {
    return partial;
  }
}
