package org.vigie.core.signal;

import java.time.Instant;

/** What the service's own status page says about one component. */
public record OfficialStatus(
    String service, String component, String level, String text, String link, Instant at)
    implements Signal {}
