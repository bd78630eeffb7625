package org.vigie.core.signal;

import java.time.Instant;
import org.vigie.core.model.Region;

/** A social post about a service, scored for how much it reads as a complaint (0..1). */
public record Mention(
    String service, String language, double complaintScore, Region region, long authorKey, Instant at)
    implements Signal {}
