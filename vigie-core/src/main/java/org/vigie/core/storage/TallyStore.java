package org.vigie.core.storage;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.vigie.core.tally.MinuteTally;

/** Closed minute tallies, kept for charts and for relearning baselines after a restart. */
public interface TallyStore {
  /** Inserts or replaces tallies by (service, country, minute). */
  void upsert(List<MinuteTally> tallies);

  /** Tallies of one service and country ({@code *} for the world) with minute in [from, to). */
  List<MinuteTally> series(String service, String country, Instant from, Instant to);

  /** Every tally with minute in [from, to), ordered by minute. */
  void scan(Instant from, Instant to, Consumer<MinuteTally> sink);

  /** The latest minute stored, or null when there is none. */
  Instant latestMinute();
}
