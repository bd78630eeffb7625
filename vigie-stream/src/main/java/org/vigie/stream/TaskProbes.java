package org.vigie.stream;

import java.util.List;
import org.vigie.core.fusion.ProbeSignal;
import org.vigie.core.signal.ProbeResult;

/**
 * A detection task's probe quorum: the results of its services' probes go in, each closed minute
 * asks it what they say ({@link ProbeSignal}). The server supplies one per task (the quorum
 * evaluator lives in vigie-probe, which this module does not depend on). Kept in memory only:
 * after a task moves, the quorum refills within two probe rounds (about a minute).
 */
public interface TaskProbes extends ProbeSignal {
  void record(List<ProbeResult> results);

  /** No probes: minutes carry none. */
  TaskProbes NONE = new TaskProbes() {
    @Override
    public void record(List<ProbeResult> results) {}

    @Override
    public java.util.Map<String, Probes> atClose(long epochMinute) {
      return java.util.Map.of();
    }
  };
}
