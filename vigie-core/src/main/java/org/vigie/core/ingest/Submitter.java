package org.vigie.core.ingest;

import java.net.InetAddress;

/**
 * Who hands reports to the ingestor.
 *
 * @param address the client's address (used only to derive keys and rate limits, never stored)
 * @param clientId the client-id cookie, or null
 * @param trusted whether the caller holds an import token, which allows explicit event times,
 *     reporter and network identities, and lifts the per-address rate limit
 */
public record Submitter(InetAddress address, String clientId, boolean trusted) {}
