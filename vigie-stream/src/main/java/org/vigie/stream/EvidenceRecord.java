package org.vigie.stream;

import java.util.List;
import java.util.Objects;
import org.vigie.core.signal.OfficialStatus;
import org.vigie.core.signal.ProbeResult;

/**
 * One record of {@code vigie.evidence}: a node's batch of probe results or official statements
 * for one service (the record key). The stream task of that service hands them to its pipeline;
 * every node's {@link EvidenceFeed} hands the probe results to its read-side quorum.
 */
public record EvidenceRecord(String service, List<ProbeResult> probes, List<OfficialStatus> official) implements StreamInput {
  public EvidenceRecord {
    Objects.requireNonNull(service, "service");
    probes = probes == null ? List.of() : List.copyOf(probes);
    official = official == null ? List.of() : List.copyOf(official);
  }
}
