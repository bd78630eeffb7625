package org.vigie.server.status;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.core.pipeline.SignalPipeline;
import org.vigie.core.signal.OfficialStatus;
import org.vigie.core.storage.OfficialStatusLog;
import org.vigie.core.storage.StorageException;

/**
 * The one path official statements take into a Vigie: stored in the {@link OfficialStatusLog}
 * (each once, so a poller starting again after a restart adds nothing), then handed to the
 * pipeline, which puts them on incident timelines and lets an official major outage open one.
 * A statement the store refuses still reaches the pipeline: the page is polled, not pushed, so
 * nobody could send it again, and it matters most during the trouble that may be upsetting the
 * store.
 */
public final class OfficialStatements {
  private static final Logger LOG = LoggerFactory.getLogger(OfficialStatements.class);
  /** How far back the service page lists statements. */
  public static final Duration SHOWN = Duration.ofDays(7);
  /** Most statements the service page lists. */
  public static final int SHOWN_MAX = 20;

  private final OfficialStatusLog log;
  private final Consumer<List<OfficialStatus>> engine;
  private final InstantSource clock;

  public OfficialStatements(OfficialStatusLog log, SignalPipeline pipeline, InstantSource clock) {
    this(log, (Consumer<List<OfficialStatus>>) pipeline::official, clock);
  }

  /**
   * @param engine where the statements go once stored: the pipeline when embedded; in cluster
   *     mode the evidence topic, from which the stream task that owns the service's incidents
   *     hears them
   */
  public OfficialStatements(OfficialStatusLog log, Consumer<List<OfficialStatus>> engine, InstantSource clock) {
    this.log = log;
    this.engine = engine;
    this.clock = clock;
  }

  /**
   * Stores what a poll said, then hands all of it to the pipeline. All of it, not only what is
   * new to the store: the incident engine tells each line once by itself, and after a restart
   * it must hear again the levels the page still shows (a major outage keeps an incident open).
   */
  public void accept(List<OfficialStatus> statuses) {
    try {
      log.append(statuses);
    } catch (StorageException e) {
      // The page still says them: the next start's first poll reads them again and stores them.
      LOG.warn("{} official statements could not be stored: {}", statuses.size(), e.getMessage());
    }
    engine.accept(statuses);
  }

  /** The service's statements of the last {@link #SHOWN}, newest first. */
  public List<OfficialStatus> recent(String service) {
    return log.recent(service, clock.instant().minus(SHOWN), SHOWN_MAX);
  }
}
