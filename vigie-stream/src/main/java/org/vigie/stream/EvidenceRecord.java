package org.vigie.stream;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.vigie.core.signal.OfficialStatus;
import org.vigie.core.signal.ProbeResult;

/**
 * One record of {@code vigie.evidence}: a node's batch of probe results, official statements or
 * social complaints for one service (the record key). The stream task of that service hands them to its pipeline;
 * every node's {@link EvidenceFeed} hands the probe results to its read-side quorum.
 */
public record EvidenceRecord(String service, List<ProbeResult> probes, List<OfficialStatus> official, List<Complaint> complaints)
    implements StreamInput {
  public EvidenceRecord {
    Objects.requireNonNull(service, "service");
    probes = probes == null ? List.of() : List.copyOf(probes);
    official = official == null ? List.of() : List.copyOf(official);
    complaints = complaints == null ? List.of() : List.copyOf(complaints);
  }

  public EvidenceRecord(String service, List<ProbeResult> probes, List<OfficialStatus> official) {
    this(service, probes, official, List.of());
  }

  /**
   * A social post complaining about the service, as the node's classifier judged it, for the
   * task's complaint tally.
   *
   * @param author keyed hash of the author (never the raw identity)
   * @param home the author's home server, or null
   * @param authorSince when the author's account was created, or null when unknown
   */
  public record Complaint(long author, String home, Instant authorSince, Instant at) {}
}
