package org.vigie.probe;

import java.io.IOException;
import java.util.List;
import org.vigie.core.signal.ProbeResult;

/** How an agent talks to its server: over HTTP for a remote agent, in-process for the local one. */
public interface AgentClient {
  /** The checks this vantage point should run. */
  List<Check> fetchChecks() throws IOException;

  /**
   * Delivers a batch; returns only once the server accepted it.
   *
   * @throws Refused when the server read the batch and will never take it
   * @throws IOException when it could not be delivered now (worth trying again)
   */
  void push(List<ProbeResult> batch) throws IOException;

  /** The server refused the batch for what it holds (a 4xx such as 400): sending it again cannot help. */
  final class Refused extends IOException {
    public Refused(String message) {
      super(message);
    }
  }
}
