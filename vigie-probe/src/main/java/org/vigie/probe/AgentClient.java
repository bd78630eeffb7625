package org.vigie.probe;

import java.io.IOException;
import java.util.List;
import org.vigie.core.signal.ProbeResult;

/** How an agent talks to its server: over HTTP for a remote agent, in-process for the local one. */
public interface AgentClient {
  /** The checks this vantage point should run. */
  List<Check> fetchChecks() throws IOException;

  /** Delivers a batch; returns only once the server accepted it. */
  void push(List<ProbeResult> batch) throws IOException;
}
