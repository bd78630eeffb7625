package org.vigie.core.signal;

import java.time.Duration;
import java.time.Instant;

/**
 * The outcome of one check from one vantage point.
 *
 * @param kind {@code http}, {@code dns}, {@code tcp} or {@code tls}
 * @param outcome {@code ok} or a failure class such as {@code servfail}, {@code timeout}
 */
public record ProbeResult(
    String service,
    String target,
    String vantage,
    String kind,
    boolean ok,
    String outcome,
    Duration latency,
    Instant at)
    implements Signal {}
