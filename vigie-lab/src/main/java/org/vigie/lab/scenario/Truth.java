package org.vigie.lab.scenario;

import java.time.Instant;
import java.util.Objects;

/**
 * What really happened to one service in a scenario, the ground truth incidents are scored
 * against.
 *
 * @param onset when the failure began
 * @param recovered when it was over for most users
 */
public record Truth(String service, Instant onset, Instant recovered, Kind kind) {
  /** What a good detector does about it. */
  public enum Kind {
    /** A real outage: an incident must open, soon after onset, and end near recovery. */
    OUTAGE,
    /**
     * Reports caused by another service's outage (people blaming their ISP while Meta is down):
     * an incident may open only when it is attributed to the cause; one reported on its own is a
     * false incident.
     */
    COLLATERAL
  }

  public Truth {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(onset, "onset");
    Objects.requireNonNull(recovered, "recovered");
    Objects.requireNonNull(kind, "kind");
  }
}
