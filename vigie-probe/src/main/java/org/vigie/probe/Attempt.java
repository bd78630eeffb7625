package org.vigie.probe;

import java.time.Duration;

/** What one attempt of a check found: an outcome class, and how long it took. */
public record Attempt(String outcome, Duration latency, String detail) {
  public boolean ok() {
    return Outcomes.OK.equals(outcome) || Outcomes.CERT_EXPIRING.equals(outcome);
  }

  static Attempt of(String outcome, long startNanos, String detail) {
    return new Attempt(outcome, Duration.ofNanos(System.nanoTime() - startNanos), detail);
  }
}
