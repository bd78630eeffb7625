package org.vigie.server.probe;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Consumer;
import org.vigie.core.signal.ProbeResult;
import org.vigie.core.storage.ProbeLog;
import org.vigie.probe.QuorumEvaluator;

/**
 * The one path probe results take into a Vigie, from remote agents and the local one alike: stored
 * in the {@link ProbeLog} first (so an accepted batch is never lost), then counted by the quorum.
 * At start the quorum is rebuilt from the stored results of the last {@link #RELOAD}; results
 * older than {@link #RETENTION} are purged.
 */
public final class ProbeHistory implements Consumer<List<ProbeResult>> {
  /**
   * Results replayed into the quorum at start. A failure streak is rebuilt exactly when it began
   * within this window; an older one restarts at its edge (its "since" moves to the window's start).
   */
  public static final Duration RELOAD = Duration.ofHours(24);
  /** How long results are kept: a week of what every vantage point saw, then purged. */
  public static final Duration RETENTION = Duration.ofDays(7);

  private final ProbeLog log;
  private final QuorumEvaluator quorum;
  private final Consumer<List<ProbeResult>> count;
  private final InstantSource clock;

  public ProbeHistory(ProbeLog log, QuorumEvaluator quorum, InstantSource clock) {
    this(log, quorum, quorum::recordAll, clock);
  }

  /**
   * @param count what makes a stored batch count: the quorum itself when embedded; in cluster
   *     mode the evidence topic, from which every node's quorum and the stream's hear it
   */
  public ProbeHistory(ProbeLog log, QuorumEvaluator quorum, Consumer<List<ProbeResult>> count, InstantSource clock) {
    this.log = log;
    this.quorum = quorum;
    this.count = count;
    this.clock = clock;
  }

  /** Stores the batch, then counts it; a storage failure throws and nothing is counted. */
  @Override
  public void accept(List<ProbeResult> results) {
    log.append(results);
    count.accept(results);
  }

  /** Replays the stored results of the last {@link #RELOAD} into the quorum, oldest first. */
  public void restore() {
    Instant now = clock.instant();
    log.scan(now.minus(RELOAD), Instant.MAX, quorum::record);
  }

  /** Deletes the results older than {@link #RETENTION}; returns how many went. */
  public long prune() {
    return log.purgeBefore(clock.instant().minus(RETENTION));
  }
}
