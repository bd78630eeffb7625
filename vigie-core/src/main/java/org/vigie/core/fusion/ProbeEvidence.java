package org.vigie.core.fusion;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.vigie.core.model.Evidence;

/**
 * What the probes of several vantage points say about one target of a service, as a quorum rule
 * judged it: "DNS SERVFAIL from 3 of 4 vantage points since 15:50".
 *
 * @param kind {@code http}, {@code dns}, {@code tcp} or {@code tls}
 * @param outcome the failure most failing vantage points report, or {@code ok}
 * @param failing vantage points failing for the required number of rounds
 * @param vantages vantage points with a recent result for this target
 * @param since start of the failure streak (earliest among failing vantage points), or null
 * @param byVantage each vantage point's latest outcome
 */
public record ProbeEvidence(
    String service, String kind, String target, String outcome, int failing, int vantages, Instant since,
    Map<String, String> byVantage, Evidence evidence) {
  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  public ProbeEvidence {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(evidence, "evidence");
    byVantage = Map.copyOf(byVantage);
  }

  /** One line a person reads on the service page, times in UTC. */
  public String describe() {
    if (failing == 0) {
      return kind.toUpperCase(Locale.ROOT) + " " + target + " OK from " + vantages + " vantage point" + (vantages == 1 ? "" : "s");
    }
    return kind.toUpperCase(Locale.ROOT) + " " + outcome.toUpperCase(Locale.ROOT) + " from " + failing + " of " + vantages
        + " vantage point" + (vantages == 1 ? "" : "s") + (since == null ? "" : " since " + HH_MM.format(since));
  }
}
