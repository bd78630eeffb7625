package org.vigie.server.status;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.vigie.core.pipeline.SignalPipeline;
import org.vigie.core.signal.OfficialStatus;
import org.vigie.core.storage.OfficialStatusLog;

/**
 * The one path official statements take into a Vigie: stored in the {@link OfficialStatusLog}
 * (each once, so a poller starting again after a restart adds nothing), then handed to the
 * pipeline, which puts them on incident timelines and lets an official major outage open one.
 */
public final class OfficialStatements {
  /** How far back the service page lists statements. */
  public static final Duration SHOWN = Duration.ofDays(7);
  /** Most statements the service page lists. */
  public static final int SHOWN_MAX = 20;

  private final OfficialStatusLog log;
  private final SignalPipeline pipeline;
  private final InstantSource clock;

  public OfficialStatements(OfficialStatusLog log, SignalPipeline pipeline, InstantSource clock) {
    this.log = log;
    this.pipeline = pipeline;
    this.clock = clock;
  }

  /**
   * Stores what a poll said, then hands all of it to the pipeline. All of it, not only what is
   * new to the store: the incident engine tells each line once by itself, and after a restart
   * it must hear again the levels the page still shows (a major outage keeps an incident open).
   */
  public void accept(List<OfficialStatus> statuses) {
    log.append(statuses);
    pipeline.official(statuses);
  }

  /** The service's statements of the last {@link #SHOWN}, newest first. */
  public List<OfficialStatus> recent(String service) {
    return log.recent(service, clock.instant().minus(SHOWN), SHOWN_MAX);
  }
}
