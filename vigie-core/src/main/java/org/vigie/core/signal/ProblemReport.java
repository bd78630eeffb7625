package org.vigie.core.signal;

import java.time.Instant;
import java.util.Objects;
import org.vigie.core.model.Region;

/**
 * A person saying "I have a problem with this service".
 *
 * @param reporterKey keyed hash of who reported (never the raw address), see {@link ReporterKeys}
 * @param networkKey keyed hash of the reporter's network (/24 or /48), for diversity checks
 * @param channel how it arrived: {@code web}, {@code app}, {@code api} or {@code import}
 */
public record ProblemReport(
    String service,
    String indicator,
    Region region,
    long reporterKey,
    long networkKey,
    String channel,
    Instant at)
    implements Signal {
  public ProblemReport {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(indicator, "indicator");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(at, "at");
  }
}
