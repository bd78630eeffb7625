package org.vigie.stream;

import java.util.List;
import java.util.Map;
import org.vigie.core.fusion.SocialSignal;
import org.vigie.core.tally.MinuteTally;

/**
 * A detection task's complaint tally: complaints about its services go in, each closed minute
 * asks it how unusual they were ({@link SocialSignal}), as embedded mode's pipeline asks the
 * server's tally. The server supplies one per task (the tally lives in vigie-sources, which this
 * module does not depend on).
 */
public interface TaskSocial extends SocialSignal {
  void record(String service, List<EvidenceRecord.Complaint> complaints);

  /** Relearns the baselines from the task's stored world tallies that had complaints. */
  void relearn(List<MinuteTally> complained, long lastMinute);

  /** No complaints: minutes are judged on reports alone. */
  TaskSocial NONE = new TaskSocial() {
    @Override
    public void record(String service, List<EvidenceRecord.Complaint> complaints) {}

    @Override
    public void relearn(List<MinuteTally> complained, long lastMinute) {}

    @Override
    public Map<String, Complaints> close(long epochMinute) {
      return Map.of();
    }
  };
}
