package org.vigie.core.signal;

import java.time.Instant;

/** Anything Vigie learns about a service, stamped with its event time. */
public sealed interface Signal permits ProblemReport, Mention, ProbeResult, OfficialStatus {
  /** The service slug the signal is about. */
  String service();

  /** Event time. */
  Instant at();
}
