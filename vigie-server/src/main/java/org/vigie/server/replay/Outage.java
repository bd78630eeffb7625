package org.vigie.server.replay;

import java.time.Instant;
import java.util.Objects;

/**
 * One scripted outage in a scenario: the ground truth a detector is scored against.
 *
 * @param service service slug
 * @param onset when the failure began (the instant a perfect detector would backdate to)
 * @param recovered when the service was back for most users
 * @param reports exact number of outage reports the scenario generates for it
 * @param note where the timing comes from
 */
public record Outage(String service, Instant onset, Instant recovered, long reports, String note) {
  public Outage {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(onset, "onset");
    Objects.requireNonNull(recovered, "recovered");
    Objects.requireNonNull(note, "note");
    if (!recovered.isAfter(onset)) {
      throw new IllegalArgumentException("recovery must follow onset");
    }
  }
}
