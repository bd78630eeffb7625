package org.vigie.core.ingest;

import java.time.Instant;

/**
 * A problem report as a transport received it, before validation. Every field may be missing or
 * wrong; {@link Ingestor} says which.
 *
 * @param reporter an identity for the reporter (trusted imports only); anonymous reports are keyed
 *     by the client's address and client id instead
 * @param network an identity for the reporter's network (trusted imports only)
 * @param at event time (trusted imports only); otherwise the time of receipt
 */
public record ReportInput(
    String service,
    String indicator,
    String country,
    String subdivision,
    String city,
    Double lat,
    Double lon,
    String reporter,
    String network,
    String channel,
    Instant at) {}
